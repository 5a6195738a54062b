/**
 * `Idempotency-Key` on writes. The first response to a (caller, key) pair is
 * stored; a replay gets it back with `Idempotency-Replayed: true`, and the same
 * key with another method, path or body answers 422 `idempotency-key-reused`.
 *
 * Concurrent duplicates: within one server a per-key lock makes the second
 * wait for the first and then replay it. Across replicas the store's
 * insert-if-absent decides which response is kept, and the loser answers with
 * the winner's response, so every caller sees one outcome.
 *
 * Stored are the outcomes of requests that reached the core (2xx, and 403, 404,
 * 409, 412); requests refused for their shape (400, 413, 415) or for a failure
 * on our side (5xx) changed nothing and may simply be sent again.
 *
 * A response that carries a secret shown once (a new token) is never stored:
 * the table would keep the secret in plain text. Its replay answers 409 and
 * says the work was done and the secret is not kept.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyRecord, Store } from '../core/store/port.js';
import type { AppEnv } from './env.js';
import { headerValue } from './validate.js';
import { invalidInput, problem } from './problem.js';

const TTL_MS = 24 * 60 * 60 * 1000;
const STORED_STATUSES = (status: number) => (status >= 200 && status < 300) || [403, 404, 409, 412].includes(status);
const KEPT_HEADERS = ['content-type', 'location', 'etag'];
/** Marks a stored outcome whose body was withheld; never sent to clients. */
const WITHHELD = 'x-caravan-withheld';

/** Responses with a once-only secret in them, which must not be kept. */
function carriesSecret(method: string, path: string): boolean {
  return method === 'POST' && path === '/v1/tokens';
}

export type IdempotencyStore = Store['idempotency'];

function replay(record: IdempotencyRecord): Response {
  const headers = new Headers(record.headers);
  headers.set('idempotency-replayed', 'true');
  return new Response(record.status === 204 ? null : record.body, { status: record.status, headers });
}

export function idempotency(store: IdempotencyStore): MiddlewareHandler<AppEnv> {
  const inFlight = new Map<string, Promise<unknown>>();

  return async (c, next) => {
    const { value: key, error } = headerValue(c, 'Idempotency-Key', 255);
    if (error) return invalidInput(c, 'The Idempotency-Key header is not valid.', [error]);
    if (!key) return next();

    const principal = c.get('actor').id;
    const method = c.req.method;
    const path = new URL(c.req.url).pathname;
    const requestHash = createHash('sha256').update(await c.req.text()).digest('hex');
    const lockKey = `${principal}\u0000${key}`;

    // Wait for an in-flight request with the same key; then it has (or has not) stored its outcome.
    // Taking the lock must follow the last wait with no await in between, or two duplicates both get it.
    for (let running = inFlight.get(lockKey); running; running = inFlight.get(lockKey)) await running.catch(() => undefined);
    let done!: () => void;
    inFlight.set(lockKey, new Promise<void>((resolve) => (done = resolve)));
    try {
      const previous = await store.get(principal, key);
      if (previous) {
        if (previous.method !== method || previous.path !== path || previous.requestHash !== requestHash) {
          return problem(c, 'idempotency-key-reused', `The Idempotency-Key "${key}" was used for another request (${previous.method} ${previous.path}${previous.requestHash !== requestHash ? ' with another body' : ''}). Use a new key for a new request.`);
        }
        if (previous.headers[WITHHELD]) {
          return problem(c, 'conflict', `This request (Idempotency-Key "${key}") was already carried out${previous.headers.location ? `: ${previous.headers.location}` : ''}. Its answer held a secret that is shown only once and is not kept; create a new token if it was lost.`, {}, { 'idempotency-replayed': 'true' });
        }
        c.res = replay(previous);
        return;
      }

      await next();
      const res = c.res;
      if (!STORED_STATUSES(res.status)) return;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const v = res.headers.get(name);
        if (v !== null) headers[name] = v;
      }
      const withheld = carriesSecret(method, path);
      if (withheld) headers[WITHHELD] = '1';
      const now = Date.now();
      const record: IdempotencyRecord = {
        principal, key, method, path, requestHash,
        status: res.status,
        headers,
        body: res.status === 204 || withheld ? '' : await res.clone().text(),
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + TTL_MS).toISOString(),
      };
      const stored = await store.put(record);
      // Another replica stored first: answer what it answered, so both callers agree.
      if (!withheld && (stored.createdAt !== record.createdAt || stored.body !== record.body || stored.status !== record.status)) {
        c.res = undefined;
        c.res = replay(stored);
      }
    } finally {
      inFlight.delete(lockKey);
      done();
    }
  };
}
