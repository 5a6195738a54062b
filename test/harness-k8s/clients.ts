/**
 * Test helpers: @kubernetes/client-node clients for a harness cluster (one
 * KubeConfig per cluster and identity), bounded polling, unique names.
 */
import { randomBytes } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { inject } from 'vitest';
import type { SuiteCluster } from './global-setup.js';

export function clusters(): SuiteCluster[] {
  return inject('harnessClusters');
}

export interface Clients {
  readonly kc: k8s.KubeConfig;
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
  readonly batch: k8s.BatchV1Api;
  readonly storage: k8s.StorageV1Api;
  readonly rbac: k8s.RbacAuthorizationV1Api;
  readonly version: k8s.VersionApi;
}

function clientsFor(kubeconfigPath: string): Clients {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return {
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    storage: kc.makeApiClient(k8s.StorageV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    version: kc.makeApiClient(k8s.VersionApi),
  };
}

/** Clients authenticated with the cluster's admin client certificate. */
export const admin = (c: SuiteCluster): Clients => clientsFor(c.kubeconfigPath);
/** Clients authenticated with the cluster's bearer token user (narrow Role in one namespace). */
export const tokenUser = (c: SuiteCluster): Clients => clientsFor(c.tokenKubeconfigPath);

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(3).toString('hex')}`;

/**
 * Calls `probe` until it returns a value other than undefined, or throws after
 * `timeoutMs` with the last value/error seen, so a failure says what it saw.
 */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 250, describeLast?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}${describeLast ? ` (last seen: ${describeLast()})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The HTTP status of a failed call (ApiException.code), or undefined when it did not fail. */
export async function statusOf(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
    return undefined;
  } catch (e) {
    if (e instanceof k8s.ApiException) return e.code;
    throw e;
  }
}

export function deployment(name: string, replicas: number, podLabels: Record<string, string> = {}, extra: Partial<k8s.V1DeploymentSpec> = {}): k8s.V1Deployment {
  const labels = { app: name, ...podLabels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels },
        // kwok never pulls images, so any reference will do.
        spec: { containers: [{ name: 'app', image: 'registry.invalid/caravan/app:1.0' }] },
      },
      ...extra,
    },
  };
}

/** Options for a JSON merge patch (`patchNamespaced*` calls). */
export const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

export function statefulSet(name: string, replicas: number, claimSize = '1Gi', extra: Partial<k8s.V1StatefulSetSpec> = {}): k8s.V1StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'db', image: 'registry.invalid/caravan/db:1.0', volumeMounts: [{ name: 'data', mountPath: '/var/lib/data' }] }] },
      },
      // No storageClassName: the cluster's default class (the harness's `standard`) provisions.
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: claimSize } } } }],
      ...extra,
    },
  };
}

export async function createNamespace(c: Clients, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await c.core.createNamespace({ body: { metadata: { name } } });
  return name;
}

export const condition = (d: k8s.V1Deployment, type: string) => d.status?.conditions?.find((x) => x.type === type);
export const podReady = (p: k8s.V1Pod) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
