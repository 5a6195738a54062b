/**
 * Authentication under load, on a real listening server: a burst of bad tokens
 * from one address spends that address's budget and draws 429 with
 * Retry-After, while the right token, from that address or another, is
 * answered 200 at once. Addresses are the socket's (loopback 127.0.0.x as
 * distinct clients); X-Forwarded-For counts only from a trusted proxy.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCaravan, type Caravan, type CaravanOptions } from '../../src/index.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { AuthBudget } from '../../src/http/auth-budget.js';
import { validateResponse } from './support/contract.js';

const ADMIN = 'caravan-budget-admin-0123456789abcdef';
const WRONG = 'cvn_this-is-not-a-token-of-this-server-000';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listening(options: Partial<CaravanOptions>): Promise<{ caravan: Caravan; port: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-budget-'));
  const caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, masterKey: randomBytes(32).toString('base64'), bootstrapToken: ADMIN, port: 0, host: '127.0.0.1', ...options });
  const { port } = await caravan.start();
  cleanups.push(async () => {
    await caravan.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { caravan, port };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** GET /v1/whoami from a chosen local address, with a token (or none) and extra headers. */
function whoami(port: number, from: string, token: string | undefined, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/v1/whoami', localAddress: from, agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          const body: unknown = JSON.parse(text);
          const problems = validateResponse('GET', '/v1/whoami', res.statusCode!, res.headers['content-type'] ?? '', body);
          if (problems.length > 0) reject(new Error(problems.join('\n')));
          else resolve({ status: res.statusCode!, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the budget of bad tokens per address', () => {
  it('a burst of wrong tokens gets 401s, then 429 with Retry-After; the right token still answers 200 from that address and another', async () => {
    const { port } = await listening({ authBudget: { burst: 5, refillPerMinute: 1 } });
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < 12; i++) {
      // A forged X-Forwarded-For changes nothing without a trusted proxy.
      last = await whoami(port, '127.0.0.2', `${WRONG}${i}`, { 'x-forwarded-for': `203.0.113.${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect(last!.body).toMatchObject({ type: 'https://caravan.dev/problems/too-many-requests', status: 429 });
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(last!.headers['retry-after']).toMatch(/^\d+$/);

    // The right token right after the burst: not held up by the budget, from the same address or another.
    expect((await whoami(port, '127.0.0.2', ADMIN)).status).toBe(200);
    expect((await whoami(port, '127.0.0.3', ADMIN)).status).toBe(200);
    // A valid token resets nothing: the spent address stays spent for bad tokens.
    expect((await whoami(port, '127.0.0.2', WRONG)).status).toBe(429);
    // Another address has its own budget.
    expect((await whoami(port, '127.0.0.3', WRONG)).status).toBe(401);
    // No token at all guesses nothing: it is a plain 401 even from the spent address.
    expect((await whoami(port, '127.0.0.2', undefined)).status).toBe(401);
  });

  it('behind a trusted proxy, the client named in X-Forwarded-For is budgeted, not the proxy', async () => {
    const { port } = await listening({ authBudget: { burst: 2, refillPerMinute: 1, trustedProxies: ['127.0.0.0/30'] } });
    // The proxy (127.0.0.1) forwards two clients; the left-most entry is the client's own claim and is skipped over.
    const client = (ip: string) => ({ 'x-forwarded-for': `192.0.2.99, ${ip}` });
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await whoami(port, '127.0.0.1', WRONG, client('198.51.100.7'))).status);
    expect(first).toEqual([401, 401, 429]);
    expect((await whoami(port, '127.0.0.1', WRONG, client('198.51.100.8'))).status).toBe(401);
    expect((await whoami(port, '127.0.0.1', ADMIN, client('198.51.100.7'))).status).toBe(200);
    // An address outside the trusted block is its own client, whatever it forwards.
    const untrusted = [];
    for (let i = 0; i < 3; i++) untrusted.push((await whoami(port, '127.0.0.5', WRONG, client(`198.51.100.${20 + i}`))).status);
    expect(untrusted).toEqual([401, 401, 429]);
  });

  it('can be turned off', async () => {
    const { port } = await listening({ authBudget: false });
    for (let i = 0; i < 30; i++) expect((await whoami(port, '127.0.0.2', WRONG)).status).toBe(401);
  });
});

describe('AuthBudget', () => {
  it('keeps at most maxAddresses, dropping the least recently seen, which start again full', () => {
    let now = 0;
    const budget = new AuthBudget({ burst: 1, refillPerMinute: 1, maxAddresses: 3, now: () => now });
    expect(budget.fail('10.0.0.1')).toBeUndefined();
    expect(budget.fail('10.0.0.1')).toBe(60);
    for (const a of ['10.0.0.2', '10.0.0.3', '10.0.0.4']) budget.fail(a);
    expect(budget.size).toBe(3);
    // 10.0.0.1 was the least recently seen and was dropped: a full budget again.
    expect(budget.fail('10.0.0.1')).toBeUndefined();
    expect(budget.size).toBe(3);
    // Refill: half a minute earns back half a failure, a minute a whole one.
    expect(budget.fail('10.0.0.1')).toBe(60);
    now = 30_000;
    expect(budget.fail('10.0.0.1')).toBe(30);
    now = 90_000;
    expect(budget.fail('10.0.0.1')).toBeUndefined();
  });

  it('refuses a trusted proxy that is not an address or a block', () => {
    expect(() => new AuthBudget({ trustedProxies: ['proxy.internal'] })).toThrow(/trusted proxy/);
  });

  it('takes trusted proxies from the repeated flag or the comma-separated variable, and refuses names', () => {
    expect(parseConfig(['--trusted-proxy', '10.0.0.0/8', '--trusted-proxy', '::1'], {}).trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(parseConfig([], { CARAVAN_TRUSTED_PROXIES: '192.0.2.1, fd00::/8' }).trustedProxies).toEqual(['192.0.2.1', 'fd00::/8']);
    expect(parseConfig([], {}).trustedProxies).toEqual([]);
    expect(() => parseConfig(['--trusted-proxy', 'proxy.internal'], {})).toThrow(ConfigError);
    expect(() => parseConfig([], { CARAVAN_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/CIDR/);
  });
});
