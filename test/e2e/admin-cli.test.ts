/**
 * `caravan-server admin` as an operator locked out of their server uses it:
 * on the real SQLite file of a running server (the built bin), it makes an
 * admin token the server accepts at once, lists tokens without their secrets,
 * revokes one (the server refuses it at once), keeps the last active admin
 * token, and goes on working with the server stopped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api } from './support/api.js';
import { runBin, startBin } from './support/bin.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-admin-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const SECRET = /^\s+(cvn_[A-Za-z0-9_-]{43})$/m;

describe('caravan-server admin', () => {
  it('makes, lists and revokes tokens on the database of a running server, which honours them at once', async () => {
    const dir = tempDir();
    const databaseUrl = `file:${path.join(dir, 'caravan.db')}`;
    const server = await startBin({ databaseUrl });
    cleanups.push(() => server.kill('SIGKILL'));
    const bootstrap = server.printedToken()!;
    expect(bootstrap).toBeTruthy();

    const created = await runBin(['admin', 'create-token', '--role', 'admin', '--name', 'break-glass', '--database-url', databaseUrl]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const secret = SECRET.exec(created.stdout)?.[1];
    expect(secret, created.stdout).toBeTruthy();
    const id = /Created token (\S+) "break-glass"/.exec(created.stdout)![1]!;

    // The running server takes the new token at once.
    const asNew = api(server.url, secret!);
    expect(await asNew('GET', '/v1/whoami')).toEqual({ status: 200, body: { id, name: 'break-glass', roles: ['admin'] } });

    // Listing shows both tokens, never a secret.
    const listed = await runBin(['admin', 'list-tokens', '--database-url', databaseUrl]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+ROLES/);
    expect(listed.stdout).toContain('tok_bootstrap');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(secret!);
    expect(listed.stdout).not.toContain(bootstrap);

    // Revoking through the CLI: the server refuses that token from then on.
    const revoked = await runBin(['admin', 'revoke-token', 'tok_bootstrap', '--database-url', databaseUrl]);
    expect(revoked.code).toBe(0);
    expect((await api(server.url, bootstrap)('GET', '/v1/whoami')).status).toBe(401);

    // The last active admin token is kept, here as over HTTP.
    const last = await runBin(['admin', 'revoke-token', id, '--database-url', databaseUrl]);
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/last active admin token/);
    expect((await asNew('GET', '/v1/whoami')).status).toBe(200);

    // The CLI's changes are in the audit trail under its own name.
    const audit = await asNew<{ items: { action: string; actor: { id: string } }[] }>('GET', '/v1/audit?actor=admin-cli');
    expect(audit.body.items.map((e) => e.action).sort()).toEqual(['token.create', 'token.delete']);

    // With the server stopped, it still works, and the restarted server honours what it made.
    expect(await server.kill('SIGTERM')).toBe(0);
    const viewer = await runBin(['admin', 'create-token', '--role', 'viewer', '--environments', 'test-a,test-b', '--expires-at', '2099-01-01T00:00:00Z', '--json'], {
      CARAVAN_DATABASE_URL: databaseUrl,
    });
    expect(viewer.code).toBe(0);
    const made = JSON.parse(viewer.stdout) as { id: string; secret: string; roles: string[]; environments: string[]; expiresAt: string };
    expect(made).toMatchObject({ roles: ['viewer'], environments: ['test-a', 'test-b'], expiresAt: '2099-01-01T00:00:00.000Z' });
    const again = await startBin({ databaseUrl });
    cleanups.push(() => again.kill('SIGKILL'));
    expect(again.printedToken()).toBeUndefined();
    expect((await api(again.url, made.secret)('GET', '/v1/whoami')).body).toMatchObject({ id: made.id, roles: ['viewer'] });
  });

  it('refuses bad input and a database that is not there, with exit code 2 or 1 and a message', async () => {
    const dir = tempDir();
    const missing = await runBin(['admin', 'list-tokens', '--database-url', `file:${path.join(dir, 'nope.db')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/there is no database at/);
    expect(fs.existsSync(path.join(dir, 'nope.db'))).toBe(false);

    const noRole = await runBin(['admin', 'create-token', '--database-url', `file:${path.join(dir, 'nope.db')}`]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/--role is required/);

    const unknown = await runBin(['admin', 'make-coffee']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);

    const help = await runBin(['admin', '--help']);
    expect(help.code).toBe(0);
    for (const word of ['create-token', 'list-tokens', 'revoke-token', '--database-url', 'CARAVAN_MASTER_KEY']) expect(help.stdout).toContain(word);

    // A bad role is the tokens service's own refusal.
    const databaseUrl = `file:${path.join(dir, 'caravan.db')}`;
    const server = await startBin({ databaseUrl });
    await server.kill('SIGTERM');
    const badRole = await runBin(['admin', 'create-token', '--role', 'root', '--database-url', databaseUrl]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/unknown role root/);
  });
});
