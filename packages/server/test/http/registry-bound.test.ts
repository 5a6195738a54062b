/**
 * The registry settings over HTTP, as the contract states them: a new `url`
 * without the password is a 400 naming `/password` and changes nothing; the
 * source allow-list goes in and comes back, and a pattern that is not one is a
 * 400 naming it. Every answer is checked against the contract.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

const put = (body: Record<string, unknown>, headers: Record<string, string> = {}) => server.call('PUT', '/v1/registry', { body, headers });

describe('PUT /v1/registry', () => {
  it('refuses another registry without its password with a 400 naming /password, and keeps the settings', async () => {
    const first = await put({ url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'pw-1' });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    const moved = await put({ url: 'https://elsewhere.example.net', prefix: 'caravan', username: 'robot' });
    expect(moved.status).toBe(400);
    const problem = (await moved.json()) as { type: string; errors: { pointer: string; code: string }[] };
    expect(problem.type).toBe('https://caravan.dev/problems/invalid-input');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/password', code: 'required' })]);
    const now = await server.call('GET', '/v1/registry');
    expect(now.headers.get('etag')).toBe(etag);
    expect(await now.json()).toMatchObject({ url: 'https://delivery.example.com', hasPassword: true });
  });

  it('takes a source allow-list, returns it, and refuses patterns that are not host patterns', async () => {
    const list = ['*.example.com', 'registry.internal:5000'];
    const ok = await put({ url: 'https://delivery.example.com', prefix: 'caravan', sourceAllowList: list });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sourceAllowList: list });
    expect(await (await server.call('GET', '/v1/registry')).json()).toMatchObject({ sourceAllowList: list });
    const bad = await put({ url: 'https://delivery.example.com', prefix: 'caravan', sourceAllowList: ['*.example.com', 'https://x.example.com'] });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/sourceAllowList/1']);
    // Without the field, the list is empty again: any host.
    expect(await (await put({ url: 'https://delivery.example.com', prefix: 'caravan' })).json()).toMatchObject({ sourceAllowList: [] });
  });
});
