/**
 * The rendered objects against a real kube-apiserver (the harness's control
 * plane, one cluster): Kubernetes accepts every object by server-side apply,
 * and an upgrade's objects apply over the previous version's without
 * touching an immutable field.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { startClusters, type HarnessClusters } from '../../../../../test/harness/src/k8s.js';
import { renderInstall, type RenderedObject } from '../../../src/core/deploy/render/index.js';
import { migrateInput, shopInput } from './fixtures.js';

const FIELD_MANAGER = 'caravan-render-test';

const RESOURCES: Record<string, { group: string; plural: string }> = {
  Secret: { group: '/api/v1', plural: 'secrets' },
  ConfigMap: { group: '/api/v1', plural: 'configmaps' },
  PersistentVolumeClaim: { group: '/api/v1', plural: 'persistentvolumeclaims' },
  Service: { group: '/api/v1', plural: 'services' },
  Ingress: { group: '/apis/networking.k8s.io/v1', plural: 'ingresses' },
  Deployment: { group: '/apis/apps/v1', plural: 'deployments' },
  StatefulSet: { group: '/apis/apps/v1', plural: 'statefulsets' },
  Job: { group: '/apis/batch/v1', plural: 'jobs' },
  CronJob: { group: '/apis/batch/v1', plural: 'cronjobs' },
};

let harness: HarnessClusters;
let agent: https.Agent;
let server: string;

interface Answer {
  status: number;
  body: any;
}

function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, server), { method, agent, headers: { accept: 'application/json', ...(payload ? { 'content-type': contentType } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function objectPath(o: RenderedObject): string {
  const r = RESOURCES[o.kind];
  if (!r) throw new Error(`no REST path for ${o.kind}`);
  return `${r.group}/namespaces/${o.metadata.namespace}/${r.plural}/${o.metadata.name}`;
}

/** Server-side apply, as the deployer does it (JSON is YAML, so the apply-patch+yaml type takes it). */
function apply(o: RenderedObject): Promise<Answer> {
  return call('PATCH', `${objectPath(o)}?fieldManager=${FIELD_MANAGER}`, o, 'application/apply-patch+yaml');
}

async function applyAll(objects: RenderedObject[]): Promise<string[]> {
  const outcomes: string[] = [];
  for (const o of objects) {
    const answer = await apply(o);
    outcomes.push(`${o.kind}/${o.metadata.name} ${answer.status}${answer.status >= 300 ? ` ${answer.body?.message}` : ''}`);
  }
  return outcomes;
}

async function createNamespace(name: string): Promise<void> {
  const answer = await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  expect([201, 409]).toContain(answer.status);
}

beforeAll(async () => {
  harness = await startClusters({ names: ['render'], nodes: 1 });
  const cluster = harness.clusters[0]!;
  const kubeconfig = parse(readFileSync(cluster.kubeconfigPath, 'utf8'));
  const user = kubeconfig.users[0].user;
  const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
  agent = new https.Agent({ keepAlive: true, ca: cluster.caPem, cert: b64(user['client-certificate-data']), key: b64(user['client-key-data']) });
  server = cluster.server;
}, 240_000);

afterAll(async () => {
  agent?.destroy();
  await harness?.stop();
});

describe('rendered objects on a real API server', () => {
  test('every object of the shop install is created by server-side apply', async () => {
    await createNamespace('shop-prod');
    const objects = renderInstall(shopInput());
    expect(await applyAll(objects)).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name} 201`));

    // The Service got its address from the server; nothing rendered one.
    const web = await call('GET', objectPath(objects.find((o) => o.kind === 'Service' && o.metadata.name === 'shop-web')!));
    expect(web.body.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  test('an upgrade to 1.1 with a changed config file and new values applies over 1.0, immutable fields untouched', async () => {
    const upgraded = shopInput({
      app: (app) => (app.components.find((c) => c.name === 'api')!.configFiles![0]!.content = 'features: [checkout, wishlist]\n'),
      values: (v) => {
        v.components!.web!.replicas = 2;
        v.components!.db!.resources = { limits: { memory: '2Gi' } };
      },
    });
    const objects = renderInstall({ ...upgraded, version: '1.1' });
    expect(await applyAll(objects)).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name} 200`));

    const api = await call('GET', objectPath(objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-api')!));
    expect(api.body.metadata.labels['app.kubernetes.io/version']).toBe('1.1');
    expect(api.body.spec.template.metadata.annotations['caravan.dev/config-checksum']).toBe(
      (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-api') as any).spec.template.metadata.annotations['caravan.dev/config-checksum'],
    );
  });

  test('a LoadBalancer Service for external udp and grpc ports, and an Ingress with class, annotations and TLS, are accepted', async () => {
    await createNamespace('games-test');
    const input = shopInput({
      app: (app) => {
        app.components.push({ name: 'game', image: 'registry.example.com/shop/game:1', ports: [{ port: 7777, protocol: 'udp', expose: 'external' }, { port: 9090, protocol: 'grpc', expose: 'external' }] });
      },
    });
    const objects = renderInstall({
      ...input,
      install: { ...input.install, namespace: 'games-test' },
      images: { ...input.images, game: 'registry.example.com/caravan/shop/game@sha256:' + 'e5'.repeat(32) },
      ingress: { className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: {} },
    });
    expect(await applyAll(objects)).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name} 201`));
    const lb = await call('GET', objectPath(objects.find((o) => o.metadata.name === 'shop-game-external')!));
    expect(lb.body.spec.type).toBe('LoadBalancer');
    expect(lb.body.spec.ports.map((p: { protocol: string; nodePort: number }) => [p.protocol, typeof p.nodePort])).toEqual([['UDP', 'number'], ['TCP', 'number']]);
    const web = await call('GET', objectPath(objects.find((o) => o.kind === 'Ingress')!));
    expect(web.body.spec.ingressClassName).toBe('nginx');
    expect(web.body.spec.tls[0].secretName).toBe('shop-web-tls');
  });

  test('the job example is created; a new version alone leaves it be, a changed pod template is refused (the applier replaces Jobs)', async () => {
    await createNamespace('orders-test');
    const input = migrateInput();
    const objects = renderInstall(input);
    expect(await applyAll(objects)).toEqual(objects.map((o) => `${o.kind}/${o.metadata.name} 201`));

    // No version label on pod templates: the same job in a new version applies over the old one.
    const sameJob = renderInstall({ ...input, version: '3.0.0' }).find((o) => o.kind === 'Job')!;
    expect((await apply(sameJob)).status).toBe(200);
    const images = Object.fromEntries(Object.entries(input.images).map(([k, v]) => [k, `${v}-next`]));
    const changed = renderInstall({ ...input, version: '3.0.0', images }).find((o) => o.kind === 'Job')!;
    const answer = await apply(changed);
    expect(answer.status).toBe(422);
    expect(answer.body.message).toMatch(/field is immutable/);
  });
});
