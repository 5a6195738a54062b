/**
 * A client for one registry (one base URL, one set of credentials): requests
 * under `/v2/` with authentication, retries with backoff, redirects that never
 * carry credentials to another origin (and never downgrade or lead to refused
 * addresses, see `redirects.ts`), and registry error bodies turned into
 * readable errors. Connections are kept alive by the agent the caller passes.
 */
import type http from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout } from 'node:timers/promises';
import type { RegistryCredentials } from '../port.js';
import { AuthError, Authenticator } from './auth.js';
import { describeRefusal, type SourceHostRefusal } from '../source-allow-list.js';
import { guardedLookup, isNonPublicAddress, redirectRefusal } from './redirects.js';
import { RegistryRequestError, describeUrl, discard, readText, send, type RawResponse } from './transport.js';

export interface RetryPolicy {
  /** Attempts per request, including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 4000 };

export interface RegistryClientOptions {
  /** `scheme://host[:port]` */
  readonly baseUrl: string;
  readonly credentials?: RegistryCredentials | undefined;
  /** Keep-alive agent for this origin (http.Agent or https.Agent with the CA bundle). */
  readonly agent: http.Agent;
  /** Agent for redirects to other origins (object storage), by protocol. */
  readonly foreignAgent: (protocol: string) => http.Agent;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  /**
   * Hosts this client may reach besides its own (a source's allow-list): the
   * token service and every redirect target are checked before anything is
   * sent to them. Absent: any host (redirects still pass `redirects.ts`).
   */
  readonly allowHost?: (host: string, via: 'token-realm' | 'redirect') => SourceHostRefusal | undefined;
}

export interface RegistryRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under `/v2/` (e.g. `team/app/manifests/v1`), or an absolute URL (upload locations). */
  readonly path: string;
  /** Token scopes this request needs, e.g. `repository:team/app:pull`. */
  readonly scopes: readonly string[];
  readonly headers?: Record<string, string>;
  /** A Buffer is resent on retry; a stream is sent once (the caller retries the whole transfer). */
  readonly body?: Buffer | Readable;
  readonly signal?: AbortSignal | undefined;
  /** For a streamed body: wait for `100 Continue` before sending it (default true). */
  readonly expectContinue?: boolean;
  /** Statuses that count as success; any other throws a RegistryRequestError. Default: any. */
  readonly expect?: readonly number[];
}

const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** Waits `ms` before a retry; a cancellation ends the wait at once, as an `aborted` failure naming `what`. */
export async function backoff(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  try {
    await setTimeout(ms, undefined, signal !== undefined ? { signal } : {});
  } catch (err) {
    throw new RegistryRequestError('aborted', `${what}: aborted`, { retryable: false, cause: err });
  }
}

/** Registry error body `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}` -> code and message. */
async function registryError(res: RawResponse): Promise<{ code?: string; message?: string }> {
  try {
    const text = await readText(res, 64 * 1024);
    const body = JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> };
    const first = body.errors?.[0];
    return { ...(first?.code !== undefined ? { code: first.code } : {}), ...(first?.message !== undefined ? { message: first.message } : {}) };
  } catch {
    return {};
  }
}

export class RegistryClient {
  readonly baseUrl: URL;
  private readonly auth: Authenticator;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;

  constructor(private readonly opts: RegistryClientOptions) {
    this.baseUrl = new URL(opts.baseUrl);
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.auth = new Authenticator(opts.credentials, (url, authorization) => this.fetchToken(url, authorization), this.baseUrl.protocol === 'http:');
  }

  /** `host[:port]` as image references name it. */
  get host(): string {
    return this.baseUrl.host;
  }

  get hasCredentials(): boolean {
    return this.auth.hasCredentials;
  }

  private agentFor(url: URL): http.Agent {
    return url.origin === this.baseUrl.origin ? this.opts.agent : this.opts.foreignAgent(url.protocol);
  }

  /** Throws when the allow-list refuses `url`'s host, before anything is sent there. */
  private checkHost(url: URL, via: 'token-realm' | 'redirect', method: string): void {
    const refused = this.opts.allowHost?.(url.host, via);
    if (refused !== undefined) throw new RegistryRequestError('refused', `${method} ${describeUrl(url)}: ${describeRefusal(refused)}`, { retryable: false, refused });
  }

  private async fetchToken(url: URL, authorization: string | undefined): Promise<{ status: number; body: string }> {
    // Before the credentials go out: a token service the allow-list does not name gets nothing.
    this.checkHost(url, 'token-realm', 'GET');
    return this.withRetries('GET', url, undefined, async () => {
      const res = await send({
        method: 'GET', url, agent: this.agentFor(url), timeoutMs: this.timeoutMs,
        headers: { accept: 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
      });
      return { status: res.status, body: await readText(res, 1024 * 1024) };
    }, (r) => RETRY_STATUS.has(r.status));
  }

  /** Runs `attempt` until it succeeds, fails for good, or the attempts are spent; backs off with jitter and honours Retry-After. */
  private async withRetries<T>(method: string, url: URL, signal: AbortSignal | undefined, attempt: () => Promise<T>, retryOn: (r: T) => boolean, retryAfter?: (r: T) => number | undefined): Promise<T> {
    for (let i = 1; ; i++) {
      let delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (i - 1)) * (0.5 + Math.random() / 2);
      try {
        const r = await attempt();
        if (i >= this.retry.attempts || !retryOn(r)) return r;
        const after = retryAfter?.(r);
        if (after !== undefined) delay = Math.min(after, 30_000);
      } catch (err) {
        const retryable = err instanceof RegistryRequestError || err instanceof AuthError ? err.retryable : false;
        if (!retryable || i >= this.retry.attempts) throw err;
      }
      await backoff(delay, signal, `${method} ${describeUrl(url)}`);
    }
  }

