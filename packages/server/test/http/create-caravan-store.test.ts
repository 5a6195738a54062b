/**
 * createCaravan and the store: a store it opens is migrated once; a store
 * handed in needs its master key (no key file is guessed for it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../src/core/store/port.js';

const migrations = vi.hoisted(() => ({ count: 0 }));

// Counts migrate() on every store opened through openStore, createCaravan's own included.
vi.mock('../../src/core/store/open-store.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/store/open-store.js')>();
  return {
    ...original,
    async openStore(url: string): Promise<Store> {
      const store = await original.openStore(url);
      migrations.count++; // openStore migrated it once already
      const migrate = store.migrate.bind(store);
      return Object.assign(Object.create(Object.getPrototypeOf(store) as object) as Store, store, {
        migrate: async () => {
          migrations.count++;
          await migrate();
        },
      });
    },
  };
});

const { createCaravan } = await import('../../src/index.js');
const { openStore } = await import('../../src/core/store/open-store.js');

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  migrations.count = 0;
});

describe('createCaravan and its store', () => {
  it('a database createCaravan opens itself is migrated once at start, not twice', async () => {
    const dir = tempDir();
    const caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, masterKey: randomBytes(32).toString('base64') });
    try {
      expect(migrations.count).toBe(1);
    } finally {
      await caravan.stop();
    }
  });

  it('a store handed in without a master key is refused with a clear error, and no key file is created', async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const store = await openStore(`file:${path.join(dir, 'mine.db')}`);
      try {
        await expect(createCaravan({ store })).rejects.toThrow(/masterKey is required with a store you opened/);
      } finally {
        await store.close();
      }
      expect(fs.existsSync(path.join(dir, '.caravan'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('a store handed in with its master key works, and is migrated by the core (its opener may not have)', async () => {
    const dir = tempDir();
    const store = await openStore(`file:${path.join(dir, 'mine.db')}`);
    migrations.count = 0;
    const caravan = await createCaravan({ store, masterKey: randomBytes(32).toString('base64'), bootstrapToken: 'caravan-test-admin-0123456789abcdef' });
    try {
      expect(migrations.count).toBe(1);
      const res = await caravan.app.request('/v1/whoami', { headers: { authorization: 'Bearer caravan-test-admin-0123456789abcdef' } });
      expect(res.status).toBe(200);
    } finally {
      await caravan.stop();
    }
  });
});
