/**
 * ETag and If-Match. A resource's `etag` field is served as the `ETag` header
 * (double-quoted); `If-Match` is accepted quoted or bare, strong or weak, and
 * handed to the core, which compares it inside the same write that applies
 * the change (so a check here could not race with another writer).
 */
import type { Context } from 'hono';
import type { Precondition } from '../core/api.js';

export function etagHeader(etag: string): string {
  return `"${etag}"`;
}

export function setEtag(c: Context, resource: { etag: string }): void {
  c.header('ETag', etagHeader(resource.etag));
}

/** The If-Match precondition of a request; `*` (any current version) is no precondition. */
export function precondition(c: Context): Precondition {
  const raw = c.req.header('if-match')?.trim();
  if (!raw || raw === '*') return {};
  // A list of ETags is legal HTTP; we only ever hand out one, so the first one decides.
  const first = raw.split(',')[0]!.trim().replace(/^W\//, '');
  const ifMatch = first.startsWith('"') && first.endsWith('"') && first.length >= 2 ? first.slice(1, -1) : first;
  return { ifMatch };
}
