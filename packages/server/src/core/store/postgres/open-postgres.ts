/**
 * Opens the PostgreSQL store on a `pg.Pool`, with migrations that are safe when
 * several replicas start at once.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { migrationsFolder } from '../migrations-folder.js';
import type { Store } from '../port.js';
import { createPostgresStore } from './postgres-store.js';
import * as schema from './schema.js';

/** Session advisory lock held while migrating ("carv" + 0). */
const MIGRATION_LOCK = 0x63617276_0000;

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
          await migrate(drizzle({ client, schema }), { migrationsFolder: folder });
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
