/**
 * A token limited to named environments sees nothing of the others: not their
 * installs, records, operations, events or audit entries. What is about no
 * environment at all (a template, a publish, the registry) every token sees.
 * One rule, read by access, operations and audit alike.
 */
import type { Actor } from '../api.js';

export function seesEnvironment(actor: Pick<Actor, 'environments'>, environment: string | undefined): boolean {
  return actor.environments === undefined || environment === undefined || actor.environments.includes(environment);
}
