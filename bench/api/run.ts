/**
 * Benchmark: the read path of the built `caravan-server` against its own
 * framework cost, at two database sizes, in one run.
 *
 * Two databases are seeded through the core (no HTTP, so seeding is quick):
 * 1,000 and 10,000 versions (10 per template, so 100 and 1,000 templates),
 * one succeeded publish operation per 5 versions, and the audit trail those
 * writes leave. Then the BUILT bin (`packages/server/dist/bin.js`, plain
 * `node`, no flags) is started on each, and autocannon (same process as this
 * script) measures over loopback:
 *   - throughput of five authenticated reads: one version, a page of
 *     templates, a page of versions, a page of operations, a page of the audit
 *     trail (pages deep into each list too, by cursor), each over the
 *     throughput of `GET /v1/healthz` measured just before it, in rounds, the
 *     median kept;
 *   - p50/p99 of each read at a fixed rate (1,000 requests/s by default), in
 *     rounds that alternate the two databases, the median round kept;
 *   - the servers' resident memory (`/proc/<pid>/status`): VmRSS once started
 *     and idle, and the peak (VmHWM, the process's lifetime high-water mark).
 *
 *   npm run build && npm run bench:api
 *   ./dev npx tsx bench/api/run.ts [--postgres] [--rounds 3] [--seconds 3] [--latency-seconds 5] [--rate 1000] [--connections 10] [--sizes 1000,10000] [--routes version,audit] [--churn 50]
 *
 * Not part of `npm test`. CARAVAN_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
 * passes flags to the servers' `node` (the measured runs pass none);
 * CARAVAN_BENCH_BIN=/elsewhere/packages/server/dist/bin.js runs another build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { App } from '@caravan/contracts';
import { createCore, createIdSource, openStore, type Actor } from '@caravan/server/core';
import { freePort, waitForPort } from '../../test/harness/src/free-port.js';
import { startPostgres, type Postgres } from '../../test/harness/src/postgres.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// CARAVAN_BENCH_BIN: another build's bin (a copy of the repository at another commit), to compare
// two builds in the same conditions; the databases are seeded by this checkout's core either way.
const BIN = path.resolve(process.env.CARAVAN_BENCH_BIN ?? path.join(here, '../../packages/server/dist/bin.js'));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : dflt;
};
const POSTGRES = args.includes('--postgres');
const ROUNDS = Number(opt('rounds', '3'));
const SECONDS = Number(opt('seconds', '3'));
const LATENCY_SECONDS = Number(opt('latency-seconds', '5'));
/** Writes per second to each server while anything is measured (0: the data stays as seeded). */
const CHURN = Number(opt('churn', '0'));
const RATE = Number(opt('rate', '1000'));
const CONNECTIONS = Number(opt('connections', '10'));
const SIZES = opt('sizes', '1000,10000').split(',').map(Number);
const VERSIONS_PER_TEMPLATE = 10;
const VERSIONS_PER_OPERATION = 5;
/** Distinct URLs each read route cycles through. */
const URLS_PER_ROUTE = 100;
const PAGES_PER_LIST = 20;
const TOKEN = `cvn_bench_${randomBytes(24).toString('base64url')}`;
const MASTER_KEY = randomBytes(32).toString('base64');

/** The three-component app of examples/story-basics.ts (about 1 KB of JSON per version). */
const APP: App = {
  components: [
    {
      name: 'web',
      image: 'registry.example.com/shop/web:1.4.2',
      replicas: 2,
      ports: [{ port: 8080, protocol: 'http', expose: 'external', alias: 'WEB' }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      dependsOn: ['api'],
      probes: { readiness: { http: { path: '/healthz', port: 8080 } } },
    },
    {
      name: 'api',
      image: 'registry.example.com/shop/api:2.1.0',
      ports: [{ port: 9000, protocol: 'http', alias: 'API' }],
      env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }],
      dependsOn: ['db'],
    },
    {
      name: 'db',
      kind: 'stateful',
      image: 'registry.example.com/library/postgres:16',
      ports: [{ port: 5432, protocol: 'tcp', alias: 'DB' }],
      env: [{ name: 'POSTGRES_PASSWORD', fromParameter: 'dbPassword' }],
      volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '10Gi' }],
    },
  ],
  parameters: [{ name: 'dbPassword', type: 'string', secret: true, required: true }],
};

