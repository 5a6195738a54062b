/** The harness PostgreSQL: starts from Debian's binaries, answers queries, and leaves no process behind. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from '../harness/src/postgres.js';

describe('the harness PostgreSQL', () => {
  it('starts, accepts a query in a throwaway database, and stops without leaving a process', async () => {
    const server = await startPostgres();
    try {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query<{ db: string; answer: number }>('select current_database() as db, 6 * 7 as answer');
      await client.end();
      expect(rows[0]!.answer).toBe(42);
      expect(server.url.endsWith(`/${rows[0]!.db}`)).toBe(true);

      const other = await server.createDatabase();
      expect(other).not.toBe(server.url);
      const second = new pg.Client({ connectionString: other });
      await second.connect();
      await second.query('create table t (id int primary key)');
      await second.end();
    } finally {
      await server.stop();
    }
    if (server.pid !== undefined) expect(() => process.kill(server.pid!, 0)).toThrow();
  });
});
