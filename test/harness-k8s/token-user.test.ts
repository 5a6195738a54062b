/**
 * The bearer-token user of every harness cluster: allowed what its Role in
 * its namespace grants, refused (403) everything else, and unknown (401) to
 * the other clusters.
 */
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { admin, clusters, statusOf, tokenUser, uniqueName } from './clients.js';

describe('the token user', () => {
  it.each(clusters().map((c) => [c.name, c] as const))('on %s may manage workloads in its namespace only', async (_name, c) => {
    const t = tokenUser(c);
    const ns = c.tokenNamespace;
    const name = uniqueName('cfg');

    // Allowed by its Role.
    const cm = await t.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { k: 'v' } } });
    expect(cm.metadata?.namespace).toBe(ns);
    await expect(t.apps.listNamespacedDeployment({ namespace: ns })).resolves.toBeDefined();
    await t.core.deleteNamespacedConfigMap({ name, namespace: ns });

    // Refused: other namespaces, cluster-scoped objects, RBAC itself.
    expect(await statusOf(() => t.core.listNamespacedSecret({ namespace: 'kube-system' }))).toBe(403);
    expect(await statusOf(() => t.core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name } } }))).toBe(403);
    expect(await statusOf(() => t.core.listNode())).toBe(403);
    expect(await statusOf(() => t.core.createNamespace({ body: { metadata: { name: uniqueName('nope') } } }))).toBe(403);
    expect(await statusOf(() => t.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: uniqueName('escalate') },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'caravan-deployer' }],
      },
    }))).toBe(403);
    // Read-only where the Role says so.
    await expect(t.core.listNamespacedPod({ namespace: ns })).resolves.toBeDefined();
    expect(await statusOf(() => t.core.deleteCollectionNamespacedPod({ namespace: ns }))).toBe(403);
  });

  it('of one cluster is unknown (401) to another cluster', async () => {
    const [first, second] = clusters();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(first!.tokenKubeconfigPath);
    // Same token, second cluster's server and CA.
    const secondCa = admin(second!).kc.clusters[0]!.caData;
    kc.clusters[0] = { ...kc.clusters[0]!, server: second!.server, caData: secondCa };
    const core = kc.makeApiClient(k8s.CoreV1Api);
    expect(await statusOf(() => core.listNamespacedConfigMap({ namespace: first!.tokenNamespace }))).toBe(401);
  });
});
