/**
 * Moving one blob: HEAD to skip what the target has, cross-repository mount
 * on the same registry, and the streamed copy GET source -> PUT target with
 * the sha256 and size checked on the way (monolithic PUT, or PATCH chunks of
 * bounded size when the registry refuses a monolithic one). A blob is never
 * held in memory whole: at most one chunk in chunked mode.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { RegistryClient } from './client.js';
import type { Descriptor } from './manifest.js';
import { RegistryRequestError, discard, type RawResponse } from './transport.js';

export type UploadMode = 'auto' | 'monolithic' | 'chunked';

export interface BlobSide {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly scopes: readonly string[];
}

export interface BlobCopyOptions {
  readonly signal?: AbortSignal | undefined;
  readonly uploadMode: UploadMode;
  readonly chunkSize: number;
  /** Called with each chunk's size as it passes to the target. */
  readonly onBytes: (n: number) => void;
  /** Origins that refused a monolithic PUT: later blobs go straight to chunks. */
  readonly chunkedOrigins: Set<string>;
  /**
   * Origin -> largest blob it took in one streamed PUT. A blob no larger goes without
   * `Expect: 100-continue`, saving the round trip spent waiting for "100 Continue".
   */
  readonly streamedPutSizes: Map<string, number>;
}

/**
 * Counts and hashes a blob as it streams, by listening to the same 'data'
 * events the upload consumes (no extra stream in between). Too many bytes
 * destroy the stream at once; `verify()` checks size and digest at the end.
 */
class BlobTap {
  private readonly hash = crypto.createHash('sha256');
  bytes = 0;
  constructor(stream: Readable, private readonly expected: Descriptor, onBytes: (n: number) => void) {
    // Paused first: a 'data' listener would otherwise start the flow before the upload is ready for it.
    stream.pause();
    stream.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (this.bytes > expected.size) {
        stream.destroy(new RegistryRequestError('protocol', `blob ${expected.digest} is longer than its descriptor's ${expected.size} bytes`, { retryable: false }));
        return;
      }
      this.hash.update(chunk);
      onBytes(chunk.length);
    });
  }
  verify(): void {
    if (this.bytes !== this.expected.size) {
      // A short body is a cut connection, so worth retrying.
      throw new RegistryRequestError('network', `blob ${this.expected.digest} ended after ${this.bytes} of ${this.expected.size} bytes`, { retryable: true });
    }
    const digest = `sha256:${this.hash.digest('hex')}`;
    if (digest !== this.expected.digest) {
      throw new RegistryRequestError('protocol', `blob ${this.expected.digest} arrived with digest ${digest}`, { retryable: false });
    }
  }
}

export async function blobExists(side: BlobSide, digest: string, signal?: AbortSignal): Promise<boolean> {
  const res = await side.client.request({ method: 'HEAD', path: `${side.repository}/blobs/${digest}`, scopes: side.scopes, signal, expect: [200, 404] });
  await discard(res);
  return res.status === 200;
}

/** Upload URL from a Location header, refused when it points at another host (an SSRF guard). */
function uploadLocation(client: RegistryClient, res: RawResponse, current?: URL): URL {
  const raw = res.headers.location;
  if (raw === undefined) {
    if (current !== undefined) return current;
    throw new RegistryRequestError('protocol', `${client.host} opened an upload without a Location`, { retryable: false });
  }
  const url = new URL(raw, current ?? client.baseUrl);
  if (url.hostname !== client.baseUrl.hostname) {
    throw new RegistryRequestError('protocol', `${client.host} sent an upload location on another host (${url.host}); refusing to follow it`, { retryable: false });
  }
  return url;
}

export async function startUpload(side: BlobSide, signal?: AbortSignal): Promise<URL> {
  const res = await side.client.request({ method: 'POST', path: `${side.repository}/blobs/uploads/`, scopes: side.scopes, signal, expect: [202] });
  await discard(res);
  return uploadLocation(side.client, res);
}

/**
 * Asks the target to link a blob from another repository of the same
 * registry. Returns 'mounted', or an upload URL when the registry opened an
 * upload session instead (it may not know the blob, or refuse the source).
 */
export async function mountBlob(target: BlobSide, fromRepository: string, digest: string, signal?: AbortSignal): Promise<'mounted' | URL | undefined> {
  const path = `${target.repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`;
  const res = await target.client.request({ method: 'POST', path, scopes: target.scopes, signal });
  await discard(res);
  if (res.status === 201) return 'mounted';
  if (res.status === 202) return uploadLocation(target.client, res);
  return undefined;
}

