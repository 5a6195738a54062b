/**
 * Repeated reads of unchanged data, answered from memory. Portals and
 * dashboards poll the same pages; a page of 50 operations is ~60 KB of JSON
 * that costs far more to read, decode, convert and serialise than the
 * framework spends on the request itself.
 *
 * Exact, never stale: every entry belongs to one data version of the store
 * (`version()`, asked on every read: for SQLite, the commits of other
 * connections to the file, from this or any other process, plus this
 * connection's own changes; for PostgreSQL, the server's current snapshot).
 * When the version moves, for any write anywhere, the whole cache is dropped,
 * so an answer from it is byte for byte what the handler would compute now.
 *
 * Only the contract's plain reads of templates, versions, operations and the
 * audit trail are kept, and only their 200 answers. What they return depends
 * on the data and on the caller's roles and environments (which decide what
 * it may see), never on who the caller is otherwise; those are part of the key.
 * Authentication runs before this, so a revoked token is refused as before.
 */
import type { MiddlewareHandler } from 'hono';
import type { Actor } from '../core/index.js';
import type { AppEnv } from './env.js';

export interface ReadCacheOptions {
  /** The store's data version now (see `Store.dataVersion`). */
  version: () => string | Promise<string>;
  /** Bound on what is kept (bodies and keys), in bytes; default 16 MiB. */
  maxBytes?: number;
}

/** The reads whose answers depend only on the data and the caller's scope. */
const CACHEABLE = [
  /^\/v1\/templates$/,
  /^\/v1\/templates\/[^/]+$/,
  /^\/v1\/templates\/[^/]+\/versions$/,
  /^\/v1\/templates\/[^/]+\/versions\/[^/]+$/,
  /^\/v1\/operations$/,
  /^\/v1\/operations\/[^/]+$/,
  /^\/v1\/audit$/,
];

interface Entry {
  /** Encoded once: a hit then writes bytes, with no string to measure and encode again. */
  readonly body: Uint8Array<ArrayBuffer>;
  readonly headers: Record<string, string>;
}

const encoder = new TextEncoder();

/** What the caller may see: its roles and environments, order aside. */
function scopeOf(actor: Actor): string {
  return `${[...actor.roles].sort().join(',')}|${actor.environments === undefined ? '*' : [...actor.environments].sort().join(',')}`;
}

export function readCache(options: ReadCacheOptions): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let current: string | undefined;

  const version = async (): Promise<string | undefined> => {
    let v: string | undefined;
    try {
      const asked = options.version();
      v = typeof asked === 'string' ? asked : await asked;
    } catch {
      v = undefined; // the store is closed or unreachable: read through, and the handler answers as it can
    }
    if (v !== current) {
      entries.clear();
      bytes = 0;
      current = v;
    }
    return v;
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' || !CACHEABLE.some((r) => r.test(c.req.path))) return next();
    const v = await version();
    if (v === undefined) return next();
    const url = c.req.url;
    // Path and query as sent: the same question asked the same way.
    const key = `${scopeOf(c.get('actor'))}\n${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
    const hit = entries.get(key);
    if (hit !== undefined) return c.body(hit.body, 200, hit.headers);

    // The reads answer with c.json: serialise once here, answer with those bytes, and keep them
    // (reading them back out of the Response would build a whole fetch Response per miss).
    let body: Uint8Array<ArrayBuffer> | undefined;
    c.json = ((object: unknown, arg?: number | ResponseInit, headers?: Record<string, string>) => {
      body = encoder.encode(JSON.stringify(object));
      return c.body(body, arg as never, { 'Content-Type': 'application/json', ...headers });
    }) as unknown as typeof c.json;
    await next();
    const res = c.res;
    if (body === undefined || res.status !== 200) return;
    const type = res.headers.get('content-type');
    if (type === null || !type.startsWith('application/json')) return;
    const headers: Record<string, string> = { 'content-type': type };
    const etag = res.headers.get('etag');
    if (etag !== null) headers.etag = etag;
    // Only if no write has happened since this read began: otherwise it may hold newer data than `v` names.
    if ((await version()) !== v || body.byteLength > maxBytes / 4) return;
    // Reads of one URL that missed together each get here; the first one's entry is this answer already
    // (the version is still v, and every entry belongs to it). Counting each again made the cache believe
    // itself full while it held a few entries, and then it kept none: every read missed.
    if (entries.has(key)) return;
    const size = body.byteLength + key.length;
    while (bytes + size > maxBytes && entries.size > 0) {
      const [oldest, entry] = entries.entries().next().value!;
      entries.delete(oldest);
      bytes -= entry.body.byteLength + oldest.length;
    }
    entries.set(key, { body, headers });
    bytes += size;
  };
}
