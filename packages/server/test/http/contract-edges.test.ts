/**
 * The contract at its edges: If-Match on source registry credentials, the
 * Last-Event-ID bound on both event streams, and 405 with Allow for every
 * method a known path does not list.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractDoc } from './support/contract.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

const put = (host: string, body: unknown, ifMatch?: string) =>
  server.call('PUT', `/v1/registry/sources/${host}`, { body, ...(ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } }) });
const remove = (host: string, ifMatch?: string) => server.call('DELETE', `/v1/registry/sources/${host}`, ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } });
const listed = async (host: string) => ((await (await server.call('GET', '/v1/registry/sources')).json()) as { items: { host: string; username: string; etag: string }[] }).items.find((c) => c.host === host);

describe('If-Match on source registry credentials', () => {
  it('a PUT answers the ETag the list shows; the current one replaces, a stale one is 412 and changes nothing', async () => {
    const first = await put('ghcr.io', { username: 'ci', password: 'one' });
    expect(first.status).toBe(200);
    const etag1 = first.headers.get('etag')!;
    expect(etag1).toMatch(/^"[^"]+"$/);
    expect(((await first.json()) as { etag: string }).etag).toBe(etag1);
    expect((await listed('ghcr.io'))?.etag).toBe(etag1);

    const second = await put('ghcr.io', { username: 'ci2', password: 'two' }, etag1);
    expect(second.status).toBe(200);
    const etag2 = second.headers.get('etag')!;
    expect(etag2).not.toBe(etag1);

    const stale = await put('ghcr.io', { username: 'ci3', password: 'three' }, etag1);
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ type: 'https://caravan.dev/problems/precondition-failed' });
    expect(await listed('ghcr.io')).toMatchObject({ username: 'ci2', etag: etag2 });
  });

  it('a PUT with an ETag for a host with no credential is 412 and stores nothing; `*` and no If-Match create it', async () => {
    expect((await put('quay.io', { username: 'bot', password: 'x' }, '"1"')).status).toBe(412);
    expect(await listed('quay.io')).toBeUndefined();
    expect((await put('quay.io', { username: 'bot', password: 'x' }, '*')).status).toBe(200);
    expect((await put('registry.internal:5000', { username: 'bot', password: 'x' })).status).toBe(200);
  });

  it('a DELETE with a stale ETag is 412 and keeps the credential; with the current one it goes', async () => {
    const etag1 = (await put('docker.io', { username: 'a', password: 'one' })).headers.get('etag')!;
    const etag2 = (await put('docker.io', { username: 'b', password: 'two' })).headers.get('etag')!;
    const stale = await remove('docker.io', etag1);
    expect(stale.status).toBe(412);
    expect(await listed('docker.io')).toMatchObject({ username: 'b' });
    expect((await remove('docker.io', etag2)).status).toBe(204);
    expect(await listed('docker.io')).toBeUndefined();
    expect((await remove('docker.io', etag2)).status).toBe(404);
  });

  it('an If-Match over 256 characters is 400 on PUT and DELETE, and changes nothing', async () => {
    await put('gcr.io', { username: 'kept', password: 'x' });
    const long = `"${'7'.repeat(300)}"`;
    const badPut = await put('gcr.io', { username: 'changed', password: 'y' }, long);
    expect(badPut.status).toBe(400);
    expect(await badPut.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input', errors: [{ pointer: '/header/If-Match' }] });
    expect((await remove('gcr.io', long)).status).toBe(400);
    expect(await listed('gcr.io')).toMatchObject({ username: 'kept' });
  });
});

describe('Last-Event-ID', () => {
  it('over 256 characters is 400 on the all-events stream and on an operation stream, header or query', async () => {
    const long = '1'.repeat(257);
    for (const [url, headers] of [
      ['/v1/events', { 'last-event-id': long }],
      [`/v1/events?lastEventId=${long}`, {}],
      ['/v1/operations/op_any/events', { 'last-event-id': long }],
    ] as const) {
      const res = await server.call('GET', url, { headers });
      expect(res.status, url).toBe(400);
      expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input', errors: [{ code: 'too_big' }] });
    }
  });

  it('an id this server never handed out is 400 before the stream starts; one it did opens the stream', async () => {
    const bad = await server.call('GET', '/v1/events', { headers: { 'last-event-id': 'not-an-event' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input', errors: [{ pointer: '/header/Last-Event-ID' }] });
    const res = await server.call('GET', '/v1/events', { headers: { 'last-event-id': '0' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await res.body?.cancel();
  });
});

describe('405 Method Not Allowed', () => {
  const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];
  /** A concrete path for a contract path: every {param} a plausible value. */
  const concrete = (p: string) => p.replace(/\{record\}/g, '1').replace(/\{host\}/g, 'ghcr.io').replace(/\{[^}]+\}/g, 'x');

  it('every method a contract path does not list answers 405 with Allow naming the ones it lists (and HEAD with GET)', async () => {
    let checked = 0;
    for (const [p, item] of Object.entries(contractDoc.paths)) {
      const listedMethods = METHODS.filter((m) => m.toLowerCase() in item);
      const expected = new Set([...listedMethods, ...(listedMethods.includes('GET') ? ['HEAD'] : [])]);
      for (const method of [...METHODS, 'OPTIONS'].filter((m) => !listedMethods.includes(m))) {
        const res = await server.call(method, concrete(p), { ...(['PUT', 'POST', 'PATCH'].includes(method) ? { body: {} } : {}) });
        expect(res.status, `${method} ${p}`).toBe(405);
        expect(new Set(res.headers.get('allow')!.split(/,\s*/)), `${method} ${p}`).toEqual(expected);
        expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/method-not-allowed', status: 405 });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('needs no token (the contract is public), and leaves unknown paths 404', async () => {
    expect((await server.call('DELETE', '/v1/whoami', { token: null })).status).toBe(405);
    expect((await server.call('GET', '/v1/no-such-thing')).status).toBe(404);
    expect((await server.call('DELETE', '/v1/templates/x/y/z/w')).status).toBe(404);
  });
});
