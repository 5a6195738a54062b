/**
 * The SDK's errors. API errors come from problem documents (RFC 9457): one
 * factory picks the class from the problem `type` (or, failing that, the HTTP
 * status). Each class has a constant `name` and an `isX()` guard that checks a
 * brand rather than `instanceof`, so it also works across realms and across
 * duplicate copies of this package.
 */
import type { ComponentStatus, FieldConflict, FieldError, KubernetesStatus, Operation, Problem, ProblemKind } from '@caravan/contracts';
// The zod-free subpath: the root would pull every zod schema into a browser bundle.
import { problemKindOf } from '@caravan/contracts/problems';

const BRAND = Symbol.for('@caravan/sdk/error');

type Branded = { readonly [BRAND]: readonly string[] };

function brand(error: Error, names: readonly string[]): void {
  Object.defineProperty(error, BRAND, { value: names, enumerable: false });
}

function hasBrand(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const names = (value as Partial<Branded>)[BRAND];
  return Array.isArray(names) && names.includes(name);
}

/** Base of every error the SDK throws. */
export class CaravanError extends Error {
  /** The class's name, kept as data so minifiers cannot change it; guards read it. */
  static readonly errorName: string = 'CaravanError';
  override readonly name: string = 'CaravanError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    brand(this, ancestry(new.target));
  }
}

