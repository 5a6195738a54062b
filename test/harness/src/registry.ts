/**
 * Real OCI registries for tests: Debian's `docker-registry` (distribution 2.8)
 * on 127.0.0.1 free ports, each with its own storage directory. Three auth
 * modes: anonymous, htpasswd Basic (bcrypt via `htpasswd -Bbn`), and bearer
 * tokens from the harness's token server. A single registry can be stopped and
 * started again on the same port and data, for tests that kill one mid-copy.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { freePort } from './free-port.js';
import { makeTestTls, type TestTls } from './registry-tls.js';
import { startTokenServer, type TokenServer, type TokenUser } from './token-server.js';

export type RegistryAuth = 'none' | 'basic' | 'token';

export interface Reg {
  readonly name: string;
  readonly auth: RegistryAuth;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`: what image references start with. */
  readonly host: string;
  readonly username?: string;
  readonly password?: string;
  /** Process id of the running registry; undefined while stopped. */
  readonly pid: number | undefined;
  /** Storage root; survives stop()/start(). */
  readonly dataDir: string;
  /** Only for `auth: 'token'`: the server that issues tokens (keeps running while the registry is stopped). */
  readonly tokenServer?: TokenServer;
  /** Only with `tls: true`: PEM of the private CA that signed the registry's certificate. */
  readonly caPem?: string;
  /** Stops the registry process (SIGTERM; distribution 2.8 without a drain timeout exits at once, like a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and its token server and deletes its files. */
  destroy(): Promise<void>;
}

export interface StartRegistryOptions {
  readonly auth?: RegistryAuth;
  readonly name?: string;
  /** Parent directory for this registry's files; a fresh temp dir by default. */
  readonly workDir?: string;
  readonly username?: string;
  readonly password?: string;
  /** Further users (token mode may restrict their actions, e.g. pull only). */
  readonly extraUsers?: readonly TokenUser[];
  /** Lifetime of bearer tokens in seconds (token mode). */
  readonly tokenExpiresIn?: number;
  /** Serve https with a certificate from a private CA (see `caPem`); a token server then serves https too, with the same CA. */
  readonly tls?: boolean;
  /** With `tls` and `auth: 'token'`: keep the token server on plain http (a registry naming a clear-text realm). */
  readonly plainHttpTokenRealm?: boolean;
}

export interface Registries {
  /** Anonymous: where "CI" pushes images. */
  readonly source: Reg;
  /** htpasswd Basic auth: the delivery registry. */
  readonly delivery: Reg;
  /** Bearer-token auth behind the harness's token server. */
  readonly token: Reg;
  stop(): Promise<void>;
}

const running = new Map<number, ChildProcess>();
let exitHookInstalled = false;
/** If the test process dies without stopping its registries, take them down with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of running.keys()) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  });
}

function configYaml(opts: { port: number; dataDir: string; auth: RegistryAuth; htpasswd?: string; token?: { realm: string; certPath: string }; tls?: TestTls }): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(opts.dataDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${opts.port}`,
    '  secret: caravan-test-only-secret',
  ];
  if (opts.tls !== undefined) {
    lines.push('  tls:', `    certificate: ${JSON.stringify(opts.tls.certPath)}`, `    key: ${JSON.stringify(opts.tls.keyPath)}`);
  }
  if (opts.auth === 'basic' && opts.htpasswd !== undefined) {
    lines.push('auth:', '  htpasswd:', '    realm: caravan-test-registry', `    path: ${JSON.stringify(opts.htpasswd)}`);
  }
  if (opts.auth === 'token' && opts.token !== undefined) {
    lines.push(
      'auth:', '  token:',
      `    realm: ${JSON.stringify(opts.token.realm)}`,
      '    service: caravan-test-registry',
      '    issuer: caravan-test-issuer',
      `    rootcertbundle: ${JSON.stringify(opts.token.certPath)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One `GET /v2/` with node:http(s), trusting `ca`; resolves with the status, rejects when nothing answers. */