const templateName = (i: number) => `bench-${String(i).padStart(5, '0')}`;
const versionNumber = (j: number) => `1.${j}.0`;
const mb = (kb: number) => (kb / 1024).toFixed(1);

/** Seeds `versions` versions through the core (as an admin), plus publish operations, straight into the store. */
async function seed(databaseUrl: string, versions: number): Promise<void> {
  const store = await openStore(databaseUrl);
  try {
    const core = await createCore({ store, masterKey: MASTER_KEY, bootstrapToken: TOKEN, migrate: false });
    const actor = (await core.tokens.authenticate(TOKEN)) as Actor;
    const templates = Math.ceil(versions / VERSIONS_PER_TEMPLATE);
    const ids = createIdSource();
    const at = new Date().toISOString();
    let made = 0;
    for (let i = 0; i < templates; i++) {
      const template = templateName(i);
      await core.templates.create(actor, { name: template, description: `bench template ${i}`, labels: { team: `team-${i % 7}` } });
      for (let j = 0; j < VERSIONS_PER_TEMPLATE && made < versions; j++, made++) {
        const version = versionNumber(j);
        await core.versions.create(actor, template, { version, description: `bench ${template}@${version}`, app: APP });
        if (made % VERSIONS_PER_OPERATION !== 0) continue;
        // A finished publish as the worker leaves it; no registry is needed to read it back.
        await store.operations.insert({
          id: ids.next('op_'),
          kind: 'publish',
          state: 'succeeded',
          subject: { template, version },
          input: { template, version, action: 'publish' },
          lockKey: null,
          deadlineAt: null,
          steps: APP.components.map((c) => ({ name: `copy ${c.name}`, state: 'succeeded', bytes: 31_457_280, totalBytes: 31_457_280, component: c.name })),
          result: { images: APP.components.map((c) => ({ component: c.name, source: c.image, reference: `delivery.example.com/${c.name}@sha256:${'0'.repeat(64)}`, digest: `sha256:${'0'.repeat(64)}` })) },
          error: null,
          cancelRequested: false,
          attempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          createdAt: at,
          createdBy: { id: actor.id, name: actor.name },
          updatedAt: at,
          startedAt: at,
          finishedAt: at,
        });
      }
    }
  } finally {
    await store.close();
  }
}

interface Server {
  readonly label: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** The end of its stderr (the request log), for errors. */
  logTail(): string;
  readonly idleRssKb: number;
  /** Highest VmRSS seen by the sampler while load ran. */
  loadPeakRssKb: number;
  stop(): Promise<void>;
}

function procStatus(pid: number): { rss: number; hwm: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/**
 * The built bin, as an operator starts it: plain node, its request log on
 * stderr into a pipe (as under systemd or a container runtime), which this
 * process drains.
 */
async function startServer(label: string, databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, CARAVAN_MASTER_KEY: MASTER_KEY };
  // tsx may put its loader here; the server must run as plain node.
  delete env.NODE_OPTIONS;
  for (const k of ['CARAVAN_PORT', 'CARAVAN_HOST', 'CARAVAN_DATABASE_URL', 'CARAVAN_BOOTSTRAP_TOKEN']) delete env[k];
  const nodeArgs = (process.env.CARAVAN_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, '--port', String(port), '--host', '127.0.0.1', '--database-url', databaseUrl], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-16_384)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!out.includes('Caravan is listening on')) {
    if (child.exitCode !== null) throw new Error(`${label}: caravan-server exited with ${child.exitCode}:\n${out}\n${err.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${label}: caravan-server did not start in 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await waitForPort(port);
  // Idle: started, nothing asked of it yet; a moment for start-up work to finish.
  await new Promise((r) => setTimeout(r, 2_000));
  const idleRssKb = procStatus(child.pid!).rss;
  return {
    label,
    url: `http://127.0.0.1:${port}`,
    child,
    logTail: () => err.slice(-2000),
    idleRssKb,
    loadPeakRssKb: idleRssKb,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

const auth = { authorization: `Bearer ${TOKEN}` };

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: auth });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every page of a list (up to 1,000), walked by cursor: the path of each. */
async function pagesOf(server: Server, first: string): Promise<string[]> {
  const paths = [first];
  let path_ = first;
  while (paths.length < 1_000) {
    const page = await getJson<{ items: unknown[]; nextCursor?: string }>(server.url + path_);
    if (page.nextCursor === undefined) break;
    path_ = `${first}${first.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(page.nextCursor)}`;
    paths.push(path_);
  }
  return paths;
}

