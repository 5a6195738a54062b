/**
 * `npm run harness -- up|down|status`: starts the test harness detached and
 * stops it again, by recorded pids.
 *
 *   up      [--only k8s|registry|postgres ...] [--clusters a,b] [--nodes N] [--dir D]
 *   down    [--dir D]
 *   status  [--dir D]
 *   stop-apiserver NAME [--dir D]    one cluster's kube-apiserver down (the rest keeps running)
 *   start-apiserver NAME [--dir D]   and up again: same port, certificates and data
 *
 * The work dir defaults to ${CARAVAN_HARNESS_DIR:-/tmp/caravan-harness}. `up`
 * prints one admin kubeconfig path per cluster on stdout (details on stderr).
 * Kubernetes processes are daemons of their own. Registries, their token server
 * and PostgreSQL live inside a Node process (registry.ts, postgres.ts), so `up`
 * starts that as a detached supervisor (this file, mode `services`) which
 * stops them on SIGTERM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clusterStatus, readClusterState, startApiServer, startClusters, stopApiServer, stopClusters, DEFAULT_CLUSTER_NAMES } from './k8s.js';
import { isRunning, procStartTime, startDaemon, stopDaemons, type DaemonRecord } from './k8s-process.js';

type Part = 'k8s' | 'registry' | 'postgres';
const PARTS: readonly Part[] = ['k8s', 'registry', 'postgres'];
const SERVICES_FILE = 'services.json';
const here = path.dirname(fileURLToPath(import.meta.url));

interface ServicesState {
  readonly supervisor: DaemonRecord;
  /** Processes the supervisor started, so `down` can clean up even if the supervisor died. */
  readonly children: readonly DaemonRecord[];
  readonly registries?: Record<string, { url: string; host: string; username?: string; password?: string }>;
  readonly postgres?: { url: string };
}

const err = (line: string) => process.stderr.write(`${line}\n`);

function parse() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      only: { type: 'string', multiple: true },
      clusters: { type: 'string' },
      nodes: { type: 'string' },
    },
  });
  const dir = path.resolve(values.dir ?? process.env.CARAVAN_HARNESS_DIR ?? '/tmp/caravan-harness');
  const only = (values.only ?? []).flatMap((o) => o.split(','));
  for (const o of only) if (!PARTS.includes(o as Part)) throw new Error(`--only takes ${PARTS.join(', ')}; got ${o}`);
  const parts = new Set<Part>(only.length > 0 ? (only as Part[]) : PARTS);
  return {
    command: positionals[0] ?? 'help',
    target: positionals[1],
    dir,
    parts,
    clusters: values.clusters ? values.clusters.split(',') : [...DEFAULT_CLUSTER_NAMES],
    nodes: values.nodes ? Number(values.nodes) : 3,
  };
}

function readServices(dir: string): ServicesState | undefined {
  try { return JSON.parse(fs.readFileSync(path.join(dir, SERVICES_FILE), 'utf8')) as ServicesState; } catch { return undefined; }
}

async function moduleExists(name: string): Promise<boolean> {
  return fs.existsSync(path.join(here, `${name}.ts`)) || fs.existsSync(path.join(here, `${name}.js`));
}

