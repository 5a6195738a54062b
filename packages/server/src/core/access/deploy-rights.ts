/**
 * Who may deploy where. Roles say what kind of move a caller may make; an
 * environment's tier says which roles may move things there; a token limited
 * to named environments sees and changes nothing of the others:
 *
 * - admin and operator: any tier (an operator only in its granted environments);
 * - developer: development and test environments (drafts, as the story's step 4);
 * - tester: test environments;
 * - viewer: reads only.
 */
import type { Role } from '@caravan/contracts';
import type { Actor } from '../api.js';
import { ForbiddenError } from '../shared/errors.js';
import { seesEnvironment } from '../shared/scope.js';
import type { EnvironmentRow } from '../store/port.js';

const DEPLOY_ROLES_BY_TIER: Readonly<Record<string, readonly Role[]>> = {
  development: ['admin', 'operator', 'developer'],
  test: ['admin', 'operator', 'developer', 'tester'],
  production: ['admin', 'operator'],
};

/** Throws ForbiddenError when the actor's token is limited to other environments. */
export function requireEnvironmentScope(actor: Actor, environment: string, doing: string): void {
  if (seesEnvironment(actor, environment)) return;
  const granted = actor.environments ?? [];
  throw new ForbiddenError(`${doing} in environment ${environment} is not allowed: ${actor.name} is limited to ${granted.length === 0 ? 'no environments' : granted.join(', ')}`, {
    environment,
    environments: [...granted],
  });
}

/** May the actor see the environment's installs at all? */
export function mayRead(actor: Actor, environment: string): boolean {
  return seesEnvironment(actor, environment);
}

/**
 * `write` false: reading (any role, within its environments). Otherwise a
 * change: the actor needs a role that may deploy into the environment's tier.
 */
export function mayDeploy(actor: Actor, env: EnvironmentRow, doing: string, write: boolean): void {
  requireEnvironmentScope(actor, env.name, doing);
  if (!write) return;
  const allowed = DEPLOY_ROLES_BY_TIER[env.tier] ?? ['admin'];
  if (actor.roles.some((r) => allowed.includes(r))) return;
  throw new ForbiddenError(`${doing} in ${env.tier} environment ${env.name} needs one of the roles ${allowed.join(', ')}; ${actor.name} has ${actor.roles.join(', ') || 'no roles'}`, {
    requiredRoles: [...allowed],
    roles: [...actor.roles],
  });
}
