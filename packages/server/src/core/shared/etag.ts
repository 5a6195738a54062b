/**
 * ETags and If-Match, the same for every resource: a resource's etag is its
 * store revision, quoted as HTTP writes it.
 */
import { PreconditionFailedError } from './errors.js';
import type { Precondition } from '../api.js';

/** The ETag of a resource at a revision: a quoted opaque string, as HTTP writes it. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * Checks an If-Match value against the current revision. `*` matches anything;
 * weak and unquoted forms are accepted since proxies and hand-written clients vary.
 */
export function checkPrecondition(pre: Precondition | undefined, revision: number, what: string): void {
  const ifMatch = pre?.ifMatch?.trim();
  if (ifMatch === undefined || ifMatch === '' || ifMatch === '*') return;
  const current = etagOf(revision);
  const offered = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (offered.some((t) => t === current || `"${t}"` === current)) return;
  throw new PreconditionFailedError(`${what} has changed since you read it (its ETag is now ${current}); read it again and retry`, {
    etag: current,
  });
}
