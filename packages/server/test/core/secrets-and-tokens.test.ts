/** Secrets at rest, the delivery registry setting, and API tokens. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret, loadMasterKey, SecretBox } from '../../src/core/index.js';
import { forEachBackend } from './support/backends.js';
import { FileRegistry } from './support/file-registry.js';
import { admin, rejectionOf, startCore, tempDir, viewer, type CoreUnderTest } from './support/fixture.js';

/** Every byte SQLite has written for the database: the main file and its write-ahead log. */
function rawDatabase(dbFile: string): Buffer {
  return Buffer.concat([dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

describe('secrets at rest', () => {
  let t: CoreUnderTest | undefined;
  const dirs: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) d();
  });

  it('the registry password and source registry passwords are encrypted in the database file and never returned', async () => {
    const reg = tempDir();
    dirs.push(reg.cleanup);
    const registry = new FileRegistry(reg.dir);
    t = await startCore({ registrySync: registry });
    const password = `right-password`;
    const sourcePassword = `source-${randomBytes(8).toString('hex')}`;
    const settings = await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password });
    expect(settings).toEqual({
      url: 'https://delivery.example.com',
      prefix: 'caravan',
      username: 'robot',
      hasPassword: true,
      allowInsecureHttp: false,
      sourceAllowList: [],
      etag: expect.any(String),
      updatedAt: expect.any(String),
    });
    const source = await t.core.registry.sources.put(admin, 'src.example.com:5000', { username: 'puller', password: sourcePassword });
    expect(source).toEqual({ host: 'src.example.com:5000', username: 'puller', hasPassword: true, etag: '"1"', updatedAt: expect.any(String) });
    expect(JSON.stringify(await t.core.registry.sources.list(admin))).not.toContain(sourcePassword);
    expect(JSON.stringify(await t.core.registry.get(admin))).not.toContain(password);

    const raw = rawDatabase(t.dbFile);
    expect(raw.includes('robot')).toBe(true); // the file is readable: the check below would see a plaintext password
    expect(raw.includes(password)).toBe(false);
    expect(raw.includes(sourcePassword)).toBe(false);
    const audit = JSON.stringify(await t.core.audit.list(admin, { limit: 200 }));
    expect(audit).not.toContain(password);
    expect(audit).not.toContain(sourcePassword);

    // The check gets the decrypted password (the double only accepts the right one).
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: true, push: true, pull: true });
    // An absent password keeps the stored one; an empty one removes it.
    expect((await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot' })).hasPassword).toBe(true);
    expect((await t.core.registry.check(admin)).ok).toBe(true);
    const cleared = await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: '' });
    expect(cleared.hasPassword).toBe(false);
    expect(await t.core.registry.check(admin)).toMatchObject({ ok: false, reason: expect.stringContaining('401') });
  });

  it('a database opened with another master key cannot read the secrets', async () => {
    t = await startCore();
    await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'pw' });
    const row = await t.store.settings.get('registry');
    const sealed = (row!.value as { passwordEnc: string }).passwordEnc;
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'registry:https://delivery.example.com')).toThrow(/master key/);
    expect(new SecretBox(Buffer.from(t.masterKey, 'base64')).open(sealed, 'registry:https://delivery.example.com')).toBe('pw');
    // Bound to its place: the same sealed value does not open as another secret.
    expect(() => new SecretBox(Buffer.from(t!.masterKey, 'base64')).open(sealed, 'source-registry:x')).toThrow();
  });

  it('the master key file is created once with mode 0600, and a readable one is refused', () => {
    const d = tempDir();
    dirs.push(d.cleanup);
    const keyFile = path.join(d.dir, 'sub', 'master.key');
    const first = loadMasterKey({ keyFile });
    expect(first.source).toBe('created');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = loadMasterKey({ keyFile });
    expect(again.source).toBe('file');
    expect(again.key.equals(first.key)).toBe(true);
    chmodSync(keyFile, 0o644);
    expect(() => loadMasterKey({ keyFile })).toThrow(/readable by others/);
    writeFileSync(keyFile, 'nonsense', { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    expect(() => loadMasterKey({ keyFile })).toThrow(/32 bytes/);
  });
});

const keyFileProcess = fileURLToPath(new URL('./support/key-file-process.ts', import.meta.url));

/** Runs `key-file-process.ts` in several processes released at the same moment; what each printed. */
async function loadKeysInProcesses(dir: string, processes: number, keys: number): Promise<string[][]> {
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, ['--import', 'tsx', keyFileProcess, dir, String(keys)], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 }),
  );
  const runs = children.map((child) => {
    let out = '';
    let err = '';
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready\n')) ready();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const done = new Promise<string[]>((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as string[]) : reject(new Error(`exit ${code}: ${err}`)))),
    );
    return { isReady, done };
  });
  await Promise.race([Promise.all(runs.map((r) => r.isReady)), Promise.all(runs.map((r) => r.done))]);
  for (const child of children) child.stdin.write('go\n');
  return Promise.all(runs.map((r) => r.done));
}

