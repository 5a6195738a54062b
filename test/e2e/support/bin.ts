/**
 * The real `caravan-server` bin as a child process: started on a free
 * loopback port with a SQLite file, its stdout read for the URL and the
 * generated token, stopped by its pid only (SIGTERM, or SIGKILL for crashes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForPort } from '../../harness/src/free-port.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const BIN = path.join(REPO, 'packages/server/dist/bin.js');

export function requireBuiltBin(): void {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} does not exist: build first (npm run build, or ./dev npx turbo run build)`);
}

export interface RunningBin {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** The admin token printed at a first start, if any. */
  printedToken(): string | undefined;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): Promise<number | string>;
}

const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) if (child.exitCode === null && child.pid) try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
});

export async function startBin(options: { databaseUrl: string; port?: number; env?: Record<string, string>; args?: string[]; cwd?: string }): Promise<RunningBin> {
  requireBuiltBin();
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  for (const k of ['CARAVAN_PORT', 'CARAVAN_HOST', 'CARAVAN_DATABASE_URL'] as const) delete env[k];
  if (!options.env?.CARAVAN_BOOTSTRAP_TOKEN) delete env.CARAVAN_BOOTSTRAP_TOKEN;
  if (!options.env?.CARAVAN_MASTER_KEY) delete env.CARAVAN_MASTER_KEY;
  const child = spawn(process.execPath, [BIN, '--port', String(port), '--host', '127.0.0.1', '--database-url', options.databaseUrl, ...(options.args ?? [])], {
    env,
    cwd: options.cwd ?? REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => { started.delete(child); resolve(code ?? signal ?? -1); }));
  const listening = (async () => {
    const deadline = Date.now() + 30_000;
    while (!out.includes('Caravan is listening on')) {
      if (child.exitCode !== null) throw new Error(`caravan-server exited with ${child.exitCode}:\n${out}\n${err}`);
      if (Date.now() > deadline) throw new Error(`caravan-server did not start in 30 s:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await waitForPort(port);
  })();
  await listening;
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    printedToken: () => /shown only now; keep it:\s+(\S+)/.exec(out)?.[1],
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the bin to completion (for --help and refusals). */
export function runBin(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  requireBuiltBin();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
