/**
 * The edges of the story on the harness's real clusters, through the SDK:
 * a field another manager took is a 409 `field-conflict` naming it until the
 * caller forces; a cluster whose API server is stopped gives a clear error
 * while the others deploy on; an operator limited to one environment sees and
 * changes nothing of another; a developer cannot deploy into production; and
 * every deploy operation of the contract answers a documented success whose
 * body validates; /metrics counts each rollout per environment. Secrets (the database password, the kubeconfigs' keys) show
 * in no response and no log line.
 */
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import fs from 'node:fs';
import { inject } from 'vitest';
import type { App, CaravanClient, Operation } from '@caravan/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../packages/server/src/core/deploy/kube/client.js';
import { contractDoc } from '../../packages/server/test/http/support/contract.js';
import { parse, value } from '../../packages/server/test/http/support/prometheus.js';
import { startApiServer, stopApiServer } from '../harness/src/k8s.js';
import { leaks, secretForms } from '../story-publish/support/recorder.js';
import { clusters, exists, kube, startStory, waitFor, type Story } from './support.js';

let s: Story;
let client: CaravanClient;
const ns = `edge-${randomBytes(3).toString('hex')}`;
const dbPassword = `pw-${randomBytes(12).toString('hex')}`;
const byName = (name: string) => clusters().find((c) => c.name === name)!;

const app: App = {
  components: [
    { name: 'web', image: 'registry.example.com/shop/web:1', replicas: 2, ports: [{ port: 8080, protocol: 'http', expose: 'external' }], dependsOn: ['api'] },
    { name: 'api', image: 'registry.example.com/shop/api:1', ports: [{ port: 9000, protocol: 'http' }], env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }] },
  ],
  parameters: [{ name: 'dbPassword', type: 'string', secret: true, required: true }],
};

beforeAll(async () => {
  s = await startStory();
  client = s.client;
  for (const c of clusters()) await client.clusters.create({ name: c.name, kubeconfig: fs.readFileSync(c.kubeconfigPath, 'utf8') });
  // Development environments take drafts: no registry is needed to run these edges.
  for (const [env, cluster] of [['dev-qingdao', 'aliyun-qingdao'], ['dev-shanghai', 'aliyun-shanghai'], ['prod-intranet', 'intranet']] as const) {
    await client.environments.create({ name: env, cluster, namespace: ns, tier: env.startsWith('prod') ? 'production' : 'development' });
  }
  await client.templates.create({ name: 'edge' });
  await client.templates.versions.create('edge', { version: '1.0', app });
});
/** Cluster-wide things a test made (a StorageClass), removed at the end. */
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await s?.close();
});
afterEach(() => {
  expect(s.checked.violations).toEqual([]);
});

async function done(op: Operation): Promise<Operation> {
  return (await waitFor(client, op)).op;
}

