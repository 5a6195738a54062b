/**
 * The store conformance suite on real SQLite files in a temporary folder (one
 * file per test), plus what only SQLite has to prove: the pragmas, several
 * processes' worth of connections on one file, and the URL forms.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreUrl } from '../../src/core/store/open-store.js';
import { StoreConflictError } from '../../src/core/store/port.js';
import { isMigrationRace } from '../../src/core/store/sqlite/open-sqlite.js';
import { describeStoreConformance } from './store-conformance.js';
import { templateRow, versionRow } from './store-fixtures.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'caravan-store-sqlite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
describeStoreConformance('SQLite', async () => {
  const dir = path.join(root, `db-${++counter}`);
  const file = path.join(dir, 'caravan.db');
  return {
    open: () => openStore(`file:${file}`),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('the SQLite store file', () => {
  it('is created with its folder, in WAL mode, with foreign keys, a busy timeout and synchronous=NORMAL', async () => {
    const file = path.join(root, 'pragmas', 'nested', 'caravan.db');
    const store = await openStore(file);
    try {
      expect(existsSync(file)).toBe(true);
      expect(existsSync(`${file}-wal`)).toBe(true);
      const check = new Database(file, { readonly: true });
      try {
        expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        check.close();
      }
    } finally {
      await store.close();
    }
  });

  it('is released by close, so the file can be removed and opened again', async () => {
    const file = path.join(root, 'closing', 'caravan.db');
    const store = await openStore(`file:${file}`);
    await store.templates.insert(templateRow('shop'));
    await store.close();
    await store.close();
    // Checkpointed and closed: the write-ahead log is gone and the data is in the main file.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare('select name from templates').all()).toEqual([{ name: 'shop' }]);
    } finally {
      check.close();
    }
  });

  it('works in memory too', async () => {
    const store = await openStore(':memory:');
    try {
      await store.templates.insert(templateRow('shop'));
      expect((await store.templates.get('shop'))?.name).toBe('shop');
    } finally {
      await store.close();
    }
  });
});

describe('a SQLite file from before version numbers were keyed by precedence', () => {
  it('gets its old version numbers keyed at the next start, so their other spelling is refused', async () => {
    // The database as the first migration alone left it, with numbers written then (two spellings of 2.0 included).
    const folder = path.join(root, 'first-migration-only');
    cpSync(fileURLToPath(new URL('../../drizzle/sqlite/', import.meta.url)), folder, { recursive: true });
    const journalFile = path.join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
    const file = path.join(root, 'old-numbers', 'caravan.db');
    mkdirSync(path.dirname(file), { recursive: true });
    const client = new Database(file);
    migrate(drizzle({ client }), { migrationsFolder: folder });
    const insert = client.prepare('insert into version_numbers (template, version, created_at) values (?, ?, ?)');
    for (const v of ['1.0', '2.0', '2.0.0']) insert.run('shop', v, '2026-01-01T00:00:00.000Z');
    client.close();

    const store = await openStore(file);
    try {
      await store.templates.insert(templateRow('shop'));
      const e = await store.versions.insert(versionRow('shop', '1.0.0')).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(StoreConflictError);
      expect((e as StoreConflictError).existing).toBe('1.0');
      await expect(store.versions.insert(versionRow('shop', '2.0'))).rejects.toBeInstanceOf(StoreConflictError);
      await store.versions.insert(versionRow('shop', '1.1'));
    } finally {
      await store.close();
    }
  });
});

const worker = fileURLToPath(new URL('./sqlite-process.ts', import.meta.url));

/**
 * Starts `sqlite-process.ts` in one Node process per argument list, waits until
 * every one is ready, releases them all at once and returns what each printed.
 */
