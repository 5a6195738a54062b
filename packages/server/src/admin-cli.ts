/**
 * `caravan-server admin`: token recovery on the database itself, whether the
 * server runs or not (SQLite's WAL lets both work on one file; PostgreSQL is
 * shared anyway), for the day no admin token is left: create one, list them,
 * revoke one. The database and master key are found as the server finds them
 * (--database-url / CARAVAN_DATABASE_URL, CARAVAN_MASTER_KEY or the key file
 * beside the SQLite database). A created token's secret is printed once.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Role, Token } from '@caravan/contracts';
import { ROLES } from '@caravan/contracts';
import { ConfigError, DEFAULT_DATABASE_URL, resolveMasterKey, sqliteFile } from './config.js';
import { createTokenAdmin, isCaravanError, openStore, parseMasterKey, parseStoreUrl, type TokenAdmin } from './core/index.js';

export const ADMIN_HELP = `caravan-server admin: manage API tokens on the database directly (for recovery).

Usage:
  caravan-server admin create-token --role ROLE [--role ROLE...] [--name NAME]
                                    [--environments a,b] [--expires-at TIME] [--json]
  caravan-server admin list-tokens [--json]
  caravan-server admin revoke-token ID

  --role ROLE          ${ROLES.join(', ')} (repeat it, or separate roles with commas)
  --name NAME          the token's name (default "recovery <role> token")
  --environments a,b   limit the token to these environments
  --expires-at TIME    RFC 3339 time after which the token stops working
  --json               print JSON instead of text (create-token: with the secret)
  --database-url URL   the server's database (env CARAVAN_DATABASE_URL, default ${DEFAULT_DATABASE_URL})

Works with the server running or stopped. CARAVAN_MASTER_KEY is read as by the
server (required with PostgreSQL). The secret of a created token is printed
once; the database keeps only its hash. The last active admin token cannot be
revoked: create another first.
`;

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Runs one admin command; the exit code (0 done, 1 refused, 2 usage). */
export async function runAdmin(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout.write(ADMIN_HELP);
    return command === undefined ? 2 : 0;
  }
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        role: { type: 'string', multiple: true },
        name: { type: 'string' },
        environments: { type: 'string' },
        'expires-at': { type: 'string' },
        json: { type: 'boolean' },
        'database-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (e) {
    io.stderr.write(`caravan-server admin: ${(e as Error).message}\n\n${ADMIN_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(ADMIN_HELP);
    return 0;
  }
  const usage = (message: string) => {
    io.stderr.write(`caravan-server admin ${command}: ${message}\n\n${ADMIN_HELP}`);
    return 2;
  };
  if (command !== 'create-token' && command !== 'list-tokens' && command !== 'revoke-token') return usage(`unknown command; the commands are create-token, list-tokens, revoke-token`);
  if (command === 'revoke-token' && positionals.length !== 1) return usage('give the id of the token to revoke (list-tokens shows them)');
  if (command !== 'revoke-token' && positionals.length > 0) return usage(`unexpected ${positionals.join(' ')}`);
  const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  if (command === 'create-token' && roles.length === 0) return usage('--role is required (e.g. --role admin)');

  const databaseUrl = values['database-url'] ?? env.CARAVAN_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let masterKey: Buffer;
  try {
    const target = parseStoreUrl(databaseUrl);
    if (target.dialect === 'sqlite') {
      const file = sqliteFile(databaseUrl);
      // A typo must not quietly create a new, empty database with a token nobody's server reads.
      if (file === undefined) throw new ConfigError('an in-memory database belongs to its process; give the --database-url of the server');
      if (!fs.existsSync(file)) throw new ConfigError(`there is no database at ${file}; give the --database-url (or CARAVAN_DATABASE_URL) the server uses`);
    }
    masterKey = parseMasterKey(resolveMasterKey(databaseUrl, env.CARAVAN_MASTER_KEY).key);
  } catch (e) {
    io.stderr.write(`caravan-server admin: ${(e as Error).message}\n`);
    return 2;
  }

  const store = await openStore(databaseUrl);
  const user = safeUser();
  const admin = createTokenAdmin({ store, masterKey, operator: { id: 'admin-cli', name: `caravan-server admin (${user}@${os.hostname()})` } });
  try {
    if (command === 'create-token') return await create(admin, io, { roles, name: values.name, environments: values.environments, expiresAt: values['expires-at'], json: values.json ?? false });
    if (command === 'list-tokens') return await list(admin, io, values.json ?? false);
    await admin.revoke(positionals[0]!);
    io.stdout.write(`Revoked token ${positionals[0]}.\n`);
    return 0;
  } catch (e) {
    if (!isCaravanError(e)) throw e;
    const errors = Array.isArray(e.details?.errors) ? (e.details.errors as { pointer: string; message: string }[]) : [];
    io.stderr.write(`caravan-server admin ${command}: ${e.message}${errors.map((x) => `\n  ${x.pointer.replace(/^\//, '--').replace(/^--expiresAt$/, '--expires-at')}: ${x.message}`).join('')}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

async function create(admin: TokenAdmin, io: Io, o: { roles: string[]; name: string | undefined; environments: string | undefined; expiresAt: string | undefined; json: boolean }): Promise<number> {
  const created = await admin.create({
    name: o.name ?? `recovery ${o.roles.join('+')} token`,
    roles: o.roles as Role[],
    ...(o.environments === undefined ? {} : { environments: o.environments.split(',').map((e) => e.trim()).filter((e) => e !== '') }),
    ...(o.expiresAt === undefined ? {} : { expiresAt: o.expiresAt }),
  });
  if (o.json) {
    io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(
    [
      `Created token ${created.id} "${created.name}" with the roles ${created.roles.join(', ')}${created.environments ? `, limited to ${created.environments.join(', ')}` : ''}${created.expiresAt ? `, until ${created.expiresAt}` : ''}.`,
      'Its secret is shown only now; keep it:',
      '',
      `  ${created.secret}`,
      '',
    ].join('\n'),
  );
  return 0;
}

async function list(admin: TokenAdmin, io: Io, json: boolean): Promise<number> {
  const tokens: Token[] = [];
  let cursor: string | undefined;
  do {
    const page = await admin.list({ limit: 200, ...(cursor === undefined ? {} : { cursor }) });
    tokens.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  if (json) {
    io.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  const rows = [
    ['ID', 'NAME', 'ROLES', 'ENVIRONMENTS', 'EXPIRES', 'LAST USED', 'STATE'],
    ...tokens.map((t) => [
      t.id,
      t.name,
      t.roles.join(','),
      t.environments?.join(',') ?? '(all)',
      t.expiresAt ?? 'never',
      t.lastUsedAt ?? 'never',
      t.expiresAt !== undefined && Date.parse(t.expiresAt) <= now ? 'expired' : 'active',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  io.stdout.write(rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n');
  return 0;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
