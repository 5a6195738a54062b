/**
 * A write whose answer is lost on the way back (the server did the work, the
 * connection broke) is retried with the same Idempotency-Key, so the caller
 * gets the first answer: not a 404 for a DELETE that already happened, a 412
 * for a PUT whose If-Match the first attempt moved on, or a 409 for a POST
 * that already created its resource. The mock server below keeps outcomes by
 * key as Caravan does and drops the first answer.
 */
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, client, json, problem, server } from './msw.js';

interface Stored {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

/** A handler that applies `work` once per Idempotency-Key (replaying its outcome after), and loses its first answer. */
function keyedServer(work: (request: Request) => Promise<Response> | Response) {
  const outcomes = new Map<string, Stored>();
  const keys: (string | null)[] = [];
  let applied = 0;
  const handler = async ({ request }: { request: Request }) => {
    const key = request.headers.get('idempotency-key');
    keys.push(key);
    const kept = key === null ? undefined : outcomes.get(key);
    let res: Response;
    if (kept) res = new Response(kept.body, { status: kept.status, headers: kept.headers });
    else {
      applied++;
      res = await work(request);
      if (key !== null) outcomes.set(key, { status: res.status, body: res.status === 204 ? null : await res.clone().text(), headers: Object.fromEntries(res.headers) });
    }
    // The first answer never reaches the caller.
    return keys.length === 1 ? HttpResponse.error() : res;
  };
  return { handler, keys, applied: () => applied };
}

const template = (etag: string, description: string) => ({ name: 'shop', description, labels: {}, etag, createdAt: '2026-11-26T10:00:00Z', updatedAt: '2026-11-26T10:00:00Z', createdBy: { id: 't', name: 'dev' } });

describe('a write whose answer was lost', () => {
  it('DELETE: the retry carries the same key and the caller gets the 204, not a NotFoundError', async () => {
    let exists = true;
    const s = keyedServer(() => {
      if (!exists) return problem('not-found', 404);
      exists = false;
      return new Response(null, { status: 204 });
    });
    server.use(http.delete(`${BASE}/v1/registry/sources/ghcr.io`, s.handler));
    await expect(client().registry.sources.delete('ghcr.io')).resolves.toBeUndefined();
    expect(s.keys).toHaveLength(2);
    expect(s.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.keys[1]).toBe(s.keys[0]);
    expect(s.applied()).toBe(1);
  });

  it('PUT with If-Match: the retry carries the same key and the caller gets the first 200, not a PreconditionFailedError', async () => {
    let etag = '"1"';
    const s = keyedServer(async (request) => {
      if (request.headers.get('if-match') !== etag) return problem('precondition-failed', 412);
      etag = '"2"';
      const { description } = (await request.json()) as { description: string };
      return json(template(etag, description), 200, { etag });
    });
    server.use(http.put(`${BASE}/v1/registry/sources/ghcr.io`, s.handler));
    const stored = await client().registry.sources.put('ghcr.io', { username: 'ci', password: 'p' }, { ifMatch: '"1"' });
    expect(stored).toMatchObject({ etag: '"2"' });
    expect(s.keys).toHaveLength(2);
    expect(s.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.keys[1]).toBe(s.keys[0]);
    expect(s.applied()).toBe(1);
  });

  it('POST: the retry carries the same key and the caller gets the 201, not a ConflictError', async () => {
    let exists = false;
    const s = keyedServer(() => {
      if (exists) return problem('conflict', 409);
      exists = true;
      return json(template('"1"', ''), 201);
    });
    server.use(http.post(`${BASE}/v1/templates`, s.handler));
    await expect(client().templates.create({ name: 'shop' })).resolves.toMatchObject({ name: 'shop', etag: '"1"' });
    expect(s.keys).toHaveLength(2);
    expect(s.keys[1]).toBe(s.keys[0]);
    expect(s.applied()).toBe(1);
  });

  it('two calls get two keys; a write with idempotencyKey: false sends none and is not retried', async () => {
    const s = keyedServer(() => new Response(null, { status: 204 }));
    server.use(http.delete(`${BASE}/v1/registry/sources/ghcr.io`, s.handler));
    const c = client();
    await c.registry.sources.delete('ghcr.io');
    await c.registry.sources.delete('ghcr.io');
    expect(s.keys).toHaveLength(3);
    expect(s.keys[2]).not.toBe(s.keys[0]);

    const unkeyed = keyedServer(() => new Response(null, { status: 204 }));
    server.use(http.put(`${BASE}/v1/registry/sources/quay.io`, unkeyed.handler));
    await expect(c.registry.sources.put('quay.io', { username: 'ci', password: 'p' }, { idempotencyKey: false })).rejects.toMatchObject({ name: 'CaravanConnectionError' });
    expect(unkeyed.keys).toEqual([null]);
  });
});
