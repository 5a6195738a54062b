/**
 * `GET /metrics` after the story's first steps (a template, drafts, the
 * delivery registry, a publish that succeeds and one cancelled, a cluster
 * that cannot be reached, an install into it): every count in the scrape is
 * the number of things that happened, HTTP requests are labelled by route
 * template and never by the path asked for, and it answers a token of any
 * role and no caller without one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '../../src/core/registry/port.js';
import { startTestServer, type TestServer } from './support/server.js';
import { parse, value, type Sample } from './support/prometheus.js';
import { readAll } from './support/sse.js';

/** Copies nothing; says the web image moved 1 500 bytes and the api image found every blob there already. */
const countingSync: RegistrySync = {
  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    // `slow` images never finish on their own: they wait for the operation to be cancelled.
    if (req.source.includes('/slow:')) {
      await new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    const digest = 'sha256:' + 'ab'.repeat(32);
    const bytes = req.source.includes('/web:') ? 1_500 : 0;
    return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', pinnedReference: `registry.example.com/${req.targetRepository}@${digest}`, bytesTransferred: bytes, blobsCopied: bytes > 0 ? 2 : 0, blobsSkipped: bytes > 0 ? 0 : 2, blobsMounted: 0 };
  },
  async check() { return { ok: true, push: true, pull: true }; },
};

const kubeconfig = (server: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'main',
    clusters: [{ name: 'c', cluster: { server } }],
    users: [{ name: 'u', user: { token: 'metrics-test-token-0123456789' } }],
    contexts: [{ name: 'main', context: { cluster: 'c', user: 'u' } }],
  });

let server: TestServer;
let viewer: string;
beforeAll(async () => {
  server = await startTestServer({ registrySync: countingSync, operations: { pollMs: 50 }, clusterProbeMs: 0 });
});
afterAll(async () => {
  await server.close();
});

