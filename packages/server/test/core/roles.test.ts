/** Who may do what, as the architecture doc's role table says. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/core/index.js';
import { forEachBackend } from './support/backends.js';
import { admin, developer, operator, rejectionOf, shopApp, startCore, tester, viewer, type CoreUnderTest } from './support/fixture.js';

forEachBackend((backend) => describe('roles', () => {
  let t: CoreUnderTest;
  beforeEach(async () => {
    t = await startCore({ storeUrl: await backend.newStoreUrl() });
    // A published version to release: drafts are published through a registry-less failure path
    // elsewhere; here the store is put in the published state the way the publish operation leaves it.
    await t.core.templates.create(developer, { name: 'shop' });
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: shopApp() });
    const row = (await t.store.versions.get('shop', '1.0'))!;
    await t.store.versions.update('shop', '1.0', row.revision, { state: 'published' });
  });
  afterEach(async () => t.close());

  it('a developer cannot release a version, and is told which role it needs', async () => {
    const e = await rejectionOf(t.core.versions.release(developer, 'shop', '1.0'));
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.kind).toBe('forbidden');
    expect(e.message).toContain('tester');
    expect(e.details).toMatchObject({ requiredRoles: ['tester', 'admin'], roles: ['developer'] });
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toBe('published');
  });

  it('a tester can release, deprecate and restore a version', async () => {
    expect((await t.core.versions.release(tester, 'shop', '1.0', { reason: 'passed regression' })).state).toBe('released');
    expect((await t.core.versions.deprecate(tester, 'shop', '1.0')).state).toBe('deprecated');
    expect((await t.core.versions.restore(tester, 'shop', '1.0')).state).toBe('released');
  });

  it('a tester cannot create templates or drafts, nor publish', async () => {
    expect((await rejectionOf(t.core.templates.create(tester, { name: 'other' }))).kind).toBe('forbidden');
    expect((await rejectionOf(t.core.versions.create(tester, 'shop', { version: '2.0', app: shopApp() }))).kind).toBe('forbidden');
    expect((await rejectionOf(t.core.versions.publish(tester, 'shop', '1.0'))).kind).toBe('forbidden');
  });

  it('a viewer reads templates, versions, operations and the audit trail but changes nothing', async () => {
    expect((await t.core.templates.list(viewer)).items.map((x) => x.name)).toEqual(['shop']);
    expect((await t.core.versions.list(viewer, 'shop')).items).toHaveLength(1);
    expect((await t.core.operations.list(viewer)).items).toEqual([]);
    expect((await t.core.audit.list(viewer)).items.length).toBeGreaterThan(0);
    expect((await rejectionOf(t.core.templates.update(viewer, 'shop', { description: 'x' }))).kind).toBe('forbidden');
    expect((await rejectionOf(t.core.versions.deprecate(viewer, 'shop', '1.0'))).kind).toBe('forbidden');
  });

  it('only an admin manages tokens and the delivery registry', async () => {
    for (const who of [viewer, developer, tester, operator]) {
      expect((await rejectionOf(t.core.tokens.create(who, { name: 'x', roles: ['viewer'] }))).kind).toBe('forbidden');
      expect((await rejectionOf(t.core.tokens.list(who))).kind).toBe('forbidden');
      expect((await rejectionOf(t.core.registry.get(who))).kind).toBe('forbidden');
      expect((await rejectionOf(t.core.registry.put(who, { url: 'https://r.example.com', prefix: 'c' }))).kind).toBe('forbidden');
      expect((await rejectionOf(t.core.registry.sources.list(who))).kind).toBe('forbidden');
    }
    await t.core.tokens.create(admin, { name: 'ci', roles: ['developer'] });
    await t.core.registry.put(admin, { url: 'https://r.example.com', prefix: 'c' });
  });

  it('an admin may do what every other role may', async () => {
    expect((await t.core.versions.release(admin, 'shop', '1.0')).state).toBe('released');
    await t.core.templates.create(admin, { name: 'admin-made' });
  });

  it('a caller with no roles may not even read', async () => {
    const nobody = { id: 'n', name: 'nobody', roles: [] };
    expect((await rejectionOf(t.core.templates.list(nobody))).kind).toBe('forbidden');
  });

  it('anyone may ask who they are', async () => {
    expect(await t.core.tokens.whoami(viewer)).toEqual({ id: viewer.id, name: viewer.name, roles: ['viewer'] });
  });
}));
