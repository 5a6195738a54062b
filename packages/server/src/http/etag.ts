/**
 * ETag and If-Match. A resource's `etag` field is already an HTTP entity-tag
 * (quotes included), so it is served as the `ETag` header as is. `If-Match`
 * is handed to the core untouched (lists, weak and bare forms are the core's
 * to read), which compares it inside the same write that applies the change,
 * so a check here could not race with another writer.
 */
import type { Context } from 'hono';
import type { Precondition } from '../core/index.js';
import { InvalidInputError } from '../core/index.js';
import { headerValue } from './validate.js';

/** The contract's bound on `If-Match` (openapi `IfMatch` parameter). */
const IF_MATCH_MAX = 256;

export function setEtag(c: Context, resource: { etag: string }): void {
  c.header('ETag', resource.etag);
}

/** The If-Match precondition of a request, as sent; over 256 characters is invalid input. */
export function precondition(c: Context): Precondition {
  const { value, error } = headerValue(c, 'If-Match', IF_MATCH_MAX);
  if (error) throw new InvalidInputError('The If-Match header is not valid.', [error]);
  return value === undefined ? {} : { ifMatch: value };
}
