/**
 * The store conformance suite on a real PostgreSQL (Debian's server, started
 * by the test harness, or `CARAVAN_TEST_PG_URL`), one fresh database per test
 * (a copy of one migrated database),
 * plus what only PostgreSQL has to prove: replicas migrating at once.
 *
 * When PostgreSQL cannot be started these tests fail; `CARAVAN_SKIP_PG=1`
 * skips them, and says so.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../../../test/harness/src/postgres.js';
import { openStore } from '../../src/core/store/open-store.js';
import type { Store } from '../../src/core/store/port.js';
import { describeStoreConformance } from './store-conformance.js';
import { templateRow } from './store-fixtures.js';

const skip = process.env.CARAVAN_SKIP_PG === '1';

if (skip) {
  console.warn('CARAVAN_SKIP_PG=1: the PostgreSQL store suite is skipped; the store is NOT verified on PostgreSQL in this run.');
  describe.skip('the PostgreSQL store (skipped: CARAVAN_SKIP_PG=1)', () => {
    it('runs the conformance suite on PostgreSQL', () => undefined);
  });
} else {
  let server: Postgres | undefined;
  /** A migrated database that each test's database is copied from (CREATE DATABASE ... TEMPLATE), which is faster than migrating each. */
  let template: string | undefined;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    const store = await openStore(url);
    await store.close();
    template = new URL(url).pathname.slice(1);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

  /** Runs one statement on the server's `postgres` database. */
  async function admin(url: string, statement: string): Promise<void> {
    const target = new URL(url);
    target.pathname = '/postgres';
    const client = new pg.Client({ connectionString: target.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  const dropDatabase = (url: string) => admin(url, `DROP DATABASE IF EXISTS ${quote(new URL(url).pathname.slice(1))} WITH (FORCE)`);

  /** A new, empty database (no tables, no migrations applied). */
  async function freshDatabase(): Promise<string> {
    if (server === undefined) throw new Error('PostgreSQL did not start (see the error of beforeAll)');
    return server.createDatabase();
  }

  let copies = 0;
  describeStoreConformance('PostgreSQL', async () => {
    if (server === undefined || template === undefined) throw new Error('PostgreSQL did not start (see the error of beforeAll)');
    const url = new URL(server.url);
    url.pathname = `/${template}_${++copies}`;
    await admin(url.toString(), `CREATE DATABASE ${quote(`${template}_${copies}`)} TEMPLATE ${quote(template)}`);
    return { open: () => openStore(url.toString()), dispose: () => dropDatabase(url.toString()) };
  });

  describe('the PostgreSQL store', () => {
    it('migrates once when several replicas start on an empty database at the same moment', async () => {
      const url = await freshDatabase();
      const stores: Store[] = [];
      try {
        stores.push(...(await Promise.all(Array.from({ length: 4 }, () => openStore(url)))));
        await stores[0]!.templates.insert(templateRow('shop'));
        for (const s of stores) expect((await s.templates.get('shop'))?.name).toBe('shop');
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const applied = await client.query('select count(*)::int as n from drizzle.__drizzle_migrations');
          expect(applied.rows[0].n).toBeGreaterThan(0);
          const journal = await import('../../drizzle/postgres/meta/_journal.json', { with: { type: 'json' } });
          expect(applied.rows[0].n).toBe(journal.default.entries.length);
        } finally {
          await client.end();
        }
      } finally {
        for (const s of stores) await s.close();
        await dropDatabase(url);
      }
    });

    it('reports an unreachable database as a failed start, not a hang', async () => {
      const url = (await freshDatabase()).replace(/\/[^/]*$/, '/no_such_database');
      await expect(openStore(url)).rejects.toThrow(/no_such_database/);
    });
  });
}
