/**
 * Copying images into the delivery registry with Caravan's OCI client, against
 * real registries; skopeo says what the registries really hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync, type OciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { RegistrySyncError, type CopyProgress } from '../../packages/server/src/core/registry/port.js';
import { blobsOf, makeImage, makeLayer, makeMultiArchImage, sha256 } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { skopeoInspectRaw } from '../harness/src/registry-oracle.js';
import { startRegistries, startRegistry, type Reg, type Registries } from '../harness/src/registry.js';
import { credentialsOf, deliveryOf, missingBlobs, blobBytes } from './helpers.js';
import { startProxy } from './proxy.js';

let regs: Registries;
let sync: OciRegistrySync;
beforeAll(async () => {
  regs = await startRegistries();
  sync = createOciRegistrySync();
});
afterAll(async () => {
  sync?.close();
  await regs?.stop();
});

const base = [makeLayer('sync-test/base-0', { size: 200_000 }), makeLayer('sync-test/base-1', { size: 100_000 })];

describe('copying an image into the delivery registry', () => {
  it('copies a single-arch image by digest, and skopeo sees the same manifest in both registries', async () => {
    const image = makeImage({ seed: 'sync-test/single', base, layers: 2, layerSize: 300_000 });
    await pushImage(regs.source, 'shop/web', '1.4.2', image);
    const progress: CopyProgress[] = [];
    const r = await sync.copyImage({
      source: `${regs.source.host}/shop/web:1.4.2`, targetRepository: 'caravan/shop/web', tag: '1.0',
      registry: deliveryOf(regs.delivery), onProgress: (p) => progress.push(p),
    });
    const sourceRaw = await skopeoInspectRaw(regs.source, 'shop/web:1.4.2');
    const targetRaw = await skopeoInspectRaw(regs.delivery, 'caravan/shop/web:1.0');
    expect(r.digest).toBe(sha256(sourceRaw));
    expect(targetRaw.equals(sourceRaw)).toBe(true);
    expect(r.pinnedReference).toBe(`${regs.delivery.host}/caravan/shop/web@${r.digest}`);
    expect(r.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(r).toMatchObject({ blobsCopied: 5, blobsSkipped: 0, blobsMounted: 0, bytesTransferred: blobBytes(image) });
    expect(progress.at(-1)).toEqual({ bytesTransferred: r.bytesTransferred, blobsDone: 5, blobsTotal: 5 });
    await expect(pullImage(regs.delivery, 'caravan/shop/web', r.digest)).resolves.toMatchObject({ digest: image.digest, blobs: 5 });
  });

  it.each(['oci', 'docker'] as const)('copies a multi-arch %s index with every platform and the same index digest', async (format) => {
    const image = makeMultiArchImage({ seed: `sync-test/multi-${format}`, layers: 2, layerSize: 150_000, format });
    await pushImage(regs.source, `shop/multi-${format}`, '3.1', image);
    const r = await sync.copyImage({ source: `${regs.source.host}/shop/multi-${format}:3.1`, targetRepository: `caravan/shop/multi-${format}`, tag: '1.0', registry: deliveryOf(regs.delivery) });
    const sourceRaw = await skopeoInspectRaw(regs.source, `shop/multi-${format}:3.1`);
    expect(r.digest).toBe(sha256(sourceRaw));
    expect((await skopeoInspectRaw(regs.delivery, `caravan/shop/multi-${format}:1.0`)).equals(sourceRaw)).toBe(true);
    for (const child of image.manifests) {
      const childRaw = await skopeoInspectRaw(regs.delivery, `caravan/shop/multi-${format}@${child.digest}`);
      expect(sha256(childRaw)).toBe(child.digest);
    }
    expect(r.mediaType).toBe(image.mediaType);
    expect(r.blobsCopied).toBe(6);
    await expect(pullImage(regs.delivery, `caravan/shop/multi-${format}`, '1.0')).resolves.toMatchObject({ manifests: 2, blobs: 6 });
  });

  it('copies from a source pinned by digest', async () => {
    const image = makeImage({ seed: 'sync-test/by-digest', layers: 1 });
    await pushImage(regs.source, 'shop/pinned', 'latest', image);
    const r = await sync.copyImage({ source: `${regs.source.host}/shop/pinned@${image.digest}`, targetRepository: 'caravan/shop/pinned', tag: '1.0', registry: deliveryOf(regs.delivery) });
    expect(r.digest).toBe(image.digest);
  });

  it('moves zero blob bytes for a second tag whose image is unchanged, and nothing at all for the same tag again', async () => {
    const image = makeImage({ seed: 'sync-test/unchanged', base, layers: 2, layerSize: 100_000 });
    await pushImage(regs.source, 'shop/api', '2.1.0', image);
    const req = { source: `${regs.source.host}/shop/api:2.1.0`, targetRepository: 'caravan/shop/api', registry: deliveryOf(regs.delivery) };
    const first = await sync.copyImage({ ...req, tag: '1.0' });
    expect(first.bytesTransferred).toBeGreaterThan(0);
    const second = await sync.copyImage({ ...req, tag: '1.1' });
    expect(second).toMatchObject({ digest: first.digest, bytesTransferred: 0, blobsCopied: 0, blobsMounted: 0, blobsSkipped: 5 });
    expect(sha256(await skopeoInspectRaw(regs.delivery, 'caravan/shop/api:1.1'))).toBe(first.digest);
    const again = await sync.copyImage({ ...req, tag: '1.1' });
    expect(again).toMatchObject({ digest: first.digest, bytesTransferred: 0, blobsCopied: 0, blobsSkipped: 0 });
  });

  it('moves shared base layers once when images go into different repositories of one registry', async () => {
    const shared = [makeLayer('sync-test/shared-0', { size: 500_000 }), makeLayer('sync-test/shared-1', { size: 500_000 })];
    const a = makeImage({ seed: 'sync-test/shared-a', base: shared, layers: 1 });
    const b = makeImage({ seed: 'sync-test/shared-b', base: shared, layers: 1 });
    await pushImage(regs.source, 'shop/a', '1', a);
    await pushImage(regs.source, 'shop/b', '1', b);
    const fresh = createOciRegistrySync();
    try {
      const [ra, rb] = await Promise.all([
        fresh.copyImage({ source: `${regs.source.host}/shop/a:1`, targetRepository: 'caravan/shared/a', tag: '1.0', registry: deliveryOf(regs.delivery) }),
        fresh.copyImage({ source: `${regs.source.host}/shop/b:1`, targetRepository: 'caravan/shared/b', tag: '1.0', registry: deliveryOf(regs.delivery) }),
      ]);
      expect(ra.bytesTransferred + rb.bytesTransferred).toBe(blobBytes(a, b));
      expect(ra.blobsMounted + rb.blobsMounted).toBe(2);
      await expect(pullImage(regs.delivery, 'caravan/shared/b', '1.0')).resolves.toMatchObject({ digest: b.digest });
      await expect(pullImage(regs.delivery, 'caravan/shared/a', '1.0')).resolves.toMatchObject({ digest: a.digest });
    } finally {
      fresh.close();
    }
  });

  it('mounts blobs across repositories when source and target are the same registry', async () => {
    const image = makeImage({ seed: 'sync-test/same-registry', layers: 3, layerSize: 200_000 });
    await pushImage(regs.delivery, 'ci/report', '5.0', image);
    const r = await sync.copyImage({ source: `${regs.delivery.host}/ci/report:5.0`, targetRepository: 'caravan/shop/report', tag: '1.0', registry: deliveryOf(regs.delivery) });
    expect(r).toMatchObject({ digest: image.digest, bytesTransferred: 0, blobsMounted: 4, blobsCopied: 0 });
    await expect(pullImage(regs.delivery, 'caravan/shop/report', '1.0')).resolves.toMatchObject({ digest: image.digest });
  });

  it('uploads in PATCH chunks when told to, with the same result', async () => {
    const image = makeImage({ seed: 'sync-test/chunked', layers: 2, layerSize: 700_000 });
    await pushImage(regs.source, 'shop/chunked', '1', image);
    const chunked = createOciRegistrySync({ uploadMode: 'chunked', chunkSize: 256 * 1024 });
    try {
      const r = await chunked.copyImage({ source: `${regs.source.host}/shop/chunked:1`, targetRepository: 'caravan/shop/chunked', tag: '1.0', registry: deliveryOf(regs.delivery) });
      expect(r).toMatchObject({ digest: image.digest, blobsCopied: 3, bytesTransferred: blobBytes(image) });
      await expect(pullImage(regs.delivery, 'caravan/shop/chunked', '1.0')).resolves.toMatchObject({ digest: image.digest });
    } finally {
      chunked.close();
    }
  });
});

describe('registries with authentication', () => {
  let privateSource: Reg;
  beforeAll(async () => { privateSource = await startRegistry({ auth: 'basic', name: 'private-source' }); });
  afterAll(async () => { await privateSource?.destroy(); });

  it('reads a private source with Basic credentials', async () => {
    const image = makeMultiArchImage({ seed: 'sync-test/private', layers: 1 });
    await pushImage(privateSource, 'team/secret', '1', image);
    const r = await sync.copyImage({
      source: `${privateSource.host}/team/secret:1`, sourceCredentials: credentialsOf(privateSource)!,
      targetRepository: 'caravan/team/secret', tag: '1.0', registry: deliveryOf(regs.delivery),
    });
    expect(r.digest).toBe(sha256(await skopeoInspectRaw(privateSource, 'team/secret:1')));
  });

  it('refuses a private source with wrong credentials, without retry and without echoing the password', async () => {
    const image = makeImage({ seed: 'sync-test/private-wrong', layers: 1 });
    await pushImage(privateSource, 'team/locked', '1', image);
    const err = await sync.copyImage({
      source: `${privateSource.host}/team/locked:1`, sourceCredentials: { username: privateSource.username!, password: 'not-the-password-xyz' },
      targetRepository: 'caravan/team/locked', tag: '1.0', registry: deliveryOf(regs.delivery),
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrySyncError);
    expect(err).toMatchObject({ retryable: false, image: `${privateSource.host}/team/locked:1` });
    expect((err as Error).message).toMatch(/401/);
    expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause) })).not.toContain('not-the-password-xyz');
  });

  it('pushes into the bearer-token registry, reusing its token', async () => {
    const image = makeMultiArchImage({ seed: 'sync-test/to-token', layers: 2, layerSize: 50_000 });
    await pushImage(regs.source, 'shop/tokened', '1', image);
    const before = regs.token.tokenServer!.requests.length;
    const fresh = createOciRegistrySync();
    try {
      const r = await fresh.copyImage({ source: `${regs.source.host}/shop/tokened:1`, targetRepository: 'caravan/shop/tokened', tag: '1.0', registry: deliveryOf(regs.token) });
      // One token for the whole copy: 6 blobs and 3 manifests did not each fetch one.
      const issued = regs.token.tokenServer!.requests.slice(before);
      expect(issued).toHaveLength(1);
      expect(issued[0]!.scopes).toEqual(['repository:caravan/shop/tokened:pull,push']);
      expect(r.digest).toBe(image.digest);
      expect(sha256(await skopeoInspectRaw(regs.token, 'caravan/shop/tokened:1.0'))).toBe(image.digest);
    } finally {
      fresh.close();
    }
  });

  it('reads from the bearer-token registry as a source', async () => {
    const image = makeImage({ seed: 'sync-test/from-token', layers: 2 });
    await pushImage(regs.token, 'ci/tokened', '7', image);
    const r = await sync.copyImage({
      source: `${regs.token.host}/ci/tokened:7`, sourceCredentials: credentialsOf(regs.token)!,
      targetRepository: 'caravan/ci/tokened', tag: '1.0', registry: deliveryOf(regs.delivery),
    });
    expect(r.digest).toBe(image.digest);
    expect(sha256(await skopeoInspectRaw(regs.delivery, 'caravan/ci/tokened:1.0'))).toBe(image.digest);
  });

  it('mounts across repositories in the bearer-token registry with a token for both scopes', async () => {
    const image = makeImage({ seed: 'sync-test/token-mount', layers: 2 });
    await pushImage(regs.token, 'ci/mounted', '1', image);
    const before = regs.token.tokenServer!.requests.length;
    const r = await sync.copyImage({ source: `${regs.token.host}/ci/mounted:1`, targetRepository: 'caravan/ci/mounted', tag: '1.0', registry: deliveryOf(regs.token) });
    expect(r).toMatchObject({ digest: image.digest, blobsMounted: 3, bytesTransferred: 0 });
    const scopes = regs.token.tokenServer!.requests.slice(before).map((q) => q.scopes);
    expect(scopes).toContainEqual(['repository:caravan/ci/mounted:pull,push', 'repository:ci/mounted:pull']);
  });
});

describe('copies that cannot succeed', () => {
  it('names the missing source image and says a retry will not help', async () => {
    const source = `${regs.source.host}/shop/ghost:9.9.9`;
    const err = await sync.copyImage({ source, targetRepository: 'caravan/shop/ghost', tag: '1.0', registry: deliveryOf(regs.delivery) }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrySyncError);
    expect(err).toMatchObject({ image: source, retryable: false });
    expect((err as Error).message).toContain(source);
    expect((err as Error).message).toMatch(/does not exist/);
  });

  it('stops when cancelled mid-copy, as a retryable failure', async () => {
    const image = makeImage({ seed: 'sync-test/cancelled', layers: 3, layerSize: 4 * 1024 * 1024 });
    await pushImage(regs.source, 'shop/cancelled', '1', image);
    const controller = new AbortController();
    const err = await sync.copyImage({
      source: `${regs.source.host}/shop/cancelled:1`, targetRepository: 'caravan/shop/cancelled', tag: '1.0', registry: deliveryOf(regs.delivery),
      signal: controller.signal, onProgress: (p) => { if (p.bytesTransferred > 0) controller.abort(); },
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrySyncError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as Error).message).toMatch(/cancelled/);
    // Nothing was tagged: a later copy starts from what landed.
    await expect(skopeoInspectRaw(regs.delivery, 'caravan/shop/cancelled:1.0')).rejects.toThrow();
  });

  it('stops at once when cancelled while waiting to retry a failed blob upload', async () => {
    const image = makeImage({ seed: 'sync-test/cancel-backoff', layers: 1 });
    await pushImage(regs.source, 'shop/backoff', '1', image);
    const controller = new AbortController();
    // Every blob upload's final PUT is answered 503, so each transfer waits out its (long) backoff.
    const proxy = await startProxy(regs.delivery.url, {
      intercept: (req, res) => {
        if (req.method !== 'PUT' || !/\/blobs\/uploads\//.test(req.url ?? '')) return false;
        res.writeHead(503, { connection: 'close' }).end();
        setTimeout(() => controller.abort(), 200);
        return true;
      },
    });
    const patient = createOciRegistrySync({ retry: { attempts: 3, baseDelayMs: 30_000, maxDelayMs: 30_000 } });
    try {
      const started = Date.now();
      const err = await patient.copyImage({
        source: `${regs.source.host}/shop/backoff:1`, targetRepository: 'caravan/shop/backoff', tag: '1.0',
        registry: { ...deliveryOf(regs.delivery), url: proxy.url }, signal: controller.signal,
      }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(RegistrySyncError);
      expect((err as Error).message).toMatch(/cancelled/);
      expect(err).toMatchObject({ retryable: true });
      // Not the 30 s backoff: the wait itself listens to the cancellation.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      patient.close();
      await proxy.close();
    }
  });

  it('refuses a target repository name longer than the reference grammar allows', async () => {
    const long = `caravan/${'a'.repeat(250)}`;
    const err = await sync.copyImage({ source: `${regs.source.host}/shop/web:1.4.2`, targetRepository: long, tag: '1.0', registry: deliveryOf(regs.delivery) })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ retryable: false });
    expect((err as Error).message).toMatch(/is not a repository path/);
  });

  it('refuses a plain-http delivery registry unless insecure http is allowed', async () => {
    const image = makeImage({ seed: 'sync-test/http', layers: 1 });
    await pushImage(regs.source, 'shop/http', '1', image);
    const err = await sync.copyImage({
      source: `${regs.source.host}/shop/http:1`, targetRepository: 'caravan/shop/http', tag: '1.0',
      registry: { ...deliveryOf(regs.delivery), allowInsecureHttp: false },
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ retryable: false });
    expect((err as Error).message).toMatch(/allowInsecureHttp/);
  });

  it('refuses a target repository that is not a repository path', async () => {
    await expect(sync.copyImage({ source: `${regs.source.host}/shop/web:1.4.2`, targetRepository: 'Caravan/Bad Name', tag: '1.0', registry: deliveryOf(regs.delivery) }))
      .rejects.toMatchObject({ retryable: false });
  });

  it('has no blobs left behind for a refused copy', async () => {
    const image = makeImage({ seed: 'sync-test/never', layers: 1 });
    expect(await missingBlobs(regs.delivery, 'caravan/shop/ghost', image)).toEqual({ count: blobsOf(image).length, bytes: blobBytes(image) });
  });
});
