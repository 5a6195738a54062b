/**
 * Opens the PostgreSQL store on a `pg.Pool`, with migrations that are safe when
 * several replicas start at once.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder } from '../migrations-folder.js';
import type { Store } from '../port.js';
import { isUniqueViolation } from '../unique-violation.js';
import { versionNumberKey } from '../version-number-key.js';
import { coalesced } from './coalesced.js';
import { createPostgresStore } from './postgres-store.js';
import * as schema from './schema.js';

/** Session advisory lock held while migrating ("carv" + 0). */
const MIGRATION_LOCK = 0x63617276_0000;

/**
 * Gives version numbers written before `precedence` existed their key (a
 * data step no SQL migration can do). Should two spellings of one number be
 * there already, the first keeps the key; both stay taken by their own.
 * Each row is its own statement (no transaction), so a refused one is just skipped.
 */
async function fillVersionPrecedence(db: NodePgDatabase<typeof schema>): Promise<void> {
  const t = schema.versionNumbers;
  const rows = await db.select({ template: t.template, version: t.version }).from(t).where(isNull(t.precedence));
  for (const row of rows) {
    try {
      await db
        .update(t)
        .set({ precedence: versionNumberKey(row.version) })
        .where(and(eq(t.template, row.template), eq(t.version, row.version)));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
}

export interface OpenPostgresOptions {
  /** Pool size per server process. */
  maxConnections?: number;
}

/** Creates the pool (connections open lazily); call `migrate()` before use. */
export function openPostgresStore(url: string, options: OpenPostgresOptions = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle client that loses its connection emits 'error' on the pool; without
  // a listener that would crash the process. The pool drops the client, and
  // the next query reports the problem to its caller.
  pool.on('error', () => undefined);
  const db = drizzle({ client: pool, schema });
  const folder = migrationsFolder('postgres');
  let closed: Promise<void> | undefined;

  return createPostgresStore(db, {
    async migrate() {
      // One connection holds a session advisory lock for the whole migration,
      // so replicas starting together run it one after the other: the first
      // applies it, the others find it recorded and do nothing.
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK]);
        try {
          const locked = drizzle({ client, schema });
          await migrate(locked, { migrationsFolder: folder });
          await fillVersionPrecedence(locked);
        } finally {
          await client.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK]);
        }
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A failed connection is destroyed rather than returned with the lock possibly held.
        client.release(broken);
      }
    },
    // The current snapshot: xmax moves when a transaction starts writing, the in-progress list when one
    // ends, so two equal snapshots mean nothing committed in between. Cluster-wide: writes to other
    // databases of the server count too, which only costs a needless refresh.
    dataVersion: coalesced(async () => {
      const { rows } = await pool.query<{ v: string }>({ name: 'caravan_data_version', text: 'select pg_current_snapshot()::text as v' });
      return rows[0]!.v;
    }),
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closed ??= pool.end();
      return closed;
    },
  });
}
