/**
 * The reads of the SQLite store, as SQLite plans them: every list query, under
 * each filter the store takes, finds its rows through an index and reads them
 * in the list's order (no sort of everything that matches before the limit),
 * so a page costs the same on a large database as on a small one. The SQL is
 * the store's own, caught as better-sqlite3 prepares it. Also the store's data
 * version, which the read cache relies on: it moves with every write, from
 * this connection or any other, and only then.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/open-store.js';
import * as schema from '../../src/core/store/sqlite/schema.js';
import { createSqliteStore } from '../../src/core/store/sqlite/sqlite-store.js';
import { templateRow } from './store-fixtures.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'caravan-store-plans-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A migrated file, and a store over a connection that records the SQL it prepares. */
async function recordingStore(name: string) {
  const file = path.join(root, name, 'caravan.db');
  await (await openStore(`file:${file}`)).close();
  const client = new Database(file);
  const prepared: string[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => (prepared.push(source), prepare(source))) as typeof client.prepare;
  const store = createSqliteStore(drizzle({ client, schema }), client, { migrate() {} });
  return { client, store, prepared };
}

describe('the SQLite store reads lists', () => {
  it('through an index, in the list order, under every filter', async () => {
    const { client, store, prepared } = await recordingStore('lists');
    const page = { limit: 51 };
    await store.templates.list(page);
    await store.templates.list({ ...page, after: 'a' });
    for (const after of [undefined, '1.0']) for (const state of [undefined, 'released']) await store.versions.list('shop', { ...page, ...(after ? { after } : {}), ...(state ? { state } : {}) });
    for (const after of [undefined, 'op_1']) {
      for (const state of [undefined, 'running']) {
        for (const kind of [undefined, 'publish']) await store.operations.list({ ...page, ...(after ? { after } : {}), ...(state ? { state } : {}), ...(kind ? { kind } : {}) });
      }
    }
    const audit = { order: 'desc' as const, limit: 51 };
    await store.audit.list(audit);
    await store.audit.list({ ...audit, beforeSeq: 10 });
    await store.audit.list({ ...audit, subject: { template: 'shop' } });
    await store.audit.list({ ...audit, subject: { template: 'shop', version: '1.0' }, beforeSeq: 10 });
    await store.audit.list({ ...audit, subject: { kinds: ['install'], name: 'prod/shop' } });
    await store.audit.list({ ...audit, actor: 'tok_1' });
    await store.audit.list({ ...audit, action: 'version.release', beforeSeq: 10 });
    await store.installs.list('prod', page);
    await store.installs.list('prod', { ...page, after: 'a' });
    await store.records.list('prod', 'shop', page);
    await store.records.list('prod', 'shop', { ...page, after: '3' });
    await store.environments.list({ ...page, cluster: 'east', after: 'a' });
    await store.events.listAfter(0, { limit: 100 });
    await store.events.listAfter(0, { limit: 100, operationId: 'op_1' });

    // Two filters sort what they match, on purpose: subjects of some kinds without a name (only the
    // registry's, a handful of entries; an index for them would cost every audit write), and a time range
    // (an index on time cannot give seq order; the trail is read by seq).
    const sorted = prepared.length;
    await store.audit.list({ ...audit, subject: { kinds: ['registry', 'source-registry'] } });
    await store.audit.list({ ...audit, since: '2026-01-01T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' });
    const sorting = new Set(prepared.slice(sorted));
    const selects = [...new Set(prepared.filter((q) => /^select .* limit \?$/i.test(q)))];

    expect(selects.length).toBeGreaterThanOrEqual(22);
    expect(sorting.size).toBe(2);
    const plans = selects.map((sql) => {
      const params = (sql.match(/\?/g) ?? []).map(() => 'x');
      const plan = (client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
      return { sql, plan };
    });
    for (const { sql, plan } of plans) {
      // A sort of every matching row before the limit applies: the cost grows with the table.
      if (!sorting.has(sql)) expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      // A filter by equality finds its rows by searching an index, not by reading the table through.
      if (/ where .*"\s*=\s*\?/i.test(sql)) expect(plan, sql).toMatch(/SEARCH/);
    }
    client.close();
  });
});

describe('the SQLite store data version', () => {
  it('moves with each write, by this connection or another, and stays put across reads', async () => {
    const file = path.join(root, 'version', 'caravan.db');
    const store = await openStore(`file:${file}`);
    try {
      const version = () => store.dataVersion!();
      const v0 = version();
      await store.templates.list({ limit: 10 });
      await store.templates.get('shop');
      expect(version()).toBe(v0);

      await store.templates.insert(templateRow('shop'));
      const v1 = version();
      expect(v1).not.toBe(v0);
      expect(version()).toBe(v1);

      const other = new Database(file);
      try {
        other.prepare("update templates set description = 'elsewhere' where name = 'shop'").run();
      } finally {
        other.close();
      }
      const v2 = version();
      expect(v2).not.toBe(v1);
      expect(version()).toBe(v2);
    } finally {
      await store.close();
    }
  });
});
