/**
 * Issue 7's crash requirement against the real bin and a real cluster: a
 * server killed with `kill -9` in the middle of an upgrade either resumes that
 * upgrade or fails it cleanly after a restart on the same database, and the
 * install never stays locked in a pending state (Helm's `pending-upgrade` is
 * the anti-example: there, nothing can be done to the release until someone
 * edits its secret by hand).
 *
 * The bin is the built `caravan-server`, spoken to over HTTP with the SDK.
 * Each case has its own SQLite file, its own namespace on the harness's first
 * cluster, and a test-tier environment, where drafts run their source image
 * references as written (kwok never pulls them), so no registry is involved.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type App, type CaravanClient, type InstallRecord, type Operation, type OperationEvent } from '@caravan/sdk';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { until } from '../e2e/support/api.js';
import { startBin, type RunningBin } from '../e2e/support/bin.js';
import { NEVER_READY_LABEL } from '../harness/src/k8s.js';
import { clusters, exists, kube, unique, type Kube } from './support.js';

/**
 * The lease the bins here run with (`--lease 9s`, shorter than the 15 s default so the tests wait less, long
 * enough that a restarted bin is up before a dead one's lease runs out): a killed worker's operation is claimed
 * again once it expires.
 */
const LEASE_MS = 9_000;
/** The bin renews every third of its lease, so a dead worker's lease runs out between 6 and 9 s after its death. */
const RENEW_MS = 3_000;
const FINAL = ['succeeded', 'failed', 'cancelled'];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Case {
  readonly ns: string;
  readonly k: Kube;
  /** Starts (or restarts) the bin on the case's database. */
  start(): Promise<{ bin: RunningBin; client: CaravanClient }>;
}

/** A fresh database, token and namespace; everything started here is stopped and removed after the test. */
function newCase(): Case {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-story-crash-'));
  const databaseUrl = `file:${path.join(dir, 'caravan.db')}`;
  const token = randomBytes(24).toString('base64url');
  const ns = unique('crash');
  const k = kube(clusters()[0]!);
  const bins: RunningBin[] = [];
  cleanups.push(
    async () => fs.rmSync(dir, { recursive: true, force: true }),
    () => k.core.deleteNamespace({ name: ns }),
  );
  onTestFailed(() => {
    for (const [i, b] of bins.entries()) console.log(`--- caravan-server #${i + 1} stderr (tail) ---\n${b.stderr().slice(-6000)}`);
  });
  return {
    ns,
    k,
    async start() {
      const bin = await startBin({ databaseUrl, env: { CARAVAN_BOOTSTRAP_TOKEN: token }, args: ['--lease', `${LEASE_MS / 1000}s`] });
      bins.push(bin);
      // Only this bin, by its own child handle: SIGKILL is harmless once it has exited.
      cleanups.push(() => bin.kill('SIGKILL'));
      return { bin, client: createCaravanClient({ baseUrl: bin.url, token }) };
    },
  };
}

const image = (name: string) => `registry.example.com/crash/${name}:1`;

function app(extra?: { name: string; neverReady?: boolean }): App {
  const components: App['components'] = [
    { name: 'web', image: image('web'), ports: [{ port: 8080, protocol: 'http' }], dependsOn: ['api'] },
    { name: 'api', image: image('api'), ports: [{ port: 9000, protocol: 'http' }] },
  ];
  if (extra) components.push({ name: extra.name, image: image(extra.name), ...(extra.neverReady ? { labels: { [NEVER_READY_LABEL]: 'true' } } : {}) });
  return { components };
}

/** Registers the cluster, a test-tier environment on the case's namespace, and installs draft 1.0 of `shop`. */
async function installed(client: CaravanClient, c: Case): Promise<void> {
  const cluster = clusters()[0]!;
  await client.clusters.create({ name: cluster.name, kubeconfig: fs.readFileSync(cluster.kubeconfigPath, 'utf8') });
  await client.environments.create({ name: 'test', cluster: cluster.name, namespace: c.ns, tier: 'test' });
  await client.templates.create({ name: 'shop' });
  await client.templates.versions.create('shop', { version: '1.0', app: app() });
  const op = await client.environments.installs.create('test', { name: 'shop', template: 'shop', version: '1.0', timeoutSeconds: 120 });
  const done = await client.operations.wait(op, { timeoutMs: 150_000 });
  expect(done.error, JSON.stringify(done.error)).toBeNull();
  expect(done.state).toBe('succeeded');
}

