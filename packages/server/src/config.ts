/**
 * How `caravan-server` is configured: flags first, then environment, then the
 * defaults of ARCHITECTURE.md "Running it". Also resolves the master key that
 * encrypts secrets at rest: given, or a key file (mode 0600) beside the SQLite
 * database, created at first start.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMasterKey, parseMasterKey, parseStoreUrl } from './core/index.js';
import { originProblem } from './http/cors.js';

export const DEFAULT_PORT = 7420;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATABASE_URL = 'file:./.caravan/caravan.db';
export const DEFAULT_RETENTION = '72h';
export const DEFAULT_LEASE = '15s';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  bootstrapToken?: string;
  masterKey?: string;
  /** Proxies (addresses or CIDR blocks) whose X-Forwarded-For names the client for the bad-token budget. */
  trustedProxies: string[];
  /** Origins whose browser pages may call the API (CORS). */
  corsOrigins: string[];
  /** How long events and finished operations are kept, in ms. */
  retentionMs: number;
  /** How long a worker's claim on an operation holds without renewal, in ms: how soon another replica takes over the work of a dead one. */
  leaseMs: number;
  help: boolean;
}

export const HELP = `caravan-server: Caravan's HTTP API over its delivery core.

Usage: caravan-server [--port N] [--host ADDR] [--database-url URL] [--retention DURATION]
                      [--lease DURATION] [--trusted-proxy ADDR]... [--cors-origin ORIGIN]...
       caravan-server admin create-token|list-tokens|revoke-token ...

  --port N            port to listen on (env CARAVAN_PORT, default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR         address to bind (env CARAVAN_HOST, default ${DEFAULT_HOST})
  --database-url URL  file:./path.db for SQLite, postgres://... for PostgreSQL
                      (env CARAVAN_DATABASE_URL, default ${DEFAULT_DATABASE_URL})
  --retention DURATION  how long events and finished operations are kept, e.g. 90m, 72h, 7d
                      (env CARAVAN_RETENTION, default ${DEFAULT_RETENTION}); the audit trail is kept for good
  --lease DURATION    how long a replica's claim on running work holds unrenewed, 5s to 10m: another replica
                      (or this one, restarted) takes over a dead one's operations that long after its last
                      renewal (env CARAVAN_LEASE, default ${DEFAULT_LEASE}; renewed every third of it).
                      Shorter fails over sooner; longer rides out database stalls
  --trusted-proxy ADDR  a reverse proxy (address or CIDR block) whose X-Forwarded-For names the client
                      for the budget of bad tokens per address; repeatable (env CARAVAN_TRUSTED_PROXIES,
                      comma-separated; default none: the socket's address counts)
  --cors-origin ORIGIN  an origin (https://portal.example.com) whose browser pages may call the API;
                      repeatable (env CARAVAN_CORS_ORIGINS, comma-separated; default none). Pages still
                      need a token: CORS only lets them read the answers
  -h, --help          this text

  caravan-server admin --help: token recovery on the database itself, server running or not

Environment only:
  CARAVAN_BOOTSTRAP_TOKEN  admin token created at first start (when unset, one is generated and printed once)
  CARAVAN_MASTER_KEY       key that encrypts secrets at rest (when unset with SQLite, a key file with
                           mode 0600 is created beside the database; required with PostgreSQL)
`;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads flags and environment; throws ConfigError with a message meant for a human. */
export function parseConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'database-url': { type: 'string' },
        retention: { type: 'string' },
        lease: { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        'cors-origin': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n\n${HELP}`);
  }
  const portText = values.port ?? env.CARAVAN_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`--port/CARAVAN_PORT must be a port number 0..65535, got "${portText}"`);
  const retentionText = values.retention ?? env.CARAVAN_RETENTION ?? DEFAULT_RETENTION;
  const retentionMs = parseDuration(retentionText);
  if (retentionMs === undefined) {
    throw new ConfigError(`--retention/CARAVAN_RETENTION must be a duration such as 90m, 72h or 7d (at least one minute), got "${retentionText}"`);
  }
  const leaseText = values.lease ?? env.CARAVAN_LEASE ?? DEFAULT_LEASE;
  const leaseMs = parseLease(leaseText);
  if (leaseMs === undefined) throw new ConfigError(`--lease/CARAVAN_LEASE must be a duration from 5s to 10m, such as 15s or 2m, got "${leaseText}"`);
  const trustedProxies = (values['trusted-proxy'] ?? (env.CARAVAN_TRUSTED_PROXIES ? [env.CARAVAN_TRUSTED_PROXIES] : []))
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const proxy of trustedProxies) {
    const [address, bits] = proxy.split('/');
    if (isIP(address ?? '') === 0 || (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address!) === 6 ? 128 : 32)))) {
      throw new ConfigError(`--trusted-proxy/CARAVAN_TRUSTED_PROXIES must be IP addresses or CIDR blocks (10.0.0.0/8), got "${proxy}"`);
    }
  }
  const corsOrigins = (values['cors-origin'] ?? (env.CARAVAN_CORS_ORIGINS ? [env.CARAVAN_CORS_ORIGINS] : []))
    .flatMap((o) => o.split(','))
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of corsOrigins) {
    const problem = originProblem(origin);
    if (problem) throw new ConfigError(`--cors-origin/CARAVAN_CORS_ORIGINS: "${origin}" is not an origin: ${problem}`);
  }
  const config: ServerConfig = {
    port,
    trustedProxies,
    corsOrigins,
    retentionMs,
    leaseMs,
    host: values.host ?? env.CARAVAN_HOST ?? DEFAULT_HOST,
    databaseUrl: values['database-url'] ?? env.CARAVAN_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    help: values.help ?? false,
  };
  if (env.CARAVAN_BOOTSTRAP_TOKEN) config.bootstrapToken = env.CARAVAN_BOOTSTRAP_TOKEN;
  if (env.CARAVAN_MASTER_KEY) config.masterKey = env.CARAVAN_MASTER_KEY;
  return config;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90m`, `72h`, `7d` in milliseconds; undefined for anything else or less than a minute. */
export function parseDuration(text: string): number | undefined {
  const m = /^([0-9]{1,6})(m|h|d)$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms >= UNIT_MS.m ? ms : undefined;
}

/** `15s`, `2m` in milliseconds, from 5 s to 10 min; undefined for anything else. */
export function parseLease(text: string): number | undefined {
  const m = /^([0-9]{1,4})(s|m)$/.exec(text.trim());
  if (m === null) return undefined;
  const ms = Number(m[1]) * (m[2] === 's' ? 1_000 : 60_000);
  return ms >= 5_000 && ms <= 600_000 ? ms : undefined;
}

/** The SQLite database file a URL names, or undefined for `:memory:` and PostgreSQL. */
export function sqliteFile(url: string): string | undefined {
  const target = parseStoreUrl(url);
  if (target.dialect !== 'sqlite' || target.file === ':memory:') return undefined;
  return path.resolve(target.file);
}

/**
 * The master key to use: the given one, or the key file `caravan.key` beside
 * the SQLite database (created with mode 0600 when absent). An in-memory
 * database gets a throwaway key, since nothing it encrypts outlives the
 * process. PostgreSQL without a key is refused: several replicas must share
 * one key, and a file on one machine cannot give them that.
 */
export function resolveMasterKey(databaseUrl: string, masterKey: string | undefined): { key: string; source: 'given' | 'created' | 'file' | 'ephemeral'; file?: string } {
  if (masterKey) {
    try {
      return { key: parseMasterKey(masterKey).toString('base64'), source: 'given' };
    } catch (e) {
      throw new ConfigError(`CARAVAN_MASTER_KEY: ${(e as Error).message}`);
    }
  }
  if (parseStoreUrl(databaseUrl).dialect === 'postgres') {
    throw new ConfigError(
      'CARAVAN_MASTER_KEY is required with PostgreSQL: every replica must encrypt and decrypt secrets with the same key. ' +
        'Generate one with `openssl rand -base64 32` and give it to each replica.',
    );
  }
  const db = sqliteFile(databaseUrl);
  if (!db) return { key: randomBytes(32).toString('base64'), source: 'ephemeral' };
  const file = path.join(path.dirname(db), 'caravan.key');
  let loaded;
  try {
    loaded = loadMasterKey({ keyFile: file });
  } catch (e) {
    throw new ConfigError(`master key file: ${(e as Error).message}`);
  }
  return { key: loaded.key.toString('base64'), source: loaded.source === 'created' ? 'created' : 'file', file };
}
