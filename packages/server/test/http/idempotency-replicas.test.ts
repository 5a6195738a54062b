/**
 * Idempotency across replicas: two servers on one database (a SQLite file, a
 * PostgreSQL database) get the same write with the same Idempotency-Key at
 * once. The key is reserved before the work, so the work happens once; each
 * caller gets the first answer or 409 idempotency-key-in-progress.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/env.js';
import { idempotency } from '../../src/http/idempotency.js';
import { createCaravan, type Caravan } from '../../src/index.js';
import { IDEMPOTENCY_RESERVED } from '../../src/core/store/port.js';
import { forEachBackend } from '../core/support/backends.js';
import { checkedApp, type CheckedApp } from './support/contract.js';
import { ADMIN_TOKEN, threeComponentApp } from './support/server.js';

const admin = { id: 'tok_bootstrap', name: 'admin', roles: ['admin' as const] };

forEachBackend((backend) => describe('two servers sharing one database', () => {
  let dir: string;
  let replicas: { caravan: Caravan; http: CheckedApp }[];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-idem-replicas-'));
    const databaseUrl = (await backend.newStoreUrl()) ?? `file:${path.join(dir, 'caravan.db')}`;
    const masterKey = randomBytes(32).toString('base64');
    replicas = [];
    // One after the other: the first applies the migrations.
    for (const name of ['a', 'b']) {
      const caravan = await createCaravan({ databaseUrl, masterKey, bootstrapToken: ADMIN_TOKEN, workerId: `replica-${name}` });
      await caravan.core.start();
      replicas.push({ caravan, http: checkedApp(caravan.app) });
    }
  });
  afterEach(async () => {
    for (const r of replicas) expect(r.http.violations).toEqual([]);
    for (const r of replicas) await r.caravan.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const send = (replica: number, method: string, url: string, key: string, body?: unknown) =>
    replicas[replica]!.http.request(url, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'idempotency-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** The same request to both replicas at once; the answers, first the one that did the work. */
  async function race(method: string, url: string, key: string, body?: unknown) {
    const answers = await Promise.all([send(0, method, url, key, body), send(1, method, url, key, body)]);
    const read = await Promise.all(answers.map(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as Record<string, unknown> })));
    return read.sort((x, y) => x.status - y.status);
  }

  function expectOneOutcome(answers: Awaited<ReturnType<typeof race>>, success: number) {
    const [first, second] = answers;
    expect(first!.status).toBe(success);
    if (second!.status === 409) {
      // The duplicate came while the first was being carried out, or (for a new token, whose answer is never kept) after it.
      expect(second!.body.type).toMatch(/\/problems\/(idempotency-key-in-progress|conflict)$/);
      if (second!.body.type === 'https://caravan.dev/problems/idempotency-key-in-progress') expect(second!.retryAfter).toBe('1');
    } else {
      expect(second).toEqual(first);
    }
  }

  it('a new token sent to both with one key is created once', async () => {
    for (let i = 0; i < 5; i++) {
      expectOneOutcome(await race('POST', '/v1/tokens', `token-key-${i}`, { name: `ci-${i}`, roles: ['developer'] }), 201);
    }
    const names = (await replicas[0]!.caravan.core.tokens.list(admin, { limit: 200 })).items.map((t) => t.name).filter((n) => n.startsWith('ci-'));
    expect(names.sort()).toEqual(['ci-0', 'ci-1', 'ci-2', 'ci-3', 'ci-4']);
  });

  it('a publish sent to both with one key starts one operation', async () => {
    const core = replicas[0]!.caravan.core;
    await core.templates.create(admin, { name: 'shop' });
    for (let i = 0; i < 3; i++) {
      await core.versions.create(admin, 'shop', { version: `1.${i}`, app: threeComponentApp() });
      const answers = await race('POST', `/v1/templates/shop/versions/1.${i}/publish`, `publish-key-${i}`);
      expectOneOutcome(answers, 202);
      const ops = (await core.operations.list(admin, { kind: 'publish', limit: 200 })).items.filter((o) => o.subject.version === `1.${i}`);
      expect(ops.map((o) => o.id)).toEqual([answers[0]!.body.id]);
    }
  });

  it('a reservation held by a request still running answers 409 with Retry-After; one left by a dead server is taken over', async () => {
    const store = replicas[0]!.caravan.store;
    const body = { name: 'held' };
    const hash = (await import('node:crypto')).createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const reserve = (key: string, ageMs: number) =>
      store.idempotency.put({
        principal: 'tok_bootstrap', key, method: 'POST', path: '/v1/templates', requestHash: hash,
        status: IDEMPOTENCY_RESERVED, headers: {}, body: `holder-${key}`,
        createdAt: new Date(Date.now() - ageMs).toISOString(), expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      });

    await reserve('running', 1_000);
    const busy = await send(1, 'POST', '/v1/templates', 'running', body);
    expect(busy.status).toBe(409);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(((await busy.json()) as { type: string }).type).toBe('https://caravan.dev/problems/idempotency-key-in-progress');
    expect(await replicas[0]!.caravan.core.templates.list(admin)).toEqual({ items: [] });

    await reserve('orphaned', 5 * 60_000);
    const taken = await send(1, 'POST', '/v1/templates', 'orphaned', body);
    expect(taken.status).toBe(201);
    const replayed = await send(0, 'POST', '/v1/templates', 'orphaned', body);
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotency-replayed')).toBe('true');
    expect((await store.idempotency.get('tok_bootstrap', 'orphaned'))?.status).toBe(201);
  });

  it('a request running longer than the stale bound keeps its reservation: the duplicate gets 409, the work runs once', async () => {
    let runs = 0;
    // Each replica's own middleware (own in-process lock) over its own connection to the one database.
    const slowApp = (replica: number) => {
      const app = new Hono<AppEnv>();
      app.use(async (c, next) => {
        c.set('actor', admin as AppEnv['Variables']['actor']);
        await next();
      });
      app.use(idempotency(replicas[replica]!.caravan.store.idempotency, { staleAfterMs: 300 }));
      app.post('/slow', async (c) => {
        runs++;
        await new Promise((r) => setTimeout(r, 1_000));
        return c.json({ runs }, 201);
      });
      return app;
    };
    const [a, b] = [slowApp(0), slowApp(1)];
    const post = (app: Hono<AppEnv>) => app.request('/slow', { method: 'POST', headers: { 'idempotency-key': 'slow-key' } });
    const first = post(a);
    await new Promise((r) => setTimeout(r, 650));
    const duplicate = await post(b);
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as { type: string }).type).toBe('https://caravan.dev/problems/idempotency-key-in-progress');
    const answer = await first;
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ runs: 1 });
    const replayed = await post(b);
    expect(replayed.headers.get('idempotency-replayed')).toBe('true');
    expect(runs).toBe(1);
  });

  it('a request refused for its shape frees its key for the corrected request', async () => {
    expect((await send(0, 'POST', '/v1/templates', 'fix-me', { name: 'Not A Name' })).status).toBe(400);
    expect(await replicas[0]!.caravan.store.idempotency.get('tok_bootstrap', 'fix-me')).toBeUndefined();
    expect((await send(1, 'POST', '/v1/templates', 'fix-me', { name: 'fixed' })).status).toBe(201);
  });
}));
