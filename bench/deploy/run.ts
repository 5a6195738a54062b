/**
 * Benchmark: a 20-component app (a ConfigMap, Service and Deployment each,
 * rendered in app.ts) installed and rolled out on the harness's three
 * clusters, in the same run and on the same objects, by
 *   (a) `kubectl apply --server-side` of the whole app, then `kubectl rollout
 *       status` per Deployment, cluster after cluster;
 *   (b) `helm upgrade --install --wait` of a chart holding the same objects,
 *       cluster after cluster (Helm 4, built by `build.sh helm`);
 *   (c) Caravan, in-process through the SDK (caravan.ts), on every cluster at once.
 * The objects are what Caravan's renderer makes of the app, so all three apply
 * exactly the same Deployments, Services and ConfigMaps.
 * Every round installs into fresh namespaces (created beforehand, not timed),
 * checks every Deployment is rolled out, and deletes the namespaces again
 * before the next tool runs. Tools take turns going first.
 *
 *   ./dev npx tsx bench/deploy/run.ts [--rounds 3] [--components 20] [--replicas 2]
 *
 * Not part of `npm test`. CARAVAN_K8S_REUSE_DIR=<dir of `harness up`> uses
 * running clusters instead of starting three.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { ensureBinaries, readClusterState, startClusters, type HarnessCluster, type HarnessClusters } from '../../test/harness/src/k8s.js';
import { pollUntil, RestClient } from '../../test/harness/src/k8s-rest.js';
import { benchApp, type BenchApp, type KubeObject } from './app.js';
import { caravanObjects, INSTALL, runCaravan, type BenchTarget } from './caravan.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const buildScript = path.join(here, '..', '..', 'test', 'harness', 'k8s', 'build.sh');
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt('rounds', 3);
const COMPONENTS = opt('components', 20);
const REPLICAS = opt('replicas', 2);
const ROLLOUT_TIMEOUT = '300s';
const RELEASE = 'bench-shop';
const secs = (ms: number): string => (ms / 1000).toFixed(2);

type Tool = 'kubectl' | 'helm' | 'caravan';
interface ToolRun {
  readonly wallMs: number;
  readonly perClusterMs: Readonly<Record<string, number>>;
  /** kubectl only: how long the apply alone took, per cluster (the rest is 20 `rollout status` processes). */
  readonly applyMs?: Readonly<Record<string, number>>;
}

function adminRest(c: HarnessCluster): RestClient {
  const pki = path.join(c.dir, 'pki');
  return new RestClient({ server: c.server, ca: c.caPem, cert: fs.readFileSync(path.join(pki, 'admin.crt'), 'utf8'), key: fs.readFileSync(path.join(pki, 'admin.key'), 'utf8') });
}

