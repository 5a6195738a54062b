/**
 * Each harness cluster is a real, separate Kubernetes: it reports the built
 * version, has its fake Nodes Ready, and shares no objects with the others.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { admin, clusters, createNamespace, statusOf, uniqueName } from './clients.js';

describe('harness clusters', () => {
  it('start intranet, aliyun-qingdao and aliyun-shanghai by default', () => {
    expect(clusters().map((c) => c.name)).toEqual(['intranet', 'aliyun-qingdao', 'aliyun-shanghai']);
  });

  it.each(clusters().map((c) => [c.name, c] as const))('%s reports Kubernetes v1.36.3 and has all its fake nodes Ready', async (_name, c) => {
    const api = admin(c);
    const v = await api.version.getCode();
    expect(v.gitVersion).toBe('v1.36.3');
    const nodes = await api.core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name).sort()).toEqual([...c.nodeNames].sort());
    for (const n of nodes.items) {
      expect(n.status?.conditions?.find((x) => x.type === 'Ready')?.status, n.metadata?.name).toBe('True');
    }
  });

  it('keeps an object created in one cluster out of the others', async () => {
    const [first, ...others] = clusters();
    const a = admin(first!);
    const ns = await createNamespace(a, 'isolation');
    const name = uniqueName('only-in-first');
    await a.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name }, data: { cluster: first!.name } } });

    const read = await a.core.readNamespacedConfigMap({ name, namespace: ns });
    expect(read.data).toEqual({ cluster: first!.name });
    for (const o of others) {
      const b = admin(o);
      expect(await statusOf(() => b.core.readNamespace({ name: ns })), `namespace on ${o.name}`).toBe(404);
      expect(await statusOf(() => b.core.readNamespacedConfigMap({ name, namespace: ns })), `configmap on ${o.name}`).toBe(404);
    }
    await a.core.deleteNamespace({ name: ns });
  });

  it('gives each cluster its own CA: the admin certificate of one cluster is refused (401) by another', async () => {
    const [first, second] = clusters();
    const a = admin(first!);
    // first's client certificate, but second's server and CA so TLS to second succeeds.
    a.kc.clusters[0] = { ...a.kc.clusters[0]!, server: second!.server, caData: admin(second!).kc.clusters[0]!.caData };
    const crossed = a.kc.makeApiClient(CoreV1Api);
    expect(await statusOf(() => crossed.listNamespace())).toBe(401);
  });
});
