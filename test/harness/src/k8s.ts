/**
 * Real Kubernetes control planes on one machine, for tests and for
 * `npm run harness -- up`. One etcd is shared; each cluster has its own
 * `--etcd-prefix`, PKI, kube-apiserver (TLS, Node+RBAC), kube-controller-manager,
 * kube-scheduler and a kwok process that plays the kubelet for a few fake
 * Nodes (heartbeats, pods Running/Ready, deletion). Binaries come from
 * test/harness/k8s/build.sh. Every process listens on 127.0.0.1 on a port the
 * OS handed out, is started detached, and is recorded by pid in the work dir
 * so `stopClusters(workDir)` (and `harness down`) can stop exactly those.
 * Volume claims bind through the controller manager's own hostPath
 * provisioner behind a default StorageClass, and one cluster's API server can
 * be stopped and started again (same port, certificates and data) to test
 * what a client does with an unreachable cluster.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from './free-port.js';
import { renderKubeconfig } from './k8s-kubeconfig.js';
import { isRunning, rssBytes, startDaemon, stopDaemons, type DaemonRecord } from './k8s-process.js';
import { pollUntil, RestClient } from './k8s-rest.js';
import { createClusterPki, type ClusterPki } from './pki.js';

export const DEFAULT_CLUSTER_NAMES = ['intranet', 'aliyun-qingdao', 'aliyun-shanghai'] as const;
/** Pods with this label set to "true" start but never become Ready (kwok stage `pod-never-ready`). */
export const NEVER_READY_LABEL = 'harness.caravan.dev/never-ready';
/** The token user, bound by a RoleBinding to Role `caravan-deployer` in `tokenNamespace` only. */
export const TOKEN_USER = 'caravan-deployer';
export const DEFAULT_TOKEN_NAMESPACE = 'caravan-apps';
/** The default StorageClass of every harness cluster (kube-controller-manager's hostPath provisioner, Immediate binding). */
export const STORAGE_CLASS = 'standard';
/** Where kube-controller-manager's hostPath provisioner puts volumes (hard-coded in Kubernetes, `pkg/volume/hostpath`). */
const HOSTPATH_PV_DIR = /^\/tmp\/hostpath_pv\/[0-9a-f-]{36}$/;
const STATE_FILE = 'k8s-state.json';
const STATE_LOCK = 'k8s-state.lock';

const harnessDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildScript = path.join(harnessDir, 'k8s', 'build.sh');
const stagesFile = path.join(harnessDir, 'k8s', 'kwok', 'stages.yaml');

export interface StartClustersOptions {
  /** Cluster names; default intranet, aliyun-qingdao, aliyun-shanghai. */
  readonly names?: readonly string[];
  /** Fake kwok Nodes per cluster; default 3. */
  readonly nodes?: number;
  /** Where PKI, kubeconfigs, etcd data, logs and the state file go. Default: a fresh temp dir, removed by stop(). */
  readonly workDir?: string;
  /** Folder with the binaries; default: what build.sh prints (building them if needed), or $CARAVAN_K8S_BIN. */
  readonly binDir?: string;
  /** Namespace the token user may work in; default `caravan-apps`. */
  readonly tokenNamespace?: string;
  /** Leave the processes running when this Node process exits (the CLI's `up`). Default false: an exit hook kills them. */
  readonly keepRunning?: boolean;
  /** Give up starting after this long; default 180 s. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface ClusterPorts {
  readonly apiserver: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  readonly kwok: number;
}

export interface HarnessCluster {
  readonly name: string;
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** Admin kubeconfig (client certificate, O=system:masters), certificates embedded. */
  readonly kubeconfigPath: string;
  /** Kubeconfig of the token user, default namespace `tokenNamespace`. */
  readonly tokenKubeconfigPath: string;
  readonly caPem: string;
  readonly token: string;
  readonly tokenUser: string;
  readonly tokenNamespace: string;
  readonly etcdPrefix: string;
  readonly nodeNames: readonly string[];
  readonly ports: ClusterPorts;
  /** This cluster's folder: pki/, logs/, kubeconfigs. */
  readonly dir: string;
}