describe('a master key file created by several servers starting at once', () => {
  it('is never read half-written: every server gets the one key', async () => {
    const d = tempDir();
    try {
      const keys = 300;
      const results = await loadKeysInProcesses(d.dir, 4, keys);
      for (let n = 0; n < keys; n++) {
        const seen = results.map((r) => r[n]);
        expect(seen.filter((k) => k!.startsWith('error')), `key-${n}`).toEqual([]);
        expect(new Set(seen).size, `key-${n}`).toBe(1);
        expect(statSync(path.join(d.dir, `key-${n}`)).mode & 0o777).toBe(0o600);
      }
    } finally {
      d.cleanup();
    }
  }, 60_000);
});

describe('the delivery registry setting', () => {
  let t: CoreUnderTest;
  afterEach(async () => t.close());

  it('refuses plain http unless allowed, URLs with paths, and bad prefixes, with every error', async () => {
    t = await startCore();
    const e = await rejectionOf(t.core.registry.put(admin, { url: 'http://127.0.0.1:5000/v2', prefix: 'Not Valid' }));
    expect(e.kind).toBe('invalid-input');
    expect((e.errors as { pointer: string; code: string }[]).map((x) => [x.pointer, x.code])).toEqual([
      ['/url', 'insecure-http'],
      ['/url', 'url-path'],
      ['/prefix', 'repository-path'],
    ]);
    const ok = await t.core.registry.put(admin, { url: 'http://127.0.0.1:5000/', prefix: 'teams/shop', allowInsecureHttp: true });
    expect(ok).toMatchObject({ url: 'http://127.0.0.1:5000', prefix: 'teams/shop', allowInsecureHttp: true, username: null, hasPassword: false });
    expect((await rejectionOf(t.core.registry.put(admin, { url: 'ftp://x.example.com', prefix: '' }))).kind).toBe('invalid-input');
    expect((await rejectionOf(t.core.registry.put(admin, { url: 'https://x.example.com', prefix: '', caBundle: 'not pem' }))).kind).toBe('invalid-input');
  });

  it('a change with a stale ETag fails its precondition', async () => {
    t = await startCore();
    const first = await t.core.registry.put(admin, { url: 'https://a.example.com', prefix: 'c' });
    await t.core.registry.put(admin, { url: 'https://b.example.com', prefix: 'c' }, { ifMatch: first.etag });
    expect((await rejectionOf(t.core.registry.put(admin, { url: 'https://c.example.com', prefix: 'c' }, { ifMatch: first.etag }))).kind).toBe('precondition-failed');
    expect((await t.core.registry.get(admin))!.url).toBe('https://b.example.com');
  });

  it('checking without a configured registry says so', async () => {
    t = await startCore();
    expect(await t.core.registry.get(admin)).toBeUndefined();
    const e = await rejectionOf(t.core.registry.check(admin));
    expect(e.kind).toBe('registry-not-configured');
    expect(e.message).toBe('no delivery registry is configured: PUT /v1/registry first');
  });

  it('source registry credentials can be removed, and removing an unknown one is not found', async () => {
    t = await startCore();
    await t.core.registry.sources.put(admin, 'ghcr.io', { username: 'u', password: 'p' });
    await t.core.registry.sources.delete(admin, 'ghcr.io');
    expect(await t.core.registry.sources.list(admin)).toEqual([]);
    expect((await rejectionOf(t.core.registry.sources.delete(admin, 'ghcr.io'))).kind).toBe('not-found');
    expect((await rejectionOf(t.core.registry.sources.put(admin, 'not a host!', { username: 'u', password: 'p' }))).kind).toBe('invalid-input');
  });
});

