/** The served API and the contract agree: same routes, the document served as written. */
import { inspectRoutes } from 'hono/dev';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkedApp, contractDoc, toOasPath } from './support/contract.js';
import { startTestServer, type TestServer } from './support/server.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

describe('the contract and the routes', () => {
  it('every operation in the contract has a route, and every route is in the contract', () => {
    const routes = new Set(
      inspectRoutes(server.caravan.app)
        .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => `${r.method} ${toOasPath(r.path)}`),
    );
    const documented = new Set(
      Object.entries(contractDoc.paths).flatMap(([p, item]) => Object.keys(item).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    expect([...documented].filter((k) => !routes.has(k)), 'documented but not served').toEqual([]);
    expect([...routes].filter((k) => !documented.has(k)), 'served but not documented').toEqual([]);
    expect(routes.size).toBeGreaterThan(20);
  });

  it('GET /openapi.json serves the contract without a token', async () => {
    const res = await server.call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(contractDoc.paths).sort());
  });

  it('liveness and readiness answer without a token', async () => {
    const live = await server.call('GET', '/v1/healthz', { token: null });
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await server.call('GET', '/v1/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { store: 'ok' } });
  });

  it('the response oracle itself catches a body that breaks the contract and an undocumented status', async () => {
    const { Hono } = await import('hono');
    const liar = new Hono();
    liar.get('/v1/healthz', (c) => c.json({ status: 'fine', extra: true }));
    liar.get('/v1/whoami', (c) => c.json({ id: 'x', name: 'x', roles: [] }, 418 as 200));
    const checked = checkedApp(liar);
    await checked.request('/v1/healthz');
    await checked.request('/v1/whoami');
    expect(checked.violations.map((v) => v.request)).toEqual(['GET /v1/healthz', 'GET /v1/healthz', 'GET /v1/whoami']);
    expect(checked.violations.at(-1)!.problem).toMatch(/status 418 is not documented/);
  });

  it('an unknown path is a 404 problem', async () => {
    const res = await server.call('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/not-found', status: 404, instance: '/v1/nothing-here' });
  });
});
