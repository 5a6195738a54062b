/**
 * Caravan's Kubernetes client against the harness's real API servers:
 * version, server-side apply (create, update, conflicts, force), deletes with
 * a uid precondition, access reviews, namespaces, discovery, and what an
 * unreachable or untrusted cluster looks like.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  ClusterUnreachableError, FieldConflictError, KubeApiError, UidPreconditionError, type KubeObject,
} from '../../packages/server/src/core/deploy/kube/index.js';
import { ConflictError } from '../../packages/server/src/core/shared/errors.js';
import { adminClient, adminKubeconfig, clientFrom, clusters, namespace, tokenClient, uniqueName, withServer } from './helpers.js';

const configMap = (name: string, ns: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'caravan' } }, data,
});

const deployment = (name: string, ns: string, replicas: number, image = 'registry.invalid/caravan/web:1.0'): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
  },
});

/** Which managers own `.spec.replicas` according to managedFields. */
const replicasOwners = (obj: KubeObject): string[] =>
  (obj.metadata.managedFields ?? [])
    .filter((m) => ((m.fieldsV1 as { 'f:spec'?: Record<string, unknown> } | undefined)?.['f:spec'] ?? {})['f:replicas'] !== undefined)
    .map((m) => m.manager as string)
    .sort();

describe('the server version', () => {
  it.each(clusters().map((c) => [c.name, c] as const))('of %s', async (_name, c) => {
    const client = await adminClient(c);
    expect(await client.version()).toMatchObject({ gitVersion: 'v1.36.3', major: '1', minor: '36' });
    expect(client.server).toBe(c.server);
  });
});

describe('server-side apply', () => {
  it('creates a ConfigMap (201), then updates it (200), keeping fields it does not know about', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'apply-cm');
    const first = await client.apply(configMap('settings', ns, { mode: 'blue' }));
    expect(first.created).toBe(true);
    expect(first.object.metadata.uid).toBeTruthy();
    expect(first.object.data).toEqual({ mode: 'blue' });

    const second = await client.apply(configMap('settings', ns, { mode: 'green', extra: 'yes' }));
    expect(second.created).toBe(false);
    expect(second.object.metadata.uid).toBe(first.object.metadata.uid);
    expect(second.object.data).toEqual({ mode: 'green', extra: 'yes' });
    expect(second.object.metadata.managedFields?.map((m) => [m.manager, m.operation])).toEqual([['caravan', 'Apply']]);

    // A field dropped from the applied configuration is removed (Caravan owns it alone).
    const third = await client.apply(configMap('settings', ns, { mode: 'green' }));
    expect(third.object.data).toEqual({ mode: 'green' });
    expect((await client.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' }))?.data).toEqual({ mode: 'green' });
  });

  it('creates a Deployment (201), then updates it (200), and a dry run changes nothing', async () => {
    const client = await adminClient(clusters()[1]!);
    const ns = await namespace(client, 'apply-deploy');
    const created = await client.apply(deployment('web', ns, 1));
    expect(created.created).toBe(true);
    expect(created.object.metadata.generation).toBe(1);

    const updated = await client.apply(deployment('web', ns, 1, 'registry.invalid/caravan/web:1.1'));
    expect(updated.created).toBe(false);
    expect(updated.object.metadata.generation).toBe(2);

    const dry = await client.apply(deployment('web', ns, 1, 'registry.invalid/caravan/web:9.9'), { dryRun: true });
    expect((dry.object.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image).toBe('registry.invalid/caravan/web:9.9');
    const live = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' });
    expect((live!.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image).toBe('registry.invalid/caravan/web:1.1');
    expect(live!.metadata.generation).toBe(2);
  });

  it('passes on the server\'s warnings, and refuses fields the schema does not declare as invalid input', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'apply-warn');
    const d = deployment('legacy', ns, 0);
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'beta.kubernetes.io/arch': 'amd64' };
    const res = await client.apply(d);
    expect(res.warnings).toEqual(['spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead']);

    // The API server answers 500 for this; it is the object's fault, so it is invalid input.
    const err = await client.apply({ ...configMap('odd', ns, { a: '1' }), surprise: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 500, kind: 'invalid-input', apiMessage: expect.stringContaining('.surprise: field not declared in schema') });
  });

  it('refuses to take a field another manager set, naming manager and field, until forced', async () => {
    const client = await adminClient(clusters()[2]!);
    const ns = await namespace(client, 'conflict');
    await client.apply(deployment('api', ns, 2));
    // Someone else takes over the replica count (as an autoscaler or an operator's console would).
    const scaled = await client.apply(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: ns }, spec: { replicas: 4 } },
      { fieldManager: 'ops-console', force: true },
    );
    expect(replicasOwners(scaled.object)).toEqual(['ops-console']);

    const err = await client.apply(deployment('api', ns, 2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FieldConflictError);
    const conflict = err as FieldConflictError;
    expect(conflict.status).toBe(409);
    expect(conflict.kind).toBe('field-conflict');
    expect(conflict.conflicts).toEqual([{ manager: 'ops-console', field: '.spec.replicas', message: 'conflict with "ops-console"' }]);
    expect(conflict.message).toContain(c2server());
    // Nothing was changed by the refused apply.
    expect((await client.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'api' }))!.spec).toMatchObject({ replicas: 4 });

    const forced = await client.apply(deployment('api', ns, 2), { force: true });
    expect(forced.object.spec).toMatchObject({ replicas: 2 });
    expect(replicasOwners(forced.object)).toEqual(['caravan']);
  });

  it('refuses an object the API server finds invalid (422), with its causes', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'invalid');
    const bad = deployment('bad', ns, 1);
    (bad.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels = { app: 'other' };
    const err = await client.apply(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 422, reason: 'Invalid', kind: 'kubernetes-error' });
    expect((err as KubeApiError).causes.map((c) => c.field)).toContain('spec.template.metadata.labels');
  });

  it('answers 404 for a namespace that does not exist', async () => {
    const client = await adminClient(clusters()[0]!);
    const err = await client.apply(configMap('x', uniqueName('nowhere'), {})).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, reason: 'NotFound', kind: 'kubernetes-error' });
  });
});

