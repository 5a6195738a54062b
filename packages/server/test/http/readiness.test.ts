/** Readiness follows the store: a server whose database is gone says so with 503. */
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/server.js';

describe('readiness', () => {
  it('turns 503 unavailable once the store is closed, while liveness stays 200', async () => {
    const server = await startTestServer();
    try {
      expect((await server.call('GET', '/v1/readyz', { token: null })).status).toBe(200);
      await server.caravan.store.close();
      const res = await server.call('GET', '/v1/readyz', { token: null });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', checks: { store: 'unavailable' } });
      expect((await server.call('GET', '/v1/healthz', { token: null })).status).toBe(200);
      expect(server.http.violations).toEqual([]);
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});
