/**
 * With Backstage's database on PostgreSQL, Caravan keeps its rows in the
 * plugin's own database as Backstage names and creates it
 * (`backstage_plugin_caravan`), and refuses to start without a master key.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../../test/harness/src/postgres.js';
import { masterKey, startCaravanBackstage, type CaravanBackstage } from './support.js';

let postgres: Postgres;
let b: CaravanBackstage | undefined;
let database: { client: 'pg'; connection: { host: string; port: number; user: string } };

beforeAll(async () => {
  postgres = await startPostgres();
  const u = new URL(postgres.url);
  database = { client: 'pg', connection: { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username) } };
});
afterAll(async () => {
  await b?.stop();
  await postgres?.stop();
});

describe('on Backstage\'s PostgreSQL', () => {
  it('Caravan\'s templates land in the plugin\'s database, written through Backstage\'s router', async () => {
    b = await startCaravanBackstage({
      backend: { database },
      caravan: { masterKey: masterKey(), access: { grants: [{ role: 'admin', principals: ['user:default/alice'] }] } },
    });
    await b.asUser('user:default/alice').templates.create({ name: 'shop', description: 'kept in PostgreSQL' });

    const url = new URL(postgres.url);
    url.pathname = '/backstage_plugin_caravan';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; description: string }>('select name, description from templates');
      expect(rows).toEqual([{ name: 'shop', description: 'kept in PostgreSQL' }]);
    } finally {
      await client.end();
    }
  });

  it('will not start on PostgreSQL without caravan.masterKey (replicas must share it)', async () => {
    await expect(startCaravanBackstage({ backend: { database } })).rejects.toThrow(/caravan\.masterKey is required with PostgreSQL/);
  });
});
