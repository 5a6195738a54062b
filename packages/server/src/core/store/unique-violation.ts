/**
 * Recognises a unique-key violation from either driver, however deeply drizzle
 * wrapped it (drizzle 0.45 throws DrizzleQueryError with the driver's error as
 * `cause`), and turns it into the port's StoreConflictError.
 */
import { StoreConflictError } from './port.js';

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);
const PG_UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SQLITE_UNIQUE_CODES.has(code) || code === PG_UNIQUE_VIOLATION)) return true;
  }
  return false;
}

/** Rethrows `error` as StoreConflictError when it is a unique violation, unchanged otherwise. */
export function rethrowConflict(error: unknown, what: string): never {
  if (isUniqueViolation(error)) throw new StoreConflictError(`${what} already exists`, { cause: error });
  throw error;
}
