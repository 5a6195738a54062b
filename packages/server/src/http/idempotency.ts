/**
 * `Idempotency-Key` on writes. The first response to a (caller, key) pair is
 * stored; a replay gets it back with `Idempotency-Replayed: true`, and the same
 * key with another method, path or body answers 422 `idempotency-key-reused`.
 *
 * The key is reserved before the work is done, so the work happens once even
 * across replicas sharing one database: the store's insert-if-absent decides
 * which request holds the reservation, and a duplicate that arrives while it
 * is held answers 409 `idempotency-key-in-progress` with `Retry-After: 1`.
 * The holder turns the reservation into the stored response when it is done
 * (compare-and-set on its reservation token). While its request runs, the
 * holder renews the reservation every `staleAfterMs / 3` (compare-and-set on
 * its token again), so a long request keeps it; a reservation not renewed for
 * `staleAfterMs` belongs to a request whose server died, and the next
 * duplicate takes it over and does the work. Within one server a per-key lock makes a
 * duplicate wait for the first and then replay it instead of answering 409.
 *
 * Stored are the outcomes of requests that reached the core (2xx, and 403, 404,
 * 409, 412); requests refused for their shape (400, 413, 415) or for a failure
 * on our side (5xx) changed nothing and may simply be sent again, so their
 * reservation is dropped.
 *
 * A response marked `Cache-Control: no-store` (a new token, whose secret is
 * shown once) is never stored: the table would keep the secret in plain text.
 * The response decides, not the path, so this holds wherever the app is
 * mounted. Its replay answers 409 and says the work was done and the answer
 * is not kept.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { IDEMPOTENCY_RESERVED, type IdempotencyRecord, type Store } from '../core/index.js';
import type { AppEnv } from './env.js';
import { headerValue } from './validate.js';
import { invalidInput, problem } from './problem.js';

const TTL_MS = 24 * 60 * 60 * 1000;
/** Default age after which a reservation is taken to be orphaned by a server that died mid-request. */
export const DEFAULT_RESERVATION_STALE_MS = 60_000;
const STORED_STATUSES = (status: number) => (status >= 200 && status < 300) || [403, 404, 409, 412].includes(status);
const KEPT_HEADERS = ['content-type', 'location', 'etag'];
/** Marks a stored outcome whose body was withheld; never sent to clients. */
const WITHHELD = 'x-caravan-withheld';

/** Responses their route marked not to be stored anywhere (a once-only secret in them). */
function mustNotStore(res: Response): boolean {
  return (res.headers.get('cache-control') ?? '').split(',').some((d) => d.trim().toLowerCase() === 'no-store');
}

export type IdempotencyStore = Store['idempotency'];

export interface IdempotencyOptions {
  /** A reservation not renewed for this long is taken over by the next duplicate (default 60 s); its holder renews it every third of it. */
  staleAfterMs?: number;
}

function replay(record: IdempotencyRecord): Response {
  const headers = new Headers(record.headers);
  headers.set('idempotency-replayed', 'true');
  return new Response(record.status === 204 ? null : record.body, { status: record.status, headers });
}

const iso = (ms: number) => new Date(ms).toISOString();

export function idempotency(store: IdempotencyStore, options: IdempotencyOptions = {}): MiddlewareHandler<AppEnv> {
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_RESERVATION_STALE_MS;
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
      const token = randomUUID();
      const now = Date.now();
      const reservation: IdempotencyRecord = {
        principal, key, method, path, requestHash,
        status: IDEMPOTENCY_RESERVED,
        headers: {},
        body: token,
        createdAt: iso(now),
        expiresAt: iso(now + TTL_MS),
      };
      const existing = (await store.get(principal, key)) ?? (await store.put(reservation));
      let holding = existing.status === IDEMPOTENCY_RESERVED && existing.body === token;
      if (!holding) {
        if (existing.method !== method || existing.path !== path || existing.requestHash !== requestHash) {
          return problem(c, 'idempotency-key-reused', `The Idempotency-Key "${key}" was used for another request (${existing.method} ${existing.path}${existing.requestHash !== requestHash ? ' with another body' : ''}). Use a new key for a new request.`);
        }
        if (existing.status === IDEMPOTENCY_RESERVED) {
          const stale = now - Date.parse(existing.createdAt) >= staleAfterMs;
          holding = stale && (await store.takeOver(principal, key, existing.body, { body: token, createdAt: reservation.createdAt, expiresAt: reservation.expiresAt }));
          if (!holding) {
            return problem(c, 'idempotency-key-in-progress', `A request with the Idempotency-Key "${key}" is still being carried out; send it again shortly to get its answer.`, {}, { 'retry-after': '1' });
          }
        } else if (existing.headers[WITHHELD]) {
          return problem(c, 'conflict', `This request (Idempotency-Key "${key}") was already carried out${existing.headers.location ? `: ${existing.headers.location}` : ''}. Its answer held a secret that is shown only once and is not kept; create a new token if it was lost.`, {}, { 'idempotency-replayed': 'true' });
        } else {
          c.res = replay(existing);
          return;
        }
      }

      // Renewing keeps a slow request's reservation from looking orphaned; a renewal that finds
      // the reservation gone (completed, released, or taken over) changes nothing.
      let renewing: Promise<unknown> = Promise.resolve();
      const renew = setInterval(() => {
        renewing = store
          .takeOver(principal, key, token, { body: token, createdAt: iso(Date.now()), expiresAt: iso(Date.now() + TTL_MS) })
          .catch(() => undefined);
      }, Math.max(1, Math.floor(staleAfterMs / 3)));
      let completed = false;
      try {
        await next();
        clearInterval(renew);
        await renewing;
        const res = c.res;
        if (STORED_STATUSES(res.status)) {
          const headers: Record<string, string> = {};
          for (const name of KEPT_HEADERS) {
            const v = res.headers.get(name);
            if (v !== null) headers[name] = v;
          }
          const withheld = mustNotStore(res);
          if (withheld) headers[WITHHELD] = '1';
          const body = res.status === 204 || withheld ? '' : await res.clone().text();
          // False only when a duplicate took the reservation over (this request outlived `staleAfterMs`); this answer still stands.
          completed = await store.complete(principal, key, token, { status: res.status, headers, body, expiresAt: iso(Date.now() + TTL_MS) });
        }
      } finally {
        clearInterval(renew);
        await renewing;
        if (!completed) await store.release(principal, key, token).catch(() => undefined);
      }
    } finally {
      inFlight.delete(lockKey);
      done();
    }
  };
}
