/**
 * Every operation of the contract, called the way a client would, answers
 * with a documented success and a body that validates: the whole surface
 * walked once through the contract oracle, including the version state
 * machine from draft to restored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '../../src/core/registry/port.js';
import { contractDoc } from './support/contract.js';
import { startTestServer, type TestServer } from './support/server.js';
import { readAll } from './support/sse.js';

/** A RegistrySync that copies nothing and says it did (the port's own seam), so publishing can succeed here. */
const instantSync: RegistrySync = {
  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    // `slow` images never finish on their own: they wait for the operation to be cancelled.
    if (req.source.includes('/slow:')) {
      await new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    const digest = 'sha256:' + 'cd'.repeat(32);
    return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', pinnedReference: `registry.example.com/${req.targetRepository}@${digest}`, bytesTransferred: 0, blobsCopied: 0, blobsSkipped: 1, blobsMounted: 0 };
  },
  async check() { return { ok: true, push: true, pull: true }; },
};

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ registrySync: instantSync }); });
afterAll(async () => { await server.close(); });

const app = { components: [{ name: 'web', image: 'example.com/shop/web:1' }] };

async function ok(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response> {
  const res = await server.call(method, url, { ...(body === undefined ? {} : { body }), ...(headers ? { headers } : {}) });
  expect(res.status, `${method} ${url}: ${await res.clone().text()}`).toBeLessThan(300);
  return res;
}

async function settle(id: string): Promise<{ state: string }> {
  await readAll(await ok('GET', `/v1/operations/${id}/events`));
  return (await (await ok('GET', `/v1/operations/${id}`)).json()) as { state: string };
}

describe('the whole surface', () => {
  it('every operation in the contract answers with a documented success whose body validates', async () => {
    await ok('GET', '/openapi.json');
    await ok('GET', '/docs');
    await ok('GET', '/docs/redoc.standalone.js');
    await ok('GET', '/metrics');
    await ok('GET', '/v1/healthz');
    await ok('GET', '/v1/readyz');
    await ok('GET', '/v1/whoami');

    const token = (await (await ok('POST', '/v1/tokens', { name: 'walker', roles: ['viewer'] })).json()) as { id: string };
    await ok('GET', '/v1/tokens');
    await ok('DELETE', `/v1/tokens/${token.id}`);

    await ok('POST', '/v1/templates', { name: 'walk', labels: { team: 'shop' } });
    await ok('GET', '/v1/templates');
    const t = await ok('GET', '/v1/templates/walk');
    await ok('PATCH', '/v1/templates/walk', { description: 'walked' }, { 'if-match': t.headers.get('etag')! });

    await ok('POST', '/v1/templates/walk/versions', { version: '1.0', app });
    await ok('POST', '/v1/templates/walk/versions', { version: '1.1', app: 'components:\n  - name: web\n    image: example.com/shop/slow:2\n' });
    await ok('GET', '/v1/templates/walk/versions?state=draft');
    await ok('GET', '/v1/templates/walk/versions/1.0');
    await ok('PATCH', '/v1/templates/walk/versions/1.0', { description: 'first' });
    await ok('GET', '/v1/templates/walk/versions/1.1/diff?against=1.0');

    // Without a delivery registry publishing fails honestly; with one, retry finishes it.
    const first = (await (await ok('POST', '/v1/templates/walk/versions/1.0/publish', { reason: 'walk' })).json()) as { id: string };
    expect((await settle(first.id)).state).toBe('failed');
    await ok('PUT', '/v1/registry', { url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 'pw' });
    await ok('GET', '/v1/registry');
    await ok('POST', '/v1/registry/check');
    const retried = (await (await ok('POST', '/v1/templates/walk/versions/1.0/retry')).json()) as { id: string };
    expect((await settle(retried.id)).state).toBe('succeeded');

    await ok('POST', '/v1/templates/walk/versions/1.0/release', { reason: 'tested' });
    await ok('POST', '/v1/templates/walk/versions/1.0/deprecate');
    const restored = (await (await ok('POST', '/v1/templates/walk/versions/1.0/restore')).json()) as { state: string };
    expect(restored.state).toBe('released');

    // A publish whose copy never finishes, cancelled.
    const second = (await (await ok('POST', '/v1/templates/walk/versions/1.1/publish')).json()) as { id: string };
    await ok('POST', `/v1/operations/${second.id}/cancel`);
    expect((await settle(second.id)).state).toBe('cancelled');
    // Newest first, as the contract says, page after page.
    const listed = (await (await ok('GET', '/v1/operations?kind=publish')).json()) as { items: { id: string }[] };
    expect(listed.items.map((o) => o.id)).toEqual([second.id, retried.id, first.id]);
    const page1 = (await (await ok('GET', '/v1/operations?kind=publish&limit=2')).json()) as { items: { id: string }[]; nextCursor: string };
    const page2 = (await (await ok('GET', `/v1/operations?kind=publish&limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).json()) as { items: { id: string }[] };
    expect([...page1.items, ...page2.items].map((o) => o.id)).toEqual([second.id, retried.id, first.id]);
    await ok('GET', `/v1/operations/${first.id}`);
    const events = await server.call('GET', '/v1/events');
    expect(events.status).toBe(200);
    await events.body!.cancel();
    await ok('GET', '/v1/audit?subject=templates/walk&action=version.release');

    await ok('PUT', '/v1/registry/sources/ghcr.io', { username: 'ci', password: 'pw' });
    await ok('GET', '/v1/registry/sources');
    await ok('DELETE', '/v1/registry/sources/ghcr.io');

    await ok('POST', '/v1/templates', { name: 'walk-gone' });
    await ok('DELETE', '/v1/templates/walk-gone');

    expect(server.http.violations).toEqual([]);
    const documented = Object.entries(contractDoc.paths).flatMap(([p, item]) =>
      Object.keys(item).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const succeeded = new Set([...server.http.covered].filter((k) => /\s2\d\d$/.test(k)).map((k) => k.replace(/\s\d+$/, '')));
    // Clusters, environments and installs need real Kubernetes API servers to succeed: test/story-deploy walks
    // each of them through the same contract oracle against the harness's clusters.
    const needClusters = (op: string) => / \/v1\/(clusters|environments)(\/|$)/.test(op);
    expect(documented.filter((op) => !needClusters(op) && !succeeded.has(op)), 'operations never answered with a success').toEqual([]);
  });
});
