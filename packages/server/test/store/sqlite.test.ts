/**
 * The store conformance suite on real SQLite files in a temporary folder (one
 * file per test), plus what only SQLite has to prove: the pragmas, several
 * processes' worth of connections on one file, and the URL forms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, parseStoreUrl } from '../../src/core/store/open-store.js';
import { describeStoreConformance } from './store-conformance.js';
import { templateRow } from './store-fixtures.js';

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
});