/** `count` of the items, spread evenly from the first on. */
function spread<T>(items: readonly T[], count: number): T[] {
  return items.length <= count ? [...items] : Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

type RouteName = 'version' | 'templates' | 'versions' | 'operations' | 'audit';
const ALL_ROUTES: RouteName[] = ['version', 'templates', 'versions', 'operations', 'audit'];
/** `--routes version,audit` measures only those (for profiling one); the summary lines then cover only them. */
const ROUTES = opt('routes', ALL_ROUTES.join(',')).split(',') as RouteName[];
if (ROUTES.some((r) => !ALL_ROUTES.includes(r))) throw new Error(`--routes takes some of ${ALL_ROUTES.join(',')}`);

/**
 * The URLs each read route cycles through, per server, spread over all of its
 * database. Every server gets as many distinct URLs per route (as many pages
 * as the smallest database has, at most PAGES_PER_LIST), so a bigger database
 * is asked the same number of questions, only about more data.
 */
async function routePaths(servers: readonly Server[], sizes: readonly number[]): Promise<Map<Server, Record<RouteName, string[]>>> {
  const lists = ['templates', 'operations', 'audit'] as const;
  const walked = new Map<Server, Record<(typeof lists)[number], string[]>>();
  for (const s of servers) {
    walked.set(s, {
      templates: await pagesOf(s, '/v1/templates?limit=50'),
      operations: await pagesOf(s, '/v1/operations?limit=50'),
      audit: await pagesOf(s, '/v1/audit?limit=50'),
    });
  }
  const pages = Object.fromEntries(lists.map((l) => [l, Math.min(PAGES_PER_LIST, ...servers.map((s) => walked.get(s)![l].length))])) as Record<(typeof lists)[number], number>;
  const out = new Map<Server, Record<RouteName, string[]>>();
  for (const [i, server] of servers.entries()) {
    const templates = Math.ceil(sizes[i]! / VERSIONS_PER_TEMPLATE);
    const picked = spread(Array.from({ length: templates }, (_, k) => templateName(k)), URLS_PER_ROUTE);
    const paths: Record<RouteName, string[]> = {
      version: picked.map((t, k) => `/v1/templates/${t}/versions/${versionNumber(k % VERSIONS_PER_TEMPLATE)}`),
      templates: spread(walked.get(server)!.templates, pages.templates),
      versions: picked.map((t) => `/v1/templates/${t}/versions?limit=50`),
      operations: spread(walked.get(server)!.operations, pages.operations),
      audit: spread(walked.get(server)!.audit, pages.audit),
    };
    // Every URL answers 200 with what it should, before anything is timed.
    for (const route of ROUTES) {
      for (const p of paths[route]) {
        const body = await getJson<{ items?: unknown[]; version?: string }>(server.url + p);
        if (route === 'version' ? typeof body.version !== 'string' : !Array.isArray(body.items) || body.items.length === 0) throw new Error(`${server.label} ${p}: unexpected body`);
      }
    }
    out.set(server, paths);
  }
  return out;
}

interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
}

