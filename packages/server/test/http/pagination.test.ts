/** Cursor pagination: every item once, in order, across pages. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

describe('pagination', () => {
  it('walking a list with limit and nextCursor returns every template once, in name order', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `page-${String.fromCharCode(97 + i)}`);
    for (const name of [...names].reverse()) expect((await server.call('POST', '/v1/templates', { body: { name } })).status).toBe(201);

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await server.call('GET', `/v1/templates?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { name: string }[]; nextCursor?: string };
      sizes.push(page.items.length);
      seen.push(...page.items.map((t) => t.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(names);
  });

  it('the audit trail pages too, newest first, without repeats', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await server.call('GET', `/v1/audit?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = (await res.json()) as { items: { id: string; at: string }[]; nextCursor?: string };
      all.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(all).size).toBe(all.length);
    expect(all.map(Number)).toEqual(all.map(Number).sort((a, b) => b - a));
  });

  it('the audit trail filters by a template as the contract names it, and by one of its versions', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'audited' } });
    await server.call('POST', '/v1/templates/audited/versions', { body: { version: '1.0', app: { components: [{ name: 'web', image: 'example.com/web:1' }] } } });
    const all = (await (await server.call('GET', '/v1/audit?subject=templates/audited')).json()) as { items: { action: string; subject: { template?: string } }[] };
    expect(all.items.map((e) => e.action).sort()).toEqual(['template.create', 'version.create']);
    const one = (await (await server.call('GET', '/v1/audit?subject=templates/audited/versions/1.0')).json()) as { items: { action: string }[] };
    expect(one.items.map((e) => e.action)).toEqual(['version.create']);
  });

  it('a cursor that was not handed out is invalid input', async () => {
    const res = await server.call('GET', '/v1/templates?cursor=bogus');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input' });
  });
});
