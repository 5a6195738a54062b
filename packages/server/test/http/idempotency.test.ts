/** Idempotency-Key on writes: a retried request does its work once. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import type { AppEnv } from '../../src/http/env.js';
import { idempotency } from '../../src/http/idempotency.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

async function templateCount(): Promise<number> {
  const res = await server.call('GET', '/v1/templates?limit=200');
  return ((await res.json()) as { items: unknown[] }).items.length;
}

describe('Idempotency-Key', () => {
  it('a replay returns the first response, marked Idempotency-Replayed, and creates nothing more', async () => {
    const before = await templateCount();
    const send = () => server.call('POST', '/v1/templates', { body: { name: 'idem-once', description: 'first' }, headers: { 'idempotency-key': 'key-once' } });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-replayed')).toBeNull();
    const firstBody = await first.text();

    const second = await send();
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotency-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(first.headers.get('location'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await second.text()).toBe(firstBody);
    expect(await templateCount()).toBe(before + 1);
  });

  it('without a key, the same request twice is two requests (the second conflicts)', async () => {
    const send = () => server.call('POST', '/v1/templates', { body: { name: 'idem-none' } });
    expect((await send()).status).toBe(201);
    const again = await send();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: 'https://caravan.dev/problems/conflict' });
  });

  it('the same key with a different body is refused with 422 idempotency-key-reused, and changes nothing', async () => {
    const first = await server.call('POST', '/v1/templates', { body: { name: 'idem-a' }, headers: { 'idempotency-key': 'key-reused' } });
    expect(first.status).toBe(201);
    const before = await templateCount();
    const other = await server.call('POST', '/v1/templates', { body: { name: 'idem-b' }, headers: { 'idempotency-key': 'key-reused' } });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ type: 'https://caravan.dev/problems/idempotency-key-reused', status: 422 });
    expect(await templateCount()).toBe(before);
    expect((await server.call('GET', '/v1/templates/idem-b')).status).toBe(404);
  });

  it('the same key on another path is refused too', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'idem-path' }, headers: { 'idempotency-key': 'key-path' } });
    const res = await server.call('POST', '/v1/tokens', { body: { name: 'x', roles: ['viewer'] }, headers: { 'idempotency-key': 'key-path' } });
    expect(res.status).toBe(422);
  });

  it('keys belong to a caller: another token may use the same key for its own request', async () => {
    const developer = await server.tokenFor('developer');
    await server.call('POST', '/v1/templates', { body: { name: 'idem-mine' }, headers: { 'idempotency-key': 'key-shared' } });
    const theirs = await server.call('POST', '/v1/templates', { token: developer, body: { name: 'idem-theirs' }, headers: { 'idempotency-key': 'key-shared' } });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotency-replayed')).toBeNull();
  });

  it('concurrent duplicates do the work once and all get the same answer', async () => {
    const before = await templateCount();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => server.call('POST', '/v1/templates', { body: { name: 'idem-race' }, headers: { 'idempotency-key': 'key-race' } })),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotency-replayed') === 'true')).toHaveLength(4);
    expect(await templateCount()).toBe(before + 1);
  });

  it('a duplicate that arrives while the first is still running waits for it and replays it: the work runs once', async () => {
    // A slow write, so the duplicates really overlap; the middleware and the store are the real ones.
    let runs = 0;
    const slow = new Hono<AppEnv>();
    slow.use('*', async (c, next) => { c.set('actor', { id: 'tok_slow', name: 'slow', roles: ['admin'] }); await next(); });
    slow.use('*', idempotency(server.caravan.store.idempotency));
    slow.post('/v1/slow', async (c) => {
      runs++;
      await new Promise((r) => setTimeout(r, 100));
      return c.json({ run: runs }, 201);
    });
    const send = () => slow.request('/v1/slow', { method: 'POST', headers: { 'idempotency-key': 'slow-key', 'content-type': 'application/json' }, body: '{}' });
    const responses = await Promise.all([send(), send(), send()]);
    expect(runs).toBe(1);
    expect(await Promise.all(responses.map((r) => r.json()))).toEqual([{ run: 1 }, { run: 1 }, { run: 1 }]);
    expect(responses.map((r) => r.headers.get('idempotency-replayed'))).toEqual([null, 'true', 'true']);
  });

  it('a publish retried with its key starts one operation, not two', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'idem-pub' } });
    await server.call('POST', '/v1/templates/idem-pub/versions', { body: { version: '1.0', app: { components: [{ name: 'web', image: 'example.com/web:1' }] } } });
    const send = () => server.call('POST', '/v1/templates/idem-pub/versions/1.0/publish', { headers: { 'idempotency-key': 'key-publish' } });
    const [a, b] = [await send(), await send()];
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(((await b.json()) as { id: string }).id).toBe(((await a.json()) as { id: string }).id);
  });

  it('a key longer than 255 characters is invalid input', async () => {
    const res = await server.call('POST', '/v1/templates', { body: { name: 'idem-long' }, headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '/header/Idempotency-Key' }] });
  });
});
