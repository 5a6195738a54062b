/**
 * One cluster's connection pool and its request/response exchange: JSON in,
 * text out, a deadline on every request, the caller's AbortSignal honoured,
 * and socket or TLS failures turned into ClusterUnreachableError in words an
 * administrator can act on.
 *
 * Transport: one node:https Agent with keepAlive per cluster, not undici.
 * The TLS material (CA, client certificate, key, SNI name) is per cluster and
 * lives on the agent, which is exactly https.Agent's model; every request of
 * a client shares its sockets; `req.reusedSocket` tells a stale keep-alive
 * reset (safe to retry once) from a real one, and counts new connections; and
 * it needs no dependency beyond Node (undici is only a transitive dependency
 * of @kubernetes/client-node here). Node's https is HTTP/1.1, so concurrent
 * requests use up to `maxSockets` connections, idle ones are closed after
 * `IDLE_SOCKET_MS` and never keep the process alive.
 */
import type { Agent, AgentOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { ClusterUnreachableError, KubeApiError, type KubeRequestInfo, type KubeStatus, type UnreachableFailure } from './errors.js';

// Loaded on first use, as the registry client does: `import` of node:https builds a namespace whose
// lazy exports pull in more than this file needs.
const nodeHttps = (): typeof import('node:https') => process.getBuiltinModule('node:https');

/** Idle keep-alive sockets are closed after this long (below common load-balancer idle timeouts). */
const IDLE_SOCKET_MS = 30_000;
/** Lists of thousands of objects are a few MiB; anything past this is not an answer Caravan can use. */
const MAX_RESPONSE_BYTES = 64 << 20;

export interface TlsAndAuth {
  readonly ca?: Buffer | string | undefined;
  readonly cert?: Buffer | string | undefined;
  readonly key?: Buffer | string | undefined;
  readonly servername?: string | undefined;
  /** Headers every request carries (Authorization). */
  readonly headers: Readonly<Record<string, string>>;
}

export interface TransportOptions {
  /** Default deadline of one request, in ms. */
  readonly timeoutMs: number;
  /** At most this many connections to the API server at once. */
  readonly maxSockets: number;
  readonly userAgent: string;
}

export interface SendRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path below the server URL, starting with `/`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Sent as JSON text. */
  readonly body?: unknown;
  /** Default `application/json` when there is a body. */
  readonly contentType?: string;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
}

export interface SendResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Texts of the `Warning` headers (`299 - "<text>"`), e.g. unknown fields under fieldValidation=Warn. */
  readonly warnings: readonly string[];
  readonly text: string;
}

export interface TransportStats {
  /** Connections opened so far (a request on a kept-alive socket opens none). */
  readonly socketsOpened: number;
  readonly requests: number;
}

export class Transport {
  readonly server: string;
  private readonly agent: Agent;
  private readonly headers: Record<string, string>;
  private opened = 0;
  private requests = 0;

  constructor(server: string, tls: TlsAndAuth, private readonly opts: TransportOptions) {
    this.server = server;
    const agentOptions: AgentOptions = {
      keepAlive: true,
      keepAliveMsecs: 30_000,
      maxSockets: opts.maxSockets,
      maxFreeSockets: opts.maxSockets,
      scheduling: 'lifo',
      // On an agent, `timeout` applies to idle pooled sockets: they are closed after this long.
      timeout: IDLE_SOCKET_MS,
      ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
      ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls.key !== undefined ? { key: tls.key } : {}),
      ...(tls.servername ? { servername: tls.servername } : {}),
    };
    this.agent = new (nodeHttps().Agent)(agentOptions);
    this.headers = { accept: 'application/json', 'user-agent': opts.userAgent, ...tls.headers };
  }

  stats(): TransportStats {
    return { socketsOpened: this.opened, requests: this.requests };
  }

  /** Closes every pooled connection; later requests open new ones. */
  close(): void {
    this.agent.destroy();
  }

  /** One exchange; a reset on a reused keep-alive socket (the server closed it while idle) is retried once on a fresh one. */
  async send(req: SendRequest): Promise<SendResponse> {
    try {
      return await this.once(req);
    } catch (e) {
      if (e instanceof StaleSocketError && !req.signal?.aborted) return this.once(req);
      if (e instanceof StaleSocketError) throw e.original;
      throw e;
    }
  }

  /** `send`, then any status >= 400 thrown as KubeApiError (the caller handles the ones it expects first via `send`). */
  async sendOk(req: SendRequest): Promise<SendResponse> {
    const res = await this.send(req);
    if (res.status >= 400) throw this.apiError(req, res);
    return res;
  }

  apiError(req: SendRequest, res: SendResponse): KubeApiError {
    return new KubeApiError(this.info(req), res.status, statusOf(res), res.text);
  }

  info(req: Pick<SendRequest, 'method' | 'path'>): KubeRequestInfo {
    return { server: this.server, method: req.method, path: req.path };
  }

  private once(req: SendRequest): Promise<SendResponse> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
    const timeoutMs = req.timeoutMs ?? this.opts.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
    const headers: Record<string, string | number> = { ...this.headers };
    if (payload) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    this.requests++;
    const fail = (err: unknown, reused: boolean): Error => {
      if (req.signal?.aborted) return toError(req.signal.reason);
      if (deadline.aborted) {
        return new ClusterUnreachableError(this.server, 'timeout', `no answer to ${req.method} ${req.path} within ${timeoutMs} ms`, 'ETIMEDOUT', { cause: err });
      }
      const unreachable = unreachableError(this.server, err);
      const code = (err as NodeJS.ErrnoException)?.code;
      if (reused && (code === 'ECONNRESET' || code === 'EPIPE')) return new StaleSocketError(unreachable);
      return unreachable;
    };

    return new Promise<SendResponse>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => { if (!settled) { settled = true; f(); } };
      const r = nodeHttps().request(url, { method: req.method, agent: this.agent, headers, signal }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy();
            settle(() => reject(new ClusterUnreachableError(this.server, 'network', `the answer to ${req.method} ${req.path} exceeds ${MAX_RESPONSE_BYTES >> 20} MiB`, undefined)));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => settle(() => resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          warnings: parseWarnings(res.headersDistinct.warning),
          text: Buffer.concat(chunks).toString('utf8'),
        })));
        res.on('error', (err) => settle(() => reject(fail(err, false))));
        res.on('close', () => {
          if (!res.complete) settle(() => reject(fail(Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' }), false)));
        });
      });
      r.on('socket', () => {
        if (!r.reusedSocket) this.opened++;
      });
      r.on('error', (err) => settle(() => reject(fail(err, r.reusedSocket))));
      r.end(payload);
    });
  }
}