async function exec(cmd: string, argv: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run(cmd, argv, { maxBuffer: 64 << 20, ...(env ? { env } : {}) });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(cmd)} ${argv.join(' ')} failed: ${(err.stderr || err.stdout || err.message).trim().slice(-2000)}`, { cause: e });
  }
}

/** Builds Helm 4 into the binary cache if it is not there yet (minutes, once) and returns its path. */
async function ensureHelm(): Promise<string> {
  const dir = (await exec('bash', [buildScript, 'helm'])).trim().split('\n').pop() ?? '';
  const helm = path.join(dir, 'helm');
  if (!fs.existsSync(helm)) throw new Error(`build.sh helm printed ${JSON.stringify(dir)}, which has no helm`);
  return helm;
}

/** Fresh namespaces, one per cluster, ready for pods (the controller manager has made the default ServiceAccount). */
async function createNamespaces(clients: Map<string, RestClient>, clusters: readonly HarnessCluster[], prefix: string): Promise<BenchTarget[]> {
  const namespace = `${prefix}-${randomBytes(3).toString('hex')}`;
  return Promise.all(clusters.map(async (cluster) => {
    const rest = clients.get(cluster.name)!;
    await rest.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    await pollUntil(async () => (await rest.request('GET', `/api/v1/namespaces/${namespace}/serviceaccounts/default`)).status === 200, 60_000,
      () => `${cluster.name}: no default ServiceAccount in ${namespace}`);
    return { cluster, namespace };
  }));
}

async function deleteNamespaces(clients: Map<string, RestClient>, targets: readonly BenchTarget[]): Promise<void> {
  await Promise.all(targets.map(async ({ cluster, namespace }) => {
    const rest = clients.get(cluster.name)!;
    await rest.request('DELETE', `/api/v1/namespaces/${namespace}`);
    await pollUntil(async () => (await rest.request('GET', `/api/v1/namespaces/${namespace}`)).status === 404, 180_000,
      () => `${cluster.name}: namespace ${namespace} still there after 180 s`);
  }));
}

/** Every Deployment of the app is there and rolled out (kubectl's rollout-status rules), whoever installed it. */
async function checkRolledOut(clients: Map<string, RestClient>, targets: readonly BenchTarget[], app: BenchApp, tool: Tool): Promise<void> {
  for (const { cluster, namespace } of targets) {
    const res = await clients.get(cluster.name)!.request('GET', `/apis/apps/v1/namespaces/${namespace}/deployments`);
    type D = { metadata: { name: string; generation: number }; spec: { replicas: number }; status?: { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number } };
    const items = res.json<{ items: D[] }>().items;
    const done = items.filter((d) => (d.status?.observedGeneration ?? 0) >= d.metadata.generation
      && d.status?.updatedReplicas === d.spec.replicas && d.status?.availableReplicas === d.spec.replicas && d.status?.replicas === d.spec.replicas);
    if (items.length !== app.components.length || done.length !== items.length) {
      throw new Error(`${tool} on ${cluster.name}: ${done.length} of ${app.components.length} Deployments rolled out in ${namespace} (found ${items.length})`);
    }
  }
}

/** (a) Sequential: per cluster, one server-side apply of the whole app, then `rollout status` per Deployment. */
async function runKubectl(kubectl: string, manifestDir: string, cacheDir: string, targets: readonly BenchTarget[], app: BenchApp): Promise<ToolRun> {
  const perClusterMs: Record<string, number> = {};
  const applyMs: Record<string, number> = {};
  const t0 = performance.now();
  for (const { cluster, namespace } of targets) {
    const c0 = performance.now();
    const base = [`--kubeconfig=${cluster.kubeconfigPath}`, `--cache-dir=${cacheDir}`, '-n', namespace];
    await exec(kubectl, [...base, 'apply', '--server-side', '--field-manager=kubectl-bench', '-f', manifestDir]);
    applyMs[cluster.name] = performance.now() - c0;
    for (const c of app.components) await exec(kubectl, [...base, 'rollout', 'status', `deployment/${INSTALL}-${c.name}`, `--timeout=${ROLLOUT_TIMEOUT}`]);
    perClusterMs[cluster.name] = performance.now() - c0;
  }
  return { wallMs: performance.now() - t0, perClusterMs, applyMs };
}

/** (b) Sequential: per cluster, `helm upgrade --install --wait` (Helm 4: server-side apply, kstatus watcher). */
async function runHelm(helm: string, chartDir: string, helmEnv: NodeJS.ProcessEnv, targets: readonly BenchTarget[]): Promise<ToolRun> {
  const perClusterMs: Record<string, number> = {};
  const t0 = performance.now();
  for (const { cluster, namespace } of targets) {
    const c0 = performance.now();
    await exec(helm, ['upgrade', '--install', RELEASE, chartDir, `--kubeconfig=${cluster.kubeconfigPath}`, '--namespace', namespace, '--wait', '--timeout', '5m'], helmEnv);
    perClusterMs[cluster.name] = performance.now() - c0;
  }
  return { wallMs: performance.now() - t0, perClusterMs };
}

/** One YAML file per component for kubectl; the same documents as a chart's templates for Helm. */
function writeInputs(work: string, app: BenchApp, objects: readonly KubeObject[]): { manifestDir: string; chartDir: string } {
  const manifestDir = path.join(work, 'manifests');
  const chartDir = path.join(work, 'chart');
  fs.mkdirSync(manifestDir, { recursive: true });
  fs.mkdirSync(path.join(chartDir, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(chartDir, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: app.name, version: app.version, appVersion: app.version, type: 'application' }));
  for (const c of app.components) {
    const mine = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === c.name);
    const yaml = mine.map((o) => stringify(o)).join('---\n');
    // No `{{` in the objects, so the chart's templates render to exactly these documents.
    if (yaml.includes('{{')) throw new Error('template braces in a bench object');
    fs.writeFileSync(path.join(manifestDir, `${c.name}.yaml`), yaml);
    fs.writeFileSync(path.join(chartDir, 'templates', `${c.name}.yaml`), yaml);
  }
  return { manifestDir, chartDir };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-bench-deploy-'));
  let started: HarnessClusters | undefined;
  const clients = new Map<string, RestClient>();
  let leftover: BenchTarget[] = [];
  try {
    const t0 = performance.now();
    const [binDir, helm] = await Promise.all([ensureBinaries((l) => console.error(l)), ensureHelm()]);
    const kubectl = path.join(binDir, 'kubectl');
    const reuse = process.env.CARAVAN_K8S_REUSE_DIR;
    let clusters: readonly HarnessCluster[];
    if (reuse) {
      const state = readClusterState(reuse);
      if (!state || state.clusters.length === 0) throw new Error(`CARAVAN_K8S_REUSE_DIR=${reuse} holds no running harness`);
      clusters = state.clusters;
    } else {
      started = await startClusters({ binDir });
      clusters = started.clusters;
    }
    for (const c of clusters) clients.set(c.name, adminRest(c));
    const app = benchApp(COMPONENTS, REPLICAS);
    // Caravan's renderer makes the objects; kubectl and Helm apply exactly these.
    const objects = caravanObjects(app);
    const { manifestDir, chartDir } = writeInputs(work, app, objects);
    const helmEnv: NodeJS.ProcessEnv = { ...process.env, HELM_CACHE_HOME: path.join(work, 'helm', 'cache'), HELM_CONFIG_HOME: path.join(work, 'helm', 'config'), HELM_DATA_HOME: path.join(work, 'helm', 'data') };
    delete helmEnv.KUBECONFIG;
    const kubectlCache = path.join(work, 'kube-cache');
    const kubectlVersion = JSON.parse(await exec(kubectl, ['version', '--client', '-o', 'json'])) as { clientVersion: { gitVersion: string } };
    const helmVersion = (await exec(helm, ['version', '--short'], helmEnv)).trim();

    console.log(`clusters: ${clusters.map((c) => c.name).join(', ')} (${reuse ? `reused from ${reuse}` : `started in ${secs(started!.timings.totalMs)} s`}); ` +
      `kubectl ${kubectlVersion.clientVersion.gitVersion}, helm ${helmVersion}; ready after ${secs(performance.now() - t0)} s`);
    console.log(`app: ${app.components.length} components x (ConfigMap + Service + Deployment of ${REPLICAS} replicas) = ${objects.length} objects and ` +
      `${app.components.length * REPLICAS} pods per cluster; machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const tools: Tool[] = ['kubectl', 'helm', 'caravan'];
    const results: Record<Tool, number[]> = { kubectl: [], helm: [], caravan: [] };
    let caravanWired = true;
    for (let round = 1; round <= ROUNDS; round++) {
      // Rotate who goes first, so warm caches and the machine's other load do not favour one tool.
      const order = tools.map((_, i) => tools[(i + round - 1) % tools.length]!);
      const lines: string[] = [];
      for (const tool of order) {
        if (tool === 'caravan' && !caravanWired) continue;
        const targets = await createNamespaces(clients, clusters, `bench-${tool}-r${round}`);
        leftover = targets;
        let result: ToolRun | undefined;
        if (tool === 'kubectl') result = await runKubectl(kubectl, manifestDir, kubectlCache, targets, app);
        else if (tool === 'helm') result = await runHelm(helm, chartDir, helmEnv, targets);
        else {
          const r = await runCaravan(targets, objects, app);
          result = r && { wallMs: r.wallMs, perClusterMs: r.perClusterMs ?? {} };
          if (!result) caravanWired = false;
        }
        if (result) {
          await checkRolledOut(clients, targets, app, tool);
          results[tool].push(result.wallMs);
          const each = Object.entries(result.perClusterMs).map(([n, ms]) => `${n} ${secs(ms)}${result.applyMs?.[n] !== undefined ? ` of which apply ${secs(result.applyMs[n])}` : ''}`).join(', ');
          lines.push(`  ${tool.padEnd(8)}: ${secs(result.wallMs)} s${each ? ` (${each})` : ''}`);
        }
        await deleteNamespaces(clients, targets);
        leftover = [];
      }
      console.log(`round ${round} (order ${order.filter((t) => t !== 'caravan' || caravanWired).join(', ')}; load ${os.loadavg()[0]!.toFixed(1)}):`);
      for (const l of lines) console.log(l);
    }

    const m = { kubectl: median(results.kubectl), helm: median(results.helm), caravan: caravanWired ? median(results.caravan) : NaN };
    const range = (xs: number[]) => `${secs(Math.min(...xs))}–${secs(Math.max(...xs))}`;
    console.log(`medians over ${ROUNDS} round(s): kubectl ${secs(m.kubectl)} s (${range(results.kubectl)}), helm ${secs(m.helm)} s (${range(results.helm)})` +
      `${caravanWired ? `, caravan ${secs(m.caravan)} s (${range(results.caravan)})` : ''}; helm/kubectl ${(m.helm / m.kubectl).toFixed(2)}`);
    if (caravanWired) {
      console.log(`ratio vs kubectl: ${(m.caravan / m.kubectl).toFixed(2)}`);
      console.log(`ratio vs helm: ${(m.caravan / m.helm).toFixed(2)}`);
    } else {
      console.log('Caravan is not wired yet (runCaravan in bench/deploy/caravan.ts returns undefined): kubectl and helm figures only.');
    }
  } finally {
    if (leftover.length > 0) await deleteNamespaces(clients, leftover).catch((e: unknown) => console.error(`cleanup: ${String(e)}`));
    for (const c of clients.values()) c.close();
    await started?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
