/**
 * What the core reports for metrics, as a port: the core calls these at the
 * moments only it sees (an operation reaching its final state, bytes a
 * publish copied, a rollout ending) and knows no metrics library. The server
 * fills the port with Prometheus counters (src/metrics); an embedder may pass
 * its own, and without one nothing is counted.
 */
import type { OperationState } from '../store/port.js';

export type FinalOperationState = Extract<OperationState, 'succeeded' | 'failed' | 'cancelled'>;

export interface CoreMetrics {
  /** An operation reached its final state, `seconds` after it was created. */
  operationFinished(kind: string, state: FinalOperationState, seconds: number): void;
  /** A publish copied one image into the delivery registry, moving `bytes` (0 when every blob was there already). */
  imageCopied(bytes: number): void;
  /** A deploy operation (install, upgrade, rollback, uninstall) ended in an environment, `seconds` after its first start. */
  rolloutFinished(environment: string, action: string, result: FinalOperationState, seconds: number): void;
}

export const noMetrics: CoreMetrics = {
  operationFinished() {},
  imageCopied() {},
  rolloutFinished() {},
};
