/**
 * The story's fixture: Caravan in-process on a real SQLite file (the SDK over
 * `app.fetch`, every response checked against the contract), the harness's
 * three clusters registered from their kubeconfigs, and clients of
 * @kubernetes/client-node to look at what Caravan did, as an operator would
 * with kubectl.
 */
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import type { CaravanClient, Operation } from '@caravan/sdk';
import { inject } from 'vitest';
import { startInProcess, type InProcessCaravan } from '../story-publish/support/in-process.js';
import type { SuiteCluster } from '../harness-k8s/global-setup.js';

export function clusters(): SuiteCluster[] {
  return inject('harnessClusters');
}

export type Story = InProcessCaravan;

/** Caravan in-process for the story: rollouts looked at every 250 ms, no periodic probe (the tests probe). */
export function startStory(): Promise<Story> {
  return startInProcess({ prefix: 'caravan-story-deploy-', caravan: { deploy: { pollMs: 250 }, clusterProbeMs: 0 } });
}

export interface Kube {
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
  readonly kc: k8s.KubeConfig;
}

export function kube(c: SuiteCluster): Kube {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfigPath);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

/** Waits for an operation through the SDK, collecting the step events it streams. */
export async function waitFor(client: CaravanClient, op: Operation): Promise<{ op: Operation; steps: Array<Record<string, unknown>> }> {
  const steps: Array<Record<string, unknown>> = [];
  const done = await client.operations.wait(op, {
    timeoutMs: 200_000,
    onProgress: (e) => {
      if (e.type === 'step') steps.push(e.data as Record<string, unknown>);
    },
  });
  return { op: done, steps };
}

export async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404) return false;
    throw e;
  }
}

export const unique = (prefix: string): string => `${prefix}-${randomBytes(3).toString('hex')}`;
