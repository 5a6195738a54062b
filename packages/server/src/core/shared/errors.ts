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
  | 'unavailable';

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

export function isCaravanError(e: unknown): e is CaravanError {
  return e instanceof CaravanError;
}
