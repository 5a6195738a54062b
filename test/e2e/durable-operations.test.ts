/**
 * Durable operations against the real bin: a publish whose copy is stuck in
 * a stalling registry survives `kill -9` (a restarted server resumes it and it
 * ends cleanly, never staying running), can be cancelled, and a graceful stop
 * hands its lease back so the next start resumes at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, until } from './support/api.js';
import { startBin, type RunningBin } from './support/bin.js';
import { startStallingRegistry, type StallingRegistry } from './support/stalling-registry.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';
/** The engine's default lease: a killed worker's operation is claimed again after it expires. */
const LEASE_MS = 15_000;
const FINAL = ['succeeded', 'failed', 'cancelled'];

interface Op { id: string; state: string; error: unknown }
interface Version { state: string; failure: { reason: string } | null }

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function setup(): Promise<{ dir: string; databaseUrl: string; registry: StallingRegistry; start: () => Promise<RunningBin> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-e2e-'));
  const registry = await startStallingRegistry('hold');
  cleanups.push(() => registry.close(), async () => fs.rmSync(dir, { recursive: true, force: true }));
  const databaseUrl = `file:${path.join(dir, 'caravan.db')}`;
  const start = async () => {
    const bin = await startBin({ databaseUrl, env: { CARAVAN_BOOTSTRAP_TOKEN: TOKEN } });
    cleanups.push(() => bin.kill('SIGKILL'));
    return bin;
  };
  return { dir, databaseUrl, registry, start };
}

async function startPublish(bin: RunningBin, registry: StallingRegistry, template: string, version: string): Promise<string> {
  const call = api(bin.url, TOKEN);
  expect((await call('PUT', '/v1/registry', { url: registry.url, prefix: 'caravan', allowInsecureHttp: true })).status).toBe(200);
  const t = await call('GET', `/v1/templates/${template}`);
  if (t.status === 404) expect((await call('POST', '/v1/templates', { name: template })).status).toBe(201);
  const draft = await call('POST', `/v1/templates/${template}/versions`, { version, app: { components: [{ name: 'web', image: `${registry.host}/shop/web:${version}` }] } });
  expect(draft.status).toBe(201);
  const since = Date.now();
  const published = await call<Op>('POST', `/v1/templates/${template}/versions/${version}/publish`);
  expect(published.status).toBe(202);
  await registry.nextRequest(since);
  const op = await call<Op>('GET', `/v1/operations/${published.body.id}`);
  expect(op.body.state).toBe('running');
  return published.body.id;
}

async function finalState(bin: RunningBin, id: string, timeoutMs = 60_000): Promise<Op> {
  const call = api(bin.url, TOKEN);
  return until(`operation ${id} to finish`, async () => {
    const op = await call<Op>('GET', `/v1/operations/${id}`);
    return FINAL.includes(op.body.state) ? op.body : undefined;
  }, timeoutMs);
}

describe('durable operations across process deaths', () => {
  it('a publish interrupted by kill -9 is resumed by the restarted server and ends cleanly instead of staying running', async () => {
    const { registry, start } = await setup();
    const first = await start();
    const id = await startPublish(first, registry, 'crash', '1.0');

    expect(await first.kill('SIGKILL')).toBe('SIGKILL');
    const killedAt = Date.now();

    const second = await start();
    const call = api(second.url, TOKEN);
    // Right after the restart the dead worker's lease still stands: the operation is running, not lost.
    expect((await call<Op>('GET', `/v1/operations/${id}`)).body.state).toBe('running');

    // Once the lease expires the new process claims the operation and copies again.
    const resumed = await registry.nextRequest(killedAt + 1, LEASE_MS + 30_000);
    expect(resumed.at).toBeGreaterThan(killedAt);
    registry.setMode('missing');

    const op = await finalState(second, id);
    expect(op.state).toBe('failed');
    const version = await call<Version>('GET', '/v1/templates/crash/versions/1.0');
    expect(version.body.state).toBe('failed');
    expect(version.body.failure?.reason).toBeTruthy();
    await second.kill('SIGTERM');
  });

  it('cancelling a running publish ends it as cancelled and leaves the version out of publishing', async () => {
    const { registry, start } = await setup();
    const bin = await start();
    const id = await startPublish(bin, registry, 'cancel', '1.0');
    const call = api(bin.url, TOKEN);
    const cancelled = await call<Op>('POST', `/v1/operations/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    const op = await finalState(bin, id, 30_000);
    expect(op.state).toBe('cancelled');
    const version = await call<Version>('GET', '/v1/templates/cancel/versions/1.0');
    expect(version.body.state).not.toBe('publishing');
    await bin.kill('SIGTERM');
  });

  it('SIGTERM stops gracefully and gives the lease back, so the next start resumes before the lease would have expired', async () => {
    const { registry, start } = await setup();
    const first = await start();
    const id = await startPublish(first, registry, 'graceful', '1.0');

    expect(await first.kill('SIGTERM')).toBe(0);
    expect(first.stderr()).toContain('"msg":"stopped"');

    const restartedAt = Date.now();
    const second = await start();
    const resumed = await registry.nextRequest(restartedAt, LEASE_MS);
    expect(resumed.at - restartedAt).toBeLessThan(LEASE_MS);
    registry.setMode('missing');
    expect((await finalState(second, id)).state).toBe('failed');
    await second.kill('SIGTERM');
  });
});
