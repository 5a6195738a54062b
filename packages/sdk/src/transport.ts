/**
 * The one place requests are made: ky with the client's base URL, token and
 * fetch; retries with backoff and jitter that honour Retry-After; an
 * Idempotency-Key generated once per logical write and reused on every retry;
 * error responses turned into typed errors.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance, type Options as KyOptions } from 'ky';
import { problemKindOf } from '@caravan/contracts/problems';
import { CaravanConnectionError, CaravanTimeoutError, createApiError, isCaravanError } from './errors.js';
import { PagePromise, type Page } from './pagination.js';

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  readonly limit?: number;
  /** Upper bound of one backoff delay, in ms. Default 10 000. */
  readonly backoffLimitMs?: number;
  /** Upper bound of a server's Retry-After, in ms. Default 60 000. */
  readonly maxRetryAfterMs?: number;
}

export interface TransportOptions {
  readonly baseUrl: string | URL;
  readonly token?: string | (() => string | Promise<string>) | undefined;
  readonly fetch?: ((request: Request) => Response | Promise<Response>) | undefined;
  readonly retry?: RetryPolicy | number | undefined;
  readonly headers?: Record<string, string> | undefined;
  /** Per-attempt timeout for ordinary calls, in ms. Default 30 000. */
  readonly timeoutMs?: number | undefined;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Aborts the call: its reason is what the call rejects with. */
  readonly signal?: AbortSignal;
  /** Extra headers for this call. */
  readonly headers?: Record<string, string>;
  /**
   * Timeout of each attempt of this call, in ms, instead of the client's `timeoutMs`; past it the
   * attempt counts as failed (and may be retried), the last one throws CaravanTimeoutError. To bound
   * the whole call, retries included, pass `signal: AbortSignal.timeout(ms)`.
   */
  readonly timeoutMs?: number;
  /**
   * Retries of this call instead of the client's `retry`: a number (the limit), a policy (its
   * fields over the client's), or `false` for none.
   */
  readonly retry?: RetryPolicy | number | false;
}

/** Options of calls that write. */
export interface WriteOptions extends CallOptions {
  /**
   * The Idempotency-Key. By default one is generated per call and reused on its
   * retries, so a retried write happens once: a DELETE whose answer was lost
   * gets its 204 again rather than a 404, a PUT with If-Match its first answer
   * rather than a 412. `false` sends none, and then the write is never retried.
   */
  readonly idempotencyKey?: string | false;
}

