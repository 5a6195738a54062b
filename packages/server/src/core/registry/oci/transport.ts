/**
 * One HTTP exchange on node:http / node:https, streaming both ways: bodies are
 * Buffers or Readables, responses come back as the live IncomingMessage. Also
 * the classification of transport failures (refused, reset, TLS) that the
 * client's retry policy and the copier's error messages rely on.
 */
import type http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import type { SourceHostRefusal } from '../source-allow-list.js';

/**
 * `node:http` and `node:https` through `process.getBuiltinModule` rather than `import`: an ESM import
 * of `node:http` builds a namespace of every export, and reading the lazy `WebSocket` export loads
 * Node's bundled undici (about 10 MiB of RSS) that this client never uses. `node:https` (OpenSSL's
 * TLS side) is loaded only once an https registry is reached.
 */
export const nodeHttp = (): typeof http => process.getBuiltinModule('node:http');
export const nodeHttps = (): typeof import('node:https') => process.getBuiltinModule('node:https');

export type FailureKind = 'network' | 'tls' | 'http' | 'auth' | 'protocol' | 'aborted' | 'config' | 'refused';

/** A failed registry request. Messages name the host and path, never credentials, tokens or query strings. */
export class RegistryRequestError extends Error {
  readonly kind: FailureKind;
  readonly status: number | undefined;
  /** Registry error code (`MANIFEST_UNKNOWN`, …) or socket error code (`ECONNREFUSED`, …). */
  readonly code: string | undefined;
  readonly retryable: boolean;
  /** Kind `refused`: the host the source allow-list refused. */
  readonly refused: SourceHostRefusal | undefined;
  constructor(kind: FailureKind, message: string, opts: { status?: number; code?: string; retryable: boolean; cause?: unknown; refused?: SourceHostRefusal }) {
    super(message, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = 'RegistryRequestError';
    this.kind = kind;
    this.status = opts.status;
    this.code = opts.code;
    this.retryable = opts.retryable;
    this.refused = opts.refused;
  }
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: IncomingMessage;
}

export interface SendOptions {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | Readable | undefined;
  readonly agent: http.Agent;
  readonly signal?: AbortSignal | undefined;
  /** Socket idle timeout in ms. */
  readonly timeoutMs: number;
  /** A streamed body waits for `100 Continue` (default true); false sends it at once. */
  readonly expectContinue?: boolean | undefined;
  /** Name resolution for this request's connection (redirects check where a name leads). */
  readonly lookup?: LookupFunction | undefined;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|HOSTNAME_MISMATCH|EPROTO)/;

/** `origin + path` without the query: upload URLs carry opaque state that has no place in messages. */
export const describeUrl = (url: URL): string => `${url.origin}${url.pathname}`;

/** Turns a socket or TLS error into a RegistryRequestError saying what went wrong in plain words. */
export function transportError(err: unknown, method: string, url: URL, signal?: AbortSignal): RegistryRequestError {
  if (err instanceof RegistryRequestError) return err;
  const e = err as NodeJS.ErrnoException;
  const where = `${method} ${describeUrl(url)}`;
  if (signal?.aborted || e?.name === 'AbortError') return new RegistryRequestError('aborted', `${where}: aborted`, { retryable: false, cause: err });
  const code = e?.code ?? '';
  if (code === 'EREDIRECTREFUSED') return new RegistryRequestError('protocol', `${where}: redirect refused: ${e.message}`, { code, retryable: false, cause: err });
  if (TLS_CODES.test(code) || /certificate|SSL|TLS/i.test(e?.message ?? '')) {
    return new RegistryRequestError('tls', `${where}: TLS failed (${code || e.message}); check the registry's certificate or the CA bundle`, { code, retryable: false, cause: err });
  }
  const reason = code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' ? 'host not found'
      : code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' ? 'timed out'
        : code === 'ECONNRESET' ? 'connection reset'
          : e?.message ?? String(err);
  return new RegistryRequestError('network', `${where}: ${reason}`, { code: code || undefined, retryable: true, cause: err });
}

/** Sends one request; resolves with the response head as soon as it arrives (the body stays unread). */
export function send(opts: SendOptions): Promise<RawResponse> {
  const { url } = opts;
  const lib = url.protocol === 'https:' ? nodeHttps() : nodeHttp();
  return new Promise<RawResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(transportError(err, opts.method, url, opts.signal));
    };
    const headers: Record<string, string> = { ...opts.headers };
    const waitForContinue = opts.body !== undefined && !Buffer.isBuffer(opts.body) && opts.expectContinue !== false;
    if (waitForContinue) headers.expect = '100-continue';
    if (Buffer.isBuffer(opts.body)) headers['content-length'] = String(opts.body.length);
    else if (opts.body === undefined && ['PUT', 'POST', 'PATCH'].includes(opts.method)) headers['content-length'] = '0';
    const req = lib.request(url, { method: opts.method, headers, agent: opts.agent, ...(opts.signal !== undefined ? { signal: opts.signal } : {}), ...(opts.lookup !== undefined ? { lookup: opts.lookup } : {}) });
    req.setTimeout(opts.timeoutMs, () => req.destroy(Object.assign(new Error(`no data for ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', fail);
    req.once('response', (res) => {
      if (settled) { res.resume(); return; }
      settled = true;
      // The body is read later; until then, a socket failure surfaces on the response stream.
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
    });
    if (opts.body === undefined) req.end();
    else if (Buffer.isBuffer(opts.body)) req.end(opts.body);
    else {
      // A streamed body waits for "100 Continue" (unless the caller knows the origin takes it), so a
      // server (or a proxy in front of it) that refuses the upload (413, 401) can say so before we
      // write, instead of cutting the connection mid-body. Like curl, start anyway after a second for
      // servers that ignore Expect.
      const src = opts.body;
      let started = false;
      const start = (): void => {
        if (started) return;
        started = true;
        clearTimeout(timer);
        // Piped by hand rather than with pipeline(): fewer stream hops per chunk on the hot path.
        const onData = (chunk: Buffer): void => { if (!req.write(chunk)) src.pause(); };
        src.on('data', onData);
        req.on('drain', () => src.resume());
        src.once('end', () => req.end());
        req.once('close', () => { src.off('data', onData); });
        src.resume();
      };
      const timer = waitForContinue ? setTimeout(start, 1000) : undefined;
      src.once('error', (err) => { clearTimeout(timer); req.destroy(err); fail(err); });
      if (waitForContinue) req.once('continue', start);
      req.once('response', (res) => {
        clearTimeout(timer);
        // Answered before the body went out: this connection cannot carry another request.
        if (!started) { started = true; res.once('end', () => req.destroy()); res.once('close', () => req.destroy()); }
      });
      req.once('close', () => { clearTimeout(timer); if (!src.readableEnded) src.destroy(); });
      // Without Expect the headers go out with the first chunk of the body.
      if (waitForContinue) req.flushHeaders();
      else start();
    }
  });
}

/** Reads a (small) response body as text, up to `limit` bytes. */
export async function readText(res: RawResponse, limit = 4 * 1024 * 1024): Promise<string> {
  return (await readBuffer(res, limit)).toString('utf8');
}

/** Reads a response body into a Buffer, refusing more than `limit` bytes. */
export async function readBuffer(res: RawResponse, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.body.destroy();
      throw new RegistryRequestError('protocol', `response larger than ${limit} bytes`, { retryable: false });
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/** Discards a body so its keep-alive socket can be reused. */
export function discard(res: RawResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.body.readableEnded) { resolve(); return; }
    res.body.once('end', () => resolve());
    res.body.once('error', () => resolve());
    res.body.once('close', () => resolve());
    res.body.resume();
  });
}