const c2server = () => clusters()[2]!.server;

describe('delete', () => {
  it('with the recorded uid deletes, and a second delete finds it gone', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'delete');
    const { object } = await client.apply(configMap('doomed', ns, { a: '1' }));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'doomed' };
    expect(await client.delete(ref, { uid: object.metadata.uid! })).toBe(true);
    expect(await client.get(ref)).toBeUndefined();
    expect(await client.delete(ref, { uid: object.metadata.uid! })).toBe(false);
  });

  it('with a stale uid refuses and leaves the namesake that replaced it', async () => {
    const client = await adminClient(clusters()[1]!);
    const ns = await namespace(client, 'delete-stale');
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'settings' };
    const old = (await client.apply(configMap('settings', ns, { v: 'old' }))).object.metadata.uid!;
    expect(await client.delete(ref)).toBe(true);
    const current = (await client.apply(configMap('settings', ns, { v: 'new' }))).object.metadata.uid!;
    expect(current).not.toBe(old);

    const err = await client.delete(ref, { uid: old }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UidPreconditionError);
    expect(err).toMatchObject({ expectedUid: old, actualUid: current, status: 409, kind: 'precondition-failed' });
    expect((await client.get(ref))?.data).toEqual({ v: 'new' });
  });

  it('of a Deployment in the background removes its ReplicaSet too', async () => {
    const client = await adminClient(clusters()[2]!);
    const ns = await namespace(client, 'delete-bg');
    const { object } = await client.apply(deployment('gone', ns, 1));
    const rsOf = async () => (await client.list('apps/v1', 'ReplicaSet', ns, { labelSelector: 'app=gone' })).items;
    for (let i = 0; i < 100 && (await rsOf()).length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await rsOf()).toHaveLength(1);
    expect(await client.delete({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'gone' }, { uid: object.metadata.uid! })).toBe(true);
    for (let i = 0; i < 100 && (await rsOf()).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await rsOf()).toHaveLength(0);
  });
});

