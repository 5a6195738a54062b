/**
 * The copy algorithm: resolve the source manifest (raw bytes, digest
 * checked), stop early when the target tag already has that digest, walk an
 * index into its children, place every blob (skip what exists, mount what the
 * same registry holds, stream the rest), then push child manifests before the
 * index and the index by tag. Every failure becomes a RegistrySyncError that
 * names the image and says whether a retry may help.
 */
import { RegistrySyncError, type CopyImageRequest, type CopyImageResult, type CopyProgress, type DeliveryRegistry } from '../port.js';
import { repositoryScope } from './auth.js';
import { blobExists, copyBlob, mountBlob, type BlobSide } from './blobs.js';
import { backoff, type RegistryClient } from './client.js';
import type { Engine } from './engine.js';
import { MANIFEST_ACCEPT, MAX_MANIFEST_BYTES, isIndexType, isManifestType, parseManifest, sha256, type Descriptor, type Manifest } from './manifest.js';
import { isRepositoryPath, isTag, normalizeHost, sourceBaseUrl, tryParseImageReference } from './reference.js';
import { RegistryRequestError, discard, readBuffer } from './transport.js';
import { describeRefusal, sourceHostRefusal } from '../source-allow-list.js';

/** Checks the delivery registry URL against the plain-http rule; returns its origin. */
export function deliveryOrigin(registry: DeliveryRegistry): string {
  let url: URL;
  try {
    url = new URL(registry.url);
  } catch {
    throw new RegistryRequestError('config', `the delivery registry URL "${registry.url}" cannot be read`, { retryable: false });
  }
  if (url.protocol === 'http:' && registry.allowInsecureHttp !== true) {
    throw new RegistryRequestError('config', `the delivery registry ${url.host} is plain http, which is refused unless allowInsecureHttp is set`, { retryable: false });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RegistryRequestError('config', `the delivery registry URL must be http(s), not ${url.protocol}`, { retryable: false });
  }
  return url.origin;
}

async function fetchManifest(side: BlobSide, reference: string, expected: Descriptor | undefined, signal: AbortSignal | undefined): Promise<Manifest> {
  const res = await side.client.request({ method: 'GET', path: `${side.repository}/manifests/${reference}`, scopes: side.scopes, signal, headers: { accept: MANIFEST_ACCEPT }, expect: [200] });
  const bytes = await readBuffer(res, MAX_MANIFEST_BYTES);
  const digest = sha256(bytes);
  const served = res.headers['docker-content-digest'];
  if (typeof served === 'string' && served.startsWith('sha256:') && served !== digest) {
    throw new RegistryRequestError('protocol', `manifest ${reference} of ${side.repository} hashes to ${digest}, the registry says ${served}`, { retryable: false });
  }
  if (reference.startsWith('sha256:') && reference !== digest) {
    throw new RegistryRequestError('protocol', `manifest ${reference} of ${side.repository} came back with digest ${digest}`, { retryable: false });
  }
  if (expected !== undefined && expected.size !== bytes.length) {
    throw new RegistryRequestError('protocol', `manifest ${expected.digest} is ${bytes.length} bytes, its descriptor says ${expected.size}`, { retryable: false });
  }
  try {
    return parseManifest(bytes, res.headers['content-type'], digest);
  } catch (err) {
    throw new RegistryRequestError('protocol', `manifest ${reference} of ${side.repository}: ${(err as Error).message}`, { retryable: false });
  }
}

/** Every manifest under `top`, children before parents, each once. */
async function walk(source: BlobSide, top: Manifest, signal: AbortSignal | undefined): Promise<Manifest[]> {
  const ordered: Manifest[] = [];
  const seen = new Set<string>();
  const visit = async (m: Manifest, depth: number): Promise<void> => {
    if (seen.has(m.digest)) return;
    seen.add(m.digest);
    if (depth > 4) throw new RegistryRequestError('protocol', `index ${m.digest} nests deeper than 4 levels`, { retryable: false });
    const children = await Promise.all(m.manifests.filter((d) => !seen.has(d.digest)).map((d) => {
      if (d.mediaType !== '' && !isManifestType(d.mediaType)) {
        throw new RegistryRequestError('protocol', `index ${m.digest} lists ${d.digest} of type ${d.mediaType}, which is not a manifest`, { retryable: false });
      }
      return fetchManifest(source, d.digest, d, signal);
    }));
    for (const child of children) await visit(child, depth + 1);
    ordered.push(m);
  };
  await visit(top, 0);
  return ordered;
}

function sourceMissing(image: string, err: unknown): never {
  if (err instanceof RegistryRequestError && (err.status === 404 || err.code === 'MANIFEST_UNKNOWN' || err.code === 'NAME_UNKNOWN')) {
    throw new RegistrySyncError(image, `source image ${image} does not exist (${err.code ?? 'HTTP 404'})`, false, { cause: err });
  }
  throw err;
}

