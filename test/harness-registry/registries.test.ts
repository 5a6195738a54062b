/**
 * The harness registries: images pushed by the harness can be pulled back
 * from each auth mode, skopeo agrees on every digest, and wrong credentials
 * are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, makeLayer, makeMultiArchImage, sha256 } from '../harness/src/images.js';
import { blobBytes, missingBlobs } from '../harness/src/registry-blobs.js';
import { HarnessRegistryClient, pullImage, pushImage } from '../harness/src/registry-http.js';
import { skopeoInspectRaw } from '../harness/src/registry-oracle.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';

let regs: Registries;
beforeAll(async () => { regs = await startRegistries(); });
afterAll(async () => { await regs?.stop(); });

const base = [makeLayer('harness-test/base-0'), makeLayer('harness-test/base-1')];

describe.each(['source', 'delivery', 'token'] as const)('the %s registry', (which) => {
  it('takes a pushed single-arch image and gives back the same bytes', async () => {
    const reg = regs[which];
    const image = makeImage({ seed: `harness-test/${which}/single`, base, layers: 2, layerSize: 64 * 1024 });
    const pushed = await pushImage(reg, 'team/single', 'v1', image);
    expect(pushed.digest).toBe(image.digest);
    const pulled = await pullImage(reg, 'team/single', 'v1');
    expect(pulled).toMatchObject({ digest: image.digest, mediaType: image.mediaType, manifests: 1, blobs: 5 });
    expect(sha256(await skopeoInspectRaw(reg, 'team/single:v1'))).toBe(image.digest);
  });

  it('takes a multi-arch index, children first, and skopeo sees the same index digest', async () => {
    const reg = regs[which];
    const image = makeMultiArchImage({ seed: `harness-test/${which}/multi`, layers: 2, format: 'docker' });
    await pushImage(reg, 'team/multi', '2.0', image, { chunked: true });
    const pulled = await pullImage(reg, 'team/multi', '2.0');
    expect(pulled).toMatchObject({ digest: image.digest, manifests: 2, blobs: 6 });
    const raw = await skopeoInspectRaw(reg, 'team/multi:2.0');
    expect(sha256(raw)).toBe(image.digest);
    expect(JSON.parse(raw.toString()).manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
  });
});

describe('registries with authentication', () => {
  it('refuse a push and a pull with wrong credentials', async () => {
    for (const reg of [regs.delivery, regs.token]) {
      const wrong = { url: reg.url, username: reg.username!, password: 'wrong-password' };
      const image = makeImage({ seed: `harness-test/${reg.name}/wrong`, layers: 1 });
      await expect(pushImage(wrong, 'team/wrong', 'v1', image)).rejects.toMatchObject({ status: 401 });
      await expect(pullImage(wrong, 'team/single', 'v1')).rejects.toMatchObject({ status: 401 });
    }
  });

  it('refuse anonymous pulls', async () => {
    for (const reg of [regs.delivery, regs.token]) {
      const anonymous = new HarnessRegistryClient({ url: reg.url });
      await expect(anonymous.getManifest('team/single', 'v1')).rejects.toMatchObject({ status: 401 });
    }
  });

  it('let a pull-only token user read but not push', async () => {
    const reader = { url: regs.token.url, username: 'reader', password: 'reader-pw' };
    await expect(pullImage(reader, 'team/single', 'v1')).resolves.toMatchObject({ manifests: 1 });
    await expect(pushImage(reader, 'team/reader', 'v1', makeImage({ seed: 'harness-test/reader', layers: 1 }))).rejects.toMatchObject({ status: 401 });
  });
});

describe('a single registry', () => {
  it('comes back on the same port with its data after a stop and start', async () => {
    const reg = regs.source;
    const image = makeImage({ seed: 'harness-test/restart', layers: 1 });
    await pushImage(reg, 'team/restart', 'v1', image);
    const pid = reg.pid;
    await reg.stop();
    expect(reg.pid).toBeUndefined();
    expect(() => process.kill(pid!, 0)).toThrow();
    await expect(fetch(`${reg.url}/v2/`)).rejects.toThrow();
    await reg.start();
    expect(reg.pid).not.toBe(pid);
    await expect(pullImage(reg, 'team/restart', 'v1')).resolves.toMatchObject({ digest: image.digest });
  });
});

describe('the blob census of test images', () => {
  it('counts the blobs and bytes a repository lacks, and none once the image is there', async () => {
    const image = makeImage({ seed: 'harness-test/census', base, layers: 2, layerSize: 32 * 1024 });
    const total = blobBytes(image);
    expect(total).toBe(image.config.size + image.layers.reduce((n, l) => n + l.size, 0));
    expect(await missingBlobs(regs.delivery, 'team/census', image)).toEqual({ count: 5, bytes: total });
    await pushImage(regs.delivery, 'team/census', 'v1', image);
    expect(await missingBlobs(regs.delivery, 'team/census', image)).toEqual({ count: 0, bytes: 0 });
    // Blobs shared with another image are counted once.
    expect(blobBytes(image, image)).toBe(total);
  });
});