describe('the edges of deploying', () => {
  it('installs into two development environments', async () => {
    const ops = await Promise.all(
      ['dev-qingdao', 'dev-shanghai'].map((env) =>
        client.environments.installs.create(env, { name: 'edge', template: 'edge', version: '1.0', values: { parameters: { dbPassword } }, timeoutSeconds: 120 }),
      ),
    );
    for (const op of await Promise.all(ops.map(done))) expect(op.state, JSON.stringify(op.error)).toBe('succeeded');
  });

  it('a field another manager owns is a field-conflict naming the manager and field, until the caller forces', async () => {
    const other = await KubeClient.create(fs.readFileSync(byName('aliyun-qingdao').kubeconfigPath, 'utf8'));
    try {
      await other.apply(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'edge-web', namespace: ns }, spec: { replicas: 5 } },
        { fieldManager: 'kubectl-edit', force: true },
      );
    } finally {
      other.close();
    }
    const refused = await done(await client.environments.installs.upgrade('dev-qingdao', 'edge', { values: { components: { web: { replicas: 4 } } }, timeoutSeconds: 60 }));
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatchObject({ status: 409, type: expect.stringContaining('field-conflict') });
    expect((refused.error as { conflicts: unknown[] }).conflicts).toContainEqual({ object: 'Deployment/edge-web', manager: 'kubectl-edit', field: '.spec.replicas' });
    const k = kube(byName('aliyun-qingdao'));
    expect((await k.apps.readNamespacedDeployment({ namespace: ns, name: 'edge-web' })).spec?.replicas).toBe(5);

    const forced = await done(await client.environments.installs.upgrade('dev-qingdao', 'edge', { values: { components: { web: { replicas: 4 } } }, force: true, timeoutSeconds: 120 }));
    expect(forced.state, JSON.stringify(forced.error)).toBe('succeeded');
    expect((await k.apps.readNamespacedDeployment({ namespace: ns, name: 'edge-web' })).spec?.replicas).toBe(4);
  });

  it('a cluster whose API server is stopped gives a clear error while the others deploy on untouched', async () => {
    const workDir = inject('harnessWorkDir');
    await stopApiServer(workDir, 'aliyun-shanghai');
    try {
      const probed = await client.clusters.probe('aliyun-shanghai');
      expect(probed.health.state).toBe('unreachable');
      expect(probed.health.message).toContain(byName('aliyun-shanghai').server);
      const [down, up] = await Promise.all([
        client.environments.installs.upgrade('dev-shanghai', 'edge', { values: { components: { web: { replicas: 3 } } }, timeoutSeconds: 30 }).then(done),
        client.environments.installs.upgrade('dev-qingdao', 'edge', { values: { components: { web: { replicas: 3 } } }, timeoutSeconds: 120 }).then(done),
      ]);
      expect(down.state).toBe('failed');
      expect(down.error).toMatchObject({ status: 502, type: expect.stringContaining('cluster-unreachable') });
      expect(down.error?.detail).toContain(byName('aliyun-shanghai').server);
      expect(up.state, JSON.stringify(up.error)).toBe('succeeded');
      // The live view of an install on a stopped cluster is a 502 that says so, not a guess.
      await expect(client.environments.installs.status('dev-shanghai', 'edge')).rejects.toMatchObject({ status: 502 });
      expect((await client.environments.installs.get('dev-shanghai', 'edge')).operation).toBeUndefined();
    } finally {
      await startApiServer(workDir, 'aliyun-shanghai');
    }
    expect((await client.clusters.probe('aliyun-shanghai')).health.state).toBe('reachable');
    // Once back, the install deploys again.
    const again = await done(await client.environments.installs.upgrade('dev-shanghai', 'edge', { values: { components: { web: { replicas: 3 } } }, timeoutSeconds: 120 }));
    expect(again.state, JSON.stringify(again.error)).toBe('succeeded');
  });

  it('an operator limited to one environment sees and changes nothing of another', async () => {
    const created = await client.tokens.create({ name: 'qingdao-operator', roles: ['operator'], environments: ['dev-qingdao'] });
    const op = s.clientFor(created.secret);
    const envs = [];
    for await (const e of op.environments.list()) envs.push(e.name);
    expect(envs).toEqual(['dev-qingdao']);
    await expect(op.environments.installs.get('dev-shanghai', 'edge')).rejects.toMatchObject({ status: 403 });
    await expect(op.environments.installs.list('dev-shanghai').then((p) => p)).rejects.toMatchObject({ status: 403 });
    const before = await client.environments.installs.get('dev-shanghai', 'edge');
    await expect(op.environments.installs.upgrade('dev-shanghai', 'edge', { values: { components: { web: { replicas: 1 } } } })).rejects.toMatchObject({ status: 403 });
    await expect(op.environments.installs.records.rollback('dev-shanghai', 'edge', 1)).rejects.toMatchObject({ status: 403 });
    expect(await client.environments.installs.get('dev-shanghai', 'edge')).toEqual(before);
    // Operations and events of the other environment are hidden too.
    const seen = [];
    for await (const o of op.operations.list()) seen.push(o);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => o.subject.environment === undefined || o.subject.environment === 'dev-qingdao')).toBe(true);
    const shanghaiOp = before.operation ?? (await (async () => {
      for await (const o of client.operations.list()) if (o.subject.environment === 'dev-shanghai') return o.id;
      return undefined;
    })());
    expect(shanghaiOp).toBeDefined();
    await expect(op.operations.get(shanghaiOp!)).rejects.toMatchObject({ status: 403 });
    // Its own environment works.
    const mine = await done(await op.environments.installs.upgrade('dev-qingdao', 'edge', { values: { components: { web: { replicas: 2 } } }, timeoutSeconds: 120 }));
    expect(mine.state, JSON.stringify(mine.error)).toBe('succeeded');
  });

  it('a developer deploys drafts to development but not to production', async () => {
    const dev = s.clientFor((await client.tokens.create({ name: 'dev', roles: ['developer'] })).secret);
    await expect(dev.environments.installs.create('prod-intranet', { name: 'edge', template: 'edge', version: '1.0', values: { parameters: { dbPassword } } })).rejects.toMatchObject({ status: 403 });
    const viewer = s.clientFor((await client.tokens.create({ name: 'viewer', roles: ['viewer'] })).secret);
    await expect(viewer.environments.installs.upgrade('dev-qingdao', 'edge', {})).rejects.toMatchObject({ status: 403 });
    expect(await exists(() => kube(byName('intranet')).core.readNamespace({ name: ns }))).toBe(false);
  });

  it('honours what the contract promises on the edges: If-Match, list filters, one environment per namespace, audit subjects', async () => {
    const install = await client.environments.installs.get('dev-qingdao', 'edge');
    // A stale ETag refuses the upgrade with 412 and starts nothing.
    await expect(client.environments.installs.upgrade('dev-qingdao', 'edge', { values: { components: { web: { replicas: 1 } } } }, { ifMatch: '"999"' })).rejects.toMatchObject({ status: 412 });
    expect((await client.environments.installs.get('dev-qingdao', 'edge')).latestRecord).toBe(install.latestRecord);
    const envs = async (params: Record<string, string>) => {
      const out = [];
      for await (const e of client.environments.list(params)) out.push(e.name);
      return out;
    };
    expect(await envs({ tier: 'production' })).toEqual(['prod-intranet']);
    expect(await envs({ cluster: 'aliyun-shanghai' })).toEqual(['dev-shanghai']);
    const installs = async (template: string) => {
      const out = [];
      for await (const i of client.environments.installs.list('dev-qingdao', { template })) out.push(i.name);
      return out;
    };
    expect(await installs('edge')).toEqual(['edge']);
    expect(await installs('other')).toEqual([]);
    await expect(client.environments.create({ name: 'twin', cluster: 'aliyun-qingdao', namespace: ns, tier: 'test' })).rejects.toMatchObject({ status: 409 });
    const trail = [];
    for await (const a of client.audit.list({ subject: 'environments/dev-qingdao/installs/edge' })) trail.push(a);
    expect(trail.length).toBeGreaterThan(2);
    expect(trail.every((a) => a.subject.kind === 'install' && a.subject.environment === 'dev-qingdao' && a.subject.install === 'edge')).toBe(true);
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['install.install', 'install.upgrade']));
  });

  it('every deploy operation of the contract answers a documented success whose body validates', async () => {
    // What the steps above did not call yet.
    const spare = byName('intranet');
    const c = await client.clusters.create({ name: 'spare', kubeconfig: fs.readFileSync(spare.kubeconfigPath, 'utf8') });
    await client.clusters.update('spare', { labels: { spare: 'yes' } }, { ifMatch: c.etag });
    await client.clusters.get('spare');
    const names = [];
    for await (const cl of client.clusters.list({ limit: 2 })) names.push(cl.name);
    expect(names.sort()).toEqual([...clusters().map((x) => x.name), 'spare'].sort());
    await client.environments.create({ name: 'spare-env', cluster: 'spare', namespace: `${ns}-spare`, tier: 'test' });
    const env = await client.environments.get('spare-env');
    await client.environments.update('spare-env', { labels: { spare: 'yes' } }, { ifMatch: env.etag });
    const installed = await done(await client.environments.installs.create('spare-env', { name: 'one', template: 'edge', version: '1.0', values: { parameters: { dbPassword } }, timeoutSeconds: 120 }));
    expect(installed.state, JSON.stringify(installed.error)).toBe('succeeded');
    const install = await client.environments.installs.get('spare-env', 'one');
    await client.environments.installs.update('spare-env', 'one', { labels: { team: 'edge' } }, { ifMatch: install.etag });
    for await (const i of client.environments.installs.list('spare-env')) expect(i.name).toBe('one');
    const preview = await client.environments.installs.preview('spare-env', 'one', { values: { components: { web: { replicas: 1 } } } });
    expect(preview.objects.changed.map((o) => o.name)).toEqual(['one-web']);
    // The edge app's web runs 2 replicas; the preview shows the one field with its old and new value.
    const webReplicas = preview.objects.changed[0]!.fields.find((f) => f.path === '/spec/replicas');
    expect(webReplicas).toEqual({ path: '/spec/replicas', old: 2, new: 1 });
    expect(preview.values).toEqual([{ path: '/components', new: { web: { replicas: 1 } } }]);
    // A new secret value is listed, as changed, and never shown.
    const secretPreview = await client.environments.installs.preview('spare-env', 'one', { values: { parameters: { dbPassword: `${dbPassword}-next` } } });
    expect(secretPreview.values).toEqual([{ path: '/parameters/dbPassword', old: '<redacted>', new: '<redacted>' }]);
    const parametersSecret = secretPreview.objects.changed.find((o) => o.kind === 'Secret');
    expect(parametersSecret?.fields).toEqual([{ path: '/data/dbPassword', old: '<redacted>', new: '<redacted>' }]);
    // ... and the pods that read it roll: their template's secret fingerprint changes.
    const api = secretPreview.objects.changed.find((o) => o.kind === 'Deployment' && o.name === 'one-api');
    expect(api?.fields.map((f) => f.path)).toEqual(['/spec/template/metadata/annotations/caravan.dev~1secret-checksum']);
    expect(JSON.stringify(secretPreview)).not.toContain(dbPassword);
    expect((await client.environments.installs.status('spare-env', 'one')).health).toBe('healthy');
    expect((await done(await client.environments.installs.upgrade('spare-env', 'one', { values: { components: { web: { replicas: 1 } } }, timeoutSeconds: 120 }))).state).toBe('succeeded');
    const records = [];
    for await (const r of client.environments.installs.records.list('spare-env', 'one')) records.push(r);
    expect(records.map((r) => r.action)).toEqual(['upgrade', 'install']);
    await client.environments.installs.records.get('spare-env', 'one', 1);
    expect((await done(await client.environments.installs.records.rollback('spare-env', 'one', 1, { timeoutSeconds: 120 }))).state).toBe('succeeded');
    const uninstalled = await done(await client.environments.installs.delete('spare-env', 'one'));
    expect(uninstalled.state, JSON.stringify(uninstalled.error)).toBe('succeeded');
    expect(await exists(() => kube(spare).apps.readNamespacedDeployment({ namespace: `${ns}-spare`, name: 'one-web' }))).toBe(false);
    // Records stay after an uninstall.
    const kept = [];
    for await (const r of client.environments.installs.records.list('spare-env', 'one')) kept.push(r.action);
    expect(kept).toEqual(['uninstall', 'rollback', 'upgrade', 'install']);
    await client.environments.delete('spare-env');
    await client.clusters.delete('spare');

    const documented = Object.entries(contractDoc.paths)
      .filter(([p]) => /^\/v1\/(clusters|environments)(\/|$)/.test(p))
      .flatMap(([p, item]) => Object.keys(item).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`));
    const succeeded = new Set([...s.checked.covered].filter((k) => /\s2\d\d$/.test(k)).map((k) => k.replace(/\s\d+$/, '')));
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((op) => !succeeded.has(op)), 'deploy operations never answered with a success').toEqual([]);
  });

  it('/metrics counts the rollouts above per environment, action and result, and every cluster reachable again', async () => {
    const prometheus = (await client.tokens.create({ name: 'prometheus', roles: ['viewer'] })).secret;
    const res = await s.checked.request('/metrics', { headers: { authorization: `Bearer ${prometheus}` } });
    expect(res.status).toBe(200);
    const samples = parse(await res.text());
    const series = (name: string) =>
      samples
        .filter((x) => x.name === name)
        .map((x) => `${x.labels.environment} ${x.labels.action} ${x.labels.result} ${x.value}`)
        .sort();
    // What the steps above did, one line per environment, action and result.
    const rollouts = [
      'dev-qingdao install succeeded 1',
      'dev-qingdao upgrade failed 1', // the field conflict
      'dev-qingdao upgrade succeeded 3', // forced, beside the stopped cluster, by the limited operator
      'dev-shanghai install succeeded 1',
      'dev-shanghai upgrade failed 1', // its API server stopped
      'dev-shanghai upgrade succeeded 1',
      'spare-env install succeeded 1',
      'spare-env rollback succeeded 1',
      'spare-env uninstall succeeded 1',
      'spare-env upgrade succeeded 1',
    ];
    expect(series('caravan_rollouts_total')).toEqual(rollouts);
    expect(series('caravan_rollout_duration_seconds_count')).toEqual(rollouts);
    // The same operations, counted by the engine by kind and final state.
    for (const [kind, state, n] of [['install', 'succeeded', 3], ['upgrade', 'succeeded', 5], ['upgrade', 'failed', 2], ['rollback', 'succeeded', 1], ['uninstall', 'succeeded', 1]] as const) {
      expect(value(samples, 'caravan_operations_finished_total', { kind, state }), `${kind} ${state}`).toBe(n);
    }
    expect(samples.filter((x) => x.name === 'caravan_cluster_reachable').map((x) => `${x.labels.cluster} ${x.value}`).sort()).toEqual(clusters().map((c) => `${c.name} 1`).sort());
  });

  it('a version that grows its volumes replaces the StatefulSet, keeps its claims and data, and grows the claims a StorageClass lets grow', async () => {
    const k = kube(byName('aliyun-qingdao'));
    // The harness's default class cannot expand claims; this one can (same hostPath provisioner).
    const expandable = `expandable-${ns}`;
    const storage = k.kc.makeApiClient(k8s.StorageV1Api);
    await storage.createStorageClass({ body: { metadata: { name: expandable }, provisioner: 'kubernetes.io/host-path', allowVolumeExpansion: true, volumeBindingMode: 'Immediate' } });
    cleanups.push(() => storage.deleteStorageClass({ name: expandable }));
    const store = (size: string): App => ({
      components: [
        {
          name: 'db',
          kind: 'stateful',
          image: 'registry.example.com/library/postgres:16',
          ports: [{ port: 5432 }],
          volumes: [
            { name: 'data', path: '/var/lib/postgresql/data', size, storageClass: expandable },
            { name: 'logs', path: '/var/log/postgresql', size },
          ],
        },
      ],
    });
    await client.templates.create({ name: 'vol' });
    await client.templates.versions.create('vol', { version: '1.0', app: store('1Gi') });
    await client.templates.versions.create('vol', { version: '1.1', app: store('2Gi') });
    const installed = await done(await client.environments.installs.create('dev-qingdao', { name: 'vol', template: 'vol', version: '1.0', timeoutSeconds: 120 }));
    expect(installed.state, JSON.stringify(installed.error)).toBe('succeeded');
    const before = await k.apps.readNamespacedStatefulSet({ namespace: ns, name: 'vol-db' });
    const claims = async () =>
      Object.fromEntries(
        (await k.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items
          .filter((c) => /^(data|logs)-vol-db-/.test(c.metadata?.name ?? ''))
          .map((c) => [c.metadata!.name!, { uid: c.metadata?.uid, storage: c.spec?.resources?.requests?.storage }]),
      );
    const claimsBefore = await claims();
    expect(Object.keys(claimsBefore).sort()).toEqual(['data-vol-db-0', 'logs-vol-db-0']);

    // Kubernetes refuses a changed volume claim template in place (422); the upgrade replaces the StatefulSet.
    const upgraded = await done(await client.environments.installs.upgrade('dev-qingdao', 'vol', { version: '1.1', timeoutSeconds: 120 }));
    expect(upgraded.state, JSON.stringify(upgraded.error)).toBe('succeeded');
    const after = await k.apps.readNamespacedStatefulSet({ namespace: ns, name: 'vol-db' });
    expect(after.metadata?.uid).not.toBe(before.metadata?.uid);
    expect(after.spec?.volumeClaimTemplates?.map((t) => t.spec?.resources?.requests?.storage)).toEqual(['2Gi', '2Gi']);
    expect(after.status?.readyReplicas).toBe(1);
    // The same claims (the data stayed): the expandable one asked to grow, the other left at its size with a warning.
    const claimsAfter = await claims();
    expect(claimsAfter).toEqual({
      'data-vol-db-0': { uid: claimsBefore['data-vol-db-0']!.uid, storage: '2Gi' },
      'logs-vol-db-0': { uid: claimsBefore['logs-vol-db-0']!.uid, storage: '1Gi' },
    });
    const logs: { message: string; level: string }[] = [];
    for await (const e of client.operations.events(upgraded)) if (e.type === 'log') logs.push(e.data as { message: string; level: string });
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'warn', message: expect.stringContaining('statefulset vol-db changed a field Kubernetes keeps fixed') }),
        expect.objectContaining({ level: 'info', message: 'claim data-vol-db-0 asked to grow from 1Gi to 2Gi' }),
        expect.objectContaining({ level: 'warn', message: expect.stringContaining('claim logs-vol-db-0 stays at 1Gi') }),
      ]),
    );
  });

  it('no secret shows in any response or log line', () => {
    const kubeconfigKeys = clusters().map((c) => /client-key-data:\s*(\S+)/.exec(fs.readFileSync(c.kubeconfigPath, 'utf8'))?.[1]).filter((k): k is string => k !== undefined);
    expect(kubeconfigKeys.length).toBe(3);
    const texts = [...s.recorder.responses.map((r) => ({ label: `${r.request} ${r.status}`, text: r.body })), { label: 'log', text: s.recorder.logLines() }];
    expect(texts.length).toBeGreaterThan(50);
    expect(leaks(texts, secretForms([dbPassword, ...kubeconfigKeys].map((password) => ({ password }))))).toEqual([]);
  });
});
