/**
 * Caravan's side of bench/deploy: the same app as a Caravan template, the
 * objects Caravan's renderer makes of it (which kubectl and Helm apply too, so
 * all three deploy exactly the same objects), and one timed run: Caravan
 * in-process (SQLite, the SDK over `app.fetch`), one environment per target,
 * the install requested on every target at once, done when every operation
 * reports every component rolled out.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type App } from '@caravan/sdk';
import { createCaravan } from '@caravan/server';
import { renderInstall } from '../../packages/server/src/core/deploy/render/index.js';
import type { HarnessCluster } from '../../test/harness/src/k8s.js';
import type { BenchApp, KubeObject } from './app.js';

/** One cluster of the run and the fresh, empty namespace (default ServiceAccount present) to install into. */
export interface BenchTarget {
  readonly cluster: HarnessCluster;
  readonly namespace: string;
}

export interface CaravanRun {
  /**
   * Wall time from the first install request until every target reports every
   * component rolled out. Setup (server, store, template, cluster and
   * environment registration) happens before the clock starts.
   */
  readonly wallMs: number;
  readonly perClusterMs?: Readonly<Record<string, number>>;
}

/** The install's name: Caravan prefixes every object with it. */
export const INSTALL = 'bench';

export function caravanApp(app: BenchApp): App {
  return {
    components: app.components.map((c) => ({
      name: c.name,
      image: c.image,
      replicas: c.replicas,
      ports: [{ port: c.port, protocol: 'http' as const }],
      configFiles: [{ path: `/etc/${c.name}/${c.configFile.name}`, content: c.configFile.content }],
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    })),
  };
}

/** What Caravan applies for the app, without namespaces (each tool sets its own). */
export function caravanObjects(app: BenchApp): KubeObject[] {
  const rendered = renderInstall({
    template: app.name,
    version: app.version,
    app: caravanApp(app) as Parameters<typeof renderInstall>[0]['app'],
    install: { name: INSTALL, environment: 'bench', namespace: 'bench' },
    values: { parameters: {}, components: {} },
    images: Object.fromEntries(app.components.map((c) => [c.name, c.image])),
  });
  return rendered.map((o) => {
    const { namespace: _ns, ...metadata } = o.metadata;
    return { ...o, metadata } as KubeObject;
  });
}

export async function runCaravan(targets: readonly BenchTarget[], _objects: readonly KubeObject[], app: BenchApp): Promise<CaravanRun | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-bench-deploy-'));
  const token = randomBytes(24).toString('base64url');
  // A rollout is looked at every 200 ms: kubectl and Helm watch, Caravan polls (one GET per workload and its pods).
  const caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, bootstrapToken: token, deploy: { pollMs: 200 }, clusterProbeMs: 0 });
  try {
    await caravan.core.start();
    const client = createCaravanClient({ baseUrl: 'http://caravan.local', token, fetch: caravan.app.fetch });
    await client.templates.create({ name: app.name });
    await client.templates.versions.create(app.name, { version: app.version, app: caravanApp(app) });
    for (const { cluster, namespace } of targets) {
      await client.clusters.create({ name: cluster.name, kubeconfig: fs.readFileSync(cluster.kubeconfigPath, 'utf8') });
      // A test environment takes the draft as it is: no registry in the way of the comparison.
      await client.environments.create({ name: `bench-${cluster.name}`, cluster: cluster.name, namespace, tier: 'test', createNamespace: false });
    }
    const perClusterMs: Record<string, number> = {};
    const t0 = performance.now();
    await Promise.all(
      targets.map(async ({ cluster }) => {
        const op = await client.environments.installs.create(`bench-${cluster.name}`, { name: INSTALL, template: app.name, version: app.version, timeoutSeconds: 300 });
        const done = await client.operations.wait(op, { timeoutMs: 330_000 });
        if (done.state !== 'succeeded') throw new Error(`caravan on ${cluster.name}: ${done.state} ${JSON.stringify(done.error)}`);
        perClusterMs[cluster.name] = performance.now() - t0;
      }),
    );
    return { wallMs: performance.now() - t0, perClusterMs };
  } finally {
    await caravan.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