describe('list and get', () => {
  it('return plain objects with their kind, every page of them', async () => {
    const client = await adminClient(clusters()[0]!);
    const ns = await namespace(client, 'list');
    await Promise.all(Array.from({ length: 7 }, (_, i) => client.apply(configMap(`cm-${i}`, ns, { i: String(i) }))));
    await client.apply({ ...configMap('other', ns, {}), metadata: { name: 'other', namespace: ns, labels: { app: 'other' } } });
    const before = client.stats().requests;
    const { items, resourceVersion } = await client.list('v1', 'ConfigMap', ns, { labelSelector: 'app.kubernetes.io/managed-by=caravan', pageSize: 3 });
    expect(client.stats().requests - before).toBe(3);
    expect(items.map((i) => i.metadata.name).sort()).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']);
    expect(items.every((i) => i.kind === 'ConfigMap' && i.apiVersion === 'v1')).toBe(true);
    expect(resourceVersion).toBeTruthy();
    expect(items[0]!.metadata.managedFields).toBeDefined();
  });

  it('find kinds outside the static table through discovery', async () => {
    const client = await adminClient(clusters()[1]!);
    const ns = await namespace(client, 'discovery');
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: ns },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    };
    expect((await client.apply(role)).created).toBe(true);
    expect(await client.resource('rbac.authorization.k8s.io/v1', 'Role')).toEqual({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', namespaced: true });
    expect(await client.resource('rbac.authorization.k8s.io/v1', 'ClusterRole')).toMatchObject({ plural: 'clusterroles', namespaced: false });
    expect((await client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace: ns, name: 'reader' }))?.rules).toEqual(role.rules);
    await expect(client.resource('example.com/v1', 'Widget')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('does not serve apiVersion example.com/v1') });
    await expect(client.resource('apps/v1', 'Widget')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('no kind Widget') });
  });
});

describe('access reviews', () => {
  it('allow everything to the admin identity', async () => {
    const client = await adminClient(clusters()[0]!);
    expect(await client.accessReview('anywhere', { group: 'apps', resource: 'deployments', verb: 'create' })).toMatchObject({ allowed: true });
    expect(await client.accessReview(undefined, { group: '', resource: 'namespaces', verb: 'create' })).toMatchObject({ allowed: true });
  });

  it.each(clusters().map((c) => [c.name, c] as const))('on %s allow the token user its own namespace only', async (_name, c) => {
    const client = await tokenClient(c);
    expect(client.defaultNamespace).toBe(c.tokenNamespace);
    const own = await client.accessReview(c.tokenNamespace, { group: 'apps', resource: 'deployments', verb: 'create' });
    expect(own.allowed).toBe(true);
    expect(own.reason).toMatch(/RBAC: allowed by RoleBinding/);
    expect(await client.accessReview(c.tokenNamespace, { group: '', resource: 'pods', verb: 'delete' })).toMatchObject({ allowed: false });
    expect(await client.accessReview('default', { group: 'apps', resource: 'deployments', verb: 'create' })).toMatchObject({ allowed: false });
    expect(await client.accessReview(undefined, { group: '', resource: 'namespaces', verb: 'create' })).toMatchObject({ allowed: false });
  });
});

