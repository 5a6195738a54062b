/** Lists: awaiting gives the first page; iterating walks every page by its opaque cursor. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
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