async function inProcesses(argLists: string[][]): Promise<string[]> {
  const children = argLists.map((args) =>
    spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 }),
  );
  const results = children.map((child) => {
    let out = '';
    let err = '';
    let ready: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.startsWith('ready\n')) ready();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const done = new Promise<string>((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve(out.slice('ready\n'.length).trim()) : reject(new Error(`exit ${code}: ${err}`)))),
    );
    return { isReady, done };
  });
  await Promise.race([Promise.all(results.map((r) => r.isReady)), Promise.all(results.map((r) => r.done))]);
  for (const child of children) child.stdin.write('go\n');
  return Promise.all(results.map((r) => r.done));
}

describe('several processes on one SQLite file', () => {
  it('migrate a fresh file together and all write to it', async () => {
    const file = path.join(root, 'processes-migrate', 'caravan.db');
    await inProcesses(['p1', 'p2', 'p3'].map((p) => ['insert', file, p, '10']));
    const store = await openStore(file);
    try {
      expect(await store.operations.list({ limit: 100 })).toHaveLength(30);
    } finally {
      await store.close();
    }
  });

  it('never claim the same operation twice', async () => {
    const file = path.join(root, 'processes-claim', 'caravan.db');
    await inProcesses([['insert', file, 'op', '300']]);
    const outputs = await inProcesses(['w1', 'w2', 'w3'].map((w) => ['claim', file, w]));
    const claimed = outputs.map((o) => JSON.parse(o) as string[]);
    expect(claimed.flat()).toHaveLength(300);
    expect(new Set(claimed.flat()).size).toBe(300);
  });
});

describe('the database URL', () => {
  it('chooses SQLite for file: URLs, paths and :memory:, PostgreSQL for postgres URLs', () => {
    expect(parseStoreUrl('file:./.caravan/caravan.db')).toEqual({ dialect: 'sqlite', file: './.caravan/caravan.db' });
    expect(parseStoreUrl('file:///var/lib/caravan/c.db')).toEqual({ dialect: 'sqlite', file: '/var/lib/caravan/c.db' });
    expect(parseStoreUrl('/data/caravan.db')).toEqual({ dialect: 'sqlite', file: '/data/caravan.db' });
    expect(parseStoreUrl(':memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
    expect(parseStoreUrl('postgres://u:p@db:5432/caravan')).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/caravan' });
    expect(parseStoreUrl('postgresql://db/caravan')).toEqual({ dialect: 'postgres', url: 'postgresql://db/caravan' });
    expect(() => parseStoreUrl('mysql://db/caravan')).toThrow(/unsupported/);
    expect(() => parseStoreUrl('')).toThrow(/empty/);
  });

  it('never repeats the credentials of a URL it cannot use', () => {
    const error = (() => {
      try {
        parseStoreUrl('mysql://root:hunter2@db.internal:3306/caravan');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(/unsupported database URL scheme/);
    expect(error?.message).toContain('mysql://***@db.internal:3306/caravan');
    expect(error?.message).not.toMatch(/hunter2|root/);
  });
});

describe('migrating a SQLite file', () => {
  it('retries only when another process migrated the same file at the same moment', () => {
    const raced = new Error('DrizzleQueryError: Failed query: CREATE TABLE `templates`', { cause: Object.assign(new Error('table `templates` already exists'), { code: 'SQLITE_ERROR' }) });
    expect(isMigrationRace(raced)).toBe(true);
    expect(isMigrationRace(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
    expect(isMigrationRace(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' }))).toBe(true);
    expect(isMigrationRace(new Error('Failed query', { cause: Object.assign(new Error('no such column: created_at'), { code: 'SQLITE_ERROR' }) }))).toBe(false);
    expect(isMigrationRace(Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' }))).toBe(false);
    expect(isMigrationRace(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }))).toBe(false);
  });

  it('reports a migration that cannot succeed with its own error', async () => {
    const file = path.join(root, 'broken-migrations', 'caravan.db');
    mkdirSync(path.dirname(file), { recursive: true });
    const client = new Database(file);
    // A table where drizzle keeps its record, without the columns it reads.
    client.exec('create table __drizzle_migrations (unrelated text)');
    client.close();
    await expect(openStore(file)).rejects.toThrow(/created_at|no such column/);
  });
});
