/** ETag and If-Match: optimistic concurrency on updates. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractDoc } from './support/contract.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

describe('ETag and If-Match', () => {
  it('revoking a token offers no If-Match, since a token carries no ETag to match', () => {
    const doc = contractDoc as unknown as { paths: Record<string, Record<string, { parameters?: { $ref?: string }[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(doc.components.schemas.Token!.properties).not.toHaveProperty('etag');
    const del = doc.paths['/v1/tokens/{token}']!.delete!;
    expect((del.parameters ?? []).map((p) => p.$ref)).not.toContain('#/components/parameters/IfMatch');
    expect(del.responses).not.toHaveProperty('412');
  });


  it('a single-resource GET carries the resource etag field, quotes and all, as its ETag header', async () => {
    const created = await server.call('POST', '/v1/templates', { body: { name: 'etag-a' } });
    const body = (await created.json()) as { etag: string };
    expect(body.etag).toMatch(/^"[^"]+"$/);
    expect(created.headers.get('etag')).toBe(body.etag);
    const got = await server.call('GET', '/v1/templates/etag-a');
    expect(got.headers.get('etag')).toBe(body.etag);
  });

  it('If-Match with a list of ETags succeeds when any of them is the current one', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-list' } });
    await server.call('PATCH', '/v1/templates/etag-list', { body: { description: 'two' } });
    await server.call('PATCH', '/v1/templates/etag-list', { body: { description: 'three' } });
    const current = (await server.call('GET', '/v1/templates/etag-list')).headers.get('etag')!;
    expect(current).toBe('"3"');
    const res = await server.call('PATCH', '/v1/templates/etag-list', { body: { description: 'four' }, headers: { 'if-match': '"1", "3"' } });
    expect(res.status).toBe(200);
    const stale = await server.call('PATCH', '/v1/templates/etag-list', { body: { description: 'five' }, headers: { 'if-match': '"1", W/"3"' } });
    expect(stale.status).toBe(412);
  });

  it('an If-Match over 256 characters is invalid input and changes nothing', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-long', description: 'kept' } });
    const res = await server.call('PATCH', '/v1/templates/etag-long', { body: { description: 'changed' }, headers: { 'if-match': `"${'1'.repeat(300)}"` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input', errors: [{ pointer: '/header/If-Match' }] });
    expect(((await (await server.call('GET', '/v1/templates/etag-long')).json()) as { description: string }).description).toBe('kept');
  });

  it('an update with the current ETag succeeds and moves the ETag; a stale one gets 412 and changes nothing', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-b', description: 'one' } });
    const etag1 = (await server.call('GET', '/v1/templates/etag-b')).headers.get('etag')!;

    const ok = await server.call('PATCH', '/v1/templates/etag-b', { body: { description: 'two' }, headers: { 'if-match': etag1 } });
    expect(ok.status).toBe(200);
    const etag2 = ok.headers.get('etag')!;
    expect(etag2).not.toBe(etag1);

    const stale = await server.call('PATCH', '/v1/templates/etag-b', { body: { description: 'three' }, headers: { 'if-match': etag1 } });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ type: 'https://caravan.dev/problems/precondition-failed', status: 412 });
    expect(((await (await server.call('GET', '/v1/templates/etag-b')).json()) as { description: string }).description).toBe('two');
  });

  it('If-Match is accepted bare as well as quoted, and * means any', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-c' } });
    const { etag } = (await (await server.call('GET', '/v1/templates/etag-c')).json()) as { etag: string };
    expect((await server.call('PATCH', '/v1/templates/etag-c', { body: { description: 'bare' }, headers: { 'if-match': etag } })).status).toBe(200);
    expect((await server.call('PATCH', '/v1/templates/etag-c', { body: { description: 'star' }, headers: { 'if-match': '*' } })).status).toBe(200);
  });

  it('editing a draft with a stale ETag gets 412', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-d' } });
    const created = await server.call('POST', '/v1/templates/etag-d/versions', { body: { version: '1.0', app: { components: [{ name: 'web', image: 'example.com/web:1' }] } } });
    const etag = created.headers.get('etag')!;
    expect((await server.call('PATCH', '/v1/templates/etag-d/versions/1.0', { body: { description: 'edited' }, headers: { 'if-match': etag } })).status).toBe(200);
    const stale = await server.call('PATCH', '/v1/templates/etag-d/versions/1.0', { body: { description: 'again' }, headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
  });

  it('a delete with a stale ETag gets 412 and the template stays', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-e' } });
    const stale = (await server.call('GET', '/v1/templates/etag-e')).headers.get('etag')!;
    await server.call('PATCH', '/v1/templates/etag-e', { body: { description: 'moved' } });
    expect((await server.call('DELETE', '/v1/templates/etag-e', { headers: { 'if-match': stale } })).status).toBe(412);
    expect((await server.call('GET', '/v1/templates/etag-e')).status).toBe(200);
  });

  it('PATCH accepts application/merge-patch+json', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'etag-f' } });
    const res = await server.call('PATCH', '/v1/templates/etag-f', { body: { labels: { team: 'shop' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ labels: { team: 'shop' } });
  });
});
