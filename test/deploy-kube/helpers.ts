/**
 * Test helpers: the harness clusters, Caravan KubeClients for their admin and
 * token identities (built from the kubeconfig text, as an administrator
 * registers a cluster), throwaway namespaces, bounded polling.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, inject } from 'vitest';
import { KubeClient, type KubeClientOptions } from '../../packages/server/src/core/deploy/kube/index.js';
import type { SuiteCluster } from './global-setup.js';

export function clusters(): SuiteCluster[] {
  return inject('harnessClusters');
}

export const adminKubeconfig = (c: SuiteCluster): string => fs.readFileSync(c.kubeconfigPath, 'utf8');
export const tokenKubeconfig = (c: SuiteCluster): string => fs.readFileSync(c.tokenKubeconfigPath, 'utf8');

const opened: KubeClient[] = [];
const namespaces: Array<[KubeClient, string]> = [];
afterAll(async () => {
  // Deleted without waiting for them to drain: the clusters go away with the suite anyway.
  await Promise.allSettled(namespaces.splice(0).map(([client, name]) => client.delete({ apiVersion: 'v1', kind: 'Namespace', name })));
  for (const c of opened.splice(0)) c.close();
});

async function track(client: Promise<KubeClient>): Promise<KubeClient> {
  const c = await client;
  opened.push(c);
  return c;
}

/** A client with the cluster's admin client certificate (system:masters). */
export const adminClient = (c: SuiteCluster, opts: KubeClientOptions = {}): Promise<KubeClient> => track(KubeClient.create(adminKubeconfig(c), opts));
/** A client with the cluster's token user: a Role in `c.tokenNamespace` only. */
export const tokenClient = (c: SuiteCluster, opts: KubeClientOptions = {}): Promise<KubeClient> => track(KubeClient.create(tokenKubeconfig(c), opts));
/** A client from kubeconfig text. */
export const clientFrom = (kubeconfig: string, opts: KubeClientOptions = {}): Promise<KubeClient> => track(KubeClient.create(kubeconfig, opts));

export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(3).toString('hex')}`;

/** A fresh namespace on the cluster, deleted after the file's tests. */
export async function namespace(client: KubeClient, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await client.ensureNamespace(name, { 'test.caravan.dev/suite': 'deploy-kube' });
  namespaces.push([client, name]);
  return name;
}

export { eventually } from '../harness-k8s/clients.js';

/** The harness kubeconfig with its server replaced (keeps CA and credentials). */
export function withServer(kubeconfig: string, server: string): string {
  return kubeconfig.replace(/server: \S+/, `server: ${server}`);
}
