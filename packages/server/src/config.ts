/**
 * How `caravan-server` is configured: flags first, then environment, then the
 * defaults of ARCHITECTURE.md "Running it". Also resolves the master key that
 * encrypts secrets at rest: given, or a key file (mode 0600) beside the SQLite
 * database, created at first start.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMasterKey, parseMasterKey, parseStoreUrl } from './core/index.js';

export const DEFAULT_PORT = 7420;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATABASE_URL = 'file:./.caravan/caravan.db';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  bootstrapToken?: string;
  masterKey?: string;
  help: boolean;
}

export const HELP = `caravan-server: Caravan's HTTP API over its delivery core.

Usage: caravan-server [--port N] [--host ADDR] [--database-url URL]

  --port N            port to listen on (env CARAVAN_PORT, default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR         address to bind (env CARAVAN_HOST, default ${DEFAULT_HOST})
  --database-url URL  file:./path.db for SQLite, postgres://... for PostgreSQL
                      (env CARAVAN_DATABASE_URL, default ${DEFAULT_DATABASE_URL})
  -h, --help          this text

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
  const config: ServerConfig = {
    port,
    host: values.host ?? env.CARAVAN_HOST ?? DEFAULT_HOST,
    databaseUrl: values['database-url'] ?? env.CARAVAN_DATABASE_URL ?? DEFAULT_DATABASE_URL,
    help: values.help ?? false,
  };
  if (env.CARAVAN_BOOTSTRAP_TOKEN) config.bootstrapToken = env.CARAVAN_BOOTSTRAP_TOKEN;
  if (env.CARAVAN_MASTER_KEY) config.masterKey = env.CARAVAN_MASTER_KEY;
  return config;
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
