/**
 * Who may do what: the roles of the architecture doc, applied as a decorator
 * over the core's services so the services themselves stay about the work.
 *
 * - viewer: reads everything except secrets (every role can read)
 * - developer: creates and edits templates and drafts, publishes, retries
 * - tester: releases, deprecates and restores versions
 * - operator: install, upgrade, roll back, uninstall (and promote, later)
 *   in the environments its token is limited to; tiers decide who else may
 *   deploy where (see deploy-rights.ts, applied inside the installs service,
 *   which knows the environment)
 * - admin: everything, including tokens and the registry
 *
 * Version moves take their roles from the state table in @caravan/contracts,
 * never from a copy here.
 */
import { VERSION_TRANSITIONS, type Role, type VersionAction } from '@caravan/contracts';
import type { Actor, CaravanCore } from '../api.js';
import { ForbiddenError } from '../shared/errors.js';
import { requireEnvironmentScope } from './deploy-rights.js';

export const READ_ROLES: readonly Role[] = ['viewer', 'developer', 'tester', 'operator', 'admin'];
export const AUTHOR_ROLES: readonly Role[] = ['developer', 'admin'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

/** Roles that may cancel an operation, by its kind: the roles that may start it. */
export const CANCEL_ROLES: Readonly<Record<string, readonly Role[]>> = {
  publish: rolesForAction('publish'),
  install: ['admin', 'operator', 'developer', 'tester'],
  upgrade: ['admin', 'operator', 'developer', 'tester'],
  rollback: ['admin', 'operator', 'developer', 'tester'],
  uninstall: ['admin', 'operator', 'developer', 'tester'],
};

export function rolesForAction(action: VersionAction): readonly Role[] {
  const t = VERSION_TRANSITIONS.find((x) => x.action === action);
  if (t === undefined || t.roles === 'system') return [];
  return t.roles;
}

/** Throws ForbiddenError naming the roles that would be needed. */
export function requireRole(actor: Actor, allowed: readonly Role[], doing: string): void {
  if (actor.roles.some((r) => allowed.includes(r))) return;
  const need = allowed.length === 1 ? `the ${allowed[0]} role` : `one of the roles ${allowed.join(', ')}`;
  const have = actor.roles.length === 0 ? 'no roles' : `the roles ${actor.roles.join(', ')}`;
  throw new ForbiddenError(`${doing} needs ${need}; ${actor.name} has ${have}`, {
    requiredRoles: [...allowed],
    roles: [...actor.roles],
  });
}

/** Wraps a core so every call checks the caller's roles first. */
export function authorizeCore(inner: CaravanCore): CaravanCore {
  const read = (a: Actor, doing: string) => requireRole(a, READ_ROLES, doing);
  const author = (a: Actor, doing: string) => requireRole(a, AUTHOR_ROLES, doing);
  const admin = (a: Actor, doing: string) => requireRole(a, ADMIN_ROLES, doing);
  const move = (a: Actor, action: VersionAction, doing: string) => requireRole(a, rolesForAction(action), doing);
  const { templates: t, versions: v, operations: o, audit: au, tokens: tk, registry: r, clusters: c, environments: e, installs: i } = inner;
  const scoped = (a: Actor, env: string, doing: string) => (read(a, doing), requireEnvironmentScope(a, env, doing));

  return {
    templates: {
      list: async (a, p) => (read(a, 'listing templates'), t.list(a, p)),
      get: async (a, n) => (read(a, 'reading a template'), t.get(a, n)),
      create: async (a, i) => (author(a, 'creating a template'), t.create(a, i)),
      update: async (a, n, p, pre) => (author(a, 'editing a template'), t.update(a, n, p, pre)),
      delete: async (a, n, pre) => (author(a, 'deleting a template'), t.delete(a, n, pre)),
    },
    versions: {
      list: async (a, tp, p) => (read(a, 'listing versions'), v.list(a, tp, p)),
      get: async (a, tp, ver) => (read(a, 'reading a version'), v.get(a, tp, ver)),
      create: async (a, tp, i) => (author(a, 'creating a draft'), v.create(a, tp, i)),
      update: async (a, tp, ver, p, pre) => (author(a, 'editing a draft'), v.update(a, tp, ver, p, pre)),
      diff: async (a, tp, ver, against) => (read(a, 'comparing versions'), v.diff(a, tp, ver, against)),
      publish: async (a, tp, ver, i) => (move(a, 'publish', 'publishing a version'), v.publish(a, tp, ver, i)),
      retry: async (a, tp, ver, i) => (move(a, 'retry', 'retrying a failed publish'), v.retry(a, tp, ver, i)),
      release: async (a, tp, ver, i) => (move(a, 'release', 'releasing a version'), v.release(a, tp, ver, i)),
      deprecate: async (a, tp, ver, i) => (move(a, 'deprecate', 'deprecating a version'), v.deprecate(a, tp, ver, i)),
      restore: async (a, tp, ver, i) => (move(a, 'restore', 'restoring a version'), v.restore(a, tp, ver, i)),
    },
    operations: {
      list: async (a, p) => (read(a, 'listing operations'), o.list(a, p)),
      get: async (a, id) => (read(a, 'reading an operation'), o.get(a, id)),
      cancel: async (a, id) => {
        read(a, 'cancelling an operation');
        const op = await o.get(a, id);
        requireRole(a, CANCEL_ROLES[op.kind] ?? ADMIN_ROLES, `cancelling a ${op.kind} operation`);
        if (op.subject.environment !== undefined) requireEnvironmentScope(a, op.subject.environment, `cancelling a ${op.kind} operation`);
        return o.cancel(a, id);
      },
      events: (a, id, options) => {
        read(a, 'reading operation events');
        return o.events(a, id, options);
      },
      wait: async (a, id, options) => (read(a, 'waiting for an operation'), o.wait(a, id, options)),
    },
    audit: {
      list: async (a, q) => (read(a, 'reading the audit trail'), au.list(a, q)),
    },
    tokens: {
      list: async (a, p) => (admin(a, 'listing tokens'), tk.list(a, p)),
      create: async (a, i) => (admin(a, 'creating a token'), tk.create(a, i)),
      delete: async (a, id) => (admin(a, 'revoking a token'), tk.delete(a, id)),
      authenticate: (secret) => tk.authenticate(secret),
      whoami: async (a) => tk.whoami(a),
    },
    registry: {
      get: async (a) => (admin(a, 'reading the delivery registry settings'), r.get(a)),
      put: async (a, i, pre) => (admin(a, 'setting the delivery registry'), r.put(a, i, pre)),
      check: async (a) => (admin(a, 'checking the delivery registry'), r.check(a)),
      sources: {
        list: async (a) => (admin(a, 'listing source registry credentials'), r.sources.list(a)),
        put: async (a, h, i, pre) => (admin(a, 'setting source registry credentials'), r.sources.put(a, h, i, pre)),
        delete: async (a, h, pre) => (admin(a, 'removing source registry credentials'), r.sources.delete(a, h, pre)),
      },
    },
    clusters: {
      list: async (a, p) => (read(a, 'listing clusters'), c.list(a, p)),
      get: async (a, n) => (read(a, 'reading a cluster'), c.get(a, n)),
      create: async (a, x) => (admin(a, 'registering a cluster'), c.create(a, x)),
      update: async (a, n, p, pre) => (admin(a, 'changing a cluster'), c.update(a, n, p, pre)),
      delete: async (a, n, pre) => (admin(a, 'removing a cluster'), c.delete(a, n, pre)),
      probe: async (a, n) => (admin(a, 'probing a cluster'), c.probe(a, n)),
    },
    environments: {
      list: async (a, p) => (read(a, 'listing environments'), e.list(a, p)),
      get: async (a, n) => (scoped(a, n, 'reading an environment'), e.get(a, n)),
      create: async (a, x) => (admin(a, 'creating an environment'), e.create(a, x)),
      update: async (a, n, p, pre) => (admin(a, 'changing an environment'), e.update(a, n, p, pre)),
      delete: async (a, n, pre) => (admin(a, 'deleting an environment'), e.delete(a, n, pre)),
    },
    // Who may deploy where depends on the environment's tier: the installs service checks it (deploy-rights.ts).
    installs: {
      list: async (a, env, p) => (scoped(a, env, 'listing installs'), i.list(a, env, p)),
      get: async (a, env, n) => (scoped(a, env, 'reading an install'), i.get(a, env, n)),
      create: async (a, env, x) => (scoped(a, env, 'installing'), i.create(a, env, x)),
      update: async (a, env, n, p, pre) => (scoped(a, env, 'editing an install'), i.update(a, env, n, p, pre)),
      uninstall: async (a, env, n, x, pre) => (scoped(a, env, 'uninstalling'), i.uninstall(a, env, n, x, pre)),
      preview: async (a, env, n, x) => (scoped(a, env, 'previewing an upgrade'), i.preview(a, env, n, x)),
      upgrade: async (a, env, n, x, pre) => (scoped(a, env, 'upgrading'), i.upgrade(a, env, n, x, pre)),
      status: async (a, env, n) => (scoped(a, env, 'reading an install'), i.status(a, env, n)),
      records: {
        list: async (a, env, n, p) => (scoped(a, env, 'listing records'), i.records.list(a, env, n, p)),
        get: async (a, env, n, rec) => (scoped(a, env, 'reading a record'), i.records.get(a, env, n, rec)),
        rollback: async (a, env, n, rec, x, pre) => (scoped(a, env, 'rolling back'), i.records.rollback(a, env, n, rec, x, pre)),
      },
    },
    ready: () => inner.ready(),
    start: () => inner.start(),
    stop: () => inner.stop(),
  };
}
