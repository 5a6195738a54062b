/** Bearer tokens and roles, as a caller meets them. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

async function expectUnauthenticated(res: Response) {
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/unauthenticated', status: 401 });
}

describe('authentication', () => {
  it('a request without a token gets 401 with WWW-Authenticate: Bearer', async () => {
    await expectUnauthenticated(await server.call('GET', '/v1/templates', { token: null }));
  });

  it('an unknown token, a malformed header and a revoked token all get the same 401', async () => {
    await expectUnauthenticated(await server.call('GET', '/v1/whoami', { token: 'not-a-real-token' }));
    await expectUnauthenticated(await server.call('GET', '/v1/whoami', { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }));

    const created = await server.call('POST', '/v1/tokens', { body: { name: 'short-lived', roles: ['viewer'] } });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    expect((await server.call('GET', '/v1/whoami', { token: secret })).status).toBe(200);
    expect((await server.call('DELETE', `/v1/tokens/${id}`)).status).toBe(204);
    await expectUnauthenticated(await server.call('GET', '/v1/whoami', { token: secret }));
  });

  it('whoami tells the caller its roles', async () => {
    const token = await server.tokenFor('developer', 'tester');
    const res = await server.call('GET', '/v1/whoami', { token });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { roles: string[] };
    expect([...me.roles].sort()).toEqual(['developer', 'tester']);
  });
});

describe('roles', () => {
  it('a viewer cannot create a template (403 forbidden) and nothing is created', async () => {
    const viewer = await server.tokenFor('viewer');
    const res = await server.call('POST', '/v1/templates', { token: viewer, body: { name: 'not-by-viewer' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/forbidden', status: 403 });
    expect((await server.call('GET', '/v1/templates/not-by-viewer')).status).toBe(404);
  });

  it('a developer cannot make tokens; only an admin can', async () => {
    const developer = await server.tokenFor('developer');
    const res = await server.call('POST', '/v1/tokens', { token: developer, body: { name: 'sneaky', roles: ['admin'] } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/forbidden' });
  });

  it('a developer cannot release a version; a tester may try (and meets the state machine)', async () => {
    const developer = await server.tokenFor('developer');
    const tester = await server.tokenFor('tester');
    await server.call('POST', '/v1/templates', { token: developer, body: { name: 'roles-shop' } });
    const draft = await server.call('POST', '/v1/templates/roles-shop/versions', {
      token: developer,
      body: { version: '1.0', app: { components: [{ name: 'web', image: 'example.com/web:1' }] } },
    });
    expect(draft.status).toBe(201);
    const byDeveloper = await server.call('POST', '/v1/templates/roles-shop/versions/1.0/release', { token: developer });
    expect(byDeveloper.status).toBe(403);
    expect(await byDeveloper.json()).toMatchObject({ type: 'https://caravan.dev/problems/forbidden' });
    const byTester = await server.call('POST', '/v1/templates/roles-shop/versions/1.0/release', { token: tester });
    expect(byTester.status).toBe(409);
    expect(await byTester.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-transition' });
  });
});