export interface StartupTimings {
  readonly pkiMs: number;
  readonly etcdMs: number;
  readonly apiserversReadyMs: number;
  readonly totalMs: number;
}

/** How a cluster's kube-apiserver was started, so it can be started again exactly so. */
export interface ApiServerSpec {
  readonly bin: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
}

export interface ClusterState {
  readonly version: 1;
  readonly workDir: string;
  readonly binDir: string;
  readonly etcdUrl: string;
  readonly startedAt: string;
  readonly timings: StartupTimings;
  readonly clusters: readonly HarnessCluster[];
  /** Every process, current instance: a restarted API server replaces its old record. */
  readonly daemons: readonly DaemonRecord[];
  /** Per cluster name. */
  readonly apiservers: Readonly<Record<string, ApiServerSpec>>;
}

export interface HarnessClusters extends ClusterState {
  /** Sum of the resident memory of all harness processes right now, in bytes. */
  rssBytes(): number;
  /**
   * Stops every process (by recorded pid, including API servers restarted
   * through the state file by another process); removes the work dir if it
   * was a temp dir made here.
   */
  stop(): Promise<void>;
  /** Stops cluster `name`'s kube-apiserver; its controllers, kwok and the other clusters keep running. */
  stopApiServer(name: string): Promise<void>;
  /** Starts it again on the same port with the same certificates and data, and waits until it is ready. */
  startApiServer(name: string): Promise<void>;
}


/** Runs build.sh (instant when the binaries are cached) and returns the bin dir. */
export async function ensureBinaries(log: (l: string) => void = () => {}): Promise<string> {
  const fromEnv = process.env.CARAVAN_K8S_BIN;
  if (fromEnv) return fromEnv;
  const started = Date.now();
  const child = execFile('bash', [buildScript], { maxBuffer: 16 << 20 });
  child.stderr?.on('data', (d: Buffer) => { for (const l of d.toString().trimEnd().split('\n')) log(l); });
  const stdout = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`build.sh exited with ${code}`))));
  });
  const dir = stdout.trim().split('\n').pop() ?? '';
  if (!fs.existsSync(path.join(dir, 'kube-apiserver'))) throw new Error(`build.sh printed ${JSON.stringify(dir)}, which has no kube-apiserver`);
  if (Date.now() - started > 2000) log(`binaries ready in ${dir} after ${Math.round((Date.now() - started) / 1000)} s`);
  return dir;
}

/** Distinct free loopback ports. */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

function readState(workDir: string): ClusterState | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(workDir, STATE_FILE), 'utf8')) as ClusterState;
  } catch {
    return undefined;
  }
}

/** The recorded state of a harness started in `workDir`, if any. */
export function readClusterState(workDir: string): ClusterState | undefined {
  return readState(workDir);
}

