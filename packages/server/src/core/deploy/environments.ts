/**
 * Environments: one namespace of one cluster each, with a tier, a policy
 * (which version states may be installed there) and default values that sit
 * between the template's defaults and each install's own. Secret default
 * values are sealed with the environment's name bound in, and never returned:
 * `secretDefaults` names them.
 */
import type { Environment, EnvironmentIngress, EnvironmentPolicy, InstallValues, VersionState } from '@caravan/contracts';
import { childPointer, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX, isReservedKey, qualifiedNameProblem } from '../app-model/index.js';
import type { Actor, EnvironmentsApi, PageRequest } from '../api.js';
import { isoNow } from '../shared/clock.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError, type FieldError } from '../shared/errors.js';
import { checkPrecondition, etagOf } from '../shared/etag.js';
import { filteredQuery, keysetPage } from '../shared/paging.js';
import { labelsErrors, nameErrors, throwIfAny } from '../shared/validate.js';
import { StoreConflictError, type AuditInput, type EnvironmentRow } from '../store/port.js';
import { valuesShapeErrors } from './render/index.js';

export const TIERS = ['development', 'test', 'production'] as const;
export type Tier = (typeof TIERS)[number];

/** Version states that may ever be allowed: deprecated versions take no new installs, and unfinished ones have nothing to run. */
const INSTALLABLE_STATES: readonly VersionState[] = ['draft', 'published', 'released'];

export function defaultPolicy(tier: Tier): EnvironmentPolicy {
  return { allowedStates: tier === 'production' ? ['released'] : ['draft', 'published', 'released'] };
}

export function secretDefaultsBinding(environment: string): string {
  return `environment:${environment}:defaults`;
}

export function environmentToWire(row: EnvironmentRow, secretNames: readonly string[]): Environment {
  return {
    name: row.name,
    cluster: row.cluster,
    namespace: row.namespace,
    tier: row.tier as Tier,
    policy: { allowedStates: [...row.policy.allowedStates] as VersionState[], ...(row.policy.requiredApprovals === undefined ? {} : { requiredApprovals: row.policy.requiredApprovals }) },
    createNamespace: row.createNamespace,
    defaults: (row.defaults as InstallValues | null) ?? {},
    secretDefaults: [...secretNames].sort(),
    ...(row.ingress === null ? {} : { ingress: structuredClone(row.ingress) as EnvironmentIngress }),
    labels: { ...row.labels },
    etag: etagOf(row.revision),
    createdAt: row.createdAt,
    createdBy: { id: row.createdBy.id, name: row.createdBy.name },
    updatedAt: row.updatedAt,
  };
}

/** The environment's secret default values, opened. */
export function openSecretDefaults(ctx: CoreContext, row: EnvironmentRow): Record<string, string | number | boolean> {
  if (row.secretDefaultsEnc === null) return {};
  return JSON.parse(ctx.box.open(row.secretDefaultsEnc, secretDefaultsBinding(row.name))) as Record<string, string | number | boolean>;
}

function policyErrors(policy: { allowedStates?: unknown; requiredApprovals?: unknown } | undefined): FieldError[] {
  if (policy === undefined) return [];
  const errors: FieldError[] = [];
  if (policy.allowedStates !== undefined) {
    if (!Array.isArray(policy.allowedStates) || policy.allowedStates.length === 0) {
      errors.push({ pointer: '/policy/allowedStates', message: 'must list at least one version state', code: 'required' });
    } else {
      policy.allowedStates.forEach((s, i) => {
        if (!INSTALLABLE_STATES.includes(s as VersionState)) {
          errors.push({ pointer: `/policy/allowedStates/${i}`, message: `must be one of ${INSTALLABLE_STATES.join(', ')}`, code: 'enum' });
        }
      });
    }
  }
  const n = policy.requiredApprovals;
  if (n !== undefined && (!Number.isInteger(n) || (n as number) < 0 || (n as number) > 10)) {
    errors.push({ pointer: '/policy/requiredApprovals', message: 'must be an integer from 0 to 10', code: 'out-of-range' });
  }
  return errors;
}