export function toSyncError(image: string, err: unknown, signal?: AbortSignal): RegistrySyncError {
  if (err instanceof RegistrySyncError) return err;
  if (signal?.aborted || (err instanceof RegistryRequestError && err.kind === 'aborted')) {
    return new RegistrySyncError(image, `copy of ${image} was cancelled`, true, { cause: err });
  }
  if (err instanceof RegistryRequestError) {
    return new RegistrySyncError(image, `copy of ${image} failed: ${err.message}`, err.retryable, { cause: err, ...(err.refused === undefined ? {} : { refused: err.refused }) });
  }
  return new RegistrySyncError(image, `copy of ${image} failed: ${(err as Error)?.message ?? String(err)}`, false, { cause: err });
}

export async function copyImage(engine: Engine, req: CopyImageRequest): Promise<CopyImageResult> {
  try {
    return await copy(engine, req);
  } catch (err) {
    throw toSyncError(req.source, err, req.signal);
  }
}

async function copy(engine: Engine, req: CopyImageRequest): Promise<CopyImageResult> {
  const image = req.source;
  const parsed = tryParseImageReference(req.source);
  if (!parsed.ok) throw new RegistrySyncError(image, `"${image}" is not an image reference: ${parsed.reason}`, false);
  const ref = parsed.reference;
  if (!isRepositoryPath(req.targetRepository)) throw new RegistrySyncError(image, `target repository "${req.targetRepository}" is not a repository path`, false);
  if (!isTag(req.tag)) throw new RegistrySyncError(image, `tag "${req.tag}" is not a valid tag`, false);

  const origin = deliveryOrigin(req.registry);
  const dstClient = engine.client(origin, req.registry.credentials, req.registry.caBundle);
  let srcBase = sourceBaseUrl(ref.registry, req.registry);
  const sameRegistry = normalizeHost(new URL(srcBase).host) === normalizeHost(dstClient.host);
  // The delivery registry is the admin's own choice; any other source must be on the allow-list, checked before it is reached.
  const allowList = sameRegistry ? undefined : req.sourceAllowList;
  if (allowList !== undefined) {
    const refused = sourceHostRefusal(ref.registry, 'image', allowList);
    if (refused !== undefined) throw new RegistrySyncError(image, `copy of ${image} refused: ${describeRefusal(refused)}`, false, { refused });
  }
  if (!sameRegistry && engine.insecureSourceHosts.has(normalizeHost(ref.registry))) srcBase = `http://${ref.registry}`;
  const srcClient: RegistryClient = engine.client(
    srcBase,
    req.sourceCredentials ?? (sameRegistry ? req.registry.credentials : undefined),
    sameRegistry ? req.registry.caBundle : engine.sourceCaBundle,
    allowList,
  );
  const source: BlobSide = { client: srcClient, repository: ref.repository, scopes: [repositoryScope(ref.repository, 'pull')] };
  const target: BlobSide = {
    client: dstClient,
    repository: req.targetRepository,
    // One token serves every request of this copy, including mounts from the source repository.
    scopes: [repositoryScope(req.targetRepository, 'pull,push'), ...(sameRegistry && ref.repository !== req.targetRepository ? [repositoryScope(ref.repository, 'pull')] : [])],
  };
  const signal = req.signal;

  // The source manifest and the target tag are asked for together: two registries, no dependency.
  const [gotTop, gotHead] = await Promise.allSettled([
    fetchManifest(source, ref.digest ?? ref.tag ?? 'latest', undefined, signal).catch((err) => sourceMissing(image, err)),
    dstClient.request({ method: 'HEAD', path: `${target.repository}/manifests/${req.tag}`, scopes: target.scopes, signal, headers: { accept: MANIFEST_ACCEPT }, expect: [200, 404] })
      .then(async (res) => { await discard(res); return res; }),
  ]);
  // A missing source image is the more useful failure to report.
  if (gotTop.status === 'rejected') throw gotTop.reason;
  if (gotHead.status === 'rejected') throw gotHead.reason;
  const top = gotTop.value;
  const head = gotHead.value;
  if (ref.digest !== undefined && top.digest !== ref.digest) throw new RegistrySyncError(image, `source ${image} resolved to ${top.digest}`, false);
  const result = (counts: { bytes: number; copied: number; skipped: number; mounted: number }): CopyImageResult => ({
    digest: top.digest,
    mediaType: top.mediaType,
    pinnedReference: `${dstClient.host}/${req.targetRepository}@${top.digest}`,
    bytesTransferred: counts.bytes,
    blobsCopied: counts.copied,
    blobsSkipped: counts.skipped,
    blobsMounted: counts.mounted,
  });

  // The whole image is already there under this tag: nothing to move.
  if (head.status === 200 && head.headers['docker-content-digest'] === top.digest) {
    req.onProgress?.({ bytesTransferred: 0, blobsDone: 0, blobsTotal: 0 });
    return result({ bytes: 0, copied: 0, skipped: 0, mounted: 0 });
  }

  const manifests = isIndexType(top.mediaType) || top.manifests.length > 0 ? await walk(source, top, signal) : [top];
  const blobs = new Map<string, Descriptor>();
  for (const m of manifests) for (const b of m.blobs) if (!blobs.has(b.digest)) blobs.set(b.digest, b);

  const counts = { bytes: 0, copied: 0, skipped: 0, mounted: 0 };
  let done = 0;
  let lastEmit = 0;
  const emit = (force: boolean): void => {
    if (req.onProgress === undefined) return;
    const now = Date.now();
    if (!force && now - lastEmit < 100) return;
    lastEmit = now;
    const p: CopyProgress = { bytesTransferred: counts.bytes, blobsDone: done, blobsTotal: blobs.size };
    req.onProgress(p);
  };
  emit(true);

  // First failure stops the others, so a dead registry fails the copy once, quickly.
  const inner = new AbortController();
  const onOuterAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const blobOpts = {
    signal: inner.signal, uploadMode: engine.uploadMode, chunkSize: engine.chunkSize, chunkedOrigins: engine.chunkedOrigins, streamedPutSizes: engine.streamedPutSizes,
    onBytes: (n: number) => { counts.bytes += n; emit(false); },
  };

  /**
   * HEAD and mount run outside the bound on transfers: they are single small requests, and doing
   * them early means a freed slot goes straight to streaming bytes. A blob this engine put into
   * another repository of the target is mounted without a HEAD first (a mount answers 201 for a
   * blob already in place too), one round trip instead of two.
   */
  const transfer = async (blob: Descriptor): Promise<'skipped' | 'mounted' | 'copied'> => {
    const known = sameRegistry ? undefined : engine.knownLocation(origin, blob.digest);
    const mountFrom = async (from: string): Promise<'mounted' | URL | undefined> => {
      const withFrom: BlobSide = { ...target, scopes: [...new Set([...target.scopes, repositoryScope(from, 'pull')])] };
      return mountBlob(withFrom, from, blob.digest, inner.signal);
    };
    let location: URL | undefined;
    if (known !== undefined && known !== target.repository) {
      const mounted = await mountFrom(known);
      if (mounted === 'mounted') return 'mounted';
      engine.forget(origin, blob.digest);
      if (await blobExists(target, blob.digest, inner.signal)) return 'skipped';
      location = mounted;
    } else {
      if (await blobExists(target, blob.digest, inner.signal)) return 'skipped';
      if (sameRegistry && ref.repository !== target.repository) {
        const mounted = await mountFrom(ref.repository);
        if (mounted === 'mounted') return 'mounted';
        location = mounted;
      }
    }
    return engine.blobSlots.run(() => stream(blob, location));
  };

  const stream = async (blob: Descriptor, location: URL | undefined): Promise<'copied'> => {
    // A transfer cut half-way (registry restarted, connection reset) starts over in a fresh upload session.
    for (let attempt = 1; ; attempt++) {
      try {
        await copyBlob(source, target, blob, blobOpts, attempt === 1 ? location : undefined);
        return 'copied';
      } catch (err) {
        // A session a refused mount opened before this blob got its slot may have expired meanwhile.
        const staleSession = attempt === 1 && location !== undefined && err instanceof RegistryRequestError && err.status === 404;
        const retryable = err instanceof RegistryRequestError && (err.retryable || staleSession) && !inner.signal.aborted;
        if (!retryable || attempt >= engine.retry.attempts) throw err;
        if (staleSession) continue;
        await backoff(Math.min(engine.retry.maxDelayMs, engine.retry.baseDelayMs * 2 ** (attempt - 1)), inner.signal, `retry of blob ${blob.digest}`);
      }
    }
  };

  /** Places a blob; a digest already moving to the same registry (another copy) is waited for, then mounted. */
  const place = async (blob: Descriptor): Promise<void> => {
    const key = `${origin} ${blob.digest}`;
    for (let other = engine.inflight.get(key); other !== undefined; other = engine.inflight.get(key)) await other.catch(() => undefined);
    const run = transfer(blob);
    const tracked = run.then(() => target.repository, () => undefined);
    engine.inflight.set(key, tracked);
    try {
      const outcome = await run;
      counts[outcome]++;
      engine.remember(origin, blob.digest, target.repository);
    } finally {
      if (engine.inflight.get(key) === tracked) engine.inflight.delete(key);
    }
    done++;
    emit(true);
  };

  const failures: unknown[] = [];
  try {
    await Promise.all([...blobs.values()].map((b) => place(b).catch((err) => {
      failures.push(err);
      inner.abort(err);
    })));
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
  }
  if (failures.length > 0) {
    // The first real failure, not the aborts it caused in the other transfers.
    throw failures.find((f) => !(f instanceof RegistryRequestError && f.kind === 'aborted')) ?? failures[0];
  }

  for (const m of manifests) {
    const reference = m === top ? req.tag : m.digest;
    const put = await dstClient.request({
      method: 'PUT', path: `${target.repository}/manifests/${reference}`, scopes: target.scopes, signal,
      headers: { 'content-type': m.mediaType }, body: m.bytes, expect: [201],
    });
    await discard(put);
    const stored = put.headers['docker-content-digest'];
    if (typeof stored === 'string' && stored !== m.digest) {
      throw new RegistryRequestError('protocol', `target stored manifest ${m.digest} as ${stored}`, { retryable: false });
    }
  }
  emit(true);
  return result(counts);
}
