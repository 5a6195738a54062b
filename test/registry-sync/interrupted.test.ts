/**
 * A delivery registry that dies in the middle of a copy: the copy fails as
 * retryable, and once the registry is back a retry moves only the blobs that
 * did not make it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { RegistrySyncError } from '../../packages/server/src/core/registry/port.js';
import { blobsOf, makeImage, makeMultiArchImage, sha256 } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { skopeoInspectRaw } from '../harness/src/registry-oracle.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { deliveryOf, missingBlobs, blobBytes } from './helpers.js';

let regs: Registries;
beforeAll(async () => { regs = await startRegistries(); });
afterAll(async () => { await regs?.stop(); });

describe('a delivery registry stopped in the middle of a copy', () => {
  it('fails the copy as retryable, and the retry after restart moves only the missing blobs', async () => {
    const image = makeMultiArchImage({ seed: 'sync-test/interrupted', layers: 3, layerSize: 4 * 1024 * 1024 });
    await pushImage(regs.source, 'shop/big', '1', image);
    const source = `${regs.source.host}/shop/big:1`;
    const req = { source, targetRepository: 'caravan/shop/big', tag: '1.0', registry: deliveryOf(regs.delivery) };
    const sync = createOciRegistrySync({ concurrency: 1, retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 } });
    try {
      let stopping: Promise<void> | undefined;
      const err = await sync.copyImage({
        ...req,
        onProgress: (p) => { if (p.blobsDone >= 3 && stopping === undefined) stopping = regs.delivery.stop(); },
      }).then(() => undefined, (e: unknown) => e);
      await stopping;
      expect(err).toBeInstanceOf(RegistrySyncError);
      expect(err).toMatchObject({ image: source, retryable: true });
      expect((err as Error).message).toMatch(/connection refused|connection reset|socket hang up|ECONN|EPIPE/);

      await regs.delivery.start();
      const missing = await missingBlobs(regs.delivery, 'caravan/shop/big', image);
      const all = blobsOf(image).length;
      expect(missing.count).toBeGreaterThan(0);
      expect(missing.count).toBeLessThan(all);

      const r = await sync.copyImage(req);
      expect(r.bytesTransferred).toBe(missing.bytes);
      expect(r.bytesTransferred).toBeLessThan(blobBytes(image));
      expect(r).toMatchObject({ digest: image.digest, blobsCopied: missing.count, blobsSkipped: all - missing.count });
      expect(sha256(await skopeoInspectRaw(regs.delivery, 'caravan/shop/big:1.0'))).toBe(image.digest);
      await expect(pullImage(regs.delivery, 'caravan/shop/big', '1.0')).resolves.toMatchObject({ manifests: 2, blobs: all });
    } finally {
      sync.close();
    }
  });

  it('fails as retryable when the source registry is down, naming the image', async () => {
    const image = makeImage({ seed: 'sync-test/source-down', layers: 1 });
    await pushImage(regs.source, 'shop/down', '1', image);
    await regs.source.stop();
    const sync = createOciRegistrySync({ retry: { attempts: 2, baseDelayMs: 20 } });
    try {
      const source = `${regs.source.host}/shop/down:1`;
      const err = await sync.copyImage({ source, targetRepository: 'caravan/shop/down', tag: '1.0', registry: deliveryOf(regs.delivery) })
        .then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ image: source, retryable: true });
      expect((err as Error).message).toContain(source);
      expect((err as Error).message).toMatch(/connection refused/);
    } finally {
      sync.close();
      await regs.source.start();
    }
  });
});
