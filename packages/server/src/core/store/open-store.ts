/**
 * Picks the store adapter from a database URL and opens it with its
 * migrations applied: `file:./.caravan/caravan.db`, `file:///abs/x.db`, a plain
 * path or `:memory:` give SQLite (the parent folder is created);
 * `postgres://` and `postgresql://` give PostgreSQL on a connection pool.
 */
import { fileURLToPath } from 'node:url';
import type { Store, StoreUrl } from './port.js';
import { openSqliteStore } from './sqlite/open-sqlite.js';

export type StoreTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export function parseStoreUrl(url: StoreUrl): StoreTarget {
  const trimmed = url.trim();
  if (trimmed === '') throw new Error('the database URL is empty');
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return { dialect: 'postgres', url: trimmed };
  if (trimmed === ':memory:' || trimmed === 'file::memory:') return { dialect: 'sqlite', file: ':memory:' };
  if (trimmed.startsWith('file://')) return { dialect: 'sqlite', file: fileURLToPath(trimmed) };
  if (trimmed.startsWith('file:')) return { dialect: 'sqlite', file: trimmed.slice('file:'.length) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) throw new Error(`unsupported database URL scheme in ${JSON.stringify(redactUserInfo(trimmed))}`);
  return { dialect: 'sqlite', file: trimmed };
}

/** The URL with any `user:password@` replaced, for messages and logs (a database URL may carry credentials). */
export function redactUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

/** Opens the store the URL names and applies its pending migrations. */
export async function openStore(url: StoreUrl): Promise<Store> {
  const target = parseStoreUrl(url);
  let store: Store;
  if (target.dialect === 'sqlite') {
    store = openSqliteStore(target.file);
  } else {
    // Loaded on demand so an embedded SQLite server never loads pg.
    const { openPostgresStore } = await import('./postgres/open-postgres.js');
    store = openPostgresStore(target.url);
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
