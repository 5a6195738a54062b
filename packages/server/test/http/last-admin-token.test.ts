/** No lock-out over HTTP: revoking the last active admin token answers 409 saying why, and the token keeps working. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

describe('DELETE /v1/tokens/{token} on the last active admin token', () => {
  it('is 409 conflict with a reason, leaves the token working, and succeeds once another admin token exists', async () => {
    // Over HTTP the only admin can reach its own token alone: refused, it is the caller's own (and the last admin).
    const refused = await server.call('DELETE', '/v1/tokens/tok_bootstrap');
    expect(refused.status).toBe(409);
    const problem = (await refused.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://caravan.dev/problems/conflict');
    expect(problem.detail).toMatch(/token making this request/);
    expect((await server.call('GET', '/v1/whoami')).status).toBe(200);

    // Another admin, with an expiry: creating it is fine, and with it the bootstrap token can go.
    const created = await server.call('POST', '/v1/tokens', { body: { name: 'next admin', roles: ['admin'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(created.status).toBe(201);
    const next = (await created.json()) as { id: string; secret: string };
    expect((await server.call('DELETE', '/v1/tokens/tok_bootstrap', { token: next.secret })).status).toBe(204);
    expect((await server.call('GET', '/v1/whoami', { token: ADMIN_TOKEN })).status).toBe(401);

    // Now the new one is the last: it cannot revoke itself.
    const self = await server.call('DELETE', `/v1/tokens/${next.id}`, { token: next.secret });
    expect(self.status).toBe(409);
    expect((await server.call('GET', '/v1/whoami', { token: next.secret })).status).toBe(200);
  });
});