const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** The contract's EnvironmentIngress, checked in the core too, for embedders that call it without the HTTP face. */
function ingressErrors(value: EnvironmentIngress | undefined, at = '/ingress'): FieldError[] {
  if (value === undefined) return [];
  const errors: FieldError[] = [];
  const subdomain = (v: unknown, pointer: string) => {
    if (v !== undefined && !(typeof v === 'string' && v.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(v))) {
      errors.push({ pointer, message: 'must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters', code: 'format' });
    }
  };
  subdomain(value.className, `${at}/className`);
  subdomain(value.tls?.secretName, `${at}/tls/secretName`);
  let bytes = 0;
  for (const [key, v] of Object.entries(value.annotations ?? {})) {
    const p = childPointer(`${at}/annotations`, key);
    const problem = qualifiedNameProblem(key);
    if (problem) errors.push({ pointer: p, message: `"${key}" is not a Kubernetes annotation key: ${problem}`, code: 'format' });
    else if (isReservedKey(key)) errors.push({ pointer: p, message: `"${key}" is Caravan's own: app.kubernetes.io/* and caravan.dev/* are set by Caravan`, code: 'not-allowed' });
    if (typeof v !== 'string') errors.push({ pointer: p, message: 'annotation values are strings', code: 'type' });
    else bytes += Buffer.byteLength(key) + Buffer.byteLength(v);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) errors.push({ pointer: `${at}/annotations`, message: `the annotations hold ${bytes} bytes; Kubernetes allows at most 256 KiB on an object`, code: 'out-of-range' });
  return errors;
}

/** Stored as given, or null when empty: `{}` means no ingress settings. */
function ingressRow(value: EnvironmentIngress | undefined): EnvironmentRow['ingress'] {
  if (value === undefined) return null;
  const out: NonNullable<EnvironmentRow['ingress']> = {
    ...(value.className === undefined ? {} : { className: value.className }),
    ...(value.annotations === undefined || Object.keys(value.annotations).length === 0 ? {} : { annotations: { ...value.annotations } }),
    ...(value.tls === undefined ? {} : { tls: { ...(value.tls.secretName === undefined ? {} : { secretName: value.tls.secretName }) } }),
  };
  return Object.keys(out).length === 0 ? null : out;
}

function audit(ctx: CoreContext, actor: Actor, action: string, name: string, details?: Record<string, unknown>): AuditInput {
  return { at: isoNow(ctx.clock), actor: actorRef(actor), action: `environment.${action}`, subjectKind: 'environment', subjectName: name, ...(details ? { details } : {}) };
}

export async function loadEnvironment(ctx: CoreContext, name: string): Promise<EnvironmentRow> {
  const row = await ctx.store.environments.get(name);
  if (row === undefined) throw new NotFoundError(`environment ${name} does not exist`, { environment: name });
  return row;
}

