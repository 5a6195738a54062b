/**
 * Cursor pagination, the same for every list.
 *
 * A cursor is the base64url of the keyset key of the last item returned (a
 * name, a sort key, an id or a sequence number), wrapped so a cursor from one
 * list is refused by another. Callers treat it as opaque.
 */
import { InvalidInputError } from './errors.js';
import type { Page, PageRequest } from '../api.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function pageLimit(page: PageRequest | undefined): number {
  const limit = page?.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${MAX_LIMIT}`, [
      { pointer: '/limit', message: `must be an integer from 1 to ${MAX_LIMIT}`, code: 'out-of-range' },
    ]);
  }
  return limit;
}

export function encodeCursor(list: string, key: string): string {
  return Buffer.from(JSON.stringify([list, key]), 'utf8').toString('base64url');
}

/** The keyset key inside a cursor, or undefined when there is no cursor. */
export function decodeCursor(list: string, cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value[0] === list && typeof value[1] === 'string') return value[1];
  } catch {
    // fall through: any undecodable cursor gets the same answer
  }
  throw new InvalidInputError('the cursor is not one this list handed out', [
    { pointer: '/cursor', message: 'unknown or malformed cursor', code: 'invalid-cursor' },
  ]);
}

/**
 * Runs a keyset query asking for one row more than the page holds, to know
 * whether there is a next page without a count.
 */
export async function keysetPage<R, T>(
  list: string,
  page: PageRequest | undefined,
  query: (after: string | undefined, limit: number) => Promise<R[]>,
  keyOf: (row: R) => string,
  toItem: (row: R) => T,
): Promise<Page<T>> {
  const limit = pageLimit(page);
  const after = decodeCursor(list, page?.cursor);
  const rows = await query(after, limit + 1);
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return more && last !== undefined
    ? { items: pageRows.map(toItem), nextCursor: encodeCursor(list, keyOf(last)) }
    : { items: pageRows.map(toItem) };
}

/**
 * A keyset query that leaves out rows `keep` refuses (a filter the store does
 * not index, or rows the caller may not see), reading on in the store's order
 * until `limit` rows are kept or the list ends; for `keysetPage`.
 */
export function filteredQuery<R>(
  query: (after: string | undefined, limit: number) => Promise<R[]>,
  keep: (row: R) => boolean,
  keyOf: (row: R) => string,
): (after: string | undefined, limit: number) => Promise<R[]> {
  return async (after, limit) => {
    const out: R[] = [];
    for (let cursor = after; ; ) {
      const rows = await query(cursor, limit);
      out.push(...rows.filter(keep));
      if (out.length >= limit || rows.length < limit) return out.slice(0, limit);
      cursor = keyOf(rows[rows.length - 1]!);
    }
  };
}
