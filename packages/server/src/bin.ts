#!/usr/bin/env node
/**
 * `caravan-server`: runs Caravan's HTTP API with the flags and environment of
 * ARCHITECTURE.md "Running it", prints where it listens and how to call it
 * (the generated admin token only at the first start), and stops gracefully on
 * SIGTERM/SIGINT so another process can resume held operations at once.
 */
import { runAdmin } from './admin-cli.js';
import { ConfigError, HELP, parseConfig, resolveMasterKey } from './config.js';
import { createCaravan, jsonLogger } from './index.js';

async function main(): Promise<number> {
  // Recovery on the database itself (tokens), not the server.
  if (process.argv[2] === 'admin') return runAdmin(process.argv.slice(3), process.env, process);
  let config;
  try {
    config = parseConfig(process.argv.slice(2), process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`caravan-server: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (config.help) {
    process.stdout.write(HELP);
    return 0;
  }

  let masterKey;
  try {
    masterKey = resolveMasterKey(config.databaseUrl, config.masterKey);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`caravan-server: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const logger = jsonLogger(process.stderr);
  const caravan = await createCaravan({
    databaseUrl: config.databaseUrl,
    masterKey: masterKey.key,
    port: config.port,
    host: config.host,
    retentionMs: config.retentionMs,
    // Renewed every third of the lease: two renewals can fail before another replica may take the work.
    operations: { leaseMs: config.leaseMs, renewMs: Math.floor(config.leaseMs / 3) },
    logger,
    ...(config.bootstrapToken ? { bootstrapToken: config.bootstrapToken } : {}),
    ...(config.trustedProxies.length > 0 ? { authBudget: { trustedProxies: config.trustedProxies } } : {}),
    ...(config.corsOrigins.length > 0 ? { corsOrigins: config.corsOrigins } : {}),
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write(`caravan-server: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    logger.info('stopping', { signal });
    caravan.stop().then(
      () => { logger.info('stopped'); process.exit(0); },
      (e: unknown) => { logger.error('could not stop cleanly', { error: String(e) }); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const { url } = await caravan.start();
  const token = caravan.bootstrapToken;
  const lines = [
    `Caravan is listening on ${url}`,
    `  database: ${redactUrl(config.databaseUrl)}`,
    masterKey.source === 'created' ? `  master key: created ${masterKey.file} (mode 0600); back it up, secrets cannot be read without it` : undefined,
    masterKey.source === 'file' ? `  master key: ${masterKey.file}` : undefined,
    masterKey.source === 'ephemeral' ? '  master key: throwaway (in-memory database)' : undefined,
    '',
    token
      ? `An admin token was created for this first start. It is shown only now; keep it:\n\n  ${token}\n`
      : config.bootstrapToken
        ? 'The admin token is the one in CARAVAN_BOOTSTRAP_TOKEN.\n'
        : undefined,
    'Try it:',
    `  export CARAVAN_URL=${url} CARAVAN_TOKEN=${token ?? (config.bootstrapToken ? '"$CARAVAN_BOOTSTRAP_TOKEN"' : '<your token>')}`,
    '  curl -H "Authorization: Bearer $CARAVAN_TOKEN" $CARAVAN_URL/v1/whoami',
    `  the API reference, in a browser: ${url}/docs`,
    `  the contract: ${url}/openapi.json`,
    `  metrics for Prometheus (any token): ${url}/metrics`,
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== undefined).join('\n') + '\n');
  return -1; // keep running
}

/** Never print a PostgreSQL password. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

main().then(
  (code) => { if (code >= 0) process.exit(code); },
  (e: unknown) => {
    process.stderr.write(`caravan-server: could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
