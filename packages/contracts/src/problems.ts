/**
 * The kinds of problem Caravan reports (RFC 9457 `type` URIs), their titles
 * and HTTP statuses: the one table the HTTP face maps domain errors with, the
 * core builds an Operation's `error` from, and the SDK picks its error classes
 * from. The contract's `Problem` schema lists the same kinds.
 */

export const PROBLEM_TYPE_BASE = 'https://caravan.dev/problems/';

export const PROBLEM_TYPES = {
  'invalid-input': { type: `${PROBLEM_TYPE_BASE}invalid-input`, title: 'Invalid input', status: 400 },
  unauthenticated: { type: `${PROBLEM_TYPE_BASE}unauthenticated`, title: 'Authentication required', status: 401 },
  forbidden: { type: `${PROBLEM_TYPE_BASE}forbidden`, title: 'Forbidden', status: 403 },
  'not-found': { type: `${PROBLEM_TYPE_BASE}not-found`, title: 'Not found', status: 404 },
  // The HTTP face's own: a method a known path does not list (with `Allow`).
  'method-not-allowed': { type: `${PROBLEM_TYPE_BASE}method-not-allowed`, title: 'Method not allowed', status: 405 },
  conflict: { type: `${PROBLEM_TYPE_BASE}conflict`, title: 'Conflict', status: 409 },
  'version-exists': { type: `${PROBLEM_TYPE_BASE}version-exists`, title: 'Version number already used', status: 409 },
  'version-immutable': { type: `${PROBLEM_TYPE_BASE}version-immutable`, title: 'Version is immutable', status: 409 },
  'invalid-transition': { type: `${PROBLEM_TYPE_BASE}invalid-transition`, title: 'Transition not allowed', status: 409 },
  'registry-not-configured': { type: `${PROBLEM_TYPE_BASE}registry-not-configured`, title: 'No delivery registry configured', status: 409 },
  'precondition-failed': { type: `${PROBLEM_TYPE_BASE}precondition-failed`, title: 'Precondition failed', status: 412 },
  'payload-too-large': { type: `${PROBLEM_TYPE_BASE}payload-too-large`, title: 'Payload too large', status: 413 },
  'unsupported-media-type': { type: `${PROBLEM_TYPE_BASE}unsupported-media-type`, title: 'Unsupported media type', status: 415 },
  'idempotency-key-in-progress': { type: `${PROBLEM_TYPE_BASE}idempotency-key-in-progress`, title: 'A request with this idempotency key is in progress', status: 409 },
  // Deploying. Extension members: `operation` (the running one), `rule` (the refusing policy rule),
  // `conflicts` ({object, manager, field} per field), `kubernetesStatus` (the cluster's answer).
  'operation-in-progress': { type: `${PROBLEM_TYPE_BASE}operation-in-progress`, title: 'Another operation is in progress', status: 409 },
  'policy-violation': { type: `${PROBLEM_TYPE_BASE}policy-violation`, title: "The environment's policy does not allow this", status: 409 },
  'field-conflict': { type: `${PROBLEM_TYPE_BASE}field-conflict`, title: 'Fields are owned by another field manager', status: 409 },
  'idempotency-key-reused': { type: `${PROBLEM_TYPE_BASE}idempotency-key-reused`, title: 'Idempotency key reused with another request', status: 422 },
  // The HTTP face's own: too many bad bearer tokens from one address (with `Retry-After`).
  'too-many-requests': { type: `${PROBLEM_TYPE_BASE}too-many-requests`, title: 'Too many requests', status: 429 },
  'registry-unreachable': { type: `${PROBLEM_TYPE_BASE}registry-unreachable`, title: 'Registry unreachable', status: 502 },
  'cluster-unreachable': { type: `${PROBLEM_TYPE_BASE}cluster-unreachable`, title: 'Cluster unreachable', status: 502 },
  'kubernetes-error': { type: `${PROBLEM_TYPE_BASE}kubernetes-error`, title: 'The cluster refused the request', status: 502 },
  unavailable: { type: `${PROBLEM_TYPE_BASE}unavailable`, title: 'Service unavailable', status: 503 },
  // Only ever an Operation's `error`, never the answer to a request: the status says how the work ended.
  'operation-cancelled': { type: `${PROBLEM_TYPE_BASE}operation-cancelled`, title: 'Operation cancelled', status: 409 },
  'operation-not-started': { type: `${PROBLEM_TYPE_BASE}operation-not-started`, title: 'Operation could not start', status: 409 },
  'operation-failed': { type: `${PROBLEM_TYPE_BASE}operation-failed`, title: 'Operation failed', status: 500 },
  'operation-abandoned': { type: `${PROBLEM_TYPE_BASE}operation-abandoned`, title: 'Operation attempted too many times', status: 500 },
  'unknown-operation-kind': { type: `${PROBLEM_TYPE_BASE}unknown-operation-kind`, title: 'No worker knows this kind of operation', status: 500 },
  'registry-sync-failed': { type: `${PROBLEM_TYPE_BASE}registry-sync-failed`, title: 'Images could not be copied', status: 502 },
  'operation-deadline-exceeded': { type: `${PROBLEM_TYPE_BASE}operation-deadline-exceeded`, title: 'Operation deadline exceeded', status: 504 },
  // A rollout's end; extension member `components` (the ComponentStatus of those failed or not ready).
  'rollout-failed': { type: `${PROBLEM_TYPE_BASE}rollout-failed`, title: 'Rollout failed', status: 500 },
  'rollout-deadline-exceeded': { type: `${PROBLEM_TYPE_BASE}rollout-deadline-exceeded`, title: 'Rollout not ready by its deadline', status: 504 },
} as const satisfies Record<string, { type: string; title: string; status: number }>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** The kinds that only describe how an Operation ended; no request is answered with them. */
export const OPERATION_ONLY_PROBLEM_KINDS = [
  'operation-cancelled',
  'operation-not-started',
  'operation-failed',
  'operation-abandoned',
  'unknown-operation-kind',
  'registry-sync-failed',
  'operation-deadline-exceeded',
  'rollout-failed',
  'rollout-deadline-exceeded',
] as const satisfies readonly ProblemKind[];

/** The kind named by a problem `type` URI, or undefined for one Caravan does not define. */
export function problemKindOf(type: string | undefined): ProblemKind | undefined {
  if (!type || !type.startsWith(PROBLEM_TYPE_BASE)) return undefined;
  const kind = type.slice(PROBLEM_TYPE_BASE.length);
  return Object.hasOwn(PROBLEM_TYPES, kind) ? (kind as ProblemKind) : undefined;
}