export function createEnvironmentsService(ctx: CoreContext): EnvironmentsApi {
  const toWire = (row: EnvironmentRow) => environmentToWire(row, Object.keys(openSecretDefaults(ctx, row)));

  const sealSecrets = (name: string, values: Record<string, unknown>): string | null => {
    const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
    return Object.keys(kept).length === 0 ? null : ctx.box.seal(JSON.stringify(kept), secretDefaultsBinding(name));
  };

  return {
    async list(actor: Actor, page?: PageRequest & { cluster?: string; tier?: string }) {
      const names = actor.environments;
      const cluster = page?.cluster;
      const tier = page?.tier;
      const query = (after: string | undefined, limit: number) =>
        ctx.store.environments.list({ ...(after === undefined ? {} : { after }), limit, ...(names === undefined ? {} : { names }), ...(cluster === undefined ? {} : { cluster }) });
      return keysetPage('environments', page, tier === undefined ? query : filteredQuery(query, (r) => r.tier === tier, (r) => r.name), (r) => r.name, toWire);
    },

    async get(_actor, name) {
      return toWire(await loadEnvironment(ctx, name));
    },

    async create(actor, input) {
      const tier = input.tier as Tier;
      throwIfAny(
        [
          ...nameErrors(input.name, '/name', 'the environment name'),
          ...nameErrors(input.cluster, '/cluster', 'the cluster name'),
          ...nameErrors(input.namespace, '/namespace', 'the namespace'),
          ...(TIERS.includes(tier) ? [] : [{ pointer: '/tier', message: `must be one of ${TIERS.join(', ')}`, code: 'enum' }]),
          ...policyErrors(input.policy),
          ...labelsErrors(input.labels, '/labels'),
          ...valuesShapeErrors(input.defaults, '/defaults'),
          ...ingressErrors(input.ingress),
        ],
        'the environment is not valid',
      );
      if ((await ctx.store.clusters.get(input.cluster)) === undefined) {
        throw new NotFoundError(`cluster ${input.cluster} is not registered`, { cluster: input.cluster });
      }
      // Two environments in one namespace would prune each other's objects of the same install name.
      const sameCluster = await ctx.store.environments.list({ cluster: input.cluster, limit: 200 });
      const taken = sameCluster.find((e) => e.namespace === input.namespace);
      if (taken !== undefined) {
        throw new ConflictError(`namespace ${input.namespace} of cluster ${input.cluster} is already environment ${taken.name}`, { environment: taken.name });
      }
      const at = isoNow(ctx.clock);
      const row: EnvironmentRow = {
        name: input.name,
        cluster: input.cluster,
        namespace: input.namespace,
        tier,
        policy: { ...defaultPolicy(tier), ...input.policy } as EnvironmentRow['policy'],
        createNamespace: input.createNamespace ?? true,
        defaults: input.defaults ?? {},
        secretDefaultsEnc: sealSecrets(input.name, input.secretDefaults ?? {}),
        ingress: ingressRow(input.ingress),
        labels: { ...input.labels },
        revision: 1,
        createdAt: at,
        createdBy: actorRef(actor),
        updatedAt: at,
      };
      try {
        await ctx.store.environments.insert(row, audit(ctx, actor, 'create', row.name, { cluster: row.cluster, namespace: row.namespace, tier }));
      } catch (e) {
        if (e instanceof StoreConflictError) throw new ConflictError(`environment ${row.name} already exists`, { environment: row.name });
        throw e;
      }
      return toWire(row);
    },

    async update(actor, name, patch, pre) {
      const row = await loadEnvironment(ctx, name);
      checkPrecondition(pre, row.revision, `environment ${name}`);
      const tier = (patch.tier ?? row.tier) as Tier;
      throwIfAny(
        [
          ...(patch.tier === undefined || TIERS.includes(patch.tier as Tier) ? [] : [{ pointer: '/tier', message: `must be one of ${TIERS.join(', ')}`, code: 'enum' }]),
          ...policyErrors(patch.policy),
          ...labelsErrors(patch.labels, '/labels'),
          ...valuesShapeErrors(patch.defaults, '/defaults'),
          ...ingressErrors(patch.ingress),
        ],
        'the environment patch is not valid',
      );
      // A new tier without a policy takes that tier's default policy: production must not keep a test policy by accident.
      const policy =
        patch.policy !== undefined
          ? { ...defaultPolicy(tier), ...row.policy, ...patch.policy }
          : patch.tier !== undefined && patch.tier !== row.tier
            ? defaultPolicy(tier)
            : row.policy;
      let secretDefaultsEnc = row.secretDefaultsEnc;
      if (patch.secretDefaults !== undefined) {
        secretDefaultsEnc = sealSecrets(name, { ...openSecretDefaults(ctx, row), ...patch.secretDefaults });
      }
      const updated = await ctx.store.environments.update(
        name,
        row.revision,
        {
          tier,
          policy: policy as EnvironmentRow['policy'],
          ...(patch.createNamespace === undefined ? {} : { createNamespace: patch.createNamespace }),
          ...(patch.defaults === undefined ? {} : { defaults: patch.defaults }),
          secretDefaultsEnc,
          ...(patch.ingress === undefined ? {} : { ingress: ingressRow(patch.ingress) }),
          ...(patch.labels === undefined ? {} : { labels: { ...patch.labels } }),
          updatedAt: isoNow(ctx.clock),
        },
        audit(ctx, actor, 'update', name, { fields: Object.keys(patch) }),
      );
      if (updated === undefined) throw new ConflictError(`environment ${name} changed meanwhile; read it again and retry`, { environment: name });
      return toWire(updated);
    },

    async delete(actor, name, pre) {
      const row = await loadEnvironment(ctx, name);
      checkPrecondition(pre, row.revision, `environment ${name}`);
      // The check for installs and the delete are one transaction, so an install started meanwhile is never orphaned.
      const outcome = await ctx.store.environments.delete(name, row.revision, audit(ctx, actor, 'delete', name));
      if (outcome === 'changed') throw new ConflictError(`environment ${name} changed meanwhile; read it again and retry`, { environment: name });
      if (outcome !== 'deleted') {
        throw new ConflictError(`environment ${name} still has ${outcome.inUse} install(s); uninstall them first`, { environment: name, installs: outcome.inUse });
      }
    },
  };
}