function probe(url: string, ca: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL('/v2/', url);
    const req = (u.protocol === 'https:' ? https : http).get(u, { timeout: 1000, ...(ca !== undefined ? { ca } : {}) }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Polls `GET /v2/` until the registry answers (200 or 401), or the process exits. */
async function waitUntilServing(url: string, ca: string | undefined, child: ChildProcess, logPath: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => { exited = true; });
  for (;;) {
    if (exited) throw new Error(`docker-registry exited before serving: ${fs.readFileSync(logPath, 'utf8').slice(-2000)}`);
    try {
      const status = await probe(url, ca);
      if (status === 200 || status === 401) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`docker-registry at ${url} not serving after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<Reg> {
  const auth = opts.auth ?? 'none';
  const name = opts.name ?? `registry-${auth}`;
  const dir = fs.mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), `caravan-${name}-`));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const username = auth === 'none' ? undefined : (opts.username ?? 'caravan');
  const password = auth === 'none' ? undefined : (opts.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`);

  let htpasswd: string | undefined;
  let tokenServer: TokenServer | undefined;
  if (auth === 'basic') {
    htpasswd = path.join(dir, 'htpasswd');
    const users = [{ username: username!, password: password! }, ...(opts.extraUsers ?? [])];
    const entries = users.map((u) => execFileSync('htpasswd', ['-Bbn', u.username, u.password], { encoding: 'utf8' }).trim());
    fs.writeFileSync(htpasswd, `${entries.join('\n')}\n`);
  }
  const tls = opts.tls === true ? makeTestTls(path.join(dir, 'tls')) : undefined;
  if (auth === 'token') {
    tokenServer = await startTokenServer({
      ...(tls !== undefined && opts.plainHttpTokenRealm !== true ? { tls } : {}),
      dir: path.join(dir, 'token'), service: 'caravan-test-registry', issuer: 'caravan-test-issuer',
      users: [{ username: username!, password: password! }, ...(opts.extraUsers ?? [])],
      ...(opts.tokenExpiresIn !== undefined ? { expiresIn: opts.tokenExpiresIn } : {}),
    });
  }

  const scheme = tls !== undefined ? 'https' : 'http';
  let port = await freePort();
  const configPath = path.join(dir, 'config.yml');
  const logPath = path.join(dir, 'registry.log');
  const writeConfig = (): void => {
    fs.writeFileSync(configPath, configYaml({
      port, dataDir, auth, ...(htpasswd !== undefined ? { htpasswd } : {}), ...(tls !== undefined ? { tls } : {}),
      ...(tokenServer !== undefined ? { token: { realm: tokenServer.realm, certPath: tokenServer.certPath } } : {}),
    }));
  };
  writeConfig();

  let child: ChildProcess | undefined;
  installExitHook();

  const spawnOnce = async (): Promise<void> => {
    const log = fs.openSync(logPath, 'a');
    const c = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    if (c.pid === undefined) throw new Error('could not start docker-registry (is the Debian package installed?)');
    running.set(c.pid, c);
    const pid = c.pid;
    c.once('exit', () => running.delete(pid));
    child = c;
    try {
      await waitUntilServing(`${scheme}://127.0.0.1:${port}`, tls?.caPem, c, logPath);
    } catch (err) {
      c.kill('SIGKILL');
      await waitForExit(c);
      child = undefined;
      throw err;
    }
  };

  // Another process may grab the probed port before the registry binds it: on the first start, try a few ports.
  for (let attempt = 0; ; attempt++) {
    try { await spawnOnce(); break; } catch (err) {
      if (attempt >= 3 || !/address already in use/.test(String(err))) { await tokenServer?.close(); throw err; }
      port = await freePort();
      writeConfig();
    }
  }

  const reg: Reg = {
    name, auth,
    url: `${scheme}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    get pid() { return child?.exitCode === null && child.signalCode === null ? child.pid : undefined; },
    dataDir,
    ...(tokenServer !== undefined ? { tokenServer } : {}),
    ...(tls !== undefined ? { caPem: tls.caPem } : {}),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      if (c === undefined) return;
      child = undefined;
      c.kill(signal);
      await waitForExit(c);
    },
    async start() {
      if (child !== undefined) return;
      await spawnOnce();
    },
    async destroy() {
      await reg.stop();
      await tokenServer?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return reg;
}

/** The three registries most tests need: anonymous source, Basic-auth delivery, bearer-token. */
export async function startRegistries(opts: { workDir?: string } = {}): Promise<Registries> {
  const common = opts.workDir !== undefined ? { workDir: opts.workDir } : {};
  const settled = await Promise.allSettled([
    startRegistry({ ...common, auth: 'none', name: 'source' }),
    startRegistry({ ...common, auth: 'basic', name: 'delivery' }),
    startRegistry({ ...common, auth: 'token', name: 'token', extraUsers: [{ username: 'reader', password: 'reader-pw', actions: ['pull'] }] }),
  ]);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.destroy() : undefined)));
    throw failed.reason;
  }
  const [source, delivery, token] = settled.map((s) => (s as PromiseFulfilledResult<Reg>).value) as [Reg, Reg, Reg];
  return {
    source, delivery, token,
    async stop() { await Promise.all([source.destroy(), delivery.destroy(), token.destroy()]); },
  };
}