/** A reset on a socket that had served an earlier request: the server closed it while idle. */
class StaleSocketError extends Error {
  constructor(readonly original: ClusterUnreachableError) {
    super(original.message);
  }
}

const toError = (reason: unknown): Error => (reason instanceof Error ? reason : new Error(String(reason ?? 'aborted')));

/** The response body as a Kubernetes Status, when it is one. */
export function statusOf(res: SendResponse): KubeStatus | undefined {
  try {
    const body = JSON.parse(res.text) as unknown;
    return body && typeof body === 'object' && (body as KubeStatus).kind === 'Status' ? (body as KubeStatus) : undefined;
  } catch {
    return undefined;
  }
}

export function parseJson<T>(res: SendResponse, what: string, server: string): T {
  try {
    return JSON.parse(res.text) as T;
  } catch {
    throw new ClusterUnreachableError(server, 'network', `${what}: the answer is not JSON (is this a Kubernetes API server?): ${res.text.slice(0, 120)}`, undefined);
  }
}

const WARNING = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/;

function parseWarnings(values: string[] | undefined): string[] {
  return (values ?? []).map((v) => {
    const m = WARNING.exec(v);
    return m ? m[1]!.replace(/\\(.)/g, '$1') : v;
  });
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE',
]);

/** A socket or TLS error as ClusterUnreachableError, naming the server and the cause. */
export function unreachableError(server: string, err: unknown): ClusterUnreachableError {
  const e = err as NodeJS.ErrnoException;
  const code = e?.code;
  const msg = e?.message ?? String(err);
  const make = (failure: UnreachableFailure, detail: string) => new ClusterUnreachableError(server, failure, detail, code, { cause: err });
  if (code && TLS_UNTRUSTED.has(code)) return make('tls', `TLS failed: its certificate is not signed by the kubeconfig's certificate authority (${code})`);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return make('tls', `TLS failed: its certificate is not valid for this host name (${msg})`);
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return make('tls', `TLS failed: its certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (${code})`);
  if ((code && /^(ERR_TLS_|ERR_SSL_|CERT_|EPROTO)/.test(code)) || /\b(SSL|TLS)\b|certificate/i.test(msg)) return make('tls', `TLS failed (${code ?? msg}): ${msg}`);
  switch (code) {
    case 'ECONNREFUSED': return make('refused', 'connection refused (is the API server running, and is the address right?)');
    case 'ECONNRESET': case 'EPIPE': return make('reset', `the connection was reset (${code})`);
    case 'ENOTFOUND': case 'EAI_AGAIN': return make('dns', `its host name does not resolve (${code})`);
    case 'ETIMEDOUT': return make('timeout', 'the connection timed out (ETIMEDOUT)');
    case 'EHOSTUNREACH': case 'ENETUNREACH': return make('network', `no route to it (${code})`);
    default: return make('network', code ? `${msg} (${code})` : msg);
  }
}