async function getBlob(source: BlobSide, blob: Descriptor, signal?: AbortSignal): Promise<RawResponse> {
  const res = await source.client.request({ method: 'GET', path: `${source.repository}/blobs/${blob.digest}`, scopes: source.scopes, signal, expect: [200] });
  const length = res.headers['content-length'];
  if (length !== undefined && Number(length) !== blob.size) {
    res.body.destroy();
    throw new RegistryRequestError('protocol', `source serves blob ${blob.digest} with ${length} bytes, its descriptor says ${blob.size}`, { retryable: false });
  }
  return res;
}

function withDigest(location: URL, digest: string): URL {
  const url = new URL(location);
  url.searchParams.set('digest', digest);
  return url;
}

/**
 * One streamed PUT of the whole blob. The source GET and the upload session's POST go out
 * together: neither needs the other, and a round trip less per blob counts when many are small.
 */
async function putMonolithic(source: BlobSide, target: BlobSide, blob: Descriptor, session: URL | undefined, opts: BlobCopyOptions): Promise<void> {
  const [got, opened] = await Promise.allSettled([getBlob(source, blob, opts.signal), session ?? startUpload(target, opts.signal)]);
  if (got.status === 'rejected' || opened.status === 'rejected') {
    if (got.status === 'fulfilled') got.value.body.destroy();
    throw got.status === 'rejected' ? got.reason : (opened as PromiseRejectedResult).reason;
  }
  const res = got.value;
  const location = opened.value;
  // Attached before the upload starts reading, so it sees every chunk first.
  const tap = new BlobTap(res.body, blob, opts.onBytes);
  const origin = target.client.baseUrl.origin;
  let put: RawResponse;
  try {
    put = await target.client.request({
      method: 'PUT', path: withDigest(location, blob.digest).toString(), scopes: target.scopes, signal: opts.signal, body: res.body,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      expectContinue: blob.size > (opts.streamedPutSizes.get(origin) ?? -1),
    });
  } finally {
    if (!res.body.readableEnded) res.body.destroy();
  }
  if (put.status !== 201) throw await target.client.statusError('PUT', location, put);
  await discard(put);
  tap.verify();
  if (blob.size > (opts.streamedPutSizes.get(origin) ?? -1)) opts.streamedPutSizes.set(origin, blob.size);
}

/** PATCH chunks of at most `chunkSize` bytes (buffered one at a time, so each can be resent), then an empty PUT. */
async function putChunked(source: BlobSide, target: BlobSide, blob: Descriptor, first: URL, opts: BlobCopyOptions): Promise<void> {
  const size = opts.chunkSize;
  const res = await getBlob(source, blob, opts.signal);
  const tap = new BlobTap(res.body, blob, opts.onBytes);
  let location = first;
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const chunk = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    const patch = await target.client.request({
      method: 'PATCH', path: location.toString(), scopes: target.scopes, signal: opts.signal, body: chunk, expect: [202],
      headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + chunk.length - 1}` },
    });
    await discard(patch);
    location = uploadLocation(target.client, patch, location);
    offset += chunk.length;
  };
  try {
    for await (const piece of res.body) {
      pending.push(piece as Buffer);
      pendingBytes += (piece as Buffer).length;
      if (pendingBytes >= size) await flush();
    }
    await flush();
  } finally {
    if (!res.body.readableEnded) res.body.destroy();
  }
  tap.verify();
  const put = await target.client.request({ method: 'PUT', path: withDigest(location, blob.digest).toString(), scopes: target.scopes, signal: opts.signal, expect: [201] });
  await discard(put);
}

/** Copies one blob into an upload session (opened here unless `location` is given). */
export async function copyBlob(source: BlobSide, target: BlobSide, blob: Descriptor, opts: BlobCopyOptions, location?: URL): Promise<void> {
  const origin = target.client.baseUrl.origin;
  if (opts.uploadMode === 'chunked' || (opts.uploadMode === 'auto' && opts.chunkedOrigins.has(origin))) {
    await putChunked(source, target, blob, location ?? await startUpload(target, opts.signal), opts);
    return;
  }
  try {
    await putMonolithic(source, target, blob, location, opts);
  } catch (err) {
    // 413: a proxy in front of the registry caps request bodies; 405/416: no monolithic uploads.
    const fallback = opts.uploadMode === 'auto' && err instanceof RegistryRequestError && [405, 413, 416].includes(err.status ?? 0);
    if (!fallback) throw err;
    opts.chunkedOrigins.add(origin);
    await putChunked(source, target, blob, await startUpload(target, opts.signal), opts);
  }
}