/** The class names from `ctor` up to CaravanError, read from each class's static `errorName`. */
function ancestry(ctor: unknown): string[] {
  const names: string[] = [];
  for (let c: unknown = ctor; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    const name: unknown = Object.hasOwn(c, 'errorName') ? (c as { errorName?: unknown }).errorName : undefined;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/** The server could not be reached, or the connection broke. */
export class CaravanConnectionError extends CaravanError {
  static override readonly errorName: string = 'CaravanConnectionError';
  override readonly name = 'CaravanConnectionError';
}

/** The call took longer than its timeout. */
export class CaravanTimeoutError extends CaravanError {
  static override readonly errorName: string = 'CaravanTimeoutError';
  override readonly name = 'CaravanTimeoutError';
}

/** An event stream was iterated a second time; streams are single-use. */
export class StreamConsumedError extends CaravanError {
  static override readonly errorName: string = 'StreamConsumedError';
  override readonly name = 'StreamConsumedError';
  constructor() {
    super('This event stream was already iterated; open a new one (pass lastEventId to resume)');
  }
}

/** The server answered with an error (a problem document). */
export class CaravanApiError extends CaravanError {
  static override readonly errorName: string = 'CaravanApiError';
  override readonly name: string = 'CaravanApiError';
  /** HTTP status. */
  readonly status: number;
  /** Problem type URI, e.g. `https://caravan.dev/problems/not-found`. */
  readonly type: string;
  /** The Caravan problem kind, when the type is one of Caravan's. */
  readonly kind: ProblemKind | undefined;
  /** The whole problem document, with any extension members. */
  readonly problem: Problem;
  /** Response headers, e.g. `retry-after`. */
  readonly headers: Headers;
  constructor(status: number, problem: Problem, headers: Headers = new Headers()) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.status = status;
    this.type = problem.type;
    this.kind = problemKindOf(problem.type);
    this.problem = problem;
    this.headers = headers;
  }
}

/** 400 `invalid-input`: every error, with a JSON pointer to where it is. */
export class ValidationError extends CaravanApiError {
  static override readonly errorName: string = 'ValidationError';
  override readonly name = 'ValidationError';
  readonly errors: readonly FieldError[];
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.errors = problem.errors ?? [];
  }
}
/** 401 `unauthenticated`: no valid token. */
export class UnauthorizedError extends CaravanApiError {
  static override readonly errorName: string = 'UnauthorizedError';
  override readonly name = 'UnauthorizedError';
}
/** 403 `forbidden`: the token's roles do not allow this. */
export class ForbiddenError extends CaravanApiError {
  static override readonly errorName: string = 'ForbiddenError';
  override readonly name = 'ForbiddenError';
}
/** 404 `not-found`. */
export class NotFoundError extends CaravanApiError {
  static override readonly errorName: string = 'NotFoundError';
  override readonly name = 'NotFoundError';
}
/** 409: the resource's state does not allow this. Subclasses name the reason. */
export class ConflictError extends CaravanApiError {
  static override readonly errorName: string = 'ConflictError';
  override readonly name: string = 'ConflictError';
}
/** 409 `version-exists`: a version number is never reused. */
export class VersionExistsError extends ConflictError {
  static override readonly errorName: string = 'VersionExistsError';
  override readonly name = 'VersionExistsError';
}
/** 409 `version-immutable`: only drafts can change. */
export class VersionImmutableError extends ConflictError {
  static override readonly errorName: string = 'VersionImmutableError';
  override readonly name = 'VersionImmutableError';
}
/** 409 `invalid-transition`: the version's state does not allow this move. */
export class InvalidTransitionError extends ConflictError {
  static override readonly errorName: string = 'InvalidTransitionError';
  override readonly name = 'InvalidTransitionError';
}
/** 409 `registry-not-configured`: set the delivery registry first. */
export class RegistryNotConfiguredError extends ConflictError {
  static override readonly errorName: string = 'RegistryNotConfiguredError';
  override readonly name = 'RegistryNotConfiguredError';
}
/** 409 `operation-in-progress`: another operation runs on the same install; wait for `operation`, then try again. */
export class OperationInProgressError extends ConflictError {
  static override readonly errorName: string = 'OperationInProgressError';
  override readonly name = 'OperationInProgressError';
  /** The id of the operation that runs (pass it to `client.operations.wait`). */
  readonly operation: string | undefined;
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.operation = typeof problem.operation === 'string' ? problem.operation : undefined;
  }
}
/** 409 `policy-violation`: the environment's policy refuses this (e.g. a version not released, for production). */
export class PolicyViolationError extends ConflictError {
  static override readonly errorName: string = 'PolicyViolationError';
  override readonly name = 'PolicyViolationError';
  /** The refusing rule, e.g. `allowedStates`. */
  readonly rule: string | undefined;
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.rule = typeof problem.rule === 'string' ? problem.rule : undefined;
  }
}
/** 409 `field-conflict`: another field manager owns fields Caravan would set; retry with `force: true` to take them over. */
export class FieldConflictError extends ConflictError {
  static override readonly errorName: string = 'FieldConflictError';
  override readonly name = 'FieldConflictError';
  /** Each contested field: the object (`Deployment/shop-web`), its owner and the field. */
  readonly conflicts: readonly FieldConflict[];
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.conflicts = Array.isArray(problem.conflicts) ? problem.conflicts : [];
  }
}
/** 412 `precondition-failed`: the resource changed since its ETag was read. */
export class PreconditionFailedError extends CaravanApiError {
  static override readonly errorName: string = 'PreconditionFailedError';
  override readonly name = 'PreconditionFailedError';
}
/** 413 `payload-too-large`. */
export class PayloadTooLargeError extends CaravanApiError {
  static override readonly errorName: string = 'PayloadTooLargeError';
  override readonly name = 'PayloadTooLargeError';
}
/** 415 `unsupported-media-type`. */
export class UnsupportedMediaTypeError extends CaravanApiError {
  static override readonly errorName: string = 'UnsupportedMediaTypeError';
  override readonly name = 'UnsupportedMediaTypeError';
}
/** 422 `idempotency-key-reused`: the key was used before with another request. */
export class IdempotencyKeyReusedError extends CaravanApiError {
  static override readonly errorName: string = 'IdempotencyKeyReusedError';
  override readonly name = 'IdempotencyKeyReusedError';
}
/**
 * 429 `too-many-requests`: too many bad tokens came from this address. Calls are retried after
 * the server's `Retry-After` first (see `retry`), so this surfaces once the retries are spent.
 */
