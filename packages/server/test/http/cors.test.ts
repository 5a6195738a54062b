/**
 * CORS for browser pages from other origins (`corsOrigins`, the bin's
 * --cors-origin): a named origin's preflights are answered and its answers
 * carry the headers a page needs to read them (ETag, Location, Retry-After);
 * any other origin, and every request when no origin is named, is served as
 * without CORS. The browser's side of it: test/browser-sdk runs the SDK from
 * another origin in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { startTestServer, type TestServer } from './support/server.js';

const PORTAL = 'https://portal.example.com';
const DEV = 'http://localhost:5173';

let withCors: TestServer;
let without: TestServer;
beforeAll(async () => {
  [withCors, without] = await Promise.all([startTestServer({ corsOrigins: [PORTAL, DEV] }), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([withCors?.close(), without?.close()]);
});

const list = (h: string | null) => (h ?? '').split(',').map((x) => x.trim().toLowerCase());

describe('CORS', () => {
  it("answers a named origin's preflight with what a page of it may send", async () => {
    const res = await withCors.call('OPTIONS', '/v1/templates', {
      token: null,
      headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(list(res.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(['get', 'post', 'patch', 'put', 'delete']));
    expect(list(res.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match', 'idempotency-key', 'last-event-id']));
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a named origin read answers and the headers it needs, from the read cache and event streams too', async () => {
    const created = await withCors.call('POST', '/v1/templates', { body: { name: 'cors' }, headers: { origin: DEV } });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(DEV);
    expect(list(created.headers.get('access-control-expose-headers'))).toEqual(expect.arrayContaining(['etag', 'location', 'retry-after', 'idempotency-replayed']));
    for (let i = 0; i < 2; i++) {
      // The second read is answered from the read cache: it must carry the headers as well.
      const read = await withCors.call('GET', '/v1/templates/cors', { headers: { origin: PORTAL } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(list(read.headers.get('vary'))).toContain('origin');
    }
    const stream = await withCors.call('GET', '/v1/events', { headers: { origin: PORTAL, accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('access-control-allow-origin')).toBe(PORTAL);
    await stream.body?.cancel();
  });

  it('serves any other origin as without CORS: no allow-origin, and OPTIONS stays a 405 with Allow', async () => {
    const read = await withCors.call('GET', '/v1/templates', { headers: { origin: 'https://evil.example.com' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(list(read.headers.get('vary'))).toContain('origin');
    const preflight = await withCors.call('OPTIONS', '/v1/templates', { token: null, headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(list(preflight.headers.get('allow'))).toEqual(expect.arrayContaining(['get', 'post']));
  });

  it('is off unless origins are named', async () => {
    const preflight = await without.call('OPTIONS', '/v1/templates', { token: null, headers: { origin: PORTAL, 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(405);
    const read = await without.call('GET', '/v1/templates', { headers: { origin: PORTAL } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes origins from --cors-origin or CARAVAN_CORS_ORIGINS, and refuses what is not an origin', () => {
    expect(parseConfig([], {}).corsOrigins).toEqual([]);
    expect(parseConfig(['--cors-origin', PORTAL, '--cors-origin', DEV], {}).corsOrigins).toEqual([PORTAL, DEV]);
    expect(parseConfig([], { CARAVAN_CORS_ORIGINS: `${PORTAL}, ${DEV}` }).corsOrigins).toEqual([PORTAL, DEV]);
    for (const bad of ['portal.example.com', 'https://portal.example.com/', 'https://portal.example.com/app', 'ftp://files.example.com', '*']) {
      expect(() => parseConfig(['--cors-origin', bad], {}), bad).toThrow(ConfigError);
    }
  });
});
