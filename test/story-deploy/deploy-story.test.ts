/**
 * The story's steps 1-4 and 7-9 through the SDK, against the harness's three
 * real Kubernetes API servers and a real delivery registry:
 *
 * - an admin registers intranet, aliyun-qingdao and aliyun-shanghai from
 *   their kubeconfigs and binds an environment to each;
 * - a draft runs in the test environment, and is refused by production's policy;
 * - `1.0` (web, an API with a config file, a stateful database with a volume,
 *   a cache) is published, released and installed on all three clusters, and
 *   every component becomes Available;
 * - `1.1` adds a worker, changes the API's config file and removes the cache:
 *   the right objects appear, change and disappear, and the API's pods roll;
 * - `1.2` with a never-ready component and `atomic: true` returns to `1.1` by itself;
 * - a rollback to the record of `1.0` restores its exact objects and prunes
 *   what `1.1` added;
 *
 * Each step is checked both through Caravan's answers and directly against
 * the clusters, as an operator with kubectl would.
 */
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import type { App, CaravanClient, EnvironmentIngress, Operation } from '@caravan/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { shopApp } from '../../examples/story-deploy.js';
import { makeImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { clusters, exists, kube, startStory, waitFor, type Kube, type Story } from './support.js';
import { NEVER_READY_LABEL } from '../harness/src/k8s.js';

let regs: Registries;
let s: Story;
let client: CaravanClient;
const ns = `shop-${randomBytes(3).toString('hex')}`;
const dbPassword = `pw-${randomBytes(12).toString('hex')}`;

const ENVS = [
  { name: 'test-intranet', cluster: 'intranet', tier: 'test' as const },
  { name: 'production-qingdao', cluster: 'aliyun-qingdao', tier: 'production' as const },
  { name: 'production-shanghai', cluster: 'aliyun-shanghai', tier: 'production' as const },
];

/** How each production environment's Ingresses are made: cert-manager issuing per Ingress, and a shared wildcard certificate. */
const INGRESS: Record<string, EnvironmentIngress | undefined> = {
  'production-qingdao': { className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: {} },
  'production-shanghai': { className: 'traefik', tls: { secretName: 'wildcard-shop' } },
};

const image = (name: string) => `${regs.source.host}/shop/${name}:1`;

/** The story's shop, as examples/story-deploy.ts writes it; `1.2` adds a component whose pods never become ready. */
function app(version: '1.0' | '1.1' | '1.2'): App {
  if (version !== '1.2') return shopApp(regs.source.host, version);
  const v11 = shopApp(regs.source.host, '1.1');
  return { ...v11, components: [...v11.components, { name: 'broken', image: image('worker'), labels: { [NEVER_READY_LABEL]: 'true' } }] };
}

const kubes = new Map<string, Kube>();
const kubeOf = (env: string): Kube => kubes.get(ENVS.find((e) => e.name === env)!.cluster)!;

beforeAll(async () => {
  regs = await startRegistries();
  await Promise.all(['web', 'api', 'db', 'cache', 'worker'].map((n) => pushImage(regs.source, `shop/${n}`, '1', makeImage({ seed: `story-deploy/${n}`, layers: 1, layerSize: 20_000 }))));
  s = await startStory();
  client = s.client;
  for (const c of clusters()) kubes.set(c.name, kube(c));
  await client.registry.put({ url: regs.delivery.url, prefix: 'caravan', username: regs.delivery.username!, password: regs.delivery.password!, allowInsecureHttp: true });
});
afterAll(async () => {
  await s?.close();
  await regs?.stop();
});
afterEach(() => {
  expect(s.checked.violations).toEqual([]);
});

async function succeeded(op: Operation): Promise<Operation> {
  const { op: done } = await waitFor(client, op);
  expect(done.error, JSON.stringify(done.error)).toBeNull();
  expect(done.state).toBe('succeeded');
  return done;
}

const deploymentOf = (env: string, name: string) => kubeOf(env).apps.readNamespacedDeployment({ namespace: ns, name: `shop-${name}` });

describe('the story on three clusters', () => {
  it('registers the three clusters from kubeconfigs, probes them, and never returns the credentials', async () => {
    for (const c of clusters()) {
      const kubeconfig = fs.readFileSync(c.kubeconfigPath, 'utf8');
      const cluster = await client.clusters.create({ name: c.name, kubeconfig, labels: { harness: 'true' } });
      expect(cluster.server).toBe(c.server);
      expect(cluster.health.state).toBe('reachable');
      expect(cluster.health.serverVersion).toMatch(/^v1\./);
      expect(cluster.health.permissions.length).toBeGreaterThan(0);
      expect(cluster.health.permissions.every((p) => p.allowed)).toBe(true);
      expect(JSON.stringify(cluster)).not.toContain('client-key-data');
    }
    const listed = [];
    for await (const c of client.clusters.list()) listed.push(c.name);
    expect(listed.sort()).toEqual(clusters().map((c) => c.name).sort());
  });

  it('binds an environment to each cluster; production takes only released versions by default', async () => {
    for (const e of ENVS) {
      const ingress = INGRESS[e.name];
      const env = await client.environments.create({ name: e.name, cluster: e.cluster, namespace: ns, tier: e.tier, secretDefaults: { dbPassword }, ...(ingress ? { ingress } : {}) });
      expect(env.ingress).toEqual(ingress);
      expect(env.policy.allowedStates).toEqual(e.tier === 'production' ? ['released'] : ['draft', 'published', 'released']);
      expect(env.secretDefaults).toEqual(['dbPassword']);
      expect(JSON.stringify(env)).not.toContain(dbPassword);
    }
  });

  it('runs a draft in the test environment, and production refuses it naming the rule', async () => {
    await client.templates.create({ name: 'shop' });
    await client.templates.versions.create('shop', { version: '1.0', app: app('1.0') });
    const op = await client.environments.installs.create('test-intranet', { name: 'shop', template: 'shop', version: '1.0', timeoutSeconds: 120 });
    expect(op).toMatchObject({ kind: 'install', subject: { environment: 'test-intranet', install: 'shop' } });
    await succeeded(op);
    // The draft runs its source images.
    const web = await deploymentOf('test-intranet', 'web');
    expect(web.spec?.template.spec?.containers[0]?.image).toBe(image('web'));

    const refused = await client.environments.installs.create('production-qingdao', { name: 'shop', template: 'shop', version: '1.0' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, problem: { type: expect.stringContaining('policy-violation'), rule: 'allowedStates' } });
    // Refused before anything changed: no install, no namespace.
    await expect(client.environments.installs.get('production-qingdao', 'shop')).rejects.toMatchObject({ status: 404 });
    expect(await exists(() => kubeOf('production-qingdao').core.readNamespace({ name: ns }))).toBe(false);
  });

  it('installs the released 1.0 on every cluster; every component becomes available', async () => {
    await waitFor(client, await client.templates.versions.publish('shop', '1.0'));
    await client.templates.versions.release('shop', '1.0', { reason: 'passed the regression suite' });
    const ops = await Promise.all(
      ENVS.filter((e) => e.tier === 'production').map((e) =>
        client.environments.installs.create(e.name, { name: 'shop', template: 'shop', version: '1.0', values: { components: { web: { replicas: 3, hosts: [`shop.${e.cluster}.example.com`] } } }, timeoutSeconds: 150 }),
      ),
    );
    // The test environment moves from its draft to the release too.
    ops.push(await client.environments.installs.upgrade('test-intranet', 'shop', { version: '1.0', timeoutSeconds: 150 }));
    const done = await Promise.all(ops.map(succeeded));
    for (const d of done) {
      expect(d.result?.components?.map((c) => [c.name, c.state]).sort()).toEqual([['api', 'ready'], ['cache', 'ready'], ['db', 'ready'], ['web', 'ready']]);
      expect(d.steps.some((st) => st.component === 'web' && st.state === 'succeeded' && st.ready === st.desired)).toBe(true);
    }
    for (const e of ENVS) {
      const k = kubeOf(e.name);
      const web = await deploymentOf(e.name, 'web');
      expect(web.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
      // Published versions run the delivery registry's copies, pinned by digest, with a pull secret for it.
      expect(web.spec?.template.spec?.containers[0]?.image).toMatch(new RegExp(`^${regs.delivery.host}/caravan/.+@sha256:[0-9a-f]{64}$`));
      expect(web.spec?.template.spec?.imagePullSecrets?.[0]?.name).toBe('shop-pull');
      const db = await k.apps.readNamespacedStatefulSet({ namespace: ns, name: 'shop-db' });
      expect(db.status?.readyReplicas).toBe(1);
      const claims = await k.core.listNamespacedPersistentVolumeClaim({ namespace: ns });
      expect(claims.items.every((c) => c.status?.phase === 'Bound')).toBe(true);
      expect(claims.items.length).toBeGreaterThan(0);
      const install = await client.environments.installs.get(e.name, 'shop');
      // The password comes from the environment's secret defaults: the install has no secret value of its own.
      expect(install).toMatchObject({ state: 'deployed', version: '1.0', secretParameters: [] });
      const status = await client.environments.installs.status(e.name, 'shop');
      expect(status.health).toBe('healthy');
      expect(status.drift).toEqual([]);
    }
    const qingdaoWeb = await deploymentOf('production-qingdao', 'web');
    expect(qingdaoWeb.spec?.replicas).toBe(3);
    // Each environment's Ingress settings: its class, its annotations, TLS for the install's hosts.
    const ingressOf = (env: string) => kubeOf(env).kc.makeApiClient(k8s.NetworkingV1Api).readNamespacedIngress({ namespace: ns, name: 'shop-web' });
    const qingdao = await ingressOf('production-qingdao');
    expect(qingdao.spec?.ingressClassName).toBe('nginx');
    expect(qingdao.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(qingdao.spec?.tls).toEqual([{ hosts: ['shop.aliyun-qingdao.example.com'], secretName: 'shop-web-tls' }]);
    const shanghai = await ingressOf('production-shanghai');
    expect(shanghai.spec?.ingressClassName).toBe('traefik');
    expect(shanghai.spec?.tls).toEqual([{ hosts: ['shop.aliyun-shanghai.example.com'], secretName: 'wildcard-shop' }]);
    const plain = await ingressOf('test-intranet');
    expect(plain.spec?.ingressClassName).toBeUndefined();
    expect(plain.spec?.tls).toBeUndefined();
  });

  let apiTemplateBefore = '';
  it('upgrades to 1.1 after a preview: a worker appears, the API config changes and its pods roll, the cache disappears', async () => {
    await client.templates.versions.create('shop', { version: '1.1', app: app('1.1') });
    await waitFor(client, await client.templates.versions.publish('shop', '1.1'));
    await client.templates.versions.release('shop', '1.1');
    const before = await deploymentOf('production-qingdao', 'api');
    apiTemplateBefore = JSON.stringify(before.spec?.template.metadata?.annotations);
    const dbBefore = await kubeOf('production-qingdao').apps.readNamespacedStatefulSet({ namespace: ns, name: 'shop-db' });

    const preview = await client.environments.installs.preview('production-qingdao', 'shop', { version: '1.1' });
    expect(preview.components.added).toEqual(['worker']);
    expect(preview.components.removed).toEqual(['cache']);
    expect(preview.objects.added.map((o) => `${o.kind}/${o.name}`)).toContain('Deployment/shop-worker');
    expect(preview.objects.removed.map((o) => `${o.kind}/${o.name}`)).toEqual(expect.arrayContaining(['Deployment/shop-cache', 'Service/shop-cache']));
    expect(preview.objects.changed.map((o) => `${o.kind}/${o.name}`)).toEqual(expect.arrayContaining(['ConfigMap/shop-api', 'Deployment/shop-api']));

    const ops = await Promise.all(ENVS.map((e) => client.environments.installs.upgrade(e.name, 'shop', { version: '1.1', timeoutSeconds: 150 })));
    // A second upgrade of the same install while the first runs is refused by the database, naming the running operation.
    const second = await client.environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1' }).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 409, problem: { type: expect.stringContaining('operation-in-progress'), operation: ops[1]!.id } });
    await Promise.all(ops.map(succeeded));

    for (const e of ENVS) {
      const k = kubeOf(e.name);
      expect(await exists(() => deploymentOf(e.name, 'worker'))).toBe(true);
      expect(await exists(() => deploymentOf(e.name, 'cache'))).toBe(false);
      expect(await exists(() => k.core.readNamespacedService({ namespace: ns, name: 'shop-cache' }))).toBe(false);
      const cm = await k.core.readNamespacedConfigMap({ namespace: ns, name: 'shop-api' });
      expect(Object.values(cm.data ?? {}).join()).toContain('wishlist');
      // Values survive the upgrade: web keeps its 3 replicas in production.
      if (e.tier === 'production') expect((await deploymentOf(e.name, 'web')).spec?.replicas).toBe(3);
    }
    // The database did not change between the versions: it is not restarted by the upgrade.
    const dbAfter = await kubeOf('production-qingdao').apps.readNamespacedStatefulSet({ namespace: ns, name: 'shop-db' });
    expect(dbAfter.status?.updateRevision).toBe(dbBefore.status?.updateRevision);
    const after = await deploymentOf('production-qingdao', 'api');
    expect(JSON.stringify(after.spec?.template.metadata?.annotations)).not.toBe(apiTemplateBefore);
    expect(after.status?.updatedReplicas).toBe(after.spec?.replicas);
    expect(after.status?.observedGeneration).toBe(after.metadata?.generation);
  });

  it('1.2 with a never-ready component and atomic: true returns to 1.1 by itself', async () => {
    await client.templates.versions.create('shop', { version: '1.2', app: app('1.2') });
    await waitFor(client, await client.templates.versions.publish('shop', '1.2'));
    await client.templates.versions.release('shop', '1.2');
    const op = await client.environments.installs.upgrade('production-shanghai', 'shop', { version: '1.2', atomic: true, timeoutSeconds: 12 });
    const { op: done } = await waitFor(client, op);
    expect(done.state).toBe('failed');
    expect(done.error?.type).toMatch(/rollout-deadline-exceeded|rollout-failed/);
    expect(done.error?.detail).toContain('broken');
    expect(done.result?.rolledBackTo).toBeGreaterThan(done.result!.record!);
    const install = await client.environments.installs.get('production-shanghai', 'shop');
    expect(install).toMatchObject({ version: '1.1', state: 'deployed', record: done.result!.rolledBackTo });
    const back = await client.environments.installs.records.get('production-shanghai', 'shop', done.result!.rolledBackTo!);
    expect(back).toMatchObject({ action: 'rollback', atomicRollback: true, outcome: 'succeeded', version: '1.1' });
    const failed = await client.environments.installs.records.get('production-shanghai', 'shop', done.result!.record!);
    expect(failed).toMatchObject({ action: 'upgrade', version: '1.2', outcome: 'failed' });
    expect(await exists(() => deploymentOf('production-shanghai', 'broken'))).toBe(false);
    expect(await exists(() => deploymentOf('production-shanghai', 'worker'))).toBe(true);
  });

  it('rolls back to the record of 1.0: its exact objects come back and what 1.1 added is pruned', async () => {
    const records = [];
    for await (const r of client.environments.installs.records.list('production-qingdao', 'shop')) records.push(r);
    expect(records.map((r) => r.number)).toEqual([...records.map((r) => r.number)].sort((a, b) => b - a));
    const first = records.find((r) => r.version === '1.0' && r.action === 'install')!;
    expect(first.outcome).toBe('succeeded');
    // Secrets never show in a record.
    expect(JSON.stringify(records)).not.toContain(dbPassword);
    const secret = first.objects.find((o) => o.kind === 'Secret' && o.name === 'shop-parameters');
    expect(Object.values((secret?.manifest as { data: Record<string, string> }).data)).toEqual(['<redacted>']);

    const op = await client.environments.installs.records.rollback('production-qingdao', 'shop', first.number, { reason: '1.1 fails checkout', timeoutSeconds: 150 });
    expect(op).toMatchObject({ kind: 'rollback', subject: { environment: 'production-qingdao', install: 'shop', record: first.number } });
    const done = await succeeded(op);
    const k = kubeOf('production-qingdao');
    expect(await exists(() => deploymentOf('production-qingdao', 'worker'))).toBe(false);
    expect(await exists(() => deploymentOf('production-qingdao', 'cache'))).toBe(true);
    const cm = await k.core.readNamespacedConfigMap({ namespace: ns, name: 'shop-api' });
    const recordedCm = first.objects.find((o) => o.kind === 'ConfigMap' && o.name === 'shop-api')!.manifest as { data: Record<string, string> };
    expect(cm.data).toEqual(recordedCm.data);
    const api = await deploymentOf('production-qingdao', 'api');
    const recordedApi = first.objects.find((o) => o.kind === 'Deployment' && o.name === 'shop-api')!.manifest as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(api.spec?.template.metadata?.annotations).toMatchObject(recordedApi.spec.template.metadata.annotations);
    // The secret came back from the record's sealed copy: the database still gets its password.
    const params = await k.core.readNamespacedSecret({ namespace: ns, name: 'shop-parameters' });
    expect(Buffer.from(Object.values(params.data ?? {})[0] ?? '', 'base64').toString()).toBe(dbPassword);
    const rec = await client.environments.installs.records.get('production-qingdao', 'shop', done.result!.record!);
    expect(rec).toMatchObject({ action: 'rollback', rollbackOf: first.number, version: '1.0', reason: '1.1 fails checkout', outcome: 'succeeded' });
    expect(await client.environments.installs.get('production-qingdao', 'shop')).toMatchObject({ version: '1.0', state: 'deployed', record: rec.number });
  });
});
