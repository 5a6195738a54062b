/**
 * Domain errors. They know nothing about HTTP status codes: the HTTP face maps
 * each `kind` to a status and a stable problem `type` in one place.
 */

/** Where in the input a problem is, as a JSON pointer (RFC 6901), and what it is. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
  readonly code?: string;
}

export type CaravanErrorKind =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'version-exists'
  | 'version-immutable'
  | 'invalid-transition'
  | 'forbidden'
  | 'unauthenticated'
  | 'precondition-failed'
  | 'registry-not-configured'
  | 'registry-unreachable'
  | 'unavailable'
  | 'operation-in-progress'
  | 'policy-violation'
  | 'field-conflict'
  | 'cluster-unreachable'
  | 'kubernetes-error';

export class CaravanError extends Error {
  readonly kind: CaravanErrorKind;
  readonly details: Record<string, unknown> | undefined;
  constructor(kind: CaravanErrorKind, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CaravanError';
    this.kind = kind;
    this.details = details;
  }
}

export class InvalidInputError extends CaravanError {
  readonly errors: readonly FieldError[];
  constructor(message: string, errors: readonly FieldError[] = []) {
    super('invalid-input', message, { errors });
    this.name = 'InvalidInputError';
    this.errors = errors;
  }
}

export class NotFoundError extends CaravanError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('not-found', message, details);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends CaravanError {
  constructor(message: string, details?: Record<string, unknown>, kind: 'conflict' | 'version-exists' | 'version-immutable' | 'invalid-transition' = 'conflict') {
    super(kind, message, details);
    this.name = 'ConflictError';
  }
}

export class ForbiddenError extends CaravanError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('forbidden', message, details);
    this.name = 'ForbiddenError';
  }
}

export class UnauthenticatedError extends CaravanError {
  constructor(message = 'A valid bearer token is required') {
    super('unauthenticated', message);
    this.name = 'UnauthenticatedError';
  }
}

export class PreconditionFailedError extends CaravanError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('precondition-failed', message, details);
    this.name = 'PreconditionFailedError';
  }
}

/** Another long operation holds the subject (one active operation per install, per version). */
export class OperationInProgressError extends CaravanError {
  readonly operation: string;
  constructor(message: string, operation: string) {
    super('operation-in-progress', message, { operation });
    this.name = 'OperationInProgressError';
    this.operation = operation;
  }
}

/** An environment's policy refuses the move; `rule` names the rule (e.g. `allowedStates`). */
export class PolicyViolationError extends CaravanError {
  constructor(message: string, rule: string, details?: Record<string, unknown>) {
    super('policy-violation', message, { rule, ...details });
    this.name = 'PolicyViolationError';
  }
}

export function isCaravanError(e: unknown): e is CaravanError {
  return e instanceof CaravanError;
}
