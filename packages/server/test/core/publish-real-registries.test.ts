/**
 * The publish operation with Caravan's OCI client against real registries
 * (Debian's docker-registry from the test harness): images from an anonymous
 * source and from a private Basic-auth source go into a Basic-auth delivery
 * registry, pinned by the digests the sources have; a second version with the
 * same images moves no bytes; a missing image fails the version naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, makeLayer, makeMultiArchImage, type TestImage } from '../../../../test/harness/src/images.js';
import { pullImage, pushImage } from '../../../../test/harness/src/registry-http.js';
import { startRegistry, type Reg } from '../../../../test/harness/src/registry.js';
import { createOciRegistrySync, type OciRegistrySync } from '../../src/core/index.js';
import { admin, developer, startCore, viewer, type CoreUnderTest } from './support/fixture.js';

describe('publishing through real registries', () => {
  let source: Reg;
  let privateSource: Reg;
  let delivery: Reg;
  let sync: OciRegistrySync;
  let t: CoreUnderTest;
  const images: Record<string, TestImage> = {};

  beforeAll(async () => {
    [source, privateSource, delivery] = await Promise.all([
      startRegistry({ auth: 'none', name: 'core-source' }),
      startRegistry({ auth: 'basic', name: 'core-private-source', username: 'ci', password: 'ci-secret' }),
      startRegistry({ auth: 'basic', name: 'core-delivery' }),
    ]);
    const base = [makeLayer('core-publish/base', { size: 120_000 })];
    images.web = makeImage({ seed: 'core-publish/web', base, layers: 2, layerSize: 80_000 });
    images.api = makeMultiArchImage({ seed: 'core-publish/api', layers: 1, layerSize: 60_000 });
    images.db = makeImage({ seed: 'core-publish/db', base, layers: 1, layerSize: 50_000, format: 'docker' });
    await pushImage(source, 'shop/web', '1.4.2', images.web);
    await pushImage(source, 'shop/api', '2.1.0', images.api);
    await pushImage(privateSource, 'library/postgres', '16', images.db);
    sync = createOciRegistrySync();
    t = await startCore({ registrySync: sync });
    await t.core.registry.put(admin, { url: delivery.url, prefix: 'caravan', username: delivery.username!, password: delivery.password!, allowInsecureHttp: true });
    await t.core.registry.sources.put(admin, privateSource.host, { username: 'ci', password: 'ci-secret' });
    await t.core.templates.create(developer, { name: 'shop' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    sync?.close();
    await Promise.all([source, privateSource, delivery].map((r) => r?.destroy()));
  });

  const app = () => ({
    components: [
      { name: 'web', kind: 'stateless' as const, image: `${source.host}/shop/web:1.4.2`, ports: [{ port: 8080, protocol: 'http' as const }] },
      { name: 'api', kind: 'stateless' as const, image: `${source.host}/shop/api:2.1.0` },
      { name: 'db', kind: 'stateful' as const, image: `${privateSource.host}/library/postgres:16` },
    ],
  });

  it('copies every image (multi-arch included) by digest and pins the app to the delivery registry', async () => {
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: app() });
    const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.0')).id);
    expect(op.error).toBeNull();
    expect(op.state).toBe('succeeded');
    expect(op.steps.every((s) => s.state === 'succeeded' && s.bytes > 0)).toBe(true);
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('published');
    for (const c of v.app.components) {
      const digest = images[c.name]!.digest;
      expect(c.image).toBe(`${delivery.host}/caravan/shop/${c.name}@${digest}`);
      expect(v.images.find((i) => i.component === c.name)).toMatchObject({ digest, reference: c.image });
      await expect(pullImage(delivery, `caravan/shop/${c.name}`, '1.0')).resolves.toMatchObject({ digest });
    }
  });

  it('a second version with the same images moves no blob bytes', async () => {
    await t.core.versions.create(developer, 'shop', { version: '1.1', app: app() });
    const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.1')).id);
    expect(op.state).toBe('succeeded');
    expect(op.steps.map((s) => s.bytes)).toEqual([0, 0, 0]);
  });

  it('a missing image fails the version with a reason naming that image', async () => {
    const missing = { ...app(), components: [...app().components, { name: 'ghost', kind: 'stateless' as const, image: `${source.host}/shop/ghost:0.0.1` }] };
    await t.core.versions.create(developer, 'shop', { version: '1.2', app: missing });
    const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.2')).id);
    expect(op.state).toBe('failed');
    const v = await t.core.versions.get(viewer, 'shop', '1.2');
    expect(v.state).toBe('failed');
    expect(v.failure!.images).toEqual([{ component: 'ghost', image: `${source.host}/shop/ghost:0.0.1`, reason: expect.stringContaining('shop/ghost') }]);
    expect(v.images.filter((i) => i.reference !== undefined).map((i) => i.component)).toEqual(['web', 'api', 'db']);
  });

  it('pulling from the private source needs its stored credential', async () => {
    await t.core.registry.sources.delete(admin, privateSource.host);
    try {
      const only = { components: [{ name: 'db2', kind: 'stateful' as const, image: `${privateSource.host}/library/postgres:16` }] };
      await t.core.versions.create(developer, 'shop', { version: '1.3', app: only });
      const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.3')).id);
      expect(op.state).toBe('failed');
      const v = await t.core.versions.get(viewer, 'shop', '1.3');
      expect(v.failure!.images.map((i) => i.component)).toEqual(['db2']);
      expect(v.failure!.reason).not.toContain('ci-secret');
    } finally {
      await t.core.registry.sources.put(admin, privateSource.host, { username: 'ci', password: 'ci-secret' });
    }
  });
});
