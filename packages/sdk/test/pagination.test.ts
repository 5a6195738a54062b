/** Lists: awaiting gives the first page; iterating walks every page by its opaque cursor. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { PagePromise, type CaravanClient, type Page } from '../src/index.js';
import { BASE, client, json, server } from './msw.js';

const pages: Record<string, { items: { name: string }[]; nextCursor?: string }> = {
  start: { items: [{ name: 'a' }, { name: 'b' }], nextCursor: 'c2==' },
  'c2==': { items: [{ name: 'c' }], nextCursor: 'c3+/' },
  'c3+/': { items: [{ name: 'd' }] },
};

function serve(seen: (string | null)[]) {
  server.use(
    http.get(`${BASE}/v1/templates`, ({ request }) => {
      const cursor = new URL(request.url).searchParams.get('cursor');
      seen.push(cursor);
      return json(pages[cursor ?? 'start']);
    }),
  );
}

describe('pagination', () => {
  it('iterating a list yields every item of every page, following the cursor', async () => {
    const seen: (string | null)[] = [];
    serve(seen);
    const names: string[] = [];
    for await (const t of client().templates.list()) names.push(t.name);
    expect(names).toEqual(['a', 'b', 'c', 'd']);
    expect(seen).toEqual([null, 'c2==', 'c3+/']);
  });

  it('awaiting a list gives the first page and its cursor, and fetches nothing more', async () => {
    const seen: (string | null)[] = [];
    serve(seen);
    const page = await client().templates.list({ limit: 2 });
    expect(page.items.map((t) => t.name)).toEqual(['a', 'b']);
    expect(page.nextCursor).toBe('c2==');
    expect(seen).toEqual([null]);
  });

  it('stopping early does not fetch further pages', async () => {
    const seen: (string | null)[] = [];
    serve(seen);
    for await (const t of client().templates.list()) if (t.name === 'b') break;
    expect(seen).toEqual([null]);
  });

  it('a list can start from a cursor the caller kept', async () => {
    const seen: (string | null)[] = [];
    serve(seen);
    const names = (await client().templates.list({ cursor: 'c2==' }).toArray()).map((t) => t.name);
    expect(names).toEqual(['c', 'd']);
  });
});

describe('every list call pages the same way', () => {
  // Each list of the API: its path, and a call with a filter and a page size.
  const lists: [string, string, (c: CaravanClient, cursor?: string) => PagePromise<unknown>][] = [
    ['templates', 'v1/templates', (c, cursor) => c.templates.list({ limit: 2, ...(cursor ? { cursor } : {}) }, { headers: { 'x-trace': 't' } })],
    ['versions', 'v1/templates/shop/versions', (c, cursor) => c.templates.versions.list('shop', { limit: 2, state: 'draft', ...(cursor ? { cursor } : {}) }, { headers: { 'x-trace': 't' } })],
    ['operations', 'v1/operations', (c, cursor) => c.operations.list({ limit: 2, state: 'running', ...(cursor ? { cursor } : {}) }, { headers: { 'x-trace': 't' } })],
    ['tokens', 'v1/tokens', (c, cursor) => c.tokens.list({ limit: 2, ...(cursor ? { cursor } : {}) }, { headers: { 'x-trace': 't' } })],
    ['audit', 'v1/audit', (c, cursor) => c.audit.list({ limit: 2, subject: 'templates/shop', ...(cursor ? { cursor } : {}) }, { headers: { 'x-trace': 't' } })],
  ];

  function serveList(path: string, seen: URLSearchParams[], headers: (string | null)[]) {
    server.use(
      http.get(`${BASE}/${path}`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        seen.push(query);
        headers.push(request.headers.get('x-trace'));
        return json(pages[query.get('cursor') ?? 'start']);
      }),
    );
  }

  for (const [name, path, list] of lists) {
    it(`${name}: every page keeps the filters and the call's options, and follows nextCursor`, async () => {
      const seen: URLSearchParams[] = [];
      const headers: (string | null)[] = [];
      serveList(path, seen, headers);
      const items = await list(client()).toArray();
      expect(items).toHaveLength(4);
      expect(seen.map((q) => q.get('cursor'))).toEqual([null, 'c2==', 'c3+/']);
      expect(seen.every((q) => q.get('limit') === '2')).toBe(true);
      expect(headers).toEqual(['t', 't', 't']);
    });

    it(`${name}: a kept cursor is where the first page starts, and the next pages follow theirs`, async () => {
      const seen: URLSearchParams[] = [];
      serveList(path, seen, []);
      const items = await list(client(), 'c2==').toArray();
      expect(items).toHaveLength(2);
      expect(seen.map((q) => q.get('cursor'))).toEqual(['c2==', 'c3+/']);
    });
  }
});

describe('PagePromise', () => {
  it('fetches the first page at its start cursor, then at each nextCursor, and the first page once', async () => {
    const asked: (string | undefined)[] = [];
    const book: Record<string, Page<number>> = { s: { items: [1], nextCursor: 'n' }, n: { items: [2] } };
    const list = new PagePromise<number>(async (cursor) => {
      asked.push(cursor);
      return book[cursor ?? 'missing'] ?? { items: [] };
    }, 's');
    expect((await list).items).toEqual([1]);
    expect(await list.toArray()).toEqual([1, 2]);
    expect(asked).toEqual(['s', 'n']);
  });

  it('without a start cursor, the first fetch asks for the very first page', async () => {
    const asked: (string | undefined)[] = [];
    await new PagePromise<number>(async (cursor) => {
      asked.push(cursor);
      return { items: [] };
    });
    expect(asked).toEqual([undefined]);
  });
});
