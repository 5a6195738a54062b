/**
 * A server killed with kill -9 in the middle of a publish: the next start on
 * the same SQLite file resumes the operation once the dead worker's lease
 * expires, copying only what was not done; and an operation whose workers keep
 * dying fails cleanly instead of looping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachBackend } from './support/backends.js';
import { FileRegistry } from './support/file-registry.js';
import { startCore, tempDir, viewer } from './support/fixture.js';

const childScript = fileURLToPath(new URL('./support/publish-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts the child core and resolves with the publish operation id it prints. */
function startChild(args: Record<string, unknown>): Promise<{ child: ChildProcess; operation: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve({ child, operation: (JSON.parse(line) as { operation: string }).operation });
    });
    child.on('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal}): ${stderr}`)));
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

forEachBackend((backend) => describe('a server killed in the middle of a publish', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function crashMidPublish() {
    const work = tempDir('caravan-crash-');
    const reg = tempDir('caravan-crash-registry-');
    cleanups.push(work.cleanup, reg.cleanup);
    const masterKey = randomBytes(32).toString('base64');
    const registry = new FileRegistry(reg.dir);
    const storeUrl = (await backend.newStoreUrl()) ?? `file:${work.dir}/caravan.db`;
    const { child, operation } = await startChild({ storeUrl, registryDir: reg.dir, masterKey, blobDelayMs: 250 });
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    // Let it finish the first image and start the second, then pull the plug.
    await until('the child to move four blobs', () => registry.calls().filter((c) => c.type === 'blob').length >= 4);
    await killHard(child);
    const before = registry.calls();
    expect(before.filter((c) => c.type === 'blob').length).toBeLessThan(9);
    return { work, storeUrl, registry, masterKey, operation, childPid: child.pid!, before };
  }

  it('resumes the operation after a restart and copies only what was missing', async () => {
    const { work, storeUrl, registry, masterKey, operation, childPid } = await crashMidPublish();
    const next = await startCore({ dir: work.dir, storeUrl, masterKey, registrySync: registry });
    cleanups.push(() => next.core.stop());
    const done = await next.core.operations.wait(viewer, operation);
    expect(done.state).toBe('succeeded');
    const v = await next.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('published');
    expect(v.app.components.every((c) => c.image.startsWith('delivery.example.com/caravan/shop/'))).toBe(true);

    const calls = registry.calls();
    const blobs = calls.filter((c) => c.type === 'blob');
    // Every blob moved exactly once across both processes; the image the child finished was not copied again.
    expect(blobs.length).toBe(9);
    expect(new Set(blobs.map((b) => b.digest)).size).toBe(9);
    const resumedCopies = calls.filter((c) => c.type === 'copy' && c.pid !== childPid).map((c) => c.type === 'copy' && c.target);
    expect(resumedCopies).not.toContain('caravan/shop/web');
    expect(resumedCopies).toContain('caravan/shop/db');
    const row = (await next.store.operations.get(operation))!;
    expect(row.attempts).toBe(2);
  });

  it('fails cleanly, with a reason, when it has been attempted too many times', async () => {
    const { work, storeUrl, registry, masterKey, operation } = await crashMidPublish();
    const next = await startCore({ dir: work.dir, storeUrl, masterKey, registrySync: registry, operations: { leaseMs: 2_000, renewMs: 500, pollMs: 100, maxAttempts: 1 } });
    cleanups.push(() => next.core.stop());
    const done = await next.core.operations.wait(viewer, operation);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ type: 'https://caravan.dev/problems/operation-abandoned' });
    expect(done.error!.detail).toContain('started 1 times');
    const v = await next.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('failed');
    expect(v.failure!.reason).toContain('giving up');
  });
}));
