/**
 * Picks the updatable fields out of a port patch. Patches are typed, but a
 * caller may still pass extra keys at runtime (a spread of a whole row); only
 * the named columns reach the SET clause, and undefined means "leave as is".
 */
export function pickPatch<P extends object, K extends keyof P>(patch: P, allowed: readonly K[]): Partial<Pick<P, K>> {
  const out: Partial<Pick<P, K>> = {};
  for (const key of allowed) {
    const value = patch[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export const TEMPLATE_PATCH_KEYS = ['description', 'labels', 'createdAt', 'createdBy', 'updatedAt'] as const;

export const VERSION_PATCH_KEYS = [
  'sortKey', 'description', 'state', 'app', 'images', 'transitions', 'failure', 'createdAt', 'createdBy', 'updatedAt',
] as const;

export const OPERATION_PATCH_KEYS = [
  'kind', 'state', 'subject', 'input', 'lockKey', 'deadlineAt', 'steps', 'result', 'error', 'cancelRequested', 'attempts',
  'leaseOwner', 'leaseExpiresAt', 'createdAt', 'createdBy', 'updatedAt', 'startedAt', 'finishedAt',
] as const;

export const CLUSTER_PATCH_KEYS = ['server', 'context', 'labels', 'credentialsEnc', 'health', 'createdAt', 'createdBy', 'updatedAt'] as const;

export const ENVIRONMENT_PATCH_KEYS = [
  'cluster', 'namespace', 'tier', 'policy', 'createNamespace', 'defaults', 'secretDefaultsEnc', 'ingress', 'labels', 'createdAt', 'createdBy', 'updatedAt',
] as const;

export const INSTALL_PATCH_KEYS = [
  'template', 'version', 'state', 'values', 'secretValuesEnc', 'secretParameters', 'record', 'latestRecord', 'operationId',
  'description', 'labels', 'createdAt', 'createdBy', 'updatedAt',
] as const;

export const RECORD_PATCH_KEYS = [
  'action', 'template', 'version', 'values', 'secretParameters', 'objectsEnc', 'applied', 'outcome', 'components', 'operationId',
  'rollbackOf', 'atomicRollback', 'error', 'reason', 'startedAt', 'finishedAt', 'createdBy',
] as const;