describe('tokens', () => {
  let t: CoreUnderTest | undefined;
  const dirs: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const d of dirs.splice(0)) d();
  });

  it('the first start generates an admin token and hands its secret out once', async () => {
    const d = tempDir();
    dirs.push(d.cleanup);
    t = await startCore({ dir: d.dir });
    expect(t.core.bootstrapped).toBe(true);
    const secret = t.core.bootstrapSecret!;
    expect(secret).toMatch(/^cvn_[A-Za-z0-9_-]{43}$/);
    const actor = await t.core.tokens.authenticate(secret);
    expect(actor).toMatchObject({ roles: ['admin'] });
    const masterKey = t.masterKey;
    await t.core.stop();
    const again = await startCore({ dir: d.dir, masterKey });
    try {
      expect(again.core.bootstrapped).toBe(false);
      expect(again.core.bootstrapSecret).toBeUndefined();
      expect(await again.core.tokens.authenticate(secret)).toMatchObject({ roles: ['admin'] });
    } finally {
      await again.core.stop();
    }
  });

  it('a given bootstrap token becomes the admin token, and its secret is not echoed', async () => {
    t = await startCore({ bootstrapToken: 'my-very-own-bootstrap-secret' });
    expect(t.core.bootstrapped).toBe(true);
    expect(t.core.bootstrapSecret).toBeUndefined();
    expect(await t.core.tokens.authenticate('my-very-own-bootstrap-secret')).toMatchObject({ id: 'tok_bootstrap', roles: ['admin'] });
  });

  it('secrets are stored as sha256 hashes, shown once, and resolve to the token roles', async () => {
    t = await startCore();
    const created = await t.core.tokens.create(admin, { name: 'ci', roles: ['developer', 'tester'], environments: ['test-intranet'] });
    expect(created.secret).toMatch(/^cvn_/);
    const raw = rawDatabase(t.dbFile);
    expect(raw.includes(created.secret)).toBe(false);
    expect(raw.includes(hashSecret(created.secret))).toBe(true);
    const listed = await t.core.tokens.list(admin);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(listed.items.find((x) => x.id === created.id)).toEqual({
      id: created.id,
      name: 'ci',
      roles: ['developer', 'tester'],
      environments: ['test-intranet'],
      createdAt: created.createdAt,
      createdBy: { id: admin.id, name: admin.name },
    });
    const actor = await t.core.tokens.authenticate(created.secret);
    expect(actor).toEqual({ id: created.id, name: 'ci', roles: ['developer', 'tester'], environments: ['test-intranet'] });
    expect((await t.core.tokens.list(admin)).items.find((x) => x.id === created.id)!.lastUsedAt).toEqual(expect.any(String));
    expect(await t.core.tokens.whoami(actor!)).toEqual({ id: created.id, name: 'ci', roles: ['developer', 'tester'], environments: ['test-intranet'] });
    expect(await t.core.tokens.authenticate(`${created.secret}x`)).toBeUndefined();
  });

  it('revoked and expired tokens no longer authenticate', async () => {
    let now = new Date('2026-01-01T00:00:00.000Z');
    t = await startCore({ clock: { now: () => now }, start: false });
    const revoked = await t.core.tokens.create(admin, { name: 'gone', roles: ['viewer'] });
    await t.core.tokens.delete(admin, revoked.id);
    expect(await t.core.tokens.authenticate(revoked.secret)).toBeUndefined();
    expect((await t.core.tokens.list(admin)).items.map((x) => x.id)).not.toContain(revoked.id);
    expect((await rejectionOf(t.core.tokens.delete(admin, revoked.id))).kind).toBe('not-found');

    const expiring = await t.core.tokens.create(admin, { name: 'short', roles: ['viewer'], expiresAt: '2026-01-01T01:00:00Z' });
    expect(await t.core.tokens.authenticate(expiring.secret)).toBeDefined();
    now = new Date('2026-01-01T01:00:01.000Z');
    expect(await t.core.tokens.authenticate(expiring.secret)).toBeUndefined();
    expect((await rejectionOf(t.core.tokens.create(admin, { name: 'past', roles: ['viewer'], expiresAt: '2025-01-01T00:00:00Z' }))).kind).toBe('invalid-input');
    const audit = await t.core.audit.list(viewer, { action: 'token.delete' });
    expect(audit.items.map((a) => a.subject.name)).toEqual([revoked.id]);
  });

  it('token input is checked: unknown roles, no roles, bad environment names', async () => {
    t = await startCore();
    const e = await rejectionOf(t.core.tokens.create(admin, { name: '', roles: ['root' as never], environments: ['Bad_Env'] }));
    expect((e.errors as { pointer: string }[]).map((x) => x.pointer)).toEqual(['/name', '/roles/0', '/environments/0']);
    expect((await rejectionOf(t.core.tokens.create(admin, { name: 'x', roles: [] }))).kind).toBe('invalid-input');
  });
});

/** Everything the store holds, as raw text: the SQLite file and its log, or every PostgreSQL table's rows. */
async function rawStoreText(t: CoreUnderTest): Promise<string> {
  if (!t.storeUrl.startsWith('postgres')) return rawDatabase(t.dbFile).toString('latin1');
  const client = new pg.Client({ connectionString: t.storeUrl });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    let text = '';
    for (const { tablename } of tables.rows) {
      const rows = await client.query<{ j: string }>(`select row_to_json(x)::text as j from "${tablename}" x`);
      text += rows.rows.map((r) => r.j).join('\n');
    }
    return text;
  } finally {
    await client.end();
  }
}

forEachBackend((backend) =>
  describe('what the store holds', () => {
    let t: CoreUnderTest;
    afterEach(async () => t.close());

    it('holds no password or token secret in plaintext, only sealed values and hashes', async () => {
      t = await startCore({ storeUrl: await backend.newStoreUrl() });
      const password = `delivery-${randomBytes(8).toString('hex')}`;
      const sourcePassword = `source-${randomBytes(8).toString('hex')}`;
      await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot-user', password });
      await t.core.registry.sources.put(admin, 'src.example.com', { username: 'puller', password: sourcePassword });
      const token = await t.core.tokens.create(admin, { name: 'ci', roles: ['developer'] });
      const text = await rawStoreText(t);
      expect(text).toContain('robot-user');
      expect(text).toContain(hashSecret(token.secret));
      expect(text).not.toContain(password);
      expect(text).not.toContain(sourcePassword);
      expect(text).not.toContain(token.secret);
      expect(text).not.toContain(t.core.bootstrapSecret!);
    });
  }),
);
