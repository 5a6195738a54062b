/** The publish operation: copying images into the delivery registry, failing honestly, retrying, cancelling, streaming. */
import type { OperationEvent } from '@caravan/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachBackend } from './support/backends.js';
import { FileRegistry, fakeImage } from './support/file-registry.js';
import { admin, developer, rejectionOf, shopApp, startCore, tempDir, viewer, type CoreUnderTest } from './support/fixture.js';

const app = shopApp();
const images = app.components.map((c) => c.image);

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

forEachBackend((backend) => describe('publishing a version', () => {
  let t: CoreUnderTest;
  let registry: FileRegistry;
  let regDir: ReturnType<typeof tempDir>;

  async function setUp(options: Parameters<typeof startCore>[0] = {}, registryOptions: ConstructorParameters<typeof FileRegistry>[1] = {}) {
    regDir = tempDir('caravan-fake-registry-');
    registry = new FileRegistry(regDir.dir, registryOptions);
    for (const c of app.components) registry.addSource(c.image, fakeImage(c.name, 3, 1000));
    t = await startCore({ registrySync: registry, storeUrl: await backend.newStoreUrl(), ...options });
    await t.core.templates.create(developer, { name: 'shop' });
    await t.core.versions.create(developer, 'shop', { version: '1.0', app });
  }
  const configureRegistry = () => t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'right-password' });

  beforeEach(() => {
    regDir = undefined as never;
  });
  afterEach(async () => {
    await t?.close();
    regDir?.cleanup();
  });

  it('without a delivery registry, the operation and the version end failed, saying why', async () => {
    await setUp();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    expect(op.kind).toBe('publish');
    expect(op.subject).toEqual({ template: 'shop', version: '1.0' });
    const done = await t.core.operations.wait(viewer, op.id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ type: 'https://caravan.dev/problems/registry-not-configured', detail: 'no delivery registry is configured: PUT /v1/registry first' });
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('failed');
    expect(v.failure?.reason).toBe('no delivery registry is configured: PUT /v1/registry first');
    expect(v.transitions.at(-1)).toMatchObject({ action: 'syncFailed', from: 'publishing', to: 'failed', actor: { id: 'system' } });
    expect(registry.calls()).toEqual([]);
  });

  it('copies every image, pins each by digest, rewrites the app and only then publishes', async () => {
    await setUp();
    await configureRegistry();
    await t.core.registry.sources.put(admin, 'src.example.com', { username: 'puller', password: 'pull-secret' });
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    const done = await t.core.operations.wait(viewer, op.id);
    expect(done.state).toBe('succeeded');
    // Each copy logs in to the source with that host's credential, and to the delivery registry with its own.
    const copies = registry.calls().filter((c) => c.type === 'copy');
    expect(copies.map((c) => c.type === 'copy' && [c.sourceUser, c.sourceHasPassword, c.targetUser])).toEqual(Array(3).fill(['puller', true, 'robot']));
    expect(done.error).toBeNull();
    expect(done.steps).toEqual(app.components.map((c) => expect.objectContaining({ name: `copy ${c.name}`, state: 'succeeded', bytes: 3000 })));
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('published');
    for (const c of app.components) {
      const digest = registry.tagOf(`caravan/shop/${c.name}`, '1.0');
      expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);
      const pinned = `delivery.example.com/caravan/shop/${c.name}@${digest}`;
      expect(v.app.components.find((x) => x.name === c.name)!.image).toBe(pinned);
      expect(v.images.find((i) => i.component === c.name)).toEqual({ component: c.name, source: c.image, reference: pinned, digest });
    }
    // The second publish of the same images moves no blob bytes.
    await t.core.versions.create(developer, 'shop', { version: '1.1', app });
    const again = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.1')).id);
    expect(again.steps.map((s) => s.bytes)).toEqual([0, 0, 0]);
  });

  it('a failing image fails the version with per-image reasons, and retry copies only what is missing', async () => {
    await setUp();
    await configureRegistry();
    registry.failSource(images[1]!, { retryable: true, message: 'registry answered 503' });
    const first = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.0')).id);
    expect(first.state).toBe('failed');
    expect(first.steps.map((s) => [s.name, s.state])).toEqual([
      ['copy web', 'succeeded'],
      ['copy api', 'failed'],
      ['copy db', 'succeeded'],
    ]);
    const failed = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(failed.state).toBe('failed');
    expect(failed.failure!.images).toEqual([{ component: 'api', image: images[1], reason: expect.stringContaining('503') }]);
    expect(failed.app.components[1]!.image).toBe(images[1]);
    // Retryable: three tries within the operation before giving up.
    expect(registry.calls().filter((c) => c.type === 'copy' && c.source === images[1]).length).toBe(3);

    registry.clearFailures();
    const blobsBefore = registry.calls().filter((c) => c.type === 'blob').length;
    const retry = await t.core.versions.retry(developer, 'shop', '1.0', { reason: 'registry is back' });
    expect(retry.id).not.toBe(first.id);
    const second = await t.core.operations.wait(viewer, retry.id);
    expect(second.state).toBe('succeeded');
    const copies = registry.calls().filter((c) => c.type === 'copy');
    expect(copies.filter((c) => c.source === images[0]).length).toBe(1);
    expect(copies.filter((c) => c.source === images[2]).length).toBe(1);
    expect(registry.calls().filter((c) => c.type === 'blob').length - blobsBefore).toBe(3);
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('published');
    expect(v.failure).toBeNull();
    expect(v.transitions.map((x) => x.action)).toEqual(['publish', 'syncFailed', 'retry', 'synced']);
  });

  it('an image that does not exist fails at once, without retries, naming the image', async () => {
    await setUp();
    await configureRegistry();
    await t.core.versions.create(developer, 'shop', { version: '2.0', app: shopApp('9.9.9') });
    const done = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '2.0')).id);
    expect(done.state).toBe('failed');
    const v = await t.core.versions.get(viewer, 'shop', '2.0');
    expect(v.failure!.images.map((i) => i.component)).toEqual(['web', 'api']);
    expect(v.failure!.reason).toContain('src.example.com/shop/web:9.9.9');
    expect(registry.calls().filter((c) => c.type === 'copy' && c.source === 'src.example.com/shop/web:9.9.9').length).toBe(1);
  });

  it('a passing registry hiccup is retried within the operation and the publish succeeds', async () => {
    await setUp();
    await configureRegistry();
    registry.failSource(images[0]!, { retryable: true, times: 1 });
    const done = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.0')).id);
    expect(done.state).toBe('succeeded');
    expect(registry.calls().filter((c) => c.type === 'copy' && c.source === images[0]).length).toBe(2);
  });

  it('a second publish of a version being published is refused', async () => {
    await setUp({}, { blobDelayMs: 100 });
    await configureRegistry();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    const e = await rejectionOf(t.core.versions.publish(developer, 'shop', '1.0'));
    expect(e.kind).toBe('invalid-transition');
    await t.core.operations.wait(viewer, op.id);
  });

  it('cancelling a running publish stops it and leaves the version failed, and retry finishes the job', async () => {
    await setUp({}, { blobDelayMs: 150 });
    await configureRegistry();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    await until('the first copy to move a blob', async () => registry.calls().some((c) => c.type === 'blob'));
    const cancelling = await t.core.operations.cancel(developer, op.id);
    expect(['running', 'cancelled']).toContain(cancelling.state);
    const done = await t.core.operations.wait(viewer, op.id);
    expect(done.state).toBe('cancelled');
    expect(done.error).toMatchObject({ type: 'https://caravan.dev/problems/operation-cancelled' });
    const blobs = registry.calls().filter((c) => c.type === 'blob').length;
    expect(blobs).toBeLessThan(9);
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('failed');
    expect(v.failure!.reason).toContain('cancelled by');
    expect((await rejectionOf(t.core.operations.cancel(developer, op.id))).kind).toBe('conflict');

    const retried = await t.core.operations.wait(viewer, (await t.core.versions.retry(developer, 'shop', '1.0')).id);
    expect(retried.state).toBe('succeeded');
    // Together the two operations moved each blob once.
    expect(registry.calls().filter((c) => c.type === 'blob').length).toBe(9);
  });

  it('cancelling a publish that no worker has started ends it at once', async () => {
    await setUp({ start: false });
    await configureRegistry();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    expect(op.state).toBe('pending');
    const cancelled = await t.core.operations.cancel(admin, op.id);
    expect(cancelled.state).toBe('cancelled');
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toBe('failed');
    const audit = await t.core.audit.list(viewer, { action: 'operation.cancel' });
    expect(audit.items.map((a) => [a.actor.id, a.subject.name])).toEqual([[admin.id, op.id]]);
  });

  it('a publish that runs past its deadline fails with a clear reason', async () => {
    await setUp({ publish: { deadlineMs: 400 } }, { blobDelayMs: 200 });
    await configureRegistry();
    const done = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.0')).id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ type: 'https://caravan.dev/problems/operation-deadline-exceeded' });
    expect(done.error!.detail).toContain('must finish within');
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toBe('failed');
  });

  it('events resume after any event id and miss nothing', async () => {
    await setUp({}, { blobDelayMs: 30 });
    await configureRegistry();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    // A consumer that drops its connection after a few events and reconnects with the last id it saw.
    const seen: OperationEvent[] = [];
    let last: string | undefined;
    for (let round = 0; round < 100; round++) {
      const controller = new AbortController();
      let n = 0;
      let ended = true;
      for await (const e of t.core.operations.events(viewer, op.id, { signal: controller.signal, ...(last === undefined ? {} : { afterEventId: last }) })) {
        seen.push(e);
        last = e.id;
        if (++n === 3) {
          ended = false;
          controller.abort();
          break;
        }
      }
      if (ended) break;
    }
    const all: OperationEvent[] = [];
    for await (const e of t.core.operations.events(viewer, op.id, { signal: new AbortController().signal })) all.push(e);
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const ids = all.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(all[0]).toMatchObject({ operation: op.id, type: 'state', data: { state: 'pending' } });
    expect(all.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
    expect(all.filter((e) => e.type === 'step').length).toBeGreaterThanOrEqual(6);
    // The stream of all operations carries the same events.
    const everything: OperationEvent[] = [];
    const controller = new AbortController();
    for await (const e of t.core.operations.events(viewer, undefined, { signal: controller.signal })) {
      everything.push(e);
      if (e.id === all.at(-1)!.id) controller.abort();
    }
    expect(everything.filter((e) => e.operation === op.id).map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('a graceful stop gives the lease up, and the next start resumes at once without counting an attempt', async () => {
    await setUp({}, { blobDelayMs: 150 });
    await configureRegistry();
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    await until('a copy to be under way', async () => registry.calls().some((c) => c.type === 'blob'));
    await t.core.stop();
    const held = await (await import('../../src/core/store/open-store.js')).openStore(t.storeUrl);
    const row = (await held.operations.get(op.id))!;
    expect(row.state).toBe('running');
    expect(row.leaseOwner).toBeNull();
    expect(row.attempts).toBe(0);
    await held.close();

    const next = await startCore({ dir: t.dir, storeUrl: t.storeUrl, masterKey: t.masterKey, registrySync: registry });
    try {
      const done = await next.core.operations.wait(viewer, op.id);
      expect(done.state).toBe('succeeded');
      expect((await next.store.operations.get(op.id))!.attempts).toBe(1);
      expect(registry.calls().filter((c) => c.type === 'blob').length).toBe(9);
    } finally {
      await next.core.stop();
    }
  });
}));