/** Supervisor mode: holds registries and PostgreSQL until SIGTERM. */
async function services(dir: string, parts: Set<Part>): Promise<void> {
  const stops: Array<() => Promise<void>> = [];
  const children: DaemonRecord[] = [];
  const record = (name: string, pid: number | undefined, logFile: string) => {
    const startTime = pid === undefined ? undefined : procStartTime(pid);
    if (pid !== undefined && startTime !== undefined) children.push({ name, pid, startTime, logFile });
  };
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => err(`stop failed: ${String(e)}`));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());

  const state: { registries?: ServicesState['registries']; postgres?: ServicesState['postgres'] } = {};
  if (parts.has('registry')) {
    const { startRegistries } = await import('./registry.js');
    fs.mkdirSync(path.join(dir, 'registries'), { recursive: true });
    const regs = await startRegistries({ workDir: path.join(dir, 'registries') });
    stops.push(() => regs.stop());
    state.registries = {};
    for (const [k, r] of Object.entries({ source: regs.source, delivery: regs.delivery, token: regs.token })) {
      record(`registry/${k}`, r.pid, '');
      state.registries[k] = { url: r.url, host: r.host, ...(r.username ? { username: r.username } : {}), ...(r.password ? { password: r.password } : {}) };
    }
  }
  if (parts.has('postgres')) {
    const { startPostgres } = await import('./postgres.js');
    fs.mkdirSync(path.join(dir, 'postgres'), { recursive: true });
    const pg = await startPostgres({ workDir: path.join(dir, 'postgres') });
    stops.push(() => pg.stop());
    record('postgres', pg.pid, '');
    state.postgres = { url: pg.url };
  }
  const self: DaemonRecord = { name: 'services', pid: process.pid, startTime: procStartTime(process.pid) ?? '', logFile: path.join(dir, 'services.log') };
  const out: ServicesState = { supervisor: self, children, ...state };
  fs.writeFileSync(path.join(dir, `${SERVICES_FILE}.tmp`), JSON.stringify(out, null, 2));
  fs.renameSync(path.join(dir, `${SERVICES_FILE}.tmp`), path.join(dir, SERVICES_FILE));
  err('services ready');
  // Stay alive until signalled.
  setInterval(() => {}, 1 << 30);
}

