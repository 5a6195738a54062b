/**
 * Runs a block of core tests on each store: a real SQLite file, and a real
 * PostgreSQL (Debian's server, started by the test harness, one fresh database
 * per core). `CARAVAN_SKIP_PG=1` skips the PostgreSQL half and says so.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { startPostgres, type Postgres } from '../../../../../test/harness/src/postgres.js';

export interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A store URL for a new, empty database; undefined means the fixture's own SQLite file. */
  newStoreUrl(): Promise<string | undefined>;
}

const skipPg = process.env.CARAVAN_SKIP_PG === '1';

export const sqlite: Backend = { name: 'SQLite', newStoreUrl: async () => undefined };

export function forEachBackend(body: (backend: Backend) => void): void {
  describe('on SQLite', () => body(sqlite));
  if (skipPg) {
    console.warn('CARAVAN_SKIP_PG=1: the core tests on PostgreSQL are skipped; the core is NOT verified on PostgreSQL in this run.');
    describe.skip('on PostgreSQL (skipped: CARAVAN_SKIP_PG=1)', () => body({ name: 'PostgreSQL', newStoreUrl: () => Promise.reject(new Error('skipped')) }));
    return;
  }
  describe('on PostgreSQL', () => {
    let server: Postgres | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });
    body({
      name: 'PostgreSQL',
      newStoreUrl: async () => {
        if (server === undefined) throw new Error('PostgreSQL did not start (see the error of beforeAll)');
        return server.createDatabase();
      },
    });
  });
}