describe('namespaces', () => {
  it('are created with their labels when absent and left alone when present', async () => {
    const client = await adminClient(clusters()[0]!);
    const name = uniqueName('ensure');
    const first = await client.ensureNamespace(name, { team: 'shop' });
    expect(first.created).toBe(true);
    expect(first.namespace?.metadata.labels).toMatchObject({ team: 'shop' });
    const again = await client.ensureNamespace(name, { team: 'other' });
    expect(again.created).toBe(false);
    expect(again.namespace?.metadata.labels).toMatchObject({ team: 'shop' });

    // Being deleted (held open by a finalizer on an object inside): a conflict, not a namespace to deploy into.
    const held = { ...configMap('held', name, {}), metadata: { name: 'held', namespace: name, finalizers: ['test.caravan.dev/hold'] } };
    await client.apply(held);
    expect(await client.delete({ apiVersion: 'v1', kind: 'Namespace', name })).toBe(true);
    const err = await client.ensureNamespace(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err).toMatchObject({ kind: 'conflict', message: expect.stringMatching(/^Namespace ".*" on https:\/\/127\.0\.0\.1:\d+ is being deleted/) });
    // Let it go: the apply drops the finalizer Caravan's field manager set.
    await client.apply({ ...held, metadata: { name: 'held', namespace: name } });
  });

  it('the token user may not create are refused with a clear 403', async () => {
    const c = clusters()[1]!;
    const client = await tokenClient(c);
    const err = await client.ensureNamespace(uniqueName('not-mine')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err).toMatchObject({ status: 403, kind: 'kubernetes-error' });
    expect((err as Error).message).toMatch(/may not read or create namespace ".*": create it beforehand or grant that identity "create" on namespaces/);
  });
});

describe('an unreachable or untrusted cluster', () => {
  it('with nothing listening gives ClusterUnreachableError at once, naming the server', async () => {
    const port = await closedPort();
    const server = `https://127.0.0.1:${port}`;
    const client = await clientFrom(withServer(adminKubeconfig(clusters()[0]!), server));
    const err = await client.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect(err).toMatchObject({ server, failure: 'refused', code: 'ECONNREFUSED', kind: 'cluster-unreachable' });
    expect((err as Error).message).toBe(`Cannot reach the Kubernetes API server ${server}: connection refused (is the API server running, and is the address right?)`);
  });

  it('that accepts connections but never answers gives ClusterUnreachableError after the request deadline', async () => {
    const silent = net.createServer(() => { /* accept and say nothing */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const server = `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const client = await clientFrom(withServer(adminKubeconfig(clusters()[0]!), server), { timeoutMs: 600 });
      // A server that never answers: only the request deadline can end this call, and the error says so.
      const err = await client.version().catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ClusterUnreachableError', failure: 'timeout' });
      expect((err as Error).message).toBe(`Cannot reach the Kubernetes API server ${server}: no answer to GET /version within 600 ms`);

      // The caller's own abort is the caller's: an AbortError, not an unreachable cluster.
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const aborted = await client.version({ signal: ac.signal }).catch((e: unknown) => e);
      expect(aborted).toMatchObject({ name: 'AbortError' });
    } finally {
      silent.close();
    }
  });

  it('whose certificate the kubeconfig\'s CA did not sign gives a TLS ClusterUnreachableError', async () => {
    const [first, second] = clusters();
    // first's CA and credentials, second's server.
    const client = await clientFrom(withServer(adminKubeconfig(first!), second!.server));
    const err = await client.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect(err).toMatchObject({ failure: 'tls', server: second!.server });
    expect((err as Error).message).toMatch(/TLS failed: its certificate is not signed by the kubeconfig's certificate authority/);
  });
});

describe('connections', () => {
  it('are kept alive: sequential requests share one connection', async () => {
    const client = await adminClient(clusters()[2]!);
    for (let i = 0; i < 6; i++) await client.version();
    await client.list('v1', 'Namespace', undefined);
    await client.accessReview('default', { group: '', resource: 'configmaps', verb: 'get' });
    expect(client.stats()).toEqual({ socketsOpened: 1, requests: 8 });
    // Closing drops the pool; the next request opens a new connection.
    client.close();
    await client.version();
    expect(client.stats().socketsOpened).toBe(2);
  });
});

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
