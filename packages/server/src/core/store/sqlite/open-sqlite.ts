/**
 * Opens the embedded SQLite store: one file (or `:memory:`), WAL, and the
 * pragmas that make several connections on one file behave.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, eq, isNull } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsFolder } from '../migrations-folder.js';
import type { Store } from '../port.js';
import { isUniqueViolation } from '../unique-violation.js';
import { versionNumberKey } from '../version-number-key.js';
import * as schema from './schema.js';
import { createSqliteStore } from './sqlite-store.js';

/**
 * Gives version numbers written before `precedence` existed their key (a
 * data step no SQL migration can do). Should two spellings of one number be
 * there already, the first keeps the key; both stay taken by their own.
 */
function fillVersionPrecedence(db: BetterSQLite3Database<typeof schema>): void {
  const t = schema.versionNumbers;
  const rows = db.select({ template: t.template, version: t.version }).from(t).where(isNull(t.precedence)).all();
  for (const row of rows) {
    try {
      db.update(t)
        .set({ precedence: versionNumberKey(row.version) })
        .where(and(eq(t.template, row.template), eq(t.version, row.version)))
        .run();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

/**
 * Whether a migration failed only because another process on the same file
 * migrated at the same moment: an object it creates "already exists", or the
 * file is busy/locked. Looks through drizzle's wrapping (`cause`).
 */
export function isMigrationRace(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    if (/already exists/i.test(e.message)) return true;
  }
  return false;
}

/** better-sqlite3 is synchronous, so waiting out another process's lock is too. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface OpenSqliteOptions {
  /** How long a connection waits for another one's write lock, in ms. */
  busyTimeoutMs?: number;
}

/** Opens (creating the parent folder when needed) the database at `file`; call `migrate()` before use. */
export function openSqliteStore(file: string, options: OpenSqliteOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const client = new Database(file);
  try {
    const busyTimeoutMs = Math.trunc(options.busyTimeoutMs ?? 5000);
    client.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Switching a fresh file to WAL needs an exclusive lock, and SQLite answers
    // SQLITE_BUSY at once (without its busy handler) when another process is
    // doing the same: retry within the busy timeout.
    for (let waited = 0; ; waited += 25) {
      try {
        client.pragma('journal_mode = WAL');
        break;
      } catch (error) {
        if (!isMigrationRace(error) || waited >= busyTimeoutMs) throw error;
        sleepSync(25);
      }
    }
    client.pragma('foreign_keys = ON');
    // With WAL, NORMAL loses at most the last commits on power loss, never consistency.
    client.pragma('synchronous = NORMAL');
  } catch (error) {
    client.close();
    throw error;
  }
  const db = drizzle({ client, schema });
  const folder = migrationsFolder('sqlite');
  return createSqliteStore(db, client, {
    migrate() {
      // drizzle's migrator reads the applied migrations before its (deferred)
      // transaction, so two processes starting on a fresh file can both try
      // the same migration; the loser fails on "table already exists" (or on
      // the busy lock). Running it again then finds the migration recorded and
      // does nothing. Any other error is real and is thrown at once.
      for (let attempt = 1; ; attempt++) {
        try {
          migrate(db, { migrationsFolder: folder });
          fillVersionPrecedence(db);
          return;
        } catch (error) {
          if (attempt >= 5 || !isMigrationRace(error)) throw error;
          sleepSync(50 * attempt);
        }
      }
    },
  });
}
