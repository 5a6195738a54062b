/**
 * The delivery registry dies in the middle of a copy: the image comes from the
 * source through a throttled link, so the copy takes seconds; once the SDK's
 * progress shows bytes moving the delivery registry is stopped. The version
 * goes `failed` with a retryable reason; after the registry is back, `retry`
 * through the SDK publishes it and moves exactly the bytes of the blobs the
 * registry did not have yet (counted with HEAD by the harness's own client).
 */
import { createOciRegistrySync, type OciRegistrySync } from '@caravan/server/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blobsOf, makeImage } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { startInProcess, type InProcessCaravan } from './support/in-process.js';
import { rawDigest } from './support/oracle.js';
import { startSlowLink, type SlowLink } from './support/slow-link.js';
import { blobBytes, missingBlobs, publishAndWait, stepBytes } from './support/story.js';

const LAYER = 5 * 1024 * 1024;
// Five incompressible 5 MiB layers: about 25 MiB, some 3 s through an 8 MiB/s link.
const big = makeImage({ seed: 'story-interrupted/big', layers: 5, layerSize: LAYER });

let source: Reg;
let delivery: Reg;
let link: SlowLink;
let sync: OciRegistrySync;
let t: InProcessCaravan;

beforeAll(async () => {
  [source, delivery] = await Promise.all([
    startRegistry({ auth: 'none', name: 'story-interrupted-source' }),
    startRegistry({ auth: 'basic', name: 'story-interrupted-delivery' }),
  ]);
  await pushImage(source, 'shop/big', '1', big);
  link = await startSlowLink(source.host, 8 * 1024 * 1024);
  // One blob at a time, so blobs finish one after another and a stop leaves some done and some not.
  sync = createOciRegistrySync({ concurrency: 1, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 } });
  t = await startInProcess({ registrySync: sync });
  await t.client.registry.put({ url: delivery.url, prefix: 'caravan', username: delivery.username!, password: delivery.password!, allowInsecureHttp: true });
});
afterAll(async () => {
  await t?.close();
  sync?.close();
  await link?.close();
  await Promise.all([source?.destroy(), delivery?.destroy()]);
});
afterEach(() => {
  expect(t.checked.violations).toEqual([]);
});

describe('a delivery registry stopped in the middle of a copy', () => {
  const image = () => `${link.host}/shop/big:1`;

  it('fails the version with a retryable reason naming the image', async () => {
    await t.client.templates.create({ name: 'big' });
    await t.client.templates.versions.create('big', { version: '1.0', app: { components: [{ name: 'big', image: image() }] } });

    const started = await t.client.templates.versions.publish('big', '1.0');
    let stopping: Promise<void> | undefined;
    let bytesAtStop = 0;
    const messages: string[] = [];
    const op = await t.client.operations.wait(started, {
      timeoutMs: 150_000,
      onProgress: (e) => {
        if (e.type === 'step' && typeof e.data.message === 'string') messages.push(e.data.message);
        // More than one layer's worth moved: with one blob at a time, at least one blob is complete.
        if (e.type === 'progress' && Number(e.data.bytes) > 1.2 * LAYER && stopping === undefined) {
          bytesAtStop = Number(e.data.bytes);
          stopping = delivery.stop();
        }
      },
    });
    await stopping;
    expect(stopping, 'the delivery registry was stopped while bytes were moving').toBeDefined();
    expect(bytesAtStop).toBeLessThan(blobBytes(big));

    expect(op.state).toBe('failed');
    expect(op.error?.type).toBe('https://caravan.dev/problems/registry-sync-failed');
    const v = await t.client.templates.versions.get('big', '1.0');
    expect(v.state).toBe('failed');
    expect(v.failure?.images).toEqual([{ component: 'big', image: image(), reason: expect.stringContaining(image()) }]);
    expect(v.failure?.images[0]?.reason).toMatch(/connection refused|ECONNREFUSED|connection reset|socket hang up|EPIPE/);
    // Retryable: the operation tried again before giving up (an image that does not exist fails at once).
    expect(messages.some((m) => /^try 1 of \d+ failed: .*; retrying$/.test(m))).toBe(true);
    expect(v.images.filter((i) => i.reference !== undefined)).toEqual([]);
  });

  it('after the registry is back, retry publishes it and moves only the blobs that were missing', async () => {
    await delivery.start();
    const all = blobsOf(big).length;
    const missing = await missingBlobs(delivery, 'caravan/big/big', big);
    expect(missing.count).toBeGreaterThan(0);
    expect(missing.count).toBeLessThan(all);

    const { op } = await publishAndWait(t.client, 'big', '1.0', 'retry');
    expect(op.state).toBe('succeeded');
    expect(stepBytes(op)).toEqual({ 'copy big': missing.bytes });
    expect(missing.bytes).toBeLessThan(blobBytes(big));
    expect(op.steps[0]?.message).toContain(`${all - missing.count} already there`);

    const v = await t.client.templates.versions.get('big', '1.0');
    expect(v.state).toBe('published');
    expect(v.app.components[0]!.image).toBe(`${delivery.host}/caravan/big/big@${big.digest}`);
    expect(v.transitions.map((tr) => [tr.action, tr.from, tr.to])).toEqual([
      ['publish', 'draft', 'publishing'], ['syncFailed', 'publishing', 'failed'], ['retry', 'failed', 'publishing'], ['synced', 'publishing', 'published'],
    ]);
    expect(await rawDigest(delivery, 'caravan/big/big:1.0')).toBe(big.digest);
    await expect(pullImage(delivery, 'caravan/big/big', '1.0')).resolves.toMatchObject({ digest: big.digest, blobs: all, blobBytes: blobBytes(big) });
  });
});
