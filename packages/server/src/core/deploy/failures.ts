/**
 * How failures of cluster work read to people: one line naming what failed
 * and why, for a cluster's health, a component's message or an operation's
 * error. Kubernetes errors keep their own reason; anything else its message.
 */
import { isCaravanError } from '../shared/errors.js';

export function describeFailure(e: unknown): string {
  if (isCaravanError(e)) return e.message;
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
    return e.message;
  }
  return String(e);
}
