/**
 * Repeated reads of unchanged data come from memory (http/read-cache.ts), on
 * SQLite and on PostgreSQL, and never stale: a write through this server,
 * through another server on the same database, or by any other connection to
 * the SQLite file, shows in the very next read; and what a caller may see (its
 * environments) is part of what is cached, so a narrower token never gets an
 * answer made for a wider one. Every response goes through the contract oracle.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaravan, type Caravan } from '../../src/index.js';
import { openStore } from '../../src/core/store/open-store.js';
import type { OperationRow, Store } from '../../src/core/store/port.js';
import type { AppEnv } from '../../src/http/env.js';
import { readCache } from '../../src/http/read-cache.js';
import { forEachBackend } from '../core/support/backends.js';
import { tempDir } from '../core/support/fixture.js';
import { checkedApp, type CheckedApp } from './support/contract.js';
import { threeComponentApp } from './support/server.js';

const ADMIN = 'read-cache-test-admin-0123456789';

interface Server {
  caravan: Caravan;
  http: CheckedApp;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Response>;
}

function serve(caravan: Caravan): Server {
  const http = checkedApp(caravan.app);
  return {
    caravan,
    http,
    call: (method, path, options = {}) =>
      http.request(path, {
        method,
        headers: {
          authorization: `Bearer ${options.token ?? ADMIN}`,
          ...(options.body === undefined ? {} : { 'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json' }),
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      }),
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) expect(s.http.violations).toEqual([]);
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(databaseUrl: string, masterKey: string, store?: Store): Promise<Server> {
  const caravan = await createCaravan({ databaseUrl, masterKey, bootstrapToken: ADMIN, ...(store ? { store } : {}) });
  cleanups.push(() => caravan.stop());
  const server = serve(caravan);
  servers.push(server);
  return server;
}

function sqliteUrl(): string {
  const dir = tempDir('caravan-read-cache-');
  cleanups.push(dir.cleanup);
  return `file:${dir.dir}/caravan.db`;
}

describe('the read cache', () => {
  it('shows a write by another connection to the SQLite file in the next read', async () => {
    const url = sqliteUrl();
    const s = await start(url, randomBytes(32).toString('base64'));
    expect((await s.call('POST', '/v1/templates', { body: { name: 'shop', description: 'as made' } })).status).toBe(201);
    expect(((await (await s.call('GET', '/v1/templates/shop')).json()) as { description: string }).description).toBe('as made');
    expect(((await (await s.call('GET', '/v1/templates')).json()) as { items: { description: string }[] }).items[0]!.description).toBe('as made');

    // Another connection (another process would be the same to SQLite): a plain UPDATE, no Caravan code.
    const other = new Database(url.slice('file:'.length));
    try {
      expect(other.prepare("update templates set description = 'changed elsewhere', revision = revision + 1 where name = 'shop'").run().changes).toBe(1);
    } finally {
      other.close();
    }
    expect(((await (await s.call('GET', '/v1/templates/shop')).json()) as { description: string }).description).toBe('changed elsewhere');
    expect(((await (await s.call('GET', '/v1/templates')).json()) as { items: { description: string }[] }).items[0]!.description).toBe('changed elsewhere');
  });

  it('still holds what fits after many reads of one URL missed together', async () => {
    // The middleware alone, with room for a few answers, on a route that takes a moment as a store read does.
    let answered = 0;
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('actor', { id: 'tok_reader', name: 'reader', roles: ['viewer'] });
      await next();
    });
    app.use('/v1/*', readCache({ version: () => 'v1', maxBytes: 10_000 }));
    app.get('/v1/templates/:name', async (c) => {
      answered++;
      await new Promise((r) => setTimeout(r, 10));
      return c.json({ name: c.req.param('name'), description: 'x'.repeat(2_000) });
    });

    const all = await Promise.all(Array.from({ length: 10 }, () => app.request('/v1/templates/a')));
    expect(all.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(answered).toBe(10); // each missed: none had answered yet
    expect((await app.request('/v1/templates/b')).status).toBe(200);
    expect(answered).toBe(11);
    // Two answers of ~2 KB in 10 KB: both are kept, whatever the ten fills of the first did.
    expect(await (await app.request('/v1/templates/a')).json()).toMatchObject({ name: 'a' });
    expect(await (await app.request('/v1/templates/b')).json()).toMatchObject({ name: 'b' });
    expect(answered).toBe(11);
  });

  it('never hands a token limited to environments an answer made for a token that sees more', async () => {
    const url = sqliteUrl();
    const opened = await openStore(url);
    const s = await start(url, randomBytes(32).toString('base64'), opened);
    const made = await s.call('POST', '/v1/tokens', { body: { name: 'test-only', roles: ['viewer'], environments: ['test-a'] } });
    expect(made.status).toBe(201);
    const limited = ((await made.json()) as { secret: string }).secret;
    const at = new Date().toISOString();
    const operation = (id: string, subject: Record<string, string>): OperationRow => ({
      id, kind: 'publish', state: 'succeeded', subject, input: {}, lockKey: null, deadlineAt: null, steps: [], result: null, error: null,
      cancelRequested: false, attempts: 1, leaseOwner: null, leaseExpiresAt: null, createdAt: at, createdBy: { id: 'system', name: 'caravan' },
      updatedAt: at, startedAt: at, finishedAt: at,
    });
    await opened.operations.insert(operation('op_01JX0000000000000000000001', { template: 'shop', version: '1.0' }));
    await opened.operations.insert(operation('op_01JX0000000000000000000002', { environment: 'prod', install: 'shop' }));

    const ids = async (token: string) => ((await (await s.call('GET', '/v1/operations', { token })).json()) as { items: { id: string }[] }).items.map((o) => o.id);
    expect(await ids(ADMIN)).toEqual(['op_01JX0000000000000000000002', 'op_01JX0000000000000000000001']);
    expect(await ids(limited)).toEqual(['op_01JX0000000000000000000001']);
    expect(await ids(ADMIN)).toEqual(['op_01JX0000000000000000000002', 'op_01JX0000000000000000000001']);
  });
});

forEachBackend((backend) => {
  describe('one server', () => {
    it('answers a repeated read without asking the store, byte for byte and with its ETag, until the data changes', async () => {
      const url = (await backend.newStoreUrl()) ?? sqliteUrl();
      const opened = await openStore(url);
      let versionReads = 0;
      // The store as the server gets it, counting the reads of one version.
      const store: Store = { ...opened, versions: { ...opened.versions, get: (t, v) => (versionReads++, opened.versions.get(t, v)) } };
      const s = await start(url, randomBytes(32).toString('base64'), store);
      expect((await s.call('POST', '/v1/templates', { body: { name: 'shop' } })).status).toBe(201);
      expect((await s.call('POST', '/v1/templates/shop/versions', { body: { version: '1.0', app: threeComponentApp() } })).status).toBe(201);

      const first = await s.call('GET', '/v1/templates/shop/versions/1.0');
      expect(first.status).toBe(200);
      const reads = versionReads;
      const again = await s.call('GET', '/v1/templates/shop/versions/1.0');
      expect(again.status).toBe(200);
      expect(versionReads).toBe(reads);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(await again.text()).toBe(await first.text());

      const edited = await s.call('PATCH', '/v1/templates/shop/versions/1.0', { body: { description: 'second look' } });
      expect(edited.status).toBe(200);
      const readsBefore = versionReads;
      const after = await s.call('GET', '/v1/templates/shop/versions/1.0');
      expect(versionReads).toBe(readsBefore + 1);
      expect(after.headers.get('etag')).toBe(edited.headers.get('etag'));
      expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
      expect(((await after.json()) as { description: string }).description).toBe('second look');
    });
  });

  describe('two servers on one database', () => {
    it('each shows the other one\'s write in its next read', async () => {
      const url = (await backend.newStoreUrl()) ?? sqliteUrl();
      const masterKey = randomBytes(32).toString('base64');
      const a = await start(url, masterKey);
      const b = await start(url, masterKey);
      expect((await a.call('POST', '/v1/templates', { body: { name: 'shop', description: 'one' } })).status).toBe(201);
      for (const s of [a, b]) expect(((await (await s.call('GET', '/v1/templates/shop')).json()) as { description: string }).description).toBe('one');
      expect((await b.call('PATCH', '/v1/templates/shop', { body: { description: 'two' } })).status).toBe(200);
      for (const s of [a, b]) expect(((await (await s.call('GET', '/v1/templates/shop')).json()) as { description: string }).description).toBe('two');
      expect((await a.call('PATCH', '/v1/templates/shop', { body: { description: 'three' } })).status).toBe(200);
      for (const s of [a, b]) expect(((await (await s.call('GET', '/v1/audit?subject=templates/shop')).json()) as { items: { action: string }[] }).items.length).toBe(3);
    });
  });
});