/** Replaces the state file in one rename, so a reader never sees half of it. */
function writeState(workDir: string, state: unknown): void {
  const file = path.join(workDir, STATE_FILE);
  fs.writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the work dir's state lock (an O_EXCL file), so two
 * processes restarting API servers of the same harness do not lose each
 * other's record. A lock older than a minute is a crashed holder's.
 */
async function withStateLock<T>(workDir: string, fn: () => T): Promise<T> {
  const lock = path.join(workDir, STATE_LOCK);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try { if (Date.now() - fs.statSync(lock).mtimeMs > 60_000) fs.rmSync(lock, { force: true }); } catch { /* released meanwhile */ }
      if (Date.now() > deadline) throw new Error(`${lock} held for over 30 s`, { cause: e });
      await sleep(50);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Records of both lists, each process instance once (a restart leaves the old record only in a stale copy). */
function mergeDaemons(a: readonly DaemonRecord[], b: readonly DaemonRecord[]): DaemonRecord[] {
  const seen = new Set(a.map((d) => `${d.pid}/${d.startTime}`));
  return [...a, ...b.filter((d) => !seen.has(`${d.pid}/${d.startTime}`))];
}

function adminRest(c: HarnessCluster): RestClient {
  const pki = path.join(c.dir, 'pki');
  return new RestClient({
    server: c.server, ca: c.caPem,
    cert: fs.readFileSync(path.join(pki, 'admin.crt'), 'utf8'), key: fs.readFileSync(path.join(pki, 'admin.key'), 'utf8'),
  });
}

function requireCluster(state: ClusterState | undefined, workDir: string, name: string): { state: ClusterState; cluster: HarnessCluster; spec: ApiServerSpec; index: number } {
  if (!state) throw new Error(`no harness recorded in ${workDir}`);
  const cluster = state.clusters.find((c) => c.name === name);
  const spec = state.apiservers?.[name];
  const index = state.daemons.findIndex((d) => d.name === `${name}/kube-apiserver`);
  if (!cluster || !spec || index < 0) throw new Error(`no cluster ${JSON.stringify(name)} in ${workDir} (clusters: ${state.clusters.map((c) => c.name).join(', ')})`);
  return { state, cluster, spec, index };
}

/**
 * Stops the kube-apiserver of cluster `name` of the harness recorded in
 * `workDir` (by pid; its other processes keep running). Clients of that
 * cluster then get ECONNREFUSED on its port.
 */
export async function stopApiServer(workDir: string, name: string): Promise<void> {
  const { state, index } = requireCluster(readState(workDir), workDir, name);
  // On SIGTERM it closes its port at once but then waits on the watches its own
  // controller manager, scheduler and kwok keep open, until killed: 2 s is plenty.
  await stopDaemons([state.daemons[index]!], 2000);
}

/**
 * Starts the kube-apiserver of cluster `name` again, with the arguments it
 * first ran with: same port, certificates, tokens and etcd prefix, so every
 * kubeconfig keeps working and the objects are still there. Records the new
 * pid in the state file and waits for `/readyz`. Does nothing to a running one.
 */
export async function startApiServer(workDir: string, name: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const cluster = await withStateLock(workDir, () => {
    const { state, cluster, spec, index } = requireCluster(readState(workDir), workDir, name);
    if (isRunning(state.daemons[index]!)) return cluster;
    const d = startDaemon({ name: `${name}/kube-apiserver`, ...spec });
    writeState(workDir, { ...state, daemons: state.daemons.map((x, i) => (i === index ? d : x)) });
    return cluster;
  });
  const rest = adminRest(cluster);
  try {
    await pollUntil(async () => (await rest.request('GET', '/readyz', undefined, 3000)).status === 200, opts.timeoutMs ?? 60_000,
      () => `${name}: kube-apiserver not ready after a restart; log tail:\n${tail(path.join(cluster.dir, 'logs', 'kube-apiserver.log'))}`);
  } finally {
    rest.close();
  }
}

/**
 * Removes the hostPath directories (`/tmp/hostpath_pv/<uuid>`, empty: kwok
 * writes nothing) of volumes still present in clusters about to stop. The
 * provisioner removes a volume's directory only when the volume is deleted,
 * and a stopped harness deletes nothing. Clusters whose API server is down
 * are skipped.
 */
async function removeVolumeDirs(state: ClusterState | undefined): Promise<void> {
  if (!state) return;
  await Promise.all(state.clusters.map(async (c) => {
    const apiserver = state.daemons.find((d) => d.name === `${c.name}/kube-apiserver`);
    if (!apiserver || !isRunning(apiserver)) return;
    const rest = adminRest(c);
    try {
      const res = await rest.request('GET', '/api/v1/persistentvolumes', undefined, 3000);
      if (res.status !== 200) return;
      for (const pv of res.json<{ items: Array<{ spec?: { hostPath?: { path?: string } } }> }>().items) {
        const dir = pv.spec?.hostPath?.path;
        if (dir && HOSTPATH_PV_DIR.test(dir)) fs.rmSync(dir, { recursive: true, force: true });
      }
    } catch { /* best effort: empty directories at worst */ } finally {
      rest.close();
    }
  }));
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET https://127.0.0.1:<port><path> without verifying the (self-signed) serving cert; true on 200. */
function probeHttps(port: number, urlPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function deployerRbac(ns: string): Array<[string, unknown]> {
  const write = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
  const read = ['get', 'list', 'watch'];
  return [
    ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }],
    [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role',
      metadata: { name: TOKEN_USER, namespace: ns },
      // What a delivery server needs inside its target namespace, nothing cluster-wide.
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims'], verbs: write },
        { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: write },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: write },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: write },
        { apiGroups: [''], resources: ['pods', 'pods/log', 'events'], verbs: read },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
      ],
    }],
    [`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: { name: TOKEN_USER, namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: TOKEN_USER },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: TOKEN_USER }],
    }],
  ];
}

function fakeNode(name: string, index: number, cluster: string): unknown {
  const resources = { cpu: '32', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name,
      // kwok manages only Nodes carrying this annotation (--manage-nodes-with-annotation-selector).
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
        type: 'kwok', 'harness.caravan.dev/cluster': cluster,
      },
    },
    // Own pod CIDR per node: pod IPs stay unique without sharing kwok's one default /24.
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
    // kwok's node-initialize keeps the addresses only when both kinds are present; else it
    // rewrites the list from its --node-ip, which is empty here.
    status: {
      allocatable: resources, capacity: resources,
      addresses: [{ type: 'InternalIP', address: `10.240.0.${index + 1}` }, { type: 'Hostname', address: name }],
    },
  };
}

/** Default StorageClass served by kube-controller-manager's `--enable-hostpath-provisioner`. */
function storageClass(): [string, unknown] {
  return ['/apis/storage.k8s.io/v1/storageclasses', {
    apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass',
    metadata: { name: STORAGE_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'kubernetes.io/host-path',
    reclaimPolicy: 'Delete',
    // Provisioned as soon as the claim exists: nothing depends on which fake Node a pod lands on.
    volumeBindingMode: 'Immediate',
  }];
}

interface Plan {
  readonly name: string;
  readonly dir: string;
  readonly ports: ClusterPorts;
  readonly token: string;
  readonly nodeNames: readonly string[];
  readonly etcdPrefix: string;
}

/** Starts etcd plus one control plane per name, and waits until every cluster's Nodes are Ready. */
export async function startClusters(opts: StartClustersOptions = {}): Promise<HarnessClusters> {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const names = [...(opts.names ?? DEFAULT_CLUSTER_NAMES)];
  const nodeCount = opts.nodes ?? 3;
  const tokenNamespace = opts.tokenNamespace ?? DEFAULT_TOKEN_NAMESPACE;
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const tempWorkDir = opts.workDir === undefined;
  const workDir = path.resolve(opts.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-harness-k8s-')));
  if (new Set(names).size !== names.length || names.some((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n))) {
    throw new Error(`cluster names must be distinct DNS labels: ${names.join(', ')}`);
  }

  const previous = readState(workDir);
  if (previous?.daemons.some(isRunning)) {
    throw new Error(`a harness is already running in ${workDir}; stop it first (npm run harness -- down)`);
  }
  const binDir = opts.binDir ?? await ensureBinaries(log);
  const bin = (b: string) => path.join(binDir, b);

  // A fresh start every time: old etcd data and PKI would only confuse tests.
  for (const sub of ['etcd', 'clusters', STATE_FILE]) fs.rmSync(path.join(workDir, sub), { recursive: true, force: true });
  fs.mkdirSync(path.join(workDir, 'etcd'), { recursive: true });

  const daemons: DaemonRecord[] = [];
  const apiservers: Record<string, ApiServerSpec> = {};
  // The state file too: an API server restarted by another process is recorded only there.
  const killAll = () => {
    for (const d of mergeDaemons(daemons, readState(workDir)?.daemons ?? [])) if (isRunning(d)) try { process.kill(d.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  if (!opts.keepRunning) process.once('exit', killAll);
  // Recorded after every start, so even an interrupted start can be cleaned up by `down`.
  const recordPartial = () => writeState(workDir, { version: 1, workDir, binDir, daemons, apiservers, clusters: [] });
  const start = (name: string, b: string, args: string[], cwd: string, logFile: string, env?: NodeJS.ProcessEnv) => {
    const d = startDaemon({ name, bin: bin(b), args, cwd, logFile, ...(env ? { env } : {}) });
    daemons.push(d);
    recordPartial();
    return d;
  };

  try {
    const ports = await freePorts(2 + 4 * names.length);
    const [etcdPort, etcdPeerPort] = [ports[0]!, ports[1]!];
    const plans: Plan[] = names.map((name, i) => {
      const [apiserver, controllerManager, scheduler, kwok] = ports.slice(2 + 4 * i, 6 + 4 * i) as [number, number, number, number];
      return {
        name,
        dir: path.join(workDir, 'clusters', name),
        ports: { apiserver, controllerManager, scheduler, kwok },
        token: randomBytes(24).toString('hex'),
        nodeNames: Array.from({ length: nodeCount }, (_, n) => `${name}-node-${n}`),
        etcdPrefix: `/caravan-harness/${name}`,
      };
    });

    const pkis = await Promise.all(plans.map(async (p) => {
      fs.mkdirSync(path.join(p.dir, 'logs'), { recursive: true });
      fs.mkdirSync(path.join(p.dir, 'kwok-home'), { recursive: true });
      return createClusterPki(path.join(p.dir, 'pki'), p.name);
    }));
    const pkiMs = Date.now() - t0;

    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdDir = path.join(workDir, 'etcd');
    start('etcd', 'etcd', [
      '--name=harness', `--data-dir=${path.join(etcdDir, 'data')}`,
      `--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=harness=http://127.0.0.1:${etcdPeerPort}`,
      // Test data: losing it on a crash is fine, waiting for fsync is not.
      '--unsafe-no-fsync', '--auto-compaction-retention=1', '--log-level=warn',
    ], etcdDir, path.join(etcdDir, 'etcd.log'));
    await waitForPort(etcdPort, 30_000);
    const etcdMs = Date.now() - t0;

    const clusters = plans.map((p, i) => writeClusterFiles(p, pkis[i]!, tokenNamespace));
    for (const [i, p] of plans.entries()) {
      const pki = pkis[i]!;
      const args = [
        `--etcd-servers=${etcdUrl}`, `--etcd-prefix=${p.etcdPrefix}`,
        '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${p.ports.apiserver}`,
        `--cert-dir=${pki.dir}`, `--tls-cert-file=${pki.serverCert}`, `--tls-private-key-file=${pki.serverKey}`,
        `--client-ca-file=${pki.caCert}`, `--token-auth-file=${path.join(p.dir, 'tokens.csv')}`,
        '--authorization-mode=Node,RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.saPub}`, `--service-account-signing-key-file=${pki.saKey}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--allow-privileged=true',
        // Loopback is not a valid Endpoint for the kubernetes Service; don't keep trying.
        '--endpoint-reconciler-type=none',
        '--profiling=false',
      ];
      apiservers[p.name] = { bin: bin('kube-apiserver'), args, cwd: p.dir, logFile: path.join(p.dir, 'logs', 'kube-apiserver.log') };
      start(`${p.name}/kube-apiserver`, 'kube-apiserver', args, p.dir, path.join(p.dir, 'logs', 'kube-apiserver.log'));
    }

    const deadline = t0 + timeoutMs;
    const left = () => Math.max(1000, deadline - Date.now());
    let apiserversReadyMs = 0;
    await Promise.all(plans.map(async (p, i) => {
      const pki = pkis[i]!;
      const cluster = clusters[i]!;
      const rest = new RestClient({ server: cluster.server, ca: cluster.caPem, cert: fs.readFileSync(pki.adminCert, 'utf8'), key: fs.readFileSync(pki.adminKey, 'utf8') });
      const apiLog = path.join(p.dir, 'logs', 'kube-apiserver.log');
      try {
        await pollUntil(async () => (await rest.request('GET', '/readyz', undefined, 3000)).status === 200, left(),
          () => `${p.name}: kube-apiserver not ready in time; log tail:\n${tail(apiLog)}`);
        apiserversReadyMs = Math.max(apiserversReadyMs, Date.now() - t0);
        log(`${p.name}: kube-apiserver ready on ${cluster.server} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

        const kubeconfig = cluster.kubeconfigPath;
        const common = [
          `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
          '--bind-address=127.0.0.1', '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
          // One instance per cluster: skip the election lease round-trips.
          '--leader-elect=false',
        ];
        start(`${p.name}/kube-controller-manager`, 'kube-controller-manager', [
          ...common, `--secure-port=${p.ports.controllerManager}`, `--cluster-name=${p.name}`,
          `--root-ca-file=${pki.caCert}`, `--service-account-private-key-file=${pki.saKey}`,
          '--use-service-account-credentials=false',
          // Dynamic provisioning for the `standard` StorageClass: a hostPath PersistentVolume
          // (an empty directory under /tmp/hostpath_pv) per claim, bound by the PV controller.
          '--enable-hostpath-provisioner',
        ], p.dir, path.join(p.dir, 'logs', 'kube-controller-manager.log'));
        start(`${p.name}/kube-scheduler`, 'kube-scheduler', [...common, `--secure-port=${p.ports.scheduler}`],
          p.dir, path.join(p.dir, 'logs', 'kube-scheduler.log'));

        for (const [url, body] of [...deployerRbac(tokenNamespace), storageClass()]) await rest.create(url, body);
        for (const [n, nodeName] of p.nodeNames.entries()) await rest.create('/api/v1/nodes', fakeNode(nodeName, n, p.name));

        // kwok gives up if the apiserver is not there within ~30 s, so it starts only now.
        // KWOK_WORKDIR points at an empty folder and KUBECONFIG is dropped: kwok would
        // otherwise silently pick up ~/.kwok/kwok.yaml or $KUBECONFIG.
        const env: NodeJS.ProcessEnv = { ...process.env, KWOK_WORKDIR: path.join(p.dir, 'kwok-home') };
        delete env.KUBECONFIG;
        start(`${p.name}/kwok`, 'kwok', [
          `--kubeconfig=${kubeconfig}`, `--config=${stagesFile}`,
          '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
          // Lease 40 s renewed every 10 s, well inside the controller manager's default grace period.
          '--node-lease-duration-seconds=40',
          `--server-address=127.0.0.1:${p.ports.kwok}`,
        ], p.dir, path.join(p.dir, 'logs', 'kwok.log'), env);

        await pollUntil(async () => {
          const res = await rest.request('GET', '/api/v1/nodes?labelSelector=type%3Dkwok');
          if (res.status !== 200) return false;
          const items = res.json<{ items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }> }>().items;
          return items.length === p.nodeNames.length
            && items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        }, left(), () => `${p.name}: nodes not Ready in time; kwok log tail:\n${tail(path.join(p.dir, 'logs', 'kwok.log'))}`);
        // The controller manager creates the default ServiceAccount, without which no Pod is admitted.
        await pollUntil(async () => (await rest.request('GET', `/api/v1/namespaces/${tokenNamespace}/serviceaccounts/default`)).status === 200,
          left(), () => `${p.name}: no default ServiceAccount in ${tokenNamespace}; controller-manager log tail:\n${tail(path.join(p.dir, 'logs', 'kube-controller-manager.log'))}`);
        await pollUntil(() => probeHttps(p.ports.scheduler, '/readyz'), left(),
          () => `${p.name}: kube-scheduler not ready; log tail:\n${tail(path.join(p.dir, 'logs', 'kube-scheduler.log'))}`);
        log(`${p.name}: ${p.nodeNames.length} nodes Ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } finally {
        rest.close();
      }
    }));

    const state: ClusterState = {
      version: 1, workDir, binDir, etcdUrl, startedAt: new Date(t0).toISOString(),
      timings: { pkiMs, etcdMs, apiserversReadyMs, totalMs: Date.now() - t0 },
      clusters, daemons, apiservers,
    };
    writeState(workDir, state);
    // `daemons` is shared with `state` and the exit hook: keep it the current instances.
    const syncDaemons = () => { const now = readState(workDir)?.daemons; if (now) daemons.splice(0, daemons.length, ...now); };
    return {
      ...state,
      rssBytes: () => mergeDaemons(daemons, readState(workDir)?.daemons ?? []).reduce((sum, d) => sum + (isRunning(d) ? rssBytes(d.pid) : 0), 0),
      stop: async () => {
        const onDisk = readState(workDir);
        await removeVolumeDirs(onDisk ?? state);
        await stopAll(mergeDaemons(daemons, onDisk?.daemons ?? []));
        process.removeListener('exit', killAll);
        if (tempWorkDir && !process.env.CARAVAN_HARNESS_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
      },
      stopApiServer: (name) => stopApiServer(workDir, name),
      startApiServer: async (name) => {
        try {
          await startApiServer(workDir, name, { timeoutMs });
        } finally {
          syncDaemons();
        }
      },
    };
  } catch (err) {
    recordPartial();
    await stopAll(daemons);
    process.removeListener('exit', killAll);
    throw err;
  }
}

function writeClusterFiles(p: Plan, pki: ClusterPki, tokenNamespace: string): HarnessCluster {
  const server = `https://127.0.0.1:${p.ports.apiserver}`;
  const caPem = fs.readFileSync(pki.caCert, 'utf8');
  // token,user,uid,"groups"
  fs.writeFileSync(path.join(p.dir, 'tokens.csv'), `${p.token},${TOKEN_USER},${TOKEN_USER},"caravan:deployers"\n`, { mode: 0o600 });
  const kubeconfigPath = path.join(p.dir, 'kubeconfig.yaml');
  fs.writeFileSync(kubeconfigPath, renderKubeconfig({
    cluster: p.name, server, caPem, context: p.name,
    user: { name: `${p.name}-admin`, clientCertPem: fs.readFileSync(pki.adminCert, 'utf8'), clientKeyPem: fs.readFileSync(pki.adminKey, 'utf8') },
  }), { mode: 0o600 });
  const tokenKubeconfigPath = path.join(p.dir, 'token-kubeconfig.yaml');
  fs.writeFileSync(tokenKubeconfigPath, renderKubeconfig({
    cluster: p.name, server, caPem, context: `${p.name}-${TOKEN_USER}`, namespace: tokenNamespace,
    user: { name: `${p.name}-${TOKEN_USER}`, token: p.token },
  }), { mode: 0o600 });
  return {
    name: p.name, server, kubeconfigPath, tokenKubeconfigPath, caPem,
    token: p.token, tokenUser: TOKEN_USER, tokenNamespace, etcdPrefix: p.etcdPrefix,
    nodeNames: p.nodeNames, ports: p.ports, dir: p.dir,
  };
}

/** Clients first, then the apiservers, then etcd, so nothing logs storms of connection errors on the way down. */
async function stopAll(daemons: readonly DaemonRecord[]): Promise<void> {
  const component = (d: DaemonRecord) => d.name.split('/').pop();
  await stopDaemons(daemons.filter((d) => !['kube-apiserver', 'etcd'].includes(component(d)!)));
  await stopDaemons(daemons.filter((d) => component(d) === 'kube-apiserver'));
  await stopDaemons(daemons.filter((d) => component(d) === 'etcd'));
}

/** Stops whatever the state file in `workDir` records. Returns how many processes were still running. */
export async function stopClusters(workDir: string): Promise<number> {
  const state = readState(workDir);
  if (!state) return 0;
  const alive = state.daemons.filter(isRunning).length;
  await removeVolumeDirs(state);
  await stopAll(state.daemons);
  return alive;
}

export interface DaemonStatus extends DaemonRecord {
  readonly running: boolean;
  readonly rssBytes: number;
}

/** Per process: still running, and its resident memory. */
export function clusterStatus(workDir: string): { state: ClusterState; daemons: DaemonStatus[] } | undefined {
  const state = readState(workDir);
  if (!state) return undefined;
  return {
    state,
    daemons: state.daemons.map((d) => {
      const running = isRunning(d);
      return { ...d, running, rssBytes: running ? rssBytes(d.pid) : 0 };
    }),
  };
}