/** Every event of the operation so far and to its end (the stream replays from its first event). */
async function eventsToEnd(client: CaravanClient, op: Operation, timeoutMs: number): Promise<OperationEvent[]> {
  const events: OperationEvent[] = [];
  for await (const e of client.operations.events(op, { signal: AbortSignal.timeout(timeoutMs) })) events.push(e);
  return events;
}

/** The `running` state events: one per claim of the operation by a worker, with its attempt number. */
const claims = (events: OperationEvent[]) =>
  events
    .filter((e) => e.type === 'state' && (e.data as { state?: string }).state === 'running')
    .map((e) => ({ at: Date.parse(e.at), attempt: (e.data as { attempt?: number }).attempt }));

async function records(client: CaravanClient): Promise<InstallRecord[]> {
  const out: InstallRecord[] = [];
  for await (const r of client.environments.installs.records.list('test', 'shop')) out.push(r);
  return out;
}

describe('a server killed with kill -9 during an upgrade', () => {
  it('fails an upgrade that can never become ready cleanly after the restart, and the install takes the next operation', async () => {
    const c = newCase();
    const first = await c.start();
    await installed(first.client, c);

    await first.client.templates.versions.create('shop', { version: '1.1', app: app({ name: 'broken', neverReady: true }) });
    const upgradedAt = Date.now();
    const op = await first.client.environments.installs.upgrade('test', 'shop', { version: '1.1', timeoutSeconds: 40 });
    // Killed while it waits for the rollout: the objects of 1.1 are on the cluster, the never-ready one is not ready.
    await until('the upgrade to wait for the rollout of broken', async () => {
      const now = await first.client.operations.get(op);
      expect(FINAL).not.toContain(now.state);
      return now.state === 'running' && now.steps.some((s) => s.name === 'rollout broken') ? now : undefined;
    }, 30_000);
    expect(await exists(() => c.k.apps.readNamespacedDeployment({ namespace: c.ns, name: 'shop-broken' }))).toBe(true);
    expect(await first.bin.kill('SIGKILL')).toBe('SIGKILL');
    const killedAt = Date.now();

    const second = await c.start();
    const client = second.client;
    // The dead worker's lease still stands: the operation is running, not lost, and the install is still locked by it.
    expect((await client.operations.get(op)).state).toBe('running');
    expect(await client.environments.installs.get('test', 'shop')).toMatchObject({ state: 'upgrading', operation: op.id });

    // It ends by itself: the rollout deadline (40 s from the request) passes while the resumed run waits.
    const events = await eventsToEnd(client, op, 40_000 + LEASE_MS + 60_000);
    const done = await client.operations.get(op);
    const endedAt = Date.now();
    expect(done.state).toBe('failed');
    expect(done.error?.type).toMatch(/rollout-deadline-exceeded$/);
    expect(done.error?.detail).toContain('broken');
    expect(done.result?.record).toBe(2);

    // Claimed a second time, by the restarted server, once the dead worker's lease had run out.
    const claimed = claims(events);
    expect(claimed.map((x) => x.attempt)).toEqual([1, 2]);
    const reclaimAfterKill = claimed[1]!.at - killedAt;
    // Not before the dead worker's lease could have run out (how long after depends on the machine's load).
    expect(reclaimAfterKill).toBeGreaterThanOrEqual(LEASE_MS - RENEW_MS - 1_000);
    // The resumed run waited for the rollout again, and the operation's last event is its end.
    expect(events.filter((e) => e.type === 'step' && (e.data as { name?: string }).name === 'rollout broken' && Date.parse(e.at) > claimed[1]!.at).length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ type: 'state', data: { state: 'failed' } });

    // Not stuck: no operation holds the install, it says failed, and so does the record of the upgrade.
    const install = await client.environments.installs.get('test', 'shop');
    expect(install.operation).toBeUndefined();
    expect(install).toMatchObject({ state: 'failed', version: '1.1', record: 2, latestRecord: 2 });
    const recs = await records(client);
    expect(recs.map((r) => [r.number, r.action, r.version, r.outcome])).toEqual([
      [2, 'upgrade', '1.1', 'failed'],
      [1, 'install', '1.0', 'succeeded'],
    ]);
    expect(recs[0]!.error?.type).toMatch(/rollout-deadline-exceeded$/);
    expect(recs[0]!.finishedAt).toBeDefined();

    // The next operation is accepted at once and succeeds: a rollback to record 1 prunes what 1.1 added.
    const back = await client.environments.installs.records.rollback('test', 'shop', 1, { reason: 'after the crash', timeoutSeconds: 60 });
    const backDone = await client.operations.wait(back, { timeoutMs: 90_000 });
    expect(backDone.error, JSON.stringify(backDone.error)).toBeNull();
    expect(backDone.state).toBe('succeeded');
    expect(await client.environments.installs.get('test', 'shop')).toMatchObject({ state: 'deployed', version: '1.0', record: 3 });
    expect(await exists(() => c.k.apps.readNamespacedDeployment({ namespace: c.ns, name: 'shop-broken' }))).toBe(false);
    expect(await exists(() => c.k.apps.readNamespacedDeployment({ namespace: c.ns, name: 'shop-web' }))).toBe(true);
    console.log(
      `[crash] never-ready upgrade: killed ${((killedAt - upgradedAt) / 1000).toFixed(1)} s into it, reclaimed ${(reclaimAfterKill / 1000).toFixed(1)} s after the kill, ` +
        `failed ${((endedAt - upgradedAt) / 1000).toFixed(1)} s after the request (deadline 40 s)`,
    );
    await second.bin.kill('SIGTERM');
  });

  it('resumes an upgrade that would succeed, and it succeeds with exactly one record', async () => {
    const c = newCase();
    const first = await c.start();
    await installed(first.client, c);

    await first.client.templates.versions.create('shop', { version: '1.1', app: app({ name: 'worker' }) });
    const upgradedAt = Date.now();
    const op = await first.client.environments.installs.upgrade('test', 'shop', { version: '1.1', timeoutSeconds: 120 });
    // Killed as soon as the upgrade starts applying: the stream shows the step the moment it is written.
    let seenAtKill: string[] = [];
    for await (const e of first.client.operations.events(op, { signal: AbortSignal.timeout(30_000) })) {
      if (e.type === 'state') expect(FINAL).not.toContain((e.data as { state?: string }).state);
      if (e.type === 'step' && String((e.data as { name?: string }).name).startsWith('apply')) {
        await first.bin.kill('SIGKILL');
        seenAtKill = [String((e.data as { name?: string }).name)];
        break;
      }
    }
    expect(seenAtKill).toEqual(['apply record 2']);
    const killedAt = Date.now();

    const second = await c.start();
    const client = second.client;
    // Killed mid-way: nothing ended it.
    expect((await client.operations.get(op)).state).toBe('running');

    const events = await eventsToEnd(client, op, LEASE_MS + 90_000);
    const done = await client.operations.get(op);
    const endedAt = Date.now();
    expect(done.error, JSON.stringify(done.error)).toBeNull();
    expect(done.state).toBe('succeeded');
    expect(done.result?.record).toBe(2);
    const claimed = claims(events);
    expect(claimed.map((x) => x.attempt)).toEqual([1, 2]);
    const reclaimAfterKill = claimed[1]!.at - killedAt;
    // Not before the dead worker's lease could have run out (how long after depends on the machine's load).
    expect(reclaimAfterKill).toBeGreaterThanOrEqual(LEASE_MS - RENEW_MS - 1_000);

    const install = await client.environments.installs.get('test', 'shop');
    expect(install.operation).toBeUndefined();
    expect(install).toMatchObject({ state: 'deployed', version: '1.1', record: 2, latestRecord: 2 });
    // One record for the upgrade, whichever worker finished it; and it names the objects it applied.
    const recs = await records(client);
    expect(recs.map((r) => [r.number, r.action, r.version, r.outcome, r.operation])).toEqual([
      [2, 'upgrade', '1.1', 'succeeded', op.id],
      [1, 'install', '1.0', 'succeeded', expect.any(String)],
    ]);
    expect(recs[0]!.objects.find((o) => o.kind === 'Deployment' && o.name === 'shop-worker')?.uid).toMatch(/./);
    expect(recs[0]!.components?.map((x) => [x.name, x.state]).sort()).toEqual([['api', 'ready'], ['web', 'ready'], ['worker', 'ready']]);
    const worker = await c.k.apps.readNamespacedDeployment({ namespace: c.ns, name: 'shop-worker' });
    expect(worker.status?.conditions?.find((x) => x.type === 'Available')?.status).toBe('True');
    console.log(
      `[crash] succeeding upgrade: killed ${((killedAt - upgradedAt) / 1000).toFixed(1)} s into it, reclaimed ${(reclaimAfterKill / 1000).toFixed(1)} s after the kill, ` +
        `succeeded ${((endedAt - upgradedAt) / 1000).toFixed(1)} s after the request`,
    );
    await second.bin.kill('SIGTERM');
  });

  it('finishes an atomic upgrade’s return to the previous record after the restart, with one rollback record that ends', async () => {
    const c = newCase();
    const first = await c.start();
    await installed(first.client, c);

    await first.client.templates.versions.create('shop', { version: '1.1', app: app({ name: 'broken', neverReady: true }) });
    const op = await first.client.environments.installs.upgrade('test', 'shop', { version: '1.1', atomic: true, timeoutSeconds: 8 });
    // Killed while it restores record 1 as record 3, after the rollout of 1.1 missed its deadline.
    let seenAtKill = '';
    for await (const e of first.client.operations.events(op, { signal: AbortSignal.timeout(60_000) })) {
      if (e.type === 'state') expect(FINAL).not.toContain((e.data as { state?: string }).state);
      if (e.type === 'step' && (e.data as { name?: string }).name === 'apply record 3') {
        await first.bin.kill('SIGKILL');
        seenAtKill = 'apply record 3';
        break;
      }
    }
    expect(seenAtKill).toBe('apply record 3');

    const second = await c.start();
    const client = second.client;
    expect((await client.operations.get(op)).state).toBe('running');
    expect(await client.environments.installs.get('test', 'shop')).toMatchObject({ state: 'rolling-back', operation: op.id, latestRecord: 3 });

    const events = await eventsToEnd(client, op, LEASE_MS + 90_000);
    const done = await client.operations.get(op);
    expect(claims(events).map((x) => x.attempt)).toEqual([1, 2]);
    expect(done.state).toBe('failed');
    expect(done.error?.type).toMatch(/rollout-deadline-exceeded$/);
    expect(done.result).toMatchObject({ record: 2, rolledBackTo: 3 });

    const install = await client.environments.installs.get('test', 'shop');
    expect(install.operation).toBeUndefined();
    expect(install).toMatchObject({ state: 'deployed', version: '1.0', record: 3, latestRecord: 3 });
    // The resumed return finished the rollback record it had begun: no second one, and none left running.
    const recs = await records(client);
    expect(recs.map((r) => [r.number, r.action, r.version, r.outcome, r.rollbackOf ?? null, r.atomicRollback ?? false])).toEqual([
      [3, 'rollback', '1.0', 'succeeded', 1, true],
      [2, 'upgrade', '1.1', 'failed', null, false],
      [1, 'install', '1.0', 'succeeded', null, false],
    ]);
    expect(await exists(() => c.k.apps.readNamespacedDeployment({ namespace: c.ns, name: 'shop-broken' }))).toBe(false);

    // And the install takes the next upgrade.
    await client.templates.versions.create('shop', { version: '1.2', app: app({ name: 'worker' }) });
    const next = await client.operations.wait(await client.environments.installs.upgrade('test', 'shop', { version: '1.2', timeoutSeconds: 60 }), { timeoutMs: 90_000 });
    expect(next.error, JSON.stringify(next.error)).toBeNull();
    expect(await client.environments.installs.get('test', 'shop')).toMatchObject({ state: 'deployed', version: '1.2', record: 4 });
    await second.bin.kill('SIGTERM');
  });
});
