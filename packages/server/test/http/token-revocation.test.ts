/**
 * Tokens are looked up through a short-lived cache (core/access/token-cache.ts);
 * revoking one must still take effect: at once on the server that revoked it,
 * and within TOKEN_CACHE_MS on every other server of the same database, even
 * one that has just served the token and holds it in its cache. Two real
 * servers (app and core, no socket) on one SQLite file, and on one PostgreSQL
 * database.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaravan, type Caravan } from '../../src/index.js';
import { TOKEN_CACHE_MS, TokenCache } from '../../src/core/access/token-cache.js';
import type { TokenRow } from '../../src/core/store/port.js';
import { forEachBackend } from '../core/support/backends.js';
import { tempDir } from '../core/support/fixture.js';

const ADMIN = 'revocation-test-admin-0123456789';

function call(server: Caravan, method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return Promise.resolve(
    server.app.fetch(
      new Request(`http://caravan.test${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    ),
  );
}

forEachBackend((backend) =>
  describe('a revoked token, with two servers on one database', () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it(`is refused at once by the server that revoked it, and within ${TOKEN_CACHE_MS} ms by the other`, async () => {
      const dir = tempDir('caravan-revocation-');
      cleanups.push(dir.cleanup);
      const databaseUrl = (await backend.newStoreUrl()) ?? `file:${dir.dir}/caravan.db`;
      const masterKey = randomBytes(32).toString('base64');
      const a = await createCaravan({ databaseUrl, masterKey, bootstrapToken: ADMIN });
      cleanups.push(() => a.stop());
      const b = await createCaravan({ databaseUrl, masterKey });
      cleanups.push(() => b.stop());

      const made = await call(a, 'POST', '/v1/tokens', ADMIN, { name: 'ci', roles: ['viewer'] });
      expect(made.status).toBe(201);
      const { id, secret } = (await made.json()) as { id: string; secret: string };
      // Both servers have served the token, so both hold it in their caches.
      expect((await call(a, 'GET', '/v1/whoami', secret)).status).toBe(200);
      expect((await call(b, 'GET', '/v1/whoami', secret)).status).toBe(200);

      expect((await call(a, 'DELETE', `/v1/tokens/${id}`, ADMIN)).status).toBe(204);
      const revoked = performance.now();
      expect((await call(a, 'GET', '/v1/whoami', secret)).status).toBe(401);

      let refusedAfter: number | undefined;
      while (performance.now() - revoked < TOKEN_CACHE_MS + 3_000) {
        if ((await call(b, 'GET', '/v1/whoami', secret)).status === 401) {
          refusedAfter = performance.now() - revoked;
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(refusedAfter, `the other server still took the token ${TOKEN_CACHE_MS + 3_000} ms after its revocation`).toBeDefined();
      // The bound, plus slack for one poll and one request on a busy machine.
      expect(refusedAfter!).toBeLessThanOrEqual(TOKEN_CACHE_MS + 250);
      // And from then on, for good; the admin token on the other server is untouched.
      expect((await call(b, 'GET', '/v1/whoami', secret)).status).toBe(401);
      expect((await call(b, 'GET', '/v1/whoami', ADMIN)).status).toBe(200);
    });
  }),
);

describe('the token cache', () => {
  const row = (id: string): TokenRow => ({
    id,
    name: id,
    secretHash: `hash-of-${id}`,
    roles: ['viewer'],
    environments: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: { id: 'system', name: 'caravan' },
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
  });

  it('looks a token up again once its entry is older than the bound', async () => {
    const cache = new TokenCache(50);
    let loads = 0;
    const load = async () => (loads++, row('tok_a'));
    await cache.lookup('h', load);
    await cache.lookup('h', load);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await cache.lookup('h', load);
    expect(loads).toBe(2);
  });

  it('does not keep what a lookup in flight during a revocation here found', async () => {
    const cache = new TokenCache();
    let release!: (r: TokenRow) => void;
    // A lookup that read the row before the revocation and returns after it.
    const inFlight = cache.lookup('h', () => new Promise<TokenRow>((resolve) => (release = resolve)));
    cache.forget('tok_a');
    release(row('tok_a'));
    expect((await inFlight)?.id).toBe('tok_a');
    let loads = 0;
    await cache.lookup('h', async () => (loads++, { ...row('tok_a'), revokedAt: '2026-01-01T00:00:01.000Z' }));
    expect(loads).toBe(1);
  });

  it('keeps no entry for a secret that matches no token', async () => {
    const cache = new TokenCache();
    let loads = 0;
    const load = async () => (loads++, undefined);
    await cache.lookup('h', load);
    await cache.lookup('h', load);
    expect(loads).toBe(2);
  });
});
