/** Templates and versions: drafts, the state machine, immutability, numbers never reused, the audit trail. */
import { VERSION_TRANSITIONS, type VersionAction, type VersionState } from '@caravan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, createCore, InvalidInputError, PreconditionFailedError } from '../../src/core/index.js';
import type { Store } from '../../src/core/store/port.js';
import { forEachBackend } from './support/backends.js';
import { FileRegistry, fakeImage } from './support/file-registry.js';
import { admin, developer, rejectionOf, shopApp, startCore, tempDir, tester, viewer, type CoreUnderTest } from './support/fixture.js';

const PEOPLE_ACTIONS = ['publish', 'retry', 'release', 'deprecate', 'restore'] as const satisfies readonly VersionAction[];

forEachBackend((backend) => describe('templates and versions', () => {
  let t: CoreUnderTest;
  let registry: FileRegistry;
  const regDir = tempDir('caravan-fake-registry-');

  beforeAll(async () => {
    registry = new FileRegistry(regDir.dir);
    for (const c of shopApp().components) registry.addSource(c.image, fakeImage(c.name));
    t = await startCore({ registrySync: registry, storeUrl: await backend.newStoreUrl() });
    await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan' });
    await t.core.templates.create(developer, { name: 'shop', description: 'the shop', labels: { team: 'checkout' } });
  });
  afterAll(async () => {
    await t.close();
    regDir.cleanup();
  });

  /** A version of `shop` in the given state, reached through the real moves. */
  async function versionIn(state: VersionState, version: string): Promise<void> {
    await t.core.versions.create(developer, 'shop', { version, app: shopApp() });
    if (state === 'draft') return;
    if (state === 'failed' || state === 'publishing') registry.failSource(shopApp().components[0]!.image, { retryable: false, message: 'manifest unknown' });
    const op = await t.core.versions.publish(developer, 'shop', version);
    if (state === 'publishing') {
      // Caught in the middle: cancel-free way is to look before the worker finishes; use the store instead.
      await t.core.operations.wait(viewer, op.id);
      const row = (await t.store.versions.get('shop', version))!;
      await t.store.versions.update('shop', version, row.revision, { state: 'publishing' });
      registry.clearFailures();
      return;
    }
    await t.core.operations.wait(viewer, op.id);
    registry.clearFailures();
    if (state === 'failed' || state === 'published') return;
    await t.core.versions.release(tester, 'shop', version);
    if (state === 'released') return;
    await t.core.versions.deprecate(tester, 'shop', version);
  }

  it('a template name must be a DNS-1123 label', async () => {
    const e = await rejectionOf(t.core.templates.create(developer, { name: 'Shop_1' }));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e.errors).toEqual([expect.objectContaining({ pointer: '/name', code: 'dns-1123-label' })]);
  });

  it('a second template with the same name is a conflict', async () => {
    expect((await rejectionOf(t.core.templates.create(developer, { name: 'shop' }))).kind).toBe('conflict');
  });

  it('a version needs an existing template', async () => {
    expect((await rejectionOf(t.core.versions.create(developer, 'nope', { version: '1.0', app: shopApp() }))).kind).toBe('not-found');
  });

  it('a draft with a bad app is refused with every field error, pointing into the request', async () => {
    const bad = {
      components: [
        { name: 'Web', image: 'src.example.com/shop/web:1', dependsOn: ['ghost'] },
        { name: 'api', image: 'not a reference' },
      ],
    };
    const e = await rejectionOf(t.core.versions.create(developer, 'shop', { version: 'x1', app: bad as never }));
    expect(e).toBeInstanceOf(InvalidInputError);
    const pointers = (e.errors as { pointer: string }[]).map((x) => x.pointer);
    expect(pointers).toContain('/version');
    expect(pointers).toContain('/app/components/0/name');
    expect(pointers).toContain('/app/components/0/dependsOn/0');
    expect(pointers).toContain('/app/components/1/image');
    expect(pointers.filter((p) => p.startsWith('/app')).length).toBeGreaterThanOrEqual(3);
  });

  it('an edit with a bad description and a bad app is refused once, naming both', async () => {
    await t.core.versions.create(developer, 'shop', { version: '0.9', app: shopApp() });
    const bad = { components: [{ name: 'Web', image: 'src.example.com/shop/web:1' }] };
    const e = await rejectionOf(t.core.versions.update(developer, 'shop', '0.9', { description: 42 as never, app: bad as never }));
    expect(e).toBeInstanceOf(InvalidInputError);
    const pointers = (e.errors as { pointer: string }[]).map((x) => x.pointer);
    expect(pointers).toContain('/description');
    expect(pointers).toContain('/app/components/0/name');
  });

  it('a draft can be written as YAML, edited, and compared with another draft', async () => {
    const yaml = 'components:\n  - name: web\n    image: src.example.com/shop/web:1.0.0\n    kind: stateless\n    ports: [{ port: 8080, protocol: http }]\n';
    const v = await t.core.versions.create(developer, 'shop', { version: '0.1', app: yaml, description: 'first cut' });
    expect(v.state).toBe('draft');
    expect(v.app.components[0]!.name).toBe('web');
    expect(v.transitions).toEqual([]);
    const edited = await t.core.versions.update(developer, 'shop', '0.1', { app: shopApp() }, { ifMatch: v.etag });
    expect(edited.app.components.map((c) => c.name)).toEqual(['web', 'api', 'db']);
    expect(edited.etag).not.toBe(v.etag);
    const bad = await rejectionOf(t.core.versions.update(developer, 'shop', '0.1', { app: 'components: [' }));
    expect(bad.kind).toBe('invalid-input');
    expect((bad.errors as { pointer: string }[])[0]!.pointer).toBe('/app');

    await t.core.versions.create(developer, 'shop', { version: '0.2', app: shopApp('2.0.0') });
    const diff = await t.core.versions.diff(viewer, 'shop', '0.2', '0.1');
    expect(diff.from).toBe('0.1');
    expect(diff.to).toBe('0.2');
    expect(diff.components.changed.map((c) => c.name).sort()).toEqual(['api', 'web']);
  });

  it('a draft whose app is not valid (by the rules of today) cannot be published', async () => {
    await t.core.versions.create(developer, 'shop', { version: '0.4', app: shopApp() });
    // Stored before a rule tightened: the store takes it, publishing re-checks it.
    const row = (await t.store.versions.get('shop', '0.4'))!;
    const stale = { components: [{ name: 'web', kind: 'stateless', image: 'src.example.com/shop/web:1', dependsOn: ['ghost'] }] };
    await t.store.versions.update('shop', '0.4', row.revision, { app: stale });
    const e = await rejectionOf(t.core.versions.publish(developer, 'shop', '0.4'));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e.errors as { pointer: string }[]).map((x) => x.pointer)).toContain('/app/components/0/dependsOn/0');
    expect((await t.core.versions.get(viewer, 'shop', '0.4')).state).toBe('draft');
    expect((await t.core.operations.list(viewer, { kind: 'publish' })).items.every((o) => o.subject.version !== '0.4')).toBe(true);
  });

  it('an edit with a stale ETag fails its precondition', async () => {
    const v = await t.core.versions.create(developer, 'shop', { version: '0.3', app: shopApp() });
    await t.core.versions.update(developer, 'shop', '0.3', { description: 'one' });
    const e = await rejectionOf(t.core.versions.update(developer, 'shop', '0.3', { description: 'two' }, { ifMatch: v.etag }));
    expect(e).toBeInstanceOf(PreconditionFailedError);
    const tpl = await t.core.templates.get(viewer, 'shop');
    expect((await rejectionOf(t.core.templates.update(developer, 'shop', { description: 'x' }, { ifMatch: '"999"' }))).kind).toBe('precondition-failed');
    expect((await t.core.templates.update(developer, 'shop', { description: 'the shop' }, { ifMatch: tpl.etag })).description).toBe('the shop');
  });

  it('goes draft -> publishing -> published -> released -> deprecated -> released again, every move audited', async () => {
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: shopApp() });
    const op = await t.core.versions.publish(developer, 'shop', '1.0', { reason: 'ready' });
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toMatch(/publishing|published/);
    expect((await t.core.operations.wait(viewer, op.id)).state).toBe('succeeded');
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toBe('published');
    await t.core.versions.release(tester, 'shop', '1.0', { reason: 'passed regression suite' });
    await t.core.versions.deprecate(tester, 'shop', '1.0', { reason: 'superseded' });
    const restored = await t.core.versions.restore(tester, 'shop', '1.0');
    expect(restored.state).toBe('released');
    expect(restored.transitions.map((x) => [x.action, x.from, x.to, x.actor.id])).toEqual([
      ['publish', 'draft', 'publishing', developer.id],
      ['synced', 'publishing', 'published', 'system'],
      ['release', 'published', 'released', tester.id],
      ['deprecate', 'released', 'deprecated', tester.id],
      ['restore', 'deprecated', 'released', tester.id],
    ]);
    expect(restored.transitions[0]!.reason).toBe('ready');

    const audit = await t.core.audit.list(viewer, { subject: 'templates/shop/versions/1.0' });
    // The trail comes newest first; read it in the order things happened.
    const newestFirst = audit.items.filter((a) => a.from !== undefined && a.action !== 'version.create');
    expect(newestFirst[0]!.action).toBe('version.restore');
    const moves = [...newestFirst].reverse();
    expect(moves.map((a) => [a.action, a.actor.id, a.from, a.to])).toEqual([
      ['version.publish', developer.id, 'draft', 'publishing'],
      ['version.synced', 'system', 'publishing', 'published'],
      ['version.release', tester.id, 'published', 'released'],
      ['version.deprecate', tester.id, 'released', 'deprecated'],
      ['version.restore', tester.id, 'deprecated', 'released'],
    ]);
    expect(moves[2]!.reason).toBe('passed regression suite');
    for (const a of moves) expect(Date.parse(a.at)).not.toBeNaN();
  });

  it('a deprecated version that was only published is restored to published', async () => {
    await versionIn('published', '1.1');
    await t.core.versions.deprecate(tester, 'shop', '1.1');
    expect((await t.core.versions.restore(admin, 'shop', '1.1')).state).toBe('published');
  });

  describe('every move the state table does not allow is refused, naming the state and the allowed actions', () => {
    const states: VersionState[] = ['draft', 'publishing', 'published', 'released', 'deprecated', 'failed'];
    for (const [i, state] of states.entries()) {
      it(`from ${state}`, async () => {
        const version = `5.${i}`;
        await versionIn(state, version);
        expect((await t.core.versions.get(viewer, 'shop', version)).state).toBe(state);
        const allowed: VersionAction[] = VERSION_TRANSITIONS.filter((x) => x.from.includes(state)).map((x) => x.action);
        for (const action of PEOPLE_ACTIONS.filter((a) => !allowed.includes(a))) {
          const e = await rejectionOf(t.core.versions[action](admin, 'shop', version));
          expect(e, `${action} from ${state}`).toBeInstanceOf(ConflictError);
          expect(e.kind).toBe('invalid-transition');
          expect(e.message).toContain(state);
          expect(e.details).toMatchObject({ state, action, allowedActions: allowed });
        }
        expect((await t.core.versions.get(viewer, 'shop', version)).state).toBe(state);
      });
    }
  });

  it('anything past draft is immutable', async () => {
    await versionIn('released', '6.0');
    const e = await rejectionOf(t.core.versions.update(developer, 'shop', '6.0', { description: 'sneaky' }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.kind).toBe('version-immutable');
    await versionIn('failed', '6.1');
    expect((await rejectionOf(t.core.versions.update(developer, 'shop', '6.1', { app: shopApp() }))).kind).toBe('version-immutable');
  });

  it('a version number is never reused, in either written form', async () => {
    await t.core.versions.create(developer, 'shop', { version: '7.0', app: shopApp() });
    const again = await rejectionOf(t.core.versions.create(developer, 'shop', { version: '7.0', app: shopApp() }));
    expect(again.kind).toBe('version-exists');
    const spelled = await rejectionOf(t.core.versions.create(developer, 'shop', { version: '7.0.0', app: shopApp() }));
    expect(spelled.kind).toBe('version-exists');
    expect(spelled.message).toContain('7.0');
  });

  it('a version number written two ways at the same moment is created once', async () => {
    await t.core.templates.create(developer, { name: 'twice' });
    const results = await Promise.allSettled(['3.0', '3.0.0', '3.0', '3.0.0'].map((version) => t.core.versions.create(developer, 'twice', { version, app: shopApp() })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as ConflictError).kind).toBe('version-exists');
    expect((await t.core.versions.list(viewer, 'twice')).items).toHaveLength(1);
  });

  it('the other spelling of a version number stays used after its template was deleted', async () => {
    await t.core.templates.create(developer, { name: 'respelled' });
    await t.core.versions.create(developer, 'respelled', { version: '1.0', app: shopApp() });
    await t.core.templates.delete(developer, 'respelled');
    await t.core.templates.create(developer, { name: 'respelled' });
    const e = await rejectionOf(t.core.versions.create(developer, 'respelled', { version: '1.0.0', app: shopApp() }));
    expect(e.kind).toBe('version-exists');
    expect(e.message).toContain('same version as 1.0');
  });

  it('a template with only drafts can be deleted, and its version numbers stay used', async () => {
    await t.core.templates.create(developer, { name: 'scratch' });
    await t.core.versions.create(developer, 'scratch', { version: '1.0', app: shopApp() });
    await t.core.templates.delete(developer, 'scratch');
    expect((await rejectionOf(t.core.templates.get(viewer, 'scratch'))).kind).toBe('not-found');
    await t.core.templates.create(developer, { name: 'scratch' });
    expect((await rejectionOf(t.core.versions.create(developer, 'scratch', { version: '1.0', app: shopApp() }))).kind).toBe('version-exists');
  });

  it('a template is not deleted under a draft that starts publishing during the delete', async () => {
    await t.core.templates.create(developer, { name: 'racing' });
    await t.core.versions.create(developer, 'racing', { version: '1.0', app: shopApp() });
    // A second core on the same database whose store lets a publish land between the delete's look and its write.
    const real = t.store;
    const racing: Store = {
      ...real,
      templates: {
        ...real.templates,
        delete: async (...args: Parameters<Store['templates']['delete']>) => {
          const row = (await real.versions.get('racing', '1.0'))!;
          await real.versions.update('racing', '1.0', row.revision, { state: 'publishing' });
          return real.templates.delete(...args);
        },
      },
    };
    const other = await createCore({ store: racing, masterKey: t.masterKey, migrate: false, workerId: 'racing-core' });
    const e = await rejectionOf(other.templates.delete(developer, 'racing'));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toContain('1.0 is publishing');
    expect((await t.store.versions.get('racing', '1.0'))?.state).toBe('publishing');
    expect((await t.core.templates.get(viewer, 'racing')).name).toBe('racing');
  });

  it('a template with a published version cannot be deleted', async () => {
    const e = await rejectionOf(t.core.templates.delete(admin, 'shop'));
    expect(e.kind).toBe('conflict');
    expect(e.message).toContain('1.0 is released');
  });

  it('lists page through every item with opaque cursors, in version order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.core.versions.list(viewer, 'shop', { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((v) => v.version));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const all = (await t.core.versions.list(viewer, 'shop', { limit: 200 })).items.map((v) => v.version);
    expect(seen).toEqual(all);
    expect(all.indexOf('0.1')).toBeLessThan(all.indexOf('1.0'));
    expect(all.indexOf('5.5')).toBeLessThan(all.indexOf('7.0'));
    expect((await rejectionOf(t.core.versions.list(viewer, 'shop', { cursor: 'garbage' }))).kind).toBe('invalid-input');
    expect((await rejectionOf(t.core.versions.list(viewer, 'shop', { limit: 201 }))).kind).toBe('invalid-input');
    const released = await t.core.versions.list(viewer, 'shop', { state: 'released' });
    expect(released.items.every((v) => v.state === 'released')).toBe(true);
  });
}));
