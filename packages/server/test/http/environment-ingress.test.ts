/**
 * An environment's ingress settings through the HTTP face: stored and
 * returned as given, replaced whole by a PATCH (`{}` removes them), and a
 * refused request (a key Caravan owns, a malformed class) changes nothing.
 * What they render is tested in test/deploy/render and on real clusters in
 * test/story-deploy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

const kubeconfig = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Config',
  'current-context': 'main',
  clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
  users: [{ name: 'u', user: { token: 'ingress-test-token-0123456789' } }],
  contexts: [{ name: 'main', context: { cluster: 'c', user: 'u' } }],
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clusterProbeMs: 0 });
  const cluster = await server.call('POST', '/v1/clusters', { body: { name: 'edge', kubeconfig } });
  expect(cluster.status, await cluster.clone().text()).toBe(201);
});
afterAll(async () => {
  await server.close();
});

const settings = { className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: {} };

describe("an environment's ingress settings", () => {
  it('are stored as given, replaced whole by a PATCH, and removed by {}', async () => {
    const created = await server.call('POST', '/v1/environments', { body: { name: 'prod', cluster: 'edge', namespace: 'shop', tier: 'production', ingress: settings } });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(((await created.json()) as { ingress: unknown }).ingress).toEqual(settings);
    expect(((await (await server.call('GET', '/v1/environments/prod')).json()) as { ingress: unknown }).ingress).toEqual(settings);

    const replaced = await server.call('PATCH', '/v1/environments/prod', { body: { ingress: { tls: { secretName: 'wildcard-shop' } } } });
    expect(replaced.status, await replaced.clone().text()).toBe(200);
    expect(((await replaced.json()) as { ingress: unknown }).ingress).toEqual({ tls: { secretName: 'wildcard-shop' } });

    const removed = await server.call('PATCH', '/v1/environments/prod', { body: { ingress: {} } });
    expect(removed.status).toBe(200);
    expect(await removed.json()).not.toHaveProperty('ingress');

    const none = await server.call('POST', '/v1/environments', { body: { name: 'dev', cluster: 'edge', namespace: 'shop-dev', tier: 'development' } });
    expect(await none.json()).not.toHaveProperty('ingress');
    expect(server.http.violations).toEqual([]);
  });

  it('refuses keys Caravan owns, malformed keys and classes, naming the field, and changes nothing', async () => {
    const before = await (await server.call('GET', '/v1/environments/dev')).json() as { etag: string };
    const cases: [unknown, string][] = [
      [{ annotations: { 'caravan.dev/anything': 'x' } }, '/ingress/annotations/caravan.dev~1anything'],
      [{ annotations: { 'not a key': 'x' } }, '/ingress/annotations/not a key'],
      [{ className: 'Not_A_Class' }, '/ingress/className'],
      [{ tls: { secretName: 'UPPER' } }, '/ingress/tls/secretName'],
    ];
    for (const [ingress, pointer] of cases) {
      const res = await server.call('PATCH', '/v1/environments/dev', { body: { ingress } });
      expect(res.status, JSON.stringify(ingress)).toBe(400);
      const problem = (await res.json()) as { errors?: { pointer: string }[] };
      expect(problem.errors?.map((e) => e.pointer), JSON.stringify(ingress)).toContain(pointer);
      const created = await server.call('POST', '/v1/environments', { body: { name: 'qa', cluster: 'edge', namespace: 'shop-qa', tier: 'test', ingress } });
      expect(created.status, JSON.stringify(ingress)).toBe(400);
    }
    const after = await (await server.call('GET', '/v1/environments/dev')).json() as { etag: string };
    expect(after).toEqual(before);
    expect((await server.call('GET', '/v1/environments/qa')).status).toBe(404);
  });
});
