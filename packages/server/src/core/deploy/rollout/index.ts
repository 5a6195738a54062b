/**
 * Rollout status as the contract shows it: a component's name and kind on
 * top of the workload's status (see status.ts for the rules).
 */
import type { ComponentStatus as WireComponentStatus } from '@caravan/contracts';
import type { KubeObject } from '../kube/resources.js';
import { componentStatus } from './status.js';

export type ComponentStatus = WireComponentStatus;

export function workloadStatus(name: string, kind: WireComponentStatus['kind'], workload: KubeObject | undefined, pods: readonly KubeObject[], _now?: Date): ComponentStatus {
  const s = componentStatus(workload, pods);
  return {
    name,
    kind,
    state: s.state,
    replicas: s.replicas,
    updatedReplicas: s.updatedReplicas,
    readyReplicas: s.readyReplicas,
    availableReplicas: s.availableReplicas,
    ...(s.reason === undefined ? {} : { reason: s.reason }),
    ...(s.message === undefined ? {} : { message: s.message }),
  };
}
