/** Retries: safe requests and keyed writes are retried, with the server's Retry-After honoured and one key per call. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isClusterUnreachableError, isConflictError, isPayloadTooLargeError, isServerError } from '../src/index.js';
import { BASE, client, json, problem, server } from './msw.js';

const template = { name: 'shop', description: '', labels: {}, etag: 'e1', createdAt: '2026-11-26T10:00:00Z', updatedAt: '2026-11-26T10:00:00Z', createdBy: { id: 't', name: 'dev' } };

describe('retries', () => {
  it('a GET answered 503 with Retry-After is retried no sooner than the server asked', async () => {
    const seen: number[] = [];
    server.use(
      http.get(`${BASE}/v1/templates/shop`, () => {
        seen.push(Date.now());
        return seen.length === 1 ? problem('unavailable', 503, {}, { 'retry-after': '1' }) : json(template);
      }),
    );
    const t = await client().templates.get('shop');
    expect(t.name).toBe('shop');
    expect(seen).toHaveLength(2);
    // Retry-After: 1 means at least a second; backoff without it would be at most 50 ms here.
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(950);
  });

  it('a POST is retried with the same Idempotency-Key on every attempt', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/templates`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return keys.length < 3 ? problem('unavailable', 503) : json(template, 201);
      }),
    );
    await client().templates.create({ name: 'shop' });
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it('two calls get two different idempotency keys', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/templates`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return json(template, 201);
      }),
    );
    const c = client();
    await c.templates.create({ name: 'shop' });
    await c.templates.create({ name: 'shop' });
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('a caller-chosen idempotency key is sent as given', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/templates`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return json(template, 201);
      }),
    );
    await client().templates.create({ name: 'shop' }, { idempotencyKey: 'create-shop-once' });
    expect(keys).toEqual(['create-shop-once']);
  });

  it('a POST sent without an idempotency key is not retried, and its error surfaces', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/templates`, ({ request }) => {
        calls++;
        expect(request.headers.has('idempotency-key')).toBe(false);
        return problem('unavailable', 503);
      }),
    );
    const error = await client().templates.create({ name: 'shop' }, { idempotencyKey: false }).catch((e: unknown) => e);
    expect(isServerError(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it('a conflict is an answer, not a failure: it is never retried', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/templates`, () => {
        calls++;
        return problem('conflict', 409);
      }),
    );
    const error = await client().templates.create({ name: 'shop' }).catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it('a 413 is final: a keyed POST is tried once, even when the server sends Retry-After', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/templates/shop/versions`, () => {
        calls++;
        return problem('payload-too-large', 413, {}, { 'retry-after': '0' });
      }),
    );
    const error = await client()
      .templates.versions.create('shop', { version: '1.0', app: { components: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] } })
      .catch((e: unknown) => e);
    expect(isPayloadTooLargeError(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it('a 413 is final for a safe method too: a PUT is tried once, Retry-After or not', async () => {
    let calls = 0;
    server.use(
      http.put(`${BASE}/v1/registry`, () => {
        calls++;
        return problem('payload-too-large', 413, {}, calls === 1 ? { 'retry-after': '0' } : {});
      }),
    );
    const error = await client()
      .registry.put({ url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 's3cret' })
      .catch((e: unknown) => e);
    expect(isPayloadTooLargeError(error)).toBe(true);
    expect(calls).toBe(1);
  });

  it("a 502 about a cluster is Caravan's answer and is not retried; a gateway's 502 is", async () => {
    let statusCalls = 0;
    let gatewayCalls = 0;
    server.use(
      http.get(`${BASE}/v1/environments/production-qingdao/installs/shop/status`, () => {
        statusCalls++;
        return problem('cluster-unreachable', 502);
      }),
      http.get(`${BASE}/v1/templates/shop`, () => {
        gatewayCalls++;
        return gatewayCalls === 1 ? new Response('<html>bad gateway</html>', { status: 502 }) : json(template);
      }),
    );
    const c = client();
    const error = await c.environments.installs.status('production-qingdao', 'shop').catch((e: unknown) => e);
    expect(isClusterUnreachableError(error)).toBe(true);
    expect(statusCalls).toBe(1);
    expect((await c.templates.get('shop')).name).toBe('shop');
    expect(gatewayCalls).toBe(2);
  });

  it('retries stop at the configured limit', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/templates/shop`, () => {
        calls++;
        return problem('unavailable', 503);
      }),
    );
    const error = await client({ retry: { limit: 3, backoffLimitMs: 10 } }).templates.get('shop').catch((e: unknown) => e);
    expect(isServerError(error)).toBe(true);
    expect(calls).toBe(4);
  });

  it('a keyed write answered 409 idempotency-key-in-progress is sent again with the same key after Retry-After, and gets its answer', async () => {
    const seen: { at: number; key: string | null }[] = [];
    server.use(
      http.post(`${BASE}/v1/templates`, ({ request }) => {
        seen.push({ at: Date.now(), key: request.headers.get('idempotency-key') });
        return seen.length === 1 ? problem('idempotency-key-in-progress', 409, {}, { 'retry-after': '1' }) : json(template, 201);
      }),
    );
    const t = await client().templates.create({ name: 'shop' });
    expect(t.name).toBe('shop');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.key).toBe(seen[0]!.key);
    expect(seen[0]!.key).toBeTruthy();
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('409 idempotency-key-in-progress is retried no more than the retry limit, then thrown', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/templates`, () => {
        calls++;
        return problem('idempotency-key-in-progress', 409, {}, { 'retry-after': '0' });
      }),
    );
    const error = await client({ retry: { limit: 2, backoffLimitMs: 10 } }).templates.create({ name: 'shop' }).catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect((error as { kind?: string }).kind).toBe('idempotency-key-in-progress');
    expect(calls).toBe(3);
  });

  it('a write sent without an Idempotency-Key is not retried on 409 idempotency-key-in-progress', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/v1/templates`, () => {
        calls++;
        return problem('idempotency-key-in-progress', 409, {}, { 'retry-after': '0' });
      }),
    );
    const error = await client().templates.create({ name: 'shop' }, { idempotencyKey: false }).catch((e: unknown) => e);
    expect(isConflictError(error)).toBe(true);
    expect(calls).toBe(1);
  });
});
