/** createCaravan passes the core's publish and operation-worker tuning through, and a host's own authentication. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '../../src/core/registry/port.js';
import { RegistrySyncError } from '../../src/core/registry/port.js';
import { startTestServer, threeComponentApp, type TestServer } from './support/server.js';

/** A delivery registry that is always down (retryable), or that never answers until aborted. */
function brokenRegistry(mode: 'down' | 'hangs'): RegistrySync & { copies: number } {
  const sync = {
    copies: 0,
    async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
      sync.copies++;
      if (mode === 'down') throw new RegistrySyncError(req.source, 'connection refused', true);
      return new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new RegistrySyncError(req.source, 'aborted', true)), { once: true }));
    },
    async check() {
      return { ok: true, push: true, pull: true };
    },
  };
  return sync;
}

async function publishShop(server: TestServer): Promise<string> {
  expect((await server.call('PUT', '/v1/registry', { body: { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'pw' } })).status).toBe(200);
  expect((await server.call('POST', '/v1/templates', { body: { name: 'shop' } })).status).toBe(201);
  expect((await server.call('POST', '/v1/templates/shop/versions', { body: { version: '1.0', app: threeComponentApp() } })).status).toBe(201);
  const res = await server.call('POST', '/v1/templates/shop/versions/1.0/publish');
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

describe('createCaravan options', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('publish tuning reaches the publish operation (one try per image, a short deadline)', async () => {
    const registry = brokenRegistry('down');
    server = await startTestServer({ registrySync: registry, publish: { copyAttempts: 1, backoffMs: 1, concurrency: 1 } });
    const id = await publishShop(server);
    const done = await server.caravan.core.operations.wait({ id: 'test', name: 'test', roles: ['viewer'] }, id);
    expect(done.state).toBe('failed');
    // Three components, one try each; the default (3 tries, 1 s backoff) would make nine.
    expect(registry.copies).toBe(3);

    await server.close();
    const hanging = brokenRegistry('hangs');
    server = await startTestServer({ registrySync: hanging, publish: { deadlineMs: 300 }, operations: { pollMs: 50 } });
    const late = await server.caravan.core.operations.wait({ id: 'test', name: 'test', roles: ['viewer'] }, await publishShop(server));
    expect(late.state).toBe('failed');
    expect(late.error?.type).toBe('https://caravan.dev/problems/operation-deadline-exceeded');
  });

  it('operation worker tuning reaches the engine (the lease it takes)', async () => {
    server = await startTestServer({ registrySync: brokenRegistry('hangs'), operations: { leaseMs: 10 * 60_000, renewMs: 60_000 } });
    const id = await publishShop(server);
    const deadline = Date.now() + 10_000;
    let row = await server.caravan.store.operations.get(id);
    while (row?.state !== 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      row = await server.caravan.store.operations.get(id);
    }
    expect(row?.state).toBe('running');
    // The default lease is 15 s; ten minutes shows the option got through.
    expect(Date.parse(row!.leaseExpiresAt!) - Date.now()).toBeGreaterThan(5 * 60_000);
    await server.caravan.core.operations.cancel({ id: 'tok_bootstrap', name: 'admin', roles: ['admin'] }, id);
  });

  it('a host that authenticates callers itself names the Actor; without one named, bearer tokens decide', async () => {
    // Stands in for a host's session: the header is the host's own, as a Backstage plugin's verified identity would be.
    server = await startTestServer({
      authenticate: (request) => (request.headers.get('x-host-user') === 'jane' ? { id: 'user:default/jane', name: 'user:default/jane', roles: ['viewer'] } : undefined),
    });
    const asJane = { token: null, headers: { 'x-host-user': 'jane' } };
    const me = await server.call('GET', '/v1/whoami', asJane);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ id: 'user:default/jane', name: 'user:default/jane', roles: ['viewer'] });
    // Her roles decide as a token's would.
    expect((await server.call('POST', '/v1/templates', { ...asJane, body: { name: 'by-jane' } })).status).toBe(403);
    // No one named: the bearer token (the admin's here), or 401 without one.
    expect((await server.call('POST', '/v1/templates', { body: { name: 'by-admin' } })).status).toBe(201);
    expect((await server.call('GET', '/v1/whoami', { token: null, headers: { 'x-host-user': 'mallory' } })).status).toBe(401);
  });
});