/** Options of updates guarded by an ETag. */
export interface UpdateOptions extends WriteOptions {
  /** The resource's `etag` (or ETag header) as last read; a mismatch throws PreconditionFailedError. */
  readonly ifMatch?: string;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Query parameters, as given; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** The query of a list call: its filters and page size, and the cursor to start from. */
export type ListQuery = Query & { readonly cursor?: string | undefined };

export interface RequestSpec extends WriteOptions {
  readonly method: Method;
  readonly path: string;
  readonly query?: Query | undefined;
  readonly json?: unknown;
  readonly ifMatch?: string | undefined;
  /** Statuses answered with a body that is a result, not an error (readiness 503). */
  readonly okStatuses?: readonly number[];
  /** For streams: no timeout and no retries (the caller reconnects itself). */
  readonly stream?: boolean;
}

/** The Caravan problem kind of an error body (ky hands it over parsed, or as text). */
function kindOfBody(data: unknown): string | undefined {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return problemKindOf(typeof type === 'string' ? type : undefined);
}

/**
 * Whether an error answer is final, though its status is one retries usually cover. A 409 is an
 * answer, except `idempotency-key-in-progress`: the same keyed request is still running elsewhere,
 * and sending it again after Retry-After (same key) gets its outcome. A 502 about a cluster is
 * Caravan's own answer, not a gateway's: the server already waited for the cluster, so asking again
 * at once only multiplies the wait (and a refusal stays a refusal).
 */
function isFinalAnswer(status: number, data: unknown): boolean {
  if (status === 409) return kindOfBody(data) !== 'idempotency-key-in-progress';
  if (status === 502) {
    const kind = kindOfBody(data);
    return kind === 'cluster-unreachable' || kind === 'kubernetes-error';
  }
  return false;
}

/** A v4 UUID; crypto.randomUUID only exists in secure browser contexts. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `"etag"` for a bare etag; a quoted, weak or `*` value is sent as given. */
export function toIfMatch(etag: string): string {
  return etag === '*' || etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`;
}

export class Transport {
  readonly #ky: KyInstance;
  readonly #retry: Required<RetryPolicy>;
  readonly #timeoutMs: number;

  constructor(options: TransportOptions) {
    const retry = typeof options.retry === 'number' ? { limit: options.retry } : (options.retry ?? {});
    this.#retry = { limit: retry.limit ?? 2, backoffLimitMs: retry.backoffLimitMs ?? 10_000, maxRetryAfterMs: retry.maxRetryAfterMs ?? 60_000 };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    const base = String(options.baseUrl);
    const userFetch = options.fetch;
    const token = options.token;
    this.#ky = ky.create({
      // A trailing slash makes relative paths extend the base URL's path instead of replacing its last segment.
      baseUrl: base.endsWith('/') ? base : `${base}/`,
      headers: { accept: 'application/json, application/problem+json', ...options.headers },
      // Only the Request goes to the injected fetch: app.fetch(request, env) must not receive ky's init as its env.
      ...(userFetch ? { fetch: async (input: RequestInfo | URL) => userFetch(input instanceof Request ? input : new Request(input)) } : {}),
      hooks: {
        beforeRequest: [
          async ({ request }) => {
            const secret = typeof token === 'function' ? await token() : token;
            if (secret) request.headers.set('authorization', `Bearer ${secret}`);
          },
        ],
      },
    });
  }

  /** Sends a request and returns the response; error statuses throw typed errors. */
  async send(spec: RequestSpec): Promise<Response> {
    const headers = new Headers(spec.headers);
    // Only reads are retried as they are. PUT and DELETE are idempotent in what they leave behind, not in
    // what they answer: a retried DELETE whose first answer was lost finds nothing (404), a retried If-Match
    // PUT a new ETag (412). With a key, the server replays the first answer instead.
    let methods: Method[] = ['get'];
    if (spec.method !== 'get') {
      // The key is fixed here, before ky's retries, so every attempt carries the same one.
      const key = spec.idempotencyKey === undefined ? newIdempotencyKey() : spec.idempotencyKey;
      if (key !== false) {
        headers.set('idempotency-key', key);
        methods = ['get', spec.method];
      }
    }
    if (spec.ifMatch !== undefined) headers.set('if-match', toIfMatch(spec.ifMatch));

    const searchParams: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) searchParams[k] = String(v);

    // The call's own retry policy, field by field over the client's.
    const own = typeof spec.retry === 'number' ? { limit: spec.retry } : spec.retry === false ? { limit: 0 } : spec.retry;
    const retry = {
      limit: own?.limit ?? this.#retry.limit,
      backoffLimitMs: own?.backoffLimitMs ?? this.#retry.backoffLimitMs,
      maxRetryAfterMs: own?.maxRetryAfterMs ?? this.#retry.maxRetryAfterMs,
    };
    const options: KyOptions = {
      method: spec.method,
      headers,
      searchParams,
      ...(spec.json !== undefined ? { json: spec.json } : {}),
      ...(spec.signal ? { signal: spec.signal } : {}),
      timeout: spec.stream ? false : (spec.timeoutMs ?? this.#timeoutMs),
      retry: spec.stream
        ? 0
        : {
            limit: retry.limit,
            methods,
            // Not 413 (ky's defaults retry one that carries Retry-After): a body too large
            // stays too large, so the server's answer is final. See isFinalAnswer for 409 and 502.
            statusCodes: [408, 409, 429, 500, 502, 503, 504],
            afterStatusCodes: [409, 429, 503],
            shouldRetry: ({ error }) => (isHTTPError(error) && isFinalAnswer(error.response.status, error.data) ? false : undefined),
            backoffLimit: retry.backoffLimitMs,
            maxRetryAfter: retry.maxRetryAfterMs,
            jitter: true,
          },
      throwHttpErrors: (status) => !spec.okStatuses?.includes(status),
    };
    try {
      return await this.#ky(spec.path, options);
    } catch (error) {
      throw await this.#mapError(error);
    }
  }

  /** Sends a request and parses its JSON body (undefined for 204). */
  async json<T>(spec: RequestSpec): Promise<T> {
    const response = await this.send(spec);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * A cursor-paginated GET as a PagePromise, starting at `params.cursor` (or the beginning).
   * Every page is fetched with the same filters and options; each next page at the
   * previous page's `nextCursor`. Nothing is sent until the result is awaited or iterated.
   */
  list<T>(path: string, params: ListQuery = {}, options: CallOptions = {}): PagePromise<T> {
    return new PagePromise<T>(
      (cursor) => this.json<Page<T>>({ ...options, method: 'get', path, query: { ...params, cursor } }),
      params.cursor,
    );
  }

  async #mapError(error: unknown): Promise<unknown> {
    if (isCaravanError(error)) return error;
    if (isHTTPError(error)) {
      let body: unknown = error.data;
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body);
        } catch {
          // Not JSON: keep the text as the detail.
        }
      }
      return createApiError(error.response.status, body, error.response.headers);
    }
    if (isTimeoutError(error)) return new CaravanTimeoutError(`Request timed out: ${error.message}`, { cause: error });
    if (isNetworkError(error)) return new CaravanConnectionError(`Could not reach the Caravan server: ${error.message}`, { cause: error });
    if (error instanceof Error && error.name === 'AbortError') return error;
    if (error instanceof TypeError) return new CaravanConnectionError(`Could not reach the Caravan server: ${error.message}`, { cause: error });
    return error;
  }
}