export class TooManyRequestsError extends CaravanApiError {
  static override readonly errorName: string = 'TooManyRequestsError';
  override readonly name = 'TooManyRequestsError';
}
/** 502 `registry-unreachable`. */
export class RegistryUnreachableError extends CaravanApiError {
  static override readonly errorName: string = 'RegistryUnreachableError';
  override readonly name = 'RegistryUnreachableError';
}
/** 502 `cluster-unreachable`: the environment's cluster could not be reached. */
export class ClusterUnreachableError extends CaravanApiError {
  static override readonly errorName: string = 'ClusterUnreachableError';
  override readonly name = 'ClusterUnreachableError';
}
/** 502 `kubernetes-error`: the cluster refused a request; `kubernetesStatus` is its answer. */
export class KubernetesError extends CaravanApiError {
  static override readonly errorName: string = 'KubernetesError';
  override readonly name = 'KubernetesError';
  /** What the cluster answered: `code`, `reason` (`Forbidden`, `Invalid`, ...), `message`. */
  readonly kubernetesStatus: KubernetesStatus | undefined;
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.kubernetesStatus = problem.kubernetesStatus;
  }
}
/** 503 `unavailable`, and any other 5xx. */
export class ServerError extends CaravanApiError {
  static override readonly errorName: string = 'ServerError';
  override readonly name: string = 'ServerError';
}
/** `rollout-failed` (an Operation's error only): a component failed to roll out; `components` says which and why. */
export class RolloutFailedError extends ServerError {
  static override readonly errorName: string = 'RolloutFailedError';
  override readonly name: string = 'RolloutFailedError';
  /** The components that failed, with their `reason` (`CrashLoopBackOff`, `ImagePullBackOff`, ...). */
  readonly components: readonly ComponentStatus[];
  constructor(status: number, problem: Problem, headers?: Headers) {
    super(status, problem, headers);
    this.components = Array.isArray(problem.components) ? problem.components : [];
  }
}
/** `rollout-deadline-exceeded` (an Operation's error only): the rollout was not ready by its deadline. */
export class RolloutDeadlineExceededError extends RolloutFailedError {
  static override readonly errorName: string = 'RolloutDeadlineExceededError';
  override readonly name = 'RolloutDeadlineExceededError';
}

type ApiErrorClass = new (status: number, problem: Problem, headers?: Headers) => CaravanApiError;

const BY_KIND: Record<ProblemKind, ApiErrorClass> = {
  'invalid-input': ValidationError,
  unauthenticated: UnauthorizedError,
  forbidden: ForbiddenError,
  'not-found': NotFoundError,
  conflict: ConflictError,
  'version-exists': VersionExistsError,
  'version-immutable': VersionImmutableError,
  'invalid-transition': InvalidTransitionError,
  'registry-not-configured': RegistryNotConfiguredError,
  'precondition-failed': PreconditionFailedError,
  'payload-too-large': PayloadTooLargeError,
  'unsupported-media-type': UnsupportedMediaTypeError,
  'idempotency-key-reused': IdempotencyKeyReusedError,
  'idempotency-key-in-progress': ConflictError,
  'too-many-requests': TooManyRequestsError,
  // A method the path does not have: a bug in the caller, with no class of its own.
  'method-not-allowed': CaravanApiError,
  'operation-in-progress': OperationInProgressError,
  'policy-violation': PolicyViolationError,
  'field-conflict': FieldConflictError,
  'registry-unreachable': RegistryUnreachableError,
  'cluster-unreachable': ClusterUnreachableError,
  'kubernetes-error': KubernetesError,
  unavailable: ServerError,
  // These only describe how an Operation ended (its `error`); an HTTP answer carrying one maps by status.
  'operation-cancelled': ConflictError,
  'operation-not-started': ConflictError,
  'operation-failed': ServerError,
  'operation-abandoned': ServerError,
  'unknown-operation-kind': ServerError,
  'registry-sync-failed': ServerError,
  'operation-deadline-exceeded': ServerError,
  'rollout-failed': RolloutFailedError,
  'rollout-deadline-exceeded': RolloutDeadlineExceededError,
};

const BY_STATUS: Record<number, ApiErrorClass> = {
  400: ValidationError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  412: PreconditionFailedError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: IdempotencyKeyReusedError,
  429: TooManyRequestsError,
};

/**
 * The error for an error response: by problem type when it is one of
 * Caravan's, else by status. A body that is not a problem document (a proxy's
 * HTML page, say) still gives a typed error, with a synthesised problem.
 * @example
 * const res = await fetch(`${baseUrl}/v1/templates/shop`);
 * if (!res.ok) throw createApiError(res.status, await res.json().catch(() => undefined), res.headers);
 */
export function createApiError(status: number, body: unknown, headers: Headers = new Headers()): CaravanApiError {
  const problem = toProblem(status, body);
  const kind = problemKindOf(problem.type);
  const Class = (kind && BY_KIND[kind]) ?? BY_STATUS[status] ?? (status >= 500 ? ServerError : CaravanApiError);
  return new Class(status, problem, headers);
}