async function scrape(token: string): Promise<Sample[]> {
  const res = await server.call('GET', '/metrics', { token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

async function settle(id: string): Promise<{ state: string }> {
  await readAll(await server.call('GET', `/v1/operations/${id}/events`));
  return (await (await server.call('GET', `/v1/operations/${id}`)).json()) as { state: string };
}

async function accepted(method: string, url: string, body?: unknown): Promise<{ id: string }> {
  const res = await server.call(method, url, body === undefined ? {} : { body });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as { id: string };
}

describe('GET /metrics', () => {
  it('answers 401 without a token, and a viewer token with the metrics', async () => {
    expect((await server.call('GET', '/metrics', { token: null })).status).toBe(401);
    expect((await server.call('GET', '/metrics', { token: 'not-a-token' })).status).toBe(401);
    viewer = await server.tokenFor('viewer');
    const samples = await scrape(viewer);
    expect(value(samples, 'caravan_http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(2);
    expect(value(samples, 'caravan_http_requests_total', { method: 'POST', route: '/v1/tokens', status: '201' })).toBe(1);
  });

  it('counts what the story did: requests by route template, publishes, copied bytes, operations, clusters, rollouts and store calls', async () => {
    const app = { components: [{ name: 'web', image: 'example.com/shop/web:1' }, { name: 'api', image: 'example.com/shop/api:1' }] };
    expect((await server.call('POST', '/v1/templates', { body: { name: 'shop' } })).status).toBe(201);
    expect((await server.call('POST', '/v1/templates/shop/versions', { body: { version: '1.0', app } })).status).toBe(201);
    expect((await server.call('POST', '/v1/templates/shop/versions', { body: { version: '1.1', app: { components: [{ name: 'web', image: 'example.com/shop/slow:2' }] } } })).status).toBe(201);
    expect((await server.call('POST', '/v1/templates/shop/versions', { body: { version: '1.2', app: { components: [] } } })).status).toBe(400);
    expect((await server.call('GET', '/v1/templates/shop/versions/9.9')).status).toBe(404);
    expect((await server.call('PUT', '/v1/registry', { body: { url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 'pw' } })).status).toBe(200);

    const published = await accepted('POST', '/v1/templates/shop/versions/1.0/publish');
    expect((await settle(published.id)).state).toBe('succeeded');

    // A publish that hangs: the gauge sees it running, then it is cancelled.
    const slow = await accepted('POST', '/v1/templates/shop/versions/1.1/publish');
    for (let i = 0; i < 200 && ((await (await server.call('GET', `/v1/operations/${slow.id}`)).json()) as { state: string }).state !== 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    const during = await scrape(viewer);
    expect(value(during, 'caravan_operations_active', { kind: 'publish', state: 'running' })).toBe(1);
    expect(value(during, 'caravan_operations_active', { kind: 'publish', state: 'pending' })).toBeUndefined();
    expect((await server.call('POST', `/v1/operations/${slow.id}/cancel`)).status).toBe(200);
    expect((await settle(slow.id)).state).toBe('cancelled');

    // A cluster nobody listens for, an environment on it, and an install that cannot roll out there.
    expect((await server.call('POST', '/v1/clusters', { body: { name: 'far', kubeconfig: kubeconfig('https://127.0.0.1:1') } })).status).toBe(201);
    expect((await server.call('POST', '/v1/environments', { body: { name: 'dev', cluster: 'far', namespace: 'shop', tier: 'development' } })).status).toBe(201);
    const install = await server.call('POST', '/v1/environments/dev/installs', { body: { name: 'shop', template: 'shop', version: '1.0', timeoutSeconds: 30 } });
    expect(install.status, await install.clone().text()).toBe(202);
    expect((await settle(((await install.json()) as { id: string }).id)).state).toBe('failed');

    const samples = await scrape(viewer);
    const requests = (method: string, route: string, status: number) => value(samples, 'caravan_http_requests_total', { method, route, status: String(status) });
    expect(requests('POST', '/v1/templates', 201)).toBe(1);
    expect(requests('POST', '/v1/templates/:template/versions', 201)).toBe(2);
    expect(requests('POST', '/v1/templates/:template/versions', 400)).toBe(1);
    expect(requests('GET', '/v1/templates/:template/versions/:version', 404)).toBe(1);
    expect(requests('POST', '/v1/templates/:template/versions/:version/publish', 202)).toBe(2);
    expect(requests('POST', '/v1/operations/:operation/cancel', 200)).toBe(1);
    expect(requests('GET', '/metrics', 200)).toBe(2);
    expect(value(samples, 'caravan_http_request_duration_seconds_count', { method: 'POST', route: '/v1/templates' })).toBe(1);
    // Routes are templates: no path that was asked for, with its names in it, is a label.
    const routes = new Set(samples.filter((s) => s.name === 'caravan_http_requests_total').map((s) => s.labels.route!));
    expect([...routes].filter((r) => /shop|far|dev|op_/.test(r))).toEqual([]);

    expect(value(samples, 'caravan_operations_finished_total', { kind: 'publish', state: 'succeeded' })).toBe(1);
    expect(value(samples, 'caravan_operations_finished_total', { kind: 'publish', state: 'cancelled' })).toBe(1);
    expect(value(samples, 'caravan_operations_finished_total', { kind: 'publish', state: 'failed' })).toBeUndefined();
    expect(value(samples, 'caravan_operations_finished_total', { kind: 'install', state: 'failed' })).toBe(1);
    expect(value(samples, 'caravan_operation_duration_seconds_count', { kind: 'publish', state: 'succeeded' })).toBe(1);
    expect(samples.filter((s) => s.name === 'caravan_operations_active')).toEqual([]);

    expect(value(samples, 'caravan_publish_copied_images_total')).toBe(2);
    expect(value(samples, 'caravan_publish_copied_bytes_total')).toBe(1_500);

    expect(value(samples, 'caravan_cluster_reachable', { cluster: 'far' })).toBe(0);
    expect(value(samples, 'caravan_rollouts_total', { environment: 'dev', action: 'install', result: 'failed' })).toBe(1);
    expect(value(samples, 'caravan_rollout_duration_seconds_count', { environment: 'dev', action: 'install', result: 'failed' })).toBe(1);

    expect(value(samples, 'caravan_store_query_duration_seconds_count', { query: 'templates.insert' })).toBe(1);
    expect(value(samples, 'caravan_store_query_duration_seconds_count', { query: 'versions.insert' })).toBe(2);
    expect(value(samples, 'caravan_store_query_duration_seconds_count', { query: 'clusters.setHealth' })).toBe(1);
    expect(value(samples, 'caravan_store_query_duration_seconds_count', { query: 'operations.claim' })).toBeGreaterThan(3);
    expect(server.http.violations).toEqual([]);
  });

  it('shows a token limited to environments the samples of its environments and of none, never another environment', async () => {
    // A second environment with a rollout of its own, on the same unreachable cluster.
    expect((await server.call('POST', '/v1/environments', { body: { name: 'qa', cluster: 'far', namespace: 'shop-qa', tier: 'development' } })).status).toBe(201);
    const install = await server.call('POST', '/v1/environments/qa/installs', { body: { name: 'shop', template: 'shop', version: '1.0', timeoutSeconds: 30 } });
    expect(install.status, await install.clone().text()).toBe(202);
    expect((await settle(((await install.json()) as { id: string }).id)).state).toBe('failed');

    const scope = async (environments: string[]) => {
      const res = await server.call('POST', '/v1/tokens', { body: { name: `scoped-${environments.join('-') || 'none'}`, roles: ['viewer'], environments } });
      expect(res.status, await res.clone().text()).toBe(201);
      return scrape(((await res.json()) as { secret: string }).secret);
    };
    const environmentsIn = (samples: Sample[]) => [...new Set(samples.map((x) => x.labels.environment).filter((e) => e !== undefined))].sort();

    expect(environmentsIn(await scrape(viewer))).toEqual(['dev', 'qa']);
    const qaOnly = await scope(['qa']);
    expect(environmentsIn(qaOnly)).toEqual(['qa']);
    expect(value(qaOnly, 'caravan_rollouts_total', { environment: 'qa', action: 'install', result: 'failed' })).toBe(1);
    // What is about no environment stays: requests, operations, clusters.
    expect(value(qaOnly, 'caravan_operations_finished_total', { kind: 'install', state: 'failed' })).toBe(2);
    expect(value(qaOnly, 'caravan_cluster_reachable', { cluster: 'far' })).toBe(0);
    expect(environmentsIn(await scope([]))).toEqual([]);
  });
});
