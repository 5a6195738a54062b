/** Write-only secrets: registry passwords and token secrets never come back out. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/server.js';

const PASSWORD = 'registry-password-Zq8!x';
const SOURCE_PASSWORD = 'source-password-Pw3#y';

let server: TestServer;
const seen: string[] = [];
const logged: string[] = [];
const logger = { info: (m: string, f?: unknown) => logged.push(m + JSON.stringify(f)), warn: (m: string, f?: unknown) => logged.push(m + JSON.stringify(f)), error: (m: string, f?: unknown) => logged.push(m + JSON.stringify(f)) };
beforeAll(async () => { server = await startTestServer({ logger }); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

async function text(method: string, url: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await server.call(method, url, body === undefined ? {} : { body });
  const t = await res.text();
  seen.push(t, JSON.stringify([...res.headers]));
  return { status: res.status, text: t };
}

describe('secrets', () => {
  it('the registry password is accepted, reported only as hasPassword, and appears in no response', async () => {
    const put = await text('PUT', '/v1/registry', { url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: PASSWORD });
    expect(put.status).toBe(200);
    expect(JSON.parse(put.text)).toMatchObject({ username: 'robot', hasPassword: true });
    const got = await text('GET', '/v1/registry');
    expect(JSON.parse(got.text)).toMatchObject({ hasPassword: true });

    expect((await text('PUT', `/v1/registry/sources/${encodeURIComponent('ghcr.io')}`, { username: 'ci', password: SOURCE_PASSWORD })).status).toBe(200);
    const sources = await text('GET', '/v1/registry/sources');
    expect(JSON.parse(sources.text)).toMatchObject({ items: [{ host: 'ghcr.io', username: 'ci', hasPassword: true }] });

    await text('GET', '/v1/audit?limit=200');
    await text('GET', '/v1/operations');
    await text('GET', '/v1/whoami');
    for (const t of seen) {
      expect(t).not.toContain(PASSWORD);
      expect(t).not.toContain(SOURCE_PASSWORD);
    }
  });

  it('the request log has every request but never a token, a password or a body', async () => {
    await text('PUT', '/v1/registry', { url: 'https://registry.example.com', prefix: 'caravan', password: PASSWORD });
    const log = logged.join('\n');
    expect(log).toContain('"path":"/v1/registry"');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain(SOURCE_PASSWORD);
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toMatch(/authorization/i);
  });

  it('a token secret is shown once at creation and never in lists or the audit trail', async () => {
    const created = await text('POST', '/v1/tokens', { name: 'ci-bot', roles: ['developer'] });
    const { secret } = JSON.parse(created.text) as { secret: string };
    expect(secret.length).toBeGreaterThan(20);
    const list = await text('GET', '/v1/tokens');
    const audit = await text('GET', '/v1/audit?limit=200');
    expect(list.text).not.toContain(secret);
    expect(audit.text).not.toContain(secret);
    expect(list.text).toContain('ci-bot');
  });

  it('a token created with an Idempotency-Key is not kept for replay: a retry is told it happened, without the secret', async () => {
    const send = () => server.call('POST', '/v1/tokens', { body: { name: 'idem-bot', roles: ['viewer'] }, headers: { 'idempotency-key': 'token-key' } });
    const first = await send();
    expect(first.status).toBe(201);
    const { secret, id } = (await first.json()) as { secret: string; id: string };
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    const text = await again.text();
    expect(text).not.toContain(secret);
    expect(text).toContain(id);
    const stored = await server.caravan.store.idempotency.get('tok_bootstrap', 'token-key');
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
    // Only one token was made.
    const names = ((await (await server.call('GET', '/v1/tokens?limit=200')).json()) as { items: { name: string }[] }).items.filter((t) => t.name === 'idem-bot');
    expect(names).toHaveLength(1);
  });

  it('mounted under a prefix, a token created with an Idempotency-Key is still not kept for replay', async () => {
    const parent = new Hono();
    parent.route('/caravan', server.caravan.app);
    const send = () =>
      parent.request('/caravan/v1/tokens', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': 'prefixed-token-key' },
        body: JSON.stringify({ name: 'prefixed-bot', roles: ['viewer'] }),
      });
    const first = await send();
    expect(first.status).toBe(201);
    const { secret } = (await first.json()) as { secret: string };
    const stored = await server.caravan.store.idempotency.get('tok_bootstrap', 'prefixed-token-key');
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(secret);
    const again = await send();
    expect(again.status).toBe(409);
    expect(await again.text()).not.toContain(secret);
  });
});
