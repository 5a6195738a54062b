/** What goes on the wire: the token, encoded path segments, If-Match, query parameters, in-process fetch. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createCaravanClient, path } from '../src/index.js';
import { BASE, client, json, server } from './msw.js';

describe('requests', () => {
  it('sends the token as a bearer Authorization header', async () => {
    let auth: string | null = null;
    server.use(
      http.get(`${BASE}/v1/whoami`, ({ request }) => {
        auth = request.headers.get('authorization');
        return json({ id: 't1', name: 'ci', roles: ['developer'] });
      }),
    );
    const me = await client().whoami();
    expect(auth).toBe('Bearer test-token');
    expect(me.roles).toEqual(['developer']);
  });

  it('asks a token function for the token before each request', async () => {
    const auths: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/v1/whoami`, ({ request }) => {
        auths.push(request.headers.get('authorization'));
        return json({ id: 't1', name: 'ci', roles: [] });
      }),
    );
    let n = 0;
    const c = client({ token: async () => `tok-${++n}` });
    await c.whoami();
    await c.whoami();
    expect(auths).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('encodes each path segment, so a name cannot add segments or a query', async () => {
    const urls: string[] = [];
    server.use(
      http.all(`${BASE}/*`, ({ request }) => {
        urls.push(new URL(request.url).pathname + new URL(request.url).search);
        return json({});
      }),
    );
    await client().templates.versions.get('a b/c', '1.0?x=1#y');
    await client().registry.sources.put('registry.internal:5000', { username: 'u', password: 'p' });
    expect(urls).toEqual(['/v1/templates/a%20b%2Fc/versions/1.0%3Fx%3D1%23y', '/v1/registry/sources/registry.internal%3A5000']);
    expect(() => path`v1/templates/${'..'}`).toThrow(TypeError);
  });

  it('sends If-Match as a quoted ETag built from the resource etag', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.patch(`${BASE}/v1/templates/shop/versions/1.0`, ({ request }) => {
        seen.push(request.headers.get('if-match'));
        return json({});
      }),
    );
    await client().templates.versions.update('shop', '1.0', { description: 'x' }, { ifMatch: 'v7' });
    await client().templates.versions.update('shop', '1.0', { description: 'x' }, { ifMatch: '"v8"' });
    expect(seen).toEqual(['"v7"', '"v8"']);
  });

  it('passes list filters and diff targets as query parameters', async () => {
    const searches: string[] = [];
    server.use(
      http.get(`${BASE}/v1/*`, ({ request }) => {
        searches.push(new URL(request.url).search);
        return json({ items: [], from: '1.0', to: '1.1', components: {}, parameters: {} });
      }),
    );
    await client().audit.list({ subject: 'templates/shop', action: 'version.release', limit: 10 });
    await client().templates.versions.diff('shop', '1.1', '1.0');
    expect(searches[0]).toBe('?subject=templates%2Fshop&action=version.release&limit=10');
    expect(searches[1]).toBe('?against=1.0');
  });

  it('talks to an in-process server through an injected fetch, with no socket', async () => {
    const seen: string[] = [];
    const c = createCaravanClient({
      baseUrl: 'http://in-process',
      token: 't',
      fetch: async (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return json({ status: 'ok' });
      },
    });
    expect(await c.health()).toEqual({ status: 'ok' });
    expect(seen).toEqual(['GET /v1/healthz']);
  });

  it('keeps a base URL path prefix', async () => {
    server.use(http.get(`${BASE}/caravan/v1/healthz`, () => json({ status: 'ok' })));
    expect(await client({ baseUrl: `${BASE}/caravan` }).health()).toEqual({ status: 'ok' });
  });

  it('reads a 503 readiness answer as a result, not an error', async () => {
    server.use(http.get(`${BASE}/v1/readyz`, () => json({ status: 'unavailable', checks: { store: 'unavailable' } }, 503)));
    expect(await client({ retry: 0 }).ready()).toEqual({ status: 'unavailable', checks: { store: 'unavailable' } });
  });
});
