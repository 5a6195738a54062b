/**
 * Volume claims on harness clusters: the default StorageClass `standard`
 * provisions a hostPath volume per claim (kube-controller-manager's own
 * provisioner) and the PV controller binds it, so stateful workloads
 * schedule, become ready and roll like on a real cluster.
 */
import type * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { STORAGE_CLASS } from '../harness/src/k8s.js';
import { admin, clusters, createNamespace, eventually, mergePatch, podReady, statefulSet, statusOf, tokenUser, uniqueName } from './clients.js';

const stsRolledOut = (s: k8s.V1StatefulSet, replicas: number) =>
  (s.status?.observedGeneration ?? 0) >= (s.metadata?.generation ?? 1)
  && s.status?.readyReplicas === replicas && s.status?.updatedReplicas === replicas
  && s.status?.currentRevision !== undefined && s.status?.currentRevision === s.status?.updateRevision;

describe('volume claims on harness clusters', () => {
  it.each(clusters().map((c) => [c.name, c] as const))('on %s the default StorageClass is `standard`, provisioning immediately', async (_name, c) => {
    const sc = await admin(c).storage.readStorageClass({ name: STORAGE_CLASS });
    expect(sc.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(sc.volumeBindingMode).toBe('Immediate');
    expect(sc.reclaimPolicy).toBe('Delete');
  });

  it.each(clusters().map((c) => [c.name, c] as const))('on %s a StatefulSet with a volume claim template gets a bound claim per replica, becomes ready and rolls', async (_name, c) => {
    const api = admin(c);
    const ns = await createNamespace(api, 'sts');
    await api.apps.createNamespacedStatefulSet({ namespace: ns, body: statefulSet('db', 2, '2Gi') });

    const first = await eventually('StatefulSet db ready with 2 replicas', async () => {
      const s = await api.apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
      return stsRolledOut(s, 2) ? s : undefined;
    });
    const claims = (await api.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items;
    expect(claims.map((p) => p.metadata?.name).sort()).toEqual(['data-db-0', 'data-db-1']);
    for (const pvc of claims) {
      expect(pvc.status?.phase, pvc.metadata?.name).toBe('Bound');
      expect(pvc.spec?.storageClassName).toBe(STORAGE_CLASS);
      expect(pvc.status?.capacity?.storage).toBe('2Gi');
      const pv = await api.core.readPersistentVolume({ name: pvc.spec!.volumeName! });
      expect(pv.spec?.claimRef?.uid).toBe(pvc.metadata?.uid);
      expect(pv.spec?.hostPath?.path).toMatch(/^\/tmp\/hostpath_pv\//);
    }

    // A template change rolls every pod onto the new revision, each keeping its claim.
    const uids = Object.fromEntries(claims.map((p) => [p.metadata!.name!, p.metadata!.uid!]));
    await api.apps.patchNamespacedStatefulSet({
      name: 'db', namespace: ns,
      body: { spec: { template: { metadata: { annotations: { 'harness.caravan.dev/config': 'v2' } } } } },
    }, mergePatch);
    const rolled = await eventually('StatefulSet db rolled to its new revision', async () => {
      const s = await api.apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
      return stsRolledOut(s, 2) && s.status?.updateRevision !== first.status?.updateRevision ? s : undefined;
    }, 90_000);
    const pods = (await api.core.listNamespacedPod({ namespace: ns, labelSelector: 'app=db' })).items;
    expect(pods).toHaveLength(2);
    for (const p of pods) {
      expect(p.metadata?.labels?.['controller-revision-hash'], p.metadata?.name).toBe(rolled.status?.updateRevision);
      expect(podReady(p), p.metadata?.name).toBe(true);
    }
    const after = (await api.core.listNamespacedPersistentVolumeClaim({ namespace: ns })).items;
    expect(Object.fromEntries(after.map((p) => [p.metadata!.name!, p.metadata!.uid!]))).toEqual(uids);
    await api.core.deleteNamespace({ name: ns });
  });

  it('binds a standalone claim of the token user to a volume of its size and access modes, and deletes the volume with the claim', async () => {
    const c = clusters()[1]!;
    const t = tokenUser(c);
    const api = admin(c);
    const ns = c.tokenNamespace;
    const name = uniqueName('uploads');
    await t.core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: { metadata: { name }, spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: { requests: { storage: '512Mi' } } } },
    });
    const pvc = await eventually(`claim ${name} Bound`, async () => {
      const p = await t.core.readNamespacedPersistentVolumeClaim({ name, namespace: ns });
      return p.status?.phase === 'Bound' ? p : undefined;
    }, 30_000);
    expect(pvc.spec?.storageClassName).toBe(STORAGE_CLASS);
    const pvName = pvc.spec!.volumeName!;
    const pv = await api.core.readPersistentVolume({ name: pvName });
    expect(pv.spec?.capacity?.storage).toBe('512Mi');
    expect([...(pv.spec?.accessModes ?? [])].sort()).toEqual(['ReadOnlyMany', 'ReadWriteOnce']);
    expect(pv.spec?.claimRef).toMatchObject({ name, namespace: ns, uid: pvc.metadata?.uid });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.status?.phase).toBe('Bound');

    await t.core.deleteNamespacedPersistentVolumeClaim({ name, namespace: ns });
    await eventually(`volume ${pvName} deleted with its claim`, async () =>
      ((await statusOf(() => api.core.readPersistentVolume({ name: pvName }))) === 404 ? true : undefined), 60_000);
  });

  it('leaves a claim that asks for no storage class (storageClassName "") pending', async () => {
    const c = clusters()[2]!;
    const api = admin(c);
    const ns = await createNamespace(api, 'no-class');
    await api.core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: { metadata: { name: 'static' }, spec: { storageClassName: '', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    // Meanwhile a defaulted claim in the same namespace binds, so the wait below is long enough.
    await api.core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: { metadata: { name: 'dynamic' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    });
    await eventually('defaulted claim Bound', async () =>
      ((await api.core.readNamespacedPersistentVolumeClaim({ name: 'dynamic', namespace: ns })).status?.phase === 'Bound' ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 2000));
    const p = await api.core.readNamespacedPersistentVolumeClaim({ name: 'static', namespace: ns });
    expect(p.status?.phase).toBe('Pending');
    await api.core.deleteNamespace({ name: ns });
  });
});
