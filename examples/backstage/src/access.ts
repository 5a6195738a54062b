/**
 * Who a Backstage caller is to Caravan. Backstage has already authenticated the
 * request; this turns its principal into a Caravan Actor whose roles come from
 * `caravan.access` in app-config, so signing in to Backstage makes nobody more
 * than a viewer unless a grant says so.
 *
 * Users match by their entity ref and their ownership refs (the groups they are
 * in, as the catalog resolves them); services by their subject (`plugin:scaffolder`,
 * `external:ci`). A caller matching a grant with `environments` is limited to
 * those environments for everything it does, as a Caravan token limited to
 * environments is; one matching several grants gets all their roles.
 */
import type { RootConfigService } from '@backstage/backend-plugin-api';
import type { Actor } from '@caravan/server';

type Role = Actor['roles'][number];
const ROLES: readonly Role[] = ['viewer', 'developer', 'tester', 'operator', 'admin'];

export interface Grant {
  readonly role: Role;
  /** Lower-cased entity refs or service subjects. */
  readonly principals: readonly string[];
  readonly environments?: readonly string[];
}

export interface AccessPolicy {
  /** The role of any authenticated caller no grant names; undefined for none. */
  readonly defaultRole: Role | undefined;
  readonly grants: readonly Grant[];
}

export type Caller = { type: 'user'; userEntityRef: string; ownershipEntityRefs: readonly string[] } | { type: 'service'; subject: string };

/** `group:platform` means `group:default/platform`, as the catalog writes it. */
function normalizeRef(ref: string): string {
  const lower = ref.trim().toLowerCase();
  const match = /^([a-z0-9-]+):([^/]+)$/.exec(lower);
  return match && (match[1] === 'user' || match[1] === 'group') ? `${match[1]}:default/${match[2]}` : lower;
}

function readRole(value: string, key: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new Error(`${key} must be one of ${ROLES.join(', ')}; got ${JSON.stringify(value)}`);
  return value as Role;
}

export function readAccessPolicy(config: RootConfigService): AccessPolicy {
  const access = config.getOptionalConfig('caravan.access');
  const defaultRole = access?.getOptionalString('defaultRole') ?? 'viewer';
  const grants = (access?.getOptionalConfigArray('grants') ?? []).map((grant, i) => {
    const environments = grant.getOptionalStringArray('environments');
    return {
      role: readRole(grant.getString('role'), `caravan.access.grants[${i}].role`),
      principals: grant.getStringArray('principals').map(normalizeRef),
      ...(environments ? { environments } : {}),
    };
  });
  return { defaultRole: defaultRole === 'none' ? undefined : readRole(defaultRole, 'caravan.access.defaultRole'), grants };
}

/** The Actor for a caller, or undefined when the policy gives it no role at all. */
export function actorFor(policy: AccessPolicy, caller: Caller): Actor | undefined {
  const id = caller.type === 'user' ? normalizeRef(caller.userEntityRef) : caller.subject.toLowerCase();
  const names = new Set(caller.type === 'user' ? [id, ...caller.ownershipEntityRefs.map(normalizeRef)] : [id]);
  const matched = policy.grants.filter((g) => g.principals.some((p) => names.has(p)));
  const roles = new Set<Role>(matched.map((g) => g.role));
  if (policy.defaultRole) roles.add(policy.defaultRole);
  if (roles.size === 0) return undefined;
  const scoped = matched.filter((g) => g.environments !== undefined);
  const environments = scoped.length > 0 ? [...new Set(scoped.flatMap((g) => g.environments!))] : undefined;
  return { id, name: id, roles: [...roles], ...(environments ? { environments } : {}) };
}