/** One autocannon run over `paths` (cycled); closed loop unless `rate` is given. Latencies kept exactly (ms, fractional). */
async function load(server: Server, paths: readonly string[], options: { rate?: number; seconds: number; headers?: Record<string, string> }): Promise<Load> {
  const latencies: number[] = [];
  const sampler = setInterval(() => {
    try {
      server.loadPeakRssKb = Math.max(server.loadPeakRssKb, procStatus(server.child.pid!).rss);
    } catch { /* exited: reported below */ }
  }, 100);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: CONNECTIONS,
        duration: options.seconds,
        timeout: 10,
        ...(options.rate === undefined ? {} : { overallRate: options.rate, ignoreCoordinatedOmission: true }),
        requests: paths.map((p) => ({ method: 'GET' as const, path: p, headers: options.headers ?? {} })),
      },
      (error, result) => (error ? reject(error as Error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  clearInterval(sampler);
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(`${server.label} ${paths[0]}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${result.requests.total}\n${server.logTail()}`);
  }
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { rps: result.requests.total / (result.duration || options.seconds), p50: q(0.5), p99: q(0.99), requests: result.requests.total };
}

/**
 * `--churn N`: N template edits per second on each server, through the API, so
 * the data keeps changing while reads are measured (every write makes the
 * server drop what its read cache holds). Returns a stop that says how it went.
 */