/**
 * The typed error for how an operation ended: undefined unless it failed or was cancelled.
 * Operations that fail resolve `client.operations.wait`; this turns their `error` into
 * something to throw or test with the guards.
 * @example
 * const done = await client.operations.wait(await client.environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1' }));
 * const error = operationError(done);
 * if (isRolloutFailedError(error)) console.error(error.components.map((c) => `${c.name}: ${c.reason}`));
 * else if (error) throw error;
 */
export function operationError(operation: Pick<Operation, 'state' | 'error'>): CaravanApiError | undefined {
  if (operation.state !== 'failed' && operation.state !== 'cancelled') return undefined;
  const problem = operation.error ?? { type: 'about:blank', title: `Operation ${operation.state}`, status: 500 };
  return createApiError(problem.status, problem);
}

function toProblem(status: number, body: unknown): Problem {
  if (typeof body === 'object' && body !== null && typeof (body as Problem).type === 'string') {
    const p = body as Problem;
    return { ...p, title: typeof p.title === 'string' ? p.title : `HTTP ${status}`, status: typeof p.status === 'number' ? p.status : status };
  }
  const detail = typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : undefined;
  return { type: 'about:blank', title: `HTTP ${status}`, status, ...(detail ? { detail } : {}) };
}

const guard =
  <T>(name: string) =>
  (value: unknown): value is T =>
    hasBrand(value, name);

/**
 * Guards: true when a value is that error (or a subclass), from this copy of the SDK or any other.
 * @example
 * try { await client.templates.get('shop'); } catch (e) { if (isNotFoundError(e)) return null; throw e; }
 */
/** True for any error thrown by this SDK. */
export const isCaravanError = guard<CaravanError>('CaravanError');
/** True for any error response from the server. */
export const isCaravanApiError = guard<CaravanApiError>('CaravanApiError');
export const isCaravanConnectionError = guard<CaravanConnectionError>('CaravanConnectionError');
export const isCaravanTimeoutError = guard<CaravanTimeoutError>('CaravanTimeoutError');
export const isStreamConsumedError = guard<StreamConsumedError>('StreamConsumedError');
export const isValidationError = guard<ValidationError>('ValidationError');
export const isUnauthorizedError = guard<UnauthorizedError>('UnauthorizedError');
export const isForbiddenError = guard<ForbiddenError>('ForbiddenError');
export const isNotFoundError = guard<NotFoundError>('NotFoundError');
/** True for every 409, including VersionExistsError and the other ConflictError subclasses. */
export const isConflictError = guard<ConflictError>('ConflictError');
export const isVersionExistsError = guard<VersionExistsError>('VersionExistsError');
export const isVersionImmutableError = guard<VersionImmutableError>('VersionImmutableError');
export const isInvalidTransitionError = guard<InvalidTransitionError>('InvalidTransitionError');
export const isRegistryNotConfiguredError = guard<RegistryNotConfiguredError>('RegistryNotConfiguredError');
export const isPreconditionFailedError = guard<PreconditionFailedError>('PreconditionFailedError');
export const isPayloadTooLargeError = guard<PayloadTooLargeError>('PayloadTooLargeError');
export const isUnsupportedMediaTypeError = guard<UnsupportedMediaTypeError>('UnsupportedMediaTypeError');
export const isIdempotencyKeyReusedError = guard<IdempotencyKeyReusedError>('IdempotencyKeyReusedError');
export const isTooManyRequestsError = guard<TooManyRequestsError>('TooManyRequestsError');
export const isRegistryUnreachableError = guard<RegistryUnreachableError>('RegistryUnreachableError');
export const isServerError = guard<ServerError>('ServerError');
export const isOperationInProgressError = guard<OperationInProgressError>('OperationInProgressError');
export const isPolicyViolationError = guard<PolicyViolationError>('PolicyViolationError');
export const isFieldConflictError = guard<FieldConflictError>('FieldConflictError');
export const isClusterUnreachableError = guard<ClusterUnreachableError>('ClusterUnreachableError');
export const isKubernetesError = guard<KubernetesError>('KubernetesError');
/** True for `rollout-failed` and `rollout-deadline-exceeded` (made by `operationError` from an operation's `error`). */
export const isRolloutFailedError = guard<RolloutFailedError>('RolloutFailedError');
export const isRolloutDeadlineExceededError = guard<RolloutDeadlineExceededError>('RolloutDeadlineExceededError');