async function startServices(dir: string, parts: Set<Part>): Promise<ServicesState | undefined> {
  const wanted = [...parts].filter((p) => p !== 'k8s');
  const available: Part[] = [];
  for (const p of wanted) {
    if (await moduleExists(p === 'registry' ? 'registry' : 'postgres')) available.push(p);
    else err(`skipping ${p}: test/harness/src/${p}.ts does not exist yet`);
  }
  if (available.length === 0) return undefined;
  fs.rmSync(path.join(dir, SERVICES_FILE), { force: true });
  const logFile = path.join(dir, 'services.log');
  const sup = startDaemon({
    name: 'services',
    bin: process.execPath,
    // Same Node flags as this process: under tsx they carry its TypeScript loader.
    args: [...process.execArgv, fileURLToPath(import.meta.url), 'services', '--dir', dir, ...available.flatMap((p) => ['--only', p])],
    cwd: process.cwd(),
    logFile,
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = readServices(dir);
    if (s) return s;
    if (!isRunning(sup)) throw new Error(`the services supervisor exited; ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) {
      await stopDaemons([sup]);
      throw new Error(`services not ready after 120 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function up(dir: string, parts: Set<Part>, clusters: string[], nodes: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const k8sState = readClusterState(dir);
  const services0 = readServices(dir);
  if (k8sState?.daemons.some(isRunning) || (services0 && isRunning(services0.supervisor))) {
    err(`harness already up in ${dir} (run down first); current state:`);
    printStatus(dir);
    return;
  }
  const t0 = Date.now();
  // allSettled: if one part fails, the other must have finished starting before `down` can stop it.
  const [k8sResult, svcResult] = await Promise.allSettled([
    parts.has('k8s')
      ? startClusters({ names: clusters, nodes, workDir: dir, keepRunning: true, log: err })
      : Promise.resolve(undefined),
    startServices(dir, parts),
  ]);
  if (k8sResult.status === 'rejected' || svcResult.status === 'rejected') {
    await down(dir, true);
    const reasons = [k8sResult, svcResult].flatMap((r) => (r.status === 'rejected' ? [String(r.reason instanceof Error ? r.reason.message : r.reason)] : []));
    throw new Error(`harness up failed, everything stopped:\n${reasons.join('\n')}`);
  }
  const k8s = k8sResult.value;
  const svc = svcResult.value;
  err(`harness up in ${((Date.now() - t0) / 1000).toFixed(1)} s (work dir ${dir})`);
  if (k8s) {
    for (const c of k8s.clusters) err(`  ${c.name.padEnd(16)} ${c.server}  token kubeconfig: ${c.tokenKubeconfigPath}`);
    err(`  memory of the Kubernetes processes: ${(k8s.rssBytes() / 2 ** 20).toFixed(0)} MiB RSS`);
    err(`  kubectl: ${path.join(k8s.binDir, 'kubectl')} --kubeconfig <one of the paths below> get nodes`);
  }
  if (svc?.registries) for (const [k, r] of Object.entries(svc.registries)) err(`  registry ${k.padEnd(9)} ${r.url}${r.username ? `  ${r.username}:${r.password}` : ''}`);
  if (svc?.postgres) err(`  postgres ${svc.postgres.url}`);
  if (k8s) for (const c of k8s.clusters) process.stdout.write(`${c.kubeconfigPath}\n`);
}

async function down(dir: string, quiet = false): Promise<void> {
  const svc = readServices(dir);
  let stopped = 0;
  if (svc) {
    const all = [svc.supervisor, ...svc.children];
    stopped += all.filter(isRunning).length;
    // The supervisor stops its children itself; anything left after that is killed by pid.
    await stopDaemons([svc.supervisor], 30_000);
    await stopDaemons(svc.children);
    fs.rmSync(path.join(dir, SERVICES_FILE), { force: true });
  }
  stopped += await stopClusters(dir);
  if (!quiet) err(`stopped ${stopped} process(es) recorded in ${dir}`);
}

function printStatus(dir: string): boolean {
  const k = clusterStatus(dir);
  const svc = readServices(dir);
  if (!k && !svc) {
    err(`nothing recorded in ${dir}`);
    return false;
  }
  let allUp = true;
  if (k) {
    for (const c of k.state.clusters) err(`${c.name.padEnd(16)} ${c.server}  ${c.kubeconfigPath}`);
    for (const d of k.daemons) {
      allUp &&= d.running;
      err(`  ${d.running ? 'running' : 'stopped'}  pid ${String(d.pid).padEnd(8)} ${d.name.padEnd(40)} ${d.running ? `${(d.rssBytes / 2 ** 20).toFixed(0)} MiB` : ''}`);
    }
    const total = k.daemons.reduce((s, d) => s + d.rssBytes, 0);
    err(`  total RSS ${(total / 2 ** 20).toFixed(0)} MiB`);
  }
  if (svc) {
    for (const d of [svc.supervisor, ...svc.children]) {
      const running = isRunning(d);
      allUp &&= running;
      err(`  ${running ? 'running' : 'stopped'}  pid ${String(d.pid).padEnd(8)} ${d.name}`);
    }
    if (svc.registries) for (const [n, r] of Object.entries(svc.registries)) err(`  registry ${n}: ${r.url}`);
    if (svc.postgres) err(`  postgres: ${svc.postgres.url}`);
  }
  return allUp;
}

async function main(): Promise<void> {
  const a = parse();
  switch (a.command) {
    case 'up': return up(a.dir, a.parts, a.clusters, a.nodes);
    case 'down': return down(a.dir);
    case 'status': if (!printStatus(a.dir)) process.exitCode = 1; return;
    case 'services': return services(a.dir, a.parts);
    case 'stop-apiserver':
    case 'start-apiserver': {
      if (!a.target) throw new Error(`usage: npm run harness -- ${a.command} <cluster> [--dir D]`);
      const t0 = Date.now();
      await (a.command === 'stop-apiserver' ? stopApiServer(a.dir, a.target) : startApiServer(a.dir, a.target));
      err(`${a.target}: kube-apiserver ${a.command === 'stop-apiserver' ? 'stopped' : 'ready'} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return;
    }
    default:
      err('usage: npm run harness -- up [--only k8s|registry|postgres] [--clusters a,b] [--nodes N] [--dir D] | down [--dir D] | status [--dir D]'
        + ' | stop-apiserver <cluster> [--dir D] | start-apiserver <cluster> [--dir D]');
      process.exitCode = a.command === 'help' ? 0 : 2;
  }
}

main().catch((e: unknown) => {
  err(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