function startChurn(servers: readonly Server[], perSecond: number): { stop(): string } {
  let sent = 0;
  let failed = 0;
  let n = 0;
  const timer = setInterval(() => {
    for (const s of servers) {
      const template = templateName(n % URLS_PER_ROUTE);
      sent++;
      fetch(`${s.url}/v1/templates/${template}`, {
        method: 'PATCH',
        headers: { ...auth, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ description: `bench template, edit ${n}` }),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status !== 200) failed++;
        },
        () => failed++,
      );
    }
    n++;
  }, 1000 / perSecond);
  return {
    stop() {
      clearInterval(timer);
      if (failed > 0) throw new Error(`churn: ${failed} of ${sent} writes failed`);
      return `${sent} writes, none failed`;
    },
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist: run \`npm run build\` first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-bench-api-'));
  let pg: Postgres | undefined;
  const servers: Server[] = [];
  try {
    const t0 = performance.now();
    if (POSTGRES) pg = await startPostgres();
    const dbs: { size: number; url: string }[] = [];
    for (const size of SIZES) {
      const url = pg ? await pg.createDatabase(`bench_${size}`) : `file:${path.join(work, `bench-${size}.db`)}`;
      const s0 = performance.now();
      await seed(url, size);
      console.log(`seeded ${size} versions (${Math.ceil(size / VERSIONS_PER_TEMPLATE)} templates, ${Math.ceil(size / VERSIONS_PER_OPERATION)} operations) on ${pg ? 'PostgreSQL' : 'SQLite'} in ${((performance.now() - s0) / 1000).toFixed(1)} s`);
      dbs.push({ size, url });
    }
    for (const db of dbs) servers.push(await startServer(`${db.size}`, db.url));
    const paths = await routePaths(servers, dbs.map((d) => d.size));
    console.log(`servers: ${servers.map((s) => `${s.label} versions pid ${s.child.pid} idle rss ${mb(s.idleRssKb)} MB`).join('; ')}`);
    console.log(`distinct URLs per read: ${ROUTES.map((r) => `${r} ${paths.get(servers[0]!)![r].length}`).join(', ')}`);
    console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; autocannon ${CONNECTIONS} connections, ` +
      `${SECONDS} s per throughput run, ${LATENCY_SECONDS} s per latency run; ${CHURN > 0 ? `${CHURN} writes/s to each server throughout; ` : ''}ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const churn = CHURN > 0 ? startChurn(servers, CHURN) : undefined;

    // Warm-up: every route once through, so the JIT has seen each before anything counts.
    for (const s of servers) for (const r of ROUTES) await load(s, paths.get(s)![r], { seconds: 1, headers: auth });

    // Throughput, closed loop. Each read runs right after a healthz run on the same server and is
    // divided by it, so the machine's other load shifting between runs moves both alike.
    const ratios = new Map<Server, Record<RouteName, number[]>>();
    for (const s of servers) ratios.set(s, Object.fromEntries(ROUTES.map((r) => [r, []])) as unknown as Record<RouteName, number[]>);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of round % 2 === 1 ? servers : [...servers].reverse()) {
        const cells: string[] = [];
        for (const r of ROUTES) {
          const healthz = (await load(s, ['/v1/healthz'], { seconds: SECONDS })).rps;
          const read = (await load(s, paths.get(s)![r], { seconds: SECONDS, headers: auth })).rps;
          ratios.get(s)![r].push(read / healthz);
          cells.push(`${r} ${read.toFixed(0)}/s vs ${healthz.toFixed(0)}/s (${(read / healthz).toFixed(2)})`);
        }
        console.log(`round ${round} throughput ${s.label.padStart(6)} versions (load ${os.loadavg()[0]!.toFixed(1)}): ${cells.join(', ')}`);
      }
    }

    // Latency at a fixed rate, rounds alternating which database goes first.
    const p99s = new Map<Server, Record<RouteName, number[]>>();
    const p50s = new Map<Server, Record<RouteName, number[]>>();
    for (const s of servers) {
      p99s.set(s, Object.fromEntries(ROUTES.map((r) => [r, []])) as unknown as Record<RouteName, number[]>);
      p50s.set(s, Object.fromEntries(ROUTES.map((r) => [r, []])) as unknown as Record<RouteName, number[]>);
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 1 ? servers : [...servers].reverse();
      const cells: string[] = [];
      for (const r of ROUTES) {
        for (const s of order) {
          const l = await load(s, paths.get(s)![r], { rate: RATE, seconds: LATENCY_SECONDS, headers: auth });
          p99s.get(s)![r].push(l.p99);
          p50s.get(s)![r].push(l.p50);
          cells.push(`${r}@${s.label} ${l.p50.toFixed(2)}/${l.p99.toFixed(2)}`);
        }
      }
      console.log(`round ${round} latency at ${RATE}/s, p50/p99 ms (load ${os.loadavg()[0]!.toFixed(1)}): ${cells.join(', ')}`);
    }

    if (churn) console.log(`churn: ${churn.stop()}`);
    const largest = servers[servers.length - 1]!;
    const smallest = servers[0]!;
    for (const s of servers) {
      console.log(`median of ${ROUNDS} at ${RATE}/s, ${s.label.padStart(6)} versions, p50/p99 ms: ${ROUTES.map((r) => `${r} ${median(p50s.get(s)![r]).toFixed(2)}/${median(p99s.get(s)![r]).toFixed(2)}`).join(', ')}`);
    }
    const hwm = servers.map((s) => procStatus(s.child.pid!));
    for (const [i, s] of servers.entries()) {
      console.log(`memory ${s.label.padStart(6)} versions: rss idle ${mb(s.idleRssKb)} MB, highest sampled under load ${mb(s.loadPeakRssKb)} MB, VmHWM ${mb(hwm[i]!.hwm)} MB, now ${mb(hwm[i]!.rss)} MB`);
    }

    for (const s of servers) {
      console.log(`median of ${ROUNDS} read/healthz, ${s.label.padStart(6)} versions: ${ROUTES.map((r) => `${r} ${median(ratios.get(s)![r]).toFixed(2)}`).join(', ')}`);
    }
    const readRatio = Math.min(...servers.map((s) => Math.min(...ROUTES.map((r) => median(ratios.get(s)![r])))));
    const p99 = Math.max(...servers.map((s) => Math.max(...ROUTES.map((r) => median(p99s.get(s)![r])))));
    // The worst read's p99 on the largest database over the worst read's p99 on the smallest.
    const worstP99 = (s: Server) => Math.max(...ROUTES.map((r) => median(p99s.get(s)![r])));
    const scale = worstP99(largest) / worstP99(smallest);
    console.log(`read ratio vs healthz: ${readRatio.toFixed(2)}`);
    console.log(`p99 at ${RATE} rps: ${p99.toFixed(2)} ms`);
    console.log(`rss idle: ${mb(Math.max(...servers.map((s) => s.idleRssKb)))} MB`);
    console.log(`rss peak: ${mb(Math.max(...hwm.map((h) => h.hwm)))} MB`);
    console.log(`scale ratio ${SIZES[SIZES.length - 1]! / 1000}k/${SIZES[0]! / 1000}k: ${scale.toFixed(2)}`);
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await pg?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
