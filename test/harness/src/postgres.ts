/**
 * A throwaway PostgreSQL for store tests, from Debian's server binaries
 * (`/usr/lib/postgresql/<ver>/bin`): fresh data dir, 127.0.0.1 free port,
 * fsync off, one database per run. initdb refuses to run as root, so as root
 * the server runs as the `postgres` user the Debian package creates.
 * When `CARAVAN_TEST_PG_URL` is set, that server is used instead.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

export interface Postgres {
  /** `postgres://postgres@127.0.0.1:<port>/<db>`: the throwaway database of this run. */
  readonly url: string;
  /** Server process id, or undefined when an external server (`CARAVAN_TEST_PG_URL`) is used. */
  readonly pid: number | undefined;
  /** Creates another empty database (for per-suite isolation) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server and deletes its files (external server: drops the databases this run created). */
  stop(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (fs.existsSync(path.join(root, v, 'bin', 'postgres'))) return path.join(root, v, 'bin');
  throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)');
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function psql(bin: string, url: string, sql: string): void {
  execFileSync(path.join(bin, 'psql'), [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

const newName = (prefix: string): string => `${prefix}_${crypto.randomBytes(5).toString('hex')}`;

async function waitReady(bin: string, port: number, child: ChildProcess, logPath: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited: ${fs.readFileSync(logPath, 'utf8').slice(-2000)}`);
    try {
      execFileSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], { stdio: 'ignore' });
      return;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`postgres not ready on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startPostgres(opts: { workDir?: string } = {}): Promise<Postgres> {
  const bin = binDir();
  const external = process.env.CARAVAN_TEST_PG_URL;
  if (external) {
    const created: string[] = [];
    const createDatabase = async (name = newName('caravan_test')): Promise<string> => {
      psql(bin, external, `CREATE DATABASE ${quoteIdent(name)}`);
      created.push(name);
      return withDatabase(external, name);
    };
    const url = await createDatabase();
    return {
      url, pid: undefined, createDatabase,
      async stop() { for (const name of created.splice(0)) psql(bin, external, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`); },
    };
  }

  const user = runAs();
  const dir = fs.mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), 'caravan-postgres-'));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (user !== undefined) { fs.chownSync(dir, user.uid, user.gid); fs.chownSync(dataDir, user.uid, user.gid); }
  const asUser = user !== undefined ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...asUser, stdio: ['ignore', 'ignore', 'pipe'], cwd: dir,
  });

  const port = await freePort();
  const logPath = path.join(dir, 'postgres.log');
  const log = fs.openSync(logPath, 'a');
  if (user !== undefined) fs.fchownSync(log, user.uid, user.gid);
  const child = spawn(path.join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  ], { ...asUser, cwd: dir, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const pid = child.pid;
  const killOnExit = (): void => { try { if (pid !== undefined) process.kill(pid, 'SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killOnExit);
  try {
    await waitReady(bin, port, child, logPath);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }

  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const createDatabase = async (name = newName('caravan_test')): Promise<string> => {
    psql(bin, admin, `CREATE DATABASE ${quoteIdent(name)}`);
    return withDatabase(admin, name);
  };
  const url = await createDatabase();
  return {
    url, pid, createDatabase,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT'); // "fast" shutdown: disconnects clients and exits cleanly
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
