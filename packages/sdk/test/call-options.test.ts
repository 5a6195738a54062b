/** Per-call options: `timeoutMs`, `retry` and `signal` on one call, over the client's own, on every method. */
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isCaravanTimeoutError, isServerError, type CaravanClient } from '../src/index.js';
import { BASE, client, json, problem, server } from './msw.js';

const template = { name: 'shop', description: '', labels: {}, etag: '"1"', createdAt: '2026-11-26T10:00:00Z', updatedAt: '2026-11-26T10:00:00Z', createdBy: { id: 't', name: 'dev' } };

describe('timeoutMs on one call', () => {
  it('cuts a slow answer sooner than the client’s timeout', async () => {
    server.use(
      http.get(`${BASE}/v1/templates/shop`, async () => {
        await delay(2_000);
        return json(template);
      }),
    );
    const started = Date.now();
    const error = await client({ timeoutMs: 30_000 })
      .templates.get('shop', { timeoutMs: 100, retry: false })
      .catch((e: unknown) => e);
    expect(isCaravanTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('waits longer than the client’s timeout when asked to', async () => {
    server.use(
      http.get(`${BASE}/v1/templates/shop`, async () => {
        await delay(300);
        return json(template);
      }),
    );
    const c = client({ timeoutMs: 100, retry: 0 });
    expect(isCaravanTimeoutError(await c.templates.get('shop').catch((e: unknown) => e))).toBe(true);
    expect((await c.templates.get('shop', { timeoutMs: 5_000 })).name).toBe('shop');
  });
});

describe('retry on one call', () => {
  function failing(times: number) {
    const attempts = { count: 0 };
    server.use(
      http.get(`${BASE}/v1/templates/shop`, () => {
        attempts.count++;
        return attempts.count <= times ? problem('unavailable', 503) : json(template);
      }),
    );
    return attempts;
  }

  it('`false` sends the call once, whatever the client’s policy', async () => {
    const attempts = failing(1);
    const error = await client({ retry: { limit: 3, backoffLimitMs: 10 } })
      .templates.get('shop', { retry: false })
      .catch((e: unknown) => e);
    expect(isServerError(error)).toBe(true);
    expect(attempts.count).toBe(1);
  });

  it('a number is the limit of this call, above the client’s', async () => {
    const attempts = failing(4);
    const t = await client({ retry: { limit: 1, backoffLimitMs: 10 } }).templates.get('shop', { retry: 4 });
    expect(t.name).toBe('shop');
    expect(attempts.count).toBe(5);
  });

  it('a policy takes its fields over the client’s (here the limit, keeping the client’s short backoff)', async () => {
    const attempts = failing(5);
    const started = Date.now();
    const error = await client({ retry: { limit: 0, backoffLimitMs: 10 } })
      .templates.get('shop', { retry: { limit: 2 } })
      .catch((e: unknown) => e);
    expect(isServerError(error)).toBe(true);
    expect(attempts.count).toBe(3);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('applies to every page of a list', async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/v1/templates`, ({ request }) => {
        attempts++;
        const cursor = new URL(request.url).searchParams.get('cursor');
        if (cursor === 'p2' && attempts < 4) return problem('unavailable', 503);
        return json(cursor === 'p2' ? { items: [{ ...template, name: 'two' }] } : { items: [template], nextCursor: 'p2' });
      }),
    );
    const names: string[] = [];
    for await (const t of client({ retry: 0 }).templates.list({}, { retry: { limit: 3, backoffLimitMs: 10 } })) names.push(t.name);
    expect(names).toEqual(['shop', 'two']);
    expect(attempts).toBe(4);
  });
});

describe('signal on one call', () => {
  it('an abort during the call rejects with the signal’s reason', async () => {
    server.use(
      http.get(`${BASE}/v1/templates/shop`, async () => {
        await delay(5_000);
        return json(template);
      }),
    );
    const ac = new AbortController();
    const reason = new Error('the user left the page');
    setTimeout(() => ac.abort(reason), 50);
    const started = Date.now();
    expect(await client().templates.get('shop', { signal: ac.signal }).catch((e: unknown) => e)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  /** Every method of the client that takes CallOptions, called with an aborted signal (arguments are placeholders). */
  function everyCall(c: CaravanClient, o: { signal: AbortSignal }): [string, () => PromiseLike<unknown>][] {
    const t = c.templates;
    const v = t.versions;
    const e = c.environments;
    const i = e.installs;
    const r = i.records;
    return [
      ['templates.list', () => t.list({}, o)],
      ['templates.get', () => t.get('x', o)],
      ['templates.create', () => t.create({ name: 'x' }, o)],
      ['templates.update', () => t.update('x', {}, o)],
      ['templates.delete', () => t.delete('x', o)],
      ['versions.list', () => v.list('x', {}, o)],
      ['versions.get', () => v.get('x', '1.0', o)],
      ['versions.create', () => v.create('x', { version: '1.0', app: 'components: []' }, o)],
      ['versions.update', () => v.update('x', '1.0', {}, o)],
      ['versions.diff', () => v.diff('x', '1.1', '1.0', o)],
      ['versions.publish', () => v.publish('x', '1.0', {}, o)],
      ['versions.retry', () => v.retry('x', '1.0', {}, o)],
      ['versions.release', () => v.release('x', '1.0', {}, o)],
      ['versions.deprecate', () => v.deprecate('x', '1.0', {}, o)],
      ['versions.restore', () => v.restore('x', '1.0', {}, o)],
      ['operations.list', () => c.operations.list({}, o)],
      ['operations.get', () => c.operations.get('op_1', o)],
      ['operations.cancel', () => c.operations.cancel('op_1', o)],
      ['operations.wait', () => c.operations.wait('op_1', o)],
      ['tokens.list', () => c.tokens.list({}, o)],
      ['tokens.create', () => c.tokens.create({ name: 'x', roles: ['viewer'] }, o)],
      ['tokens.delete', () => c.tokens.delete('tok_1', o)],
      ['audit.list', () => c.audit.list({}, o)],
      ['registry.get', () => c.registry.get(o)],
      ['registry.put', () => c.registry.put({ url: 'https://r.example.com', prefix: '' }, o)],
      ['registry.check', () => c.registry.check(o)],
      ['registry.sources.list', () => c.registry.sources.list(o)],
      ['registry.sources.put', () => c.registry.sources.put('ghcr.io', { username: 'u', password: 'p' }, o)],
      ['registry.sources.delete', () => c.registry.sources.delete('ghcr.io', o)],
      ['clusters.list', () => c.clusters.list({}, o)],
      ['clusters.get', () => c.clusters.get('x', o)],
      ['clusters.create', () => c.clusters.create({ name: 'x', kubeconfig: 'apiVersion: v1' }, o)],
      ['clusters.update', () => c.clusters.update('x', {}, o)],
      ['clusters.delete', () => c.clusters.delete('x', o)],
      ['clusters.probe', () => c.clusters.probe('x', o)],
      ['environments.list', () => e.list({}, o)],
      ['environments.get', () => e.get('x', o)],
      ['environments.create', () => e.create({ name: 'x', cluster: 'c', namespace: 'n', tier: 'test' }, o)],
      ['environments.update', () => e.update('x', {}, o)],
      ['environments.delete', () => e.delete('x', o)],
      ['installs.list', () => i.list('x', {}, o)],
      ['installs.get', () => i.get('x', 'y', o)],
      ['installs.create', () => i.create('x', { name: 'y', template: 't', version: '1.0' }, o)],
      ['installs.update', () => i.update('x', 'y', {}, o)],
      ['installs.delete', () => i.delete('x', 'y', o)],
      ['installs.preview', () => i.preview('x', 'y', {}, o)],
      ['installs.upgrade', () => i.upgrade('x', 'y', {}, o)],
      ['installs.status', () => i.status('x', 'y', o)],
      ['records.list', () => r.list('x', 'y', {}, o)],
      ['records.get', () => r.get('x', 'y', 1, o)],
      ['records.rollback', () => r.rollback('x', 'y', 1, {}, o)],
      ['whoami', () => c.whoami(o)],
      ['health', () => c.health(o)],
      ['ready', () => c.ready(o)],
    ];
  }

  it('every method takes it: an aborted signal rejects with its reason and sends nothing', async () => {
    let requests = 0;
    server.use(
      http.all(`${BASE}/*`, () => {
        requests++;
        return json({});
      }),
    );
    const reason = new Error('aborted before it began');
    const calls = everyCall(client(), { signal: AbortSignal.abort(reason) });
    expect(calls.length).toBeGreaterThan(50);
    for (const [name, call] of calls) expect(await Promise.resolve(call()).then(() => 'resolved', (e: unknown) => e), name).toBe(reason);
    expect(requests).toBe(0);
  });
});