  resolve(path: string): URL {
    return path.startsWith('http://') || path.startsWith('https://') ? new URL(path) : new URL(`/v2/${path}`, this.baseUrl);
  }

  /**
   * Sends a request: authenticates on a 401 (at most twice), retries network
   * failures and 408/429/5xx with backoff when the body can be resent, and
   * follows redirects of GET/HEAD. Throws when `expect` is given and missed.
   */
  async request(req: RegistryRequest): Promise<RawResponse> {
    const url = this.resolve(req.path);
    const streamed = req.body !== undefined && !Buffer.isBuffer(req.body);
    const once = async (): Promise<RawResponse> => {
      let authRounds = 0;
      for (;;) {
        let authorization: string | undefined;
        try {
          authorization = await this.auth.authorization(req.scopes);
        } catch (err) {
          throw this.authFailure(err, req.method, url);
        }
        const res = await this.follow(req, url, authorization);
        if (res.status === 401 && authRounds < 2 && !streamed) {
          await discard(res);
          authRounds++;
          const header = res.headers['www-authenticate'];
          if (this.auth.onChallenge(Array.isArray(header) ? header[0] : header, req.scopes, authorization !== undefined)) continue;
          return res;
        }
        return res;
      }
    };
    const res = streamed
      ? await once()
      : await this.withRetries(req.method, url, req.signal, once, (r) => {
        if (!RETRY_STATUS.has(r.status)) return false;
        void discard(r);
        return true;
      }, (r) => {
        const v = r.headers['retry-after'];
        const seconds = v !== undefined ? Number(v) : NaN;
        return Number.isFinite(seconds) ? seconds * 1000 : undefined;
      });
    if (req.expect !== undefined && !req.expect.includes(res.status)) throw await this.statusError(req.method, url, res);
    return res;
  }

  private authFailure(err: unknown, method: string, url: URL): RegistryRequestError {
    if (err instanceof RegistryRequestError) return err;
    const e = err as AuthError;
    // An AuthError without a status is the registry's setup (its token service), not refused credentials.
    return new RegistryRequestError(e.status === undefined ? 'config' : 'auth', `${method} ${describeUrl(url)}: ${e.message}`, {
      ...(e.status !== undefined ? { status: e.status } : {}), retryable: e.retryable ?? false, cause: err,
    });
  }

  /**
   * Sends one request, following up to 5 redirects for GET/HEAD; Authorization goes only to the registry's
   * own origin, and redirects that downgrade to http or lead to refused addresses (`redirects.ts`) fail.
   */
  private async follow(req: RegistryRequest, first: URL, authorization: string | undefined): Promise<RawResponse> {
    let url = first;
    let originIsPublic: boolean | undefined;
    for (let hops = 0; ; hops++) {
      const sameOrigin = url.origin === this.baseUrl.origin;
      const res = await send({
        method: req.method, url, agent: this.agentFor(url), timeoutMs: this.timeoutMs, signal: req.signal, body: req.body, expectContinue: req.expectContinue,
        headers: { ...(req.headers ?? {}), ...(authorization !== undefined && sameOrigin ? { authorization } : {}) },
        ...(hops > 0 && !sameOrigin ? { lookup: guardedLookup(originIsPublic ?? true) } : {}),
      });
      const location = res.headers.location;
      if ((req.method === 'GET' || req.method === 'HEAD') && [301, 302, 303, 307, 308].includes(res.status) && location !== undefined && hops < 5) {
        // Where the registry answered from, not what its name looks like, says whether it is public.
        originIsPublic ??= !isNonPublicAddress(res.body.socket?.remoteAddress ?? url.hostname);
        await discard(res);
        const next = new URL(location, url);
        const refusal = redirectRefusal(url, next, originIsPublic);
        if (refusal !== undefined) {
          throw new RegistryRequestError('protocol', `${req.method} ${describeUrl(url)}: redirect refused: ${refusal}`, { status: res.status, retryable: false });
        }
        if (next.origin !== this.baseUrl.origin) this.checkHost(next, 'redirect', req.method);
        url = next;
        continue;
      }
      return res;
    }
  }

  /** An error for an unexpected status, with the registry's own error code when it sent one. */
  async statusError(method: string, url: URL, res: RawResponse): Promise<RegistryRequestError> {
    const { code, message } = method === 'HEAD' ? {} : await registryError(res);
    if (method === 'HEAD') await discard(res);
    const status = res.status;
    const detail = code !== undefined ? ` ${code}${message !== undefined ? `: ${message}` : ''}` : '';
    const where = `${method} ${describeUrl(url)}`;
    if (status === 401 || status === 403) {
      const why = status === 401
        ? (this.auth.hasCredentials ? 'credentials refused or lacking rights' : 'authentication required and no credentials are configured')
        : 'access denied';
      return new RegistryRequestError('auth', `${where}: ${status} ${why}${detail}`, { status, ...(code !== undefined ? { code } : {}), retryable: false });
    }
    return new RegistryRequestError('http', `${where}: ${status}${detail}`, {
      status, ...(code !== undefined ? { code } : {}), retryable: RETRY_STATUS.has(status),
    });
  }
}
