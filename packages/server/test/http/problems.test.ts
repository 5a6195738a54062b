/** Errors as problem+json, with one stable type per kind, and nothing internal leaking. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { CaravanCore } from '../../src/core/api.js';
import { checkedApp } from './support/contract.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

const app = { components: [{ name: 'web', image: 'example.com/web:1' }] };

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { type: string; title: string; status: number; detail?: string; instance: string };
}

describe('problem types', () => {
  it('each kind of error has its own stable type, status and the request path as instance', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'prob' } });
    await server.call('POST', '/v1/templates/prob/versions', { body: { version: '1.0', app } });

    const cases: [Promise<Response>, number, string][] = [
      [server.call('GET', '/v1/templates/missing'), 404, 'not-found'],
      [server.call('POST', '/v1/templates', { body: { name: 'prob' } }), 409, 'conflict'],
      [server.call('POST', '/v1/templates/prob/versions', { body: { version: '1.0', app } }), 409, 'version-exists'],
      [server.call('POST', '/v1/templates/prob/versions/1.0/deprecate'), 409, 'invalid-transition'],
      [server.call('GET', '/v1/templates?limit=500'), 400, 'invalid-input'],
      [server.call('GET', '/v1/templates', { token: null }), 401, 'unauthenticated'],
    ];
    for (const [pending, status, kind] of cases) {
      const res = await pending;
      const p = await problemOf(res);
      expect({ status: res.status, type: p.type }).toEqual({ status, type: `https://caravan.dev/problems/${kind}` });
      expect(p.status).toBe(status);
      expect(p.title.length).toBeGreaterThan(0);
    }
  });

  it('a published version cannot be edited: 409 version-immutable', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'prob-imm' } });
    await server.call('POST', '/v1/templates/prob-imm/versions', { body: { version: '1.0', app } });
    const op = await server.call('POST', '/v1/templates/prob-imm/versions/1.0/publish');
    expect(op.status).toBe(202);
    const res = await server.call('PATCH', '/v1/templates/prob-imm/versions/1.0', { body: { description: 'too late' } });
    expect(res.status).toBe(409);
    expect((await problemOf(res)).type).toBe('https://caravan.dev/problems/version-immutable');
  });

  it('an unexpected failure is a 500 problem that says nothing about internals', async () => {
    const core = server.caravan.core;
    const broken: CaravanCore = {
      ...core,
      templates: { ...core.templates, list: () => Promise.reject(new Error('ECONNRESET at /srv/secret/db.sqlite password=hunter2')) },
    };
    const logged: unknown[] = [];
    const app = createApp({ core: broken, idempotency: server.caravan.store.idempotency, logger: { info() {}, warn() {}, error: (m, f) => logged.push([m, f]) } });
    const res = await checkedApp(app).request('/v1/templates', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'https://caravan.dev/problems/internal', status: 500 });
    expect(text).not.toMatch(/hunter2|ECONNRESET|secret|sqlite|at \//);
    expect(JSON.stringify(logged)).toContain('ECONNRESET');
  });
});
