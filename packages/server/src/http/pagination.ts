/**
 * Cursor pagination passthrough: `cursor` and `limit` from the query go to the
 * core as they are; its `{ items, nextCursor? }` goes back as the page body.
 * Query validation (limit 1..200) happens in the route's schema.
 */
import type { Page, PageRequest } from '../core/index.js';

export function pageRequest(query: { cursor?: string | undefined; limit?: number | undefined }): PageRequest {
  const page: { cursor?: string; limit?: number } = {};
  if (query.cursor !== undefined) page.cursor = query.cursor;
  if (query.limit !== undefined) page.limit = query.limit;
  return page;
}

export function pageBody<T>(page: Page<T>): { items: T[]; nextCursor?: string } {
  return page.nextCursor ? { items: page.items, nextCursor: page.nextCursor } : { items: page.items };
}
