/**
 * The story's fixture: Caravan in-process on a real SQLite file (the SDK over
 * `app.fetch`, every response checked against the contract), the harness's
 * three clusters registered from their kubeconfigs, and clients of
 * @kubernetes/client-node to look at what Caravan did, as an operator would
 * with kubectl.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { createCaravanClient, type CaravanClient, type Operation } from '@caravan/sdk';
import { createCaravan, type Caravan } from '@caravan/server';
import { inject } from 'vitest';
import { checkedApp, type CheckedApp } from '../../packages/server/test/http/support/contract.js';
import { createRecorder, type Recorder } from '../story-publish/support/recorder.js';
import type { SuiteCluster } from '../harness-k8s/global-setup.js';

export function clusters(): SuiteCluster[] {
  return inject('harnessClusters');
}

export interface Story {
  readonly caravan: Caravan;
  readonly client: CaravanClient;
  clientFor(token: string): CaravanClient;
  readonly checked: CheckedApp;
  readonly recorder: Recorder;
  close(): Promise<void>;
}

export async function startStory(): Promise<Story> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-story-deploy-'));
  const token = randomBytes(24).toString('base64url');
  const recorder = createRecorder();
  const caravan = await createCaravan({
    databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
    bootstrapToken: token,
    logger: recorder.logger,
    deploy: { pollMs: 250 },
    clusterProbeMs: 0,
  });
  await caravan.core.start();
  const checked = checkedApp(caravan.app);
  const fetch = recorder.wrap(checked.fetch);
  const clientFor = (t: string) => createCaravanClient({ baseUrl: 'http://caravan.local', token: t, fetch });
  return {
    caravan,
    client: clientFor(token),
    clientFor,
    checked,
    recorder,
    async close() {
      await caravan.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Kube {
  readonly core: k8s.CoreV1Api;
  readonly apps: k8s.AppsV1Api;
  readonly kc: k8s.KubeConfig;
}

export function kube(c: SuiteCluster): Kube {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfigPath);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

/** Waits for an operation through the SDK, collecting the step events it streams. */
export async function waitFor(client: CaravanClient, op: Operation): Promise<{ op: Operation; steps: Array<Record<string, unknown>> }> {
  const steps: Array<Record<string, unknown>> = [];
  const done = await client.operations.wait(op, {
    timeoutMs: 200_000,
    onProgress: (e) => {
      if (e.type === 'step') steps.push(e.data as Record<string, unknown>);
    },
  });
  return { op: done, steps };
}

export async function exists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404) return false;
    throw e;
  }
}

export const unique = (prefix: string): string => `${prefix}-${randomBytes(3).toString('hex')}`;
