/**
 * The examples run as a user would run them: `story-basics.ts` through the SDK
 * over HTTP against the real bin, `in-process.ts` embedding the server with no
 * socket. Their printed story is the assertion.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, startBin } from './support/bin.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const TOKEN = 'e2e-examples-token-0123456789abcdef';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function runExample(file: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, path.join(REPO, 'examples', file)], { cwd: REPO, env: { ...(process.env as Record<string, string>), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectTheStory(out: string) {
  expect(out).toMatch(/^1\. calling as .*\(admin\)$/m);
  expect(out).toMatch(/^2\. created template shop-/m);
  expect(out).toMatch(/^3\. created shop-\S+@1\.0 as a draft with components web, api, db$/m);
  expect(out).toMatch(/^4\. edited .*web now has 3 replicas$/m);
  expect(out).toMatch(/^5\. a bad draft was refused with 3 errors:$/m);
  expect(out).toContain('/app/components/0/dependsOn/1:');
  expect(out).toContain('/app/components/0/ports/1/port:');
  expect(out).toContain('/app/components/1/env/0/fromParameter:');
  expect(out).toMatch(/^6\. diff 1\.0 -> 1\.1: added \[worker\], removed \[\]$/m);
  expect(out).toContain('api/image: "registry.example.com/shop/api:2.1.0" -> "registry.example.com/shop/api:2.2.0"');
  expect(out).toMatch(/^8\. publish failed; shop-\S+@1\.0 is failed: .*registry/m);
  expect(out).toMatch(/version\.publish .* draft -> publishing \(ready for testing\)/);
  expect(out).toMatch(/version\.syncFailed .* publishing -> failed/);
}

describe('examples', () => {
  it('story-basics.ts tells the whole story through the SDK against a running caravan-server', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-example-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const bin = await startBin({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, env: { CARAVAN_BOOTSTRAP_TOKEN: TOKEN } });
    cleanups.push(() => bin.kill('SIGKILL'));

    const { code, stdout, stderr } = await runExample('story-basics.ts', { CARAVAN_URL: bin.url, CARAVAN_TOKEN: TOKEN });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectTheStory(stdout);
    // It really went over HTTP: the server logged the calls.
    expect(bin.stderr()).toContain('"path":"/v1/templates"');
    await bin.kill('SIGTERM');
  });

  it('story-basics.ts without CARAVAN_URL and CARAVAN_TOKEN says what to set', async () => {
    const { code, stderr } = await runExample('story-basics.ts', { CARAVAN_URL: '', CARAVAN_TOKEN: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('CARAVAN_URL and CARAVAN_TOKEN');
  });

  it('in-process.ts embeds the server and tells the same story with no socket', async () => {
    const { code, stdout, stderr } = await runExample('in-process.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^in-process: Caravan on .*, no socket$/m);
    expectTheStory(stdout);
  });
});
