/**
 * Every write the contract gives an Idempotency-Key refuses an over-long one
 * with 400, and every write refuses a body over the limit with 413, each
 * answer documented for that operation (the contract oracle fails on any
 * undocumented status). The list of writes comes from the contract itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractDoc } from './support/contract.js';
import { startTestServer, threeComponentApp, type TestServer } from './support/server.js';

let server: TestServer;
let operationId: string;
beforeAll(async () => {
  server = await startTestServer({ bodyLimitBytes: 4096 });
  await server.call('POST', '/v1/templates', { body: { name: 'shop' } });
  await server.call('POST', '/v1/templates/shop/versions', { body: { version: '1.0', app: threeComponentApp() } });
  const publish = await server.call('POST', '/v1/templates/shop/versions/1.0/publish');
  operationId = ((await publish.json()) as { id: string }).id;
  await server.call('PUT', '/v1/registry/sources/src.example.com', { body: { username: 'u', password: 'p' } });
});
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

/** A concrete path for a contract path. */
function concrete(p: string): string {
  return p
    .replace('{template}', 'shop')
    .replace('{version}', '1.0')
    .replace('{operation}', operationId)
    .replace('{token}', 'tok_nope')
    .replace('{host}', 'src.example.com');
}

const writes = Object.entries(contractDoc.paths).flatMap(([p, item]) =>
  Object.entries(item)
    .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({ method: method.toUpperCase(), path: p, op: op as { operationId: string; parameters?: { $ref?: string }[] } })),
);
const keyed = writes.filter((w) => (w.op.parameters ?? []).some((x) => x.$ref === '#/components/parameters/IdempotencyKey'));

describe('refused writes', () => {
  it('every write takes an Idempotency-Key, deletes, cancel and the registry check included', () => {
    expect(keyed.map((w) => w.op.operationId).sort()).toEqual(writes.map((w) => w.op.operationId).sort());
    for (const id of ['cancelOperation', 'checkRegistry', 'deleteToken', 'deleteTemplate', 'deleteSourceRegistryCredential']) {
      expect(keyed.map((w) => w.op.operationId)).toContain(id);
    }
  });

  it.each(keyed.map((w) => [w.op.operationId, w] as const))('%s answers 400 to an Idempotency-Key over 255 characters, and changes nothing', async (_id, w) => {
    const res = await server.call(w.method, concrete(w.path), { headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input', errors: [{ pointer: '/header/Idempotency-Key' }] });
  });

  it.each(writes.map((w) => [w.op.operationId, w] as const))('%s answers 413 to a body over the limit', async (_id, w) => {
    const res = await server.call(w.method, concrete(w.path), { body: { padding: 'x'.repeat(8192) } });
    expect(res.status).toBe(413);
  });

  it('nothing was deleted, cancelled or created by the refused requests', async () => {
    expect((await server.call('GET', '/v1/templates/shop')).status).toBe(200);
    expect(((await (await server.call('GET', '/v1/registry/sources')).json()) as { items: unknown[] }).items).toHaveLength(1);
    expect(((await (await server.call('GET', '/v1/templates')).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('a delete sent again with its key replays its answer instead of answering 404', async () => {
    await server.call('PUT', '/v1/registry/sources/other.example.com', { body: { username: 'u', password: 'p' } });
    const first = await server.call('DELETE', '/v1/registry/sources/other.example.com', { headers: { 'idempotency-key': 'forget-other' } });
    const again = await server.call('DELETE', '/v1/registry/sources/other.example.com', { headers: { 'idempotency-key': 'forget-other' } });
    expect([first.status, again.status]).toEqual([204, 204]);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect((await server.call('DELETE', '/v1/registry/sources/other.example.com')).status).toBe(404);
  });
});
