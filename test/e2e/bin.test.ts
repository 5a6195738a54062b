/** The caravan-server bin as an operator meets it: help, defaults, refusals, first start, restart. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { runBin, startBin, type RunningBin } from './support/bin.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-bin-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(options: Parameters<typeof startBin>[0]): Promise<RunningBin> {
  const bin = await startBin(options);
  cleanups.push(() => bin.kill('SIGKILL'));
  return bin;
}

describe('caravan-server', () => {
  it('--help prints the flags and environment and exits 0', async () => {
    const { code, stdout } = await runBin(['--help']);
    expect(code).toBe(0);
    for (const word of ['--port', '--host', '--database-url', 'CARAVAN_BOOTSTRAP_TOKEN', 'CARAVAN_MASTER_KEY', '7420', '127.0.0.1']) expect(stdout).toContain(word);
  });

  it('an unknown flag or a bad port is refused with exit code 2 and a message', async () => {
    const unknown = await runBin(['--colour', 'blue']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/colour/);
    const port = await runBin(['--port', 'eighty']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/port/);
  });

  it('refuses PostgreSQL without CARAVAN_MASTER_KEY, saying why, before touching the database', async () => {
    const { code, stderr } = await runBin(['--database-url', 'postgres://nobody@127.0.0.1:1/none']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/CARAVAN_MASTER_KEY is required with PostgreSQL/);
  });

  it('prints where it listens, a curl to try, and the generated admin token only at the first start', async () => {
    const dir = tempDir();
    const databaseUrl = `file:${path.join(dir, 'data', 'caravan.db')}`;
    const first = await start({ databaseUrl });
    const token = first.printedToken();
    expect(token).toBeTruthy();
    expect(first.stdout()).toContain(`Caravan is listening on ${first.url}`);
    expect(first.stdout()).toContain('curl -H "Authorization: Bearer $CARAVAN_TOKEN" $CARAVAN_URL/v1/whoami');
    // Where to read the API and scrape metrics; the reference page answers without a token.
    expect(first.stdout()).toContain(`the API reference, in a browser: ${first.url}/docs`);
    expect(first.stdout()).toContain(`metrics for Prometheus (any token): ${first.url}/metrics`);
    const docs = await fetch(`${first.url}/docs`);
    expect([docs.status, docs.headers.get('content-type')]).toEqual([200, 'text/html; charset=UTF-8']);
    // The key file beside the database, readable by its owner only.
    const keyFile = path.join(dir, 'data', 'caravan.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // Logs never carry the secret.
    expect(first.stderr()).not.toContain(token!);

    const call = api(first.url, token!);
    const me = await call<{ roles: string[] }>('GET', '/v1/whoami');
    expect(me.status).toBe(200);
    expect(me.body.roles).toContain('admin');
    expect((await call('POST', '/v1/templates', { name: 'kept' })).status).toBe(201);
    expect(await first.kill('SIGTERM')).toBe(0);

    const second = await start({ databaseUrl });
    expect(second.printedToken()).toBeUndefined();
    expect(second.stdout()).not.toContain(token!);
    const again = api(second.url, token!);
    expect((await again('GET', '/v1/templates/kept')).status).toBe(200);
    await second.kill('SIGTERM');
  });

  it('uses CARAVAN_BOOTSTRAP_TOKEN as the admin token and does not print it', async () => {
    const dir = tempDir();
    const token = 'operator-chosen-token-0123456789';
    const bin = await start({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, env: { CARAVAN_BOOTSTRAP_TOKEN: token } });
    expect(bin.stdout()).not.toContain(token);
    expect(bin.stdout()).toContain('CARAVAN_BOOTSTRAP_TOKEN');
    expect((await api(bin.url, token)('GET', '/v1/whoami')).status).toBe(200);

    // An open event stream does not hold the shutdown up: the server ends it and exits.
    const stream = await fetch(`${bin.url}/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await bin.kill('SIGINT');
    expect(await bin.exited).toBe(0);
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const }));
      if (chunk.done) break;
    }
  });
});
