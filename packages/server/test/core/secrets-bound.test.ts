/**
 * Registry passwords are bound to where they may be sent: the delivery
 * registry password to the registry's origin, a source registry password to
 * its host. Pointing the delivery registry elsewhere needs the password again,
 * and a sealed value copied into another row does not open there. Real SQLite
 * files; the registry double accepts only `right-password`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/core/index.js';
import { FileRegistry, fakeImage } from './support/file-registry.js';
import { admin, developer, rejectionOf, startCore, tempDir, viewer, type CoreUnderTest } from './support/fixture.js';

interface StoredRegistry {
  url: string;
  passwordEnc: string | null;
}

describe('the delivery registry password, bound to its registry', () => {
  let t: CoreUnderTest | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  async function withRegistry(): Promise<{ t: CoreUnderTest; registry: FileRegistry }> {
    const reg = tempDir('caravan-fake-registry-');
    cleanups.push(reg.cleanup);
    const registry = new FileRegistry(reg.dir);
    t = await startCore({ registrySync: registry });
    await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'right-password' });
    return { t, registry };
  }

  it('refuses a new URL on another host without the password, naming the field, and changes nothing', async () => {
    const { t } = await withRegistry();
    const before = (await t.core.registry.get(admin))!;
    const auditBefore = (await t.core.audit.list(admin, { subject: 'registry' })).items.length;

    for (const url of ['https://attacker.example.net', 'https://delivery.example.com:8443', 'https://other.example.com']) {
      const e = await rejectionOf(t.core.registry.put(admin, { url, prefix: 'caravan', username: 'robot' }));
      expect(e.kind).toBe('invalid-input');
      expect(e.errors).toEqual([expect.objectContaining({ pointer: '/password', code: 'required' })]);
    }
    expect(await t.core.registry.get(admin)).toEqual(before);
    expect((await t.core.audit.list(admin, { subject: 'registry' })).items).toHaveLength(auditBefore);
    // The stored password still opens for the registry it was given for.
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true });
  });

  it('keeps the password for the same registry (prefix, user or a trailing slash changed), and takes a new one with a new URL', async () => {
    const { t } = await withRegistry();
    const same = await t.core.registry.put(admin, { url: 'https://DELIVERY.example.com/', prefix: 'teams/shop', username: 'robot2' });
    expect(same).toMatchObject({ url: 'https://delivery.example.com', prefix: 'teams/shop', hasPassword: true });
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true });

    const moved = await t.core.registry.put(admin, { url: 'https://mirror.example.com', prefix: 'caravan', username: 'robot', password: 'right-password' });
    expect(moved).toMatchObject({ url: 'https://mirror.example.com', hasPassword: true });
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true });
    // Moving with an explicitly empty password stores none.
    const bare = await t.core.registry.put(admin, { url: 'https://third.example.com', prefix: 'caravan', password: '' });
    expect(bare.hasPassword).toBe(false);
    // With no password stored, nothing is left to protect: a move needs none.
    expect((await t.core.registry.put(admin, { url: 'https://fourth.example.com', prefix: 'caravan' })).url).toBe('https://fourth.example.com');
  });

  it('a switch to plain http on the same host is another destination and needs the password too', async () => {
    const { t } = await withRegistry();
    const e = await rejectionOf(t.core.registry.put(admin, { url: 'http://delivery.example.com', prefix: 'caravan', username: 'robot', allowInsecureHttp: true }));
    expect(e.errors).toEqual([expect.objectContaining({ pointer: '/password' })]);
  });

  it('a sealed password copied into the setting of another registry does not open', async () => {
    const { t } = await withRegistry();
    const row = (await t.store.settings.get('registry'))!;
    const stored = row.value as StoredRegistry;
    // What a write straight to the database (not through the API) could do: keep the sealed value, change the URL.
    await t.store.settings.put('registry', { ...stored, url: 'https://attacker.example.net' }, row.updatedAt, row.revision);
    const e = await rejectionOf(t.core.registry.check(admin));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/does not open.*give the password again/);
    // And a source registry's sealed password does not open as the delivery registry's.
    await t.core.registry.sources.put(admin, 'delivery.example.com', { username: 'robot', password: 'right-password' });
    const source = (await t.store.sourceCredentials.get('delivery.example.com'))!;
    const again = (await t.store.settings.get('registry'))!;
    await t.store.settings.put('registry', { ...stored, passwordEnc: source.passwordEnc }, again.updatedAt, again.revision);
    expect((await rejectionOf(t.core.registry.check(admin))).kind).toBe('conflict');
    // Restored as it was, it opens again: the refusal came from the binding, not from a broken value.
    const last = (await t.store.settings.get('registry'))!;
    await t.store.settings.put('registry', stored, last.updatedAt, last.revision);
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true });
  });

  it('a password sealed before binding existed is sealed again, bound to its registry, at the next start', async () => {
    const d = tempDir();
    cleanups.push(d.cleanup);
    const reg = tempDir('caravan-fake-registry-');
    cleanups.push(reg.cleanup);
    const registry = new FileRegistry(reg.dir);
    t = await startCore({ dir: d.dir, registrySync: registry });
    const masterKey = t.masterKey;
    const box = new SecretBox(Buffer.from(masterKey, 'base64'));
    // The shape an older Caravan wrote: the password sealed under a fixed label.
    await t.store.settings.put(
      'registry',
      { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', passwordEnc: box.seal('right-password', 'registry.password'), allowInsecureHttp: false },
      '2026-01-01T00:00:00.000Z',
      0,
    );
    await t.core.stop();
    t = await startCore({ dir: d.dir, masterKey, registrySync: registry });
    const sealed = ((await t.store.settings.get('registry'))!.value as StoredRegistry).passwordEnc!;
    expect(box.open(sealed, 'registry:https://delivery.example.com')).toBe('right-password');
    expect(() => box.open(sealed, 'registry.password')).toThrow();
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true });
    expect((await t.core.audit.list(admin, { action: 'registry.password.bind' })).items).toEqual([
      expect.objectContaining({ actor: { id: 'system', name: 'caravan' }, subject: { kind: 'registry', name: 'delivery' } }),
    ]);
    // And the rebound password is as bound as a new one: a move needs it again.
    expect((await rejectionOf(t.core.registry.put(admin, { url: 'https://attacker.example.net', prefix: 'caravan', username: 'robot' }))).kind).toBe('invalid-input');
  });
});

describe('a source registry password, bound to its host', () => {
  let t: CoreUnderTest | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  it('copied into the row of another host, does not open: publishing fails that image saying so, and sends no password', async () => {
    const reg = tempDir('caravan-fake-registry-');
    cleanups.push(reg.cleanup);
    const registry = new FileRegistry(reg.dir);
    const image = 'other.example.com/shop/web:1.0.0';
    registry.addSource(image, fakeImage('web', 1, 10));
    t = await startCore({ registrySync: registry });
    await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'right-password' });
    await t.core.registry.sources.put(admin, 'src.example.com', { username: 'puller', password: 'source-secret' });
    const sealed = (await t.store.sourceCredentials.get('src.example.com'))!;
    await t.store.sourceCredentials.put({ ...sealed, host: 'other.example.com' });

    await t.core.templates.create(developer, { name: 'shop' });
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: { components: [{ name: 'web', image, ports: [{ port: 80 }] }] } });
    const op = await t.core.versions.publish(developer, 'shop', '1.0');
    expect((await t.core.operations.wait(viewer, op.id)).state).toBe('failed');
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.failure!.images).toEqual([{ component: 'web', image, reason: expect.stringMatching(/source registry other\.example\.com does not open/) }]);
    expect(registry.calls()).toEqual([]);

    // Given again for its own host, it opens and is used.
    await t.core.registry.sources.put(admin, 'other.example.com', { username: 'puller', password: 'source-secret' });
    const retry = await t.core.versions.retry(developer, 'shop', '1.0');
    expect((await t.core.operations.wait(viewer, retry.id)).state).toBe('succeeded');
    expect(registry.calls().find((c) => c.type === 'copy')).toMatchObject({ sourceUser: 'puller', sourceHasPassword: true });
  });
});
