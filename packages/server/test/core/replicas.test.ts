/**
 * Two servers on one database (replicas behind a load balancer): the one that
 * takes a request need not be the one that runs the work, yet its callers see
 * every event, can wait for the result and can cancel it.
 */
import type { OperationEvent } from '@caravan/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachBackend } from './support/backends.js';
import { FileRegistry, fakeImage } from './support/file-registry.js';
import { admin, developer, shopApp, startCore, tempDir, viewer, type CoreUnderTest } from './support/fixture.js';

forEachBackend((backend) =>
  describe('two servers sharing one database', () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function replicas(blobDelayMs = 120): Promise<{ front: CoreUnderTest; worker: CoreUnderTest; registry: FileRegistry }> {
      const reg = tempDir('caravan-fake-registry-');
      cleanups.push(reg.cleanup);
      const registry = new FileRegistry(reg.dir, { blobDelayMs });
      for (const c of shopApp().components) registry.addSource(c.image, fakeImage(c.name));
      // The front takes requests and runs no worker; the worker runs the operations.
      const front = await startCore({ registrySync: registry, storeUrl: await backend.newStoreUrl(), start: false });
      cleanups.push(() => front.close());
      const worker = await startCore({ dir: front.dir, storeUrl: front.storeUrl, masterKey: front.masterKey, registrySync: registry });
      cleanups.push(() => worker.core.stop());
      await front.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan' });
      await front.core.templates.create(developer, { name: 'shop' });
      await front.core.versions.create(developer, 'shop', { version: '1.0', app: shopApp() });
      return { front, worker, registry };
    }

    it('the server that took the publish streams the events of the one that runs it, to the end', async () => {
      const { front } = await replicas();
      const op = await front.core.versions.publish(developer, 'shop', '1.0');
      const events: OperationEvent[] = [];
      for await (const e of front.core.operations.events(viewer, op.id, { signal: new AbortController().signal })) events.push(e);
      expect(events.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
      expect(events.filter((e) => e.type === 'step' && (e.data as { state: string }).state === 'succeeded').length).toBe(3);
      expect((await front.core.operations.wait(viewer, op.id)).state).toBe('succeeded');
      expect((await front.core.versions.get(viewer, 'shop', '1.0')).state).toBe('published');
    });

    it('a cancel sent to one server stops the work on the other', async () => {
      const { front, registry } = await replicas(400);
      const op = await front.core.versions.publish(developer, 'shop', '1.0');
      const deadline = Date.now() + 10_000;
      while (!registry.calls().some((c) => c.type === 'blob')) {
        if (Date.now() > deadline) throw new Error('the worker never started copying');
        await new Promise((r) => setTimeout(r, 20));
      }
      await front.core.operations.cancel(developer, op.id);
      const done = await front.core.operations.wait(viewer, op.id);
      expect(done.state).toBe('cancelled');
      expect(registry.calls().filter((c) => c.type === 'blob').length).toBeLessThan(9);
      expect((await front.core.versions.get(viewer, 'shop', '1.0')).state).toBe('failed');
    });
  }),
);
