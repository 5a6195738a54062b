/** Sortable ids, opaque cursors and ETags: the small pieces every list and update leans on. */
import { describe, expect, it } from 'vitest';
import { createIdSource } from '../../src/core/index.js';
import { checkPrecondition, etagOf } from '../../src/core/shared/etag.js';
import { decodeCursor, encodeCursor, pageLimit } from '../../src/core/shared/paging.js';

describe('ids', () => {
  it('sort by creation time, strictly increasing even within one millisecond', () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    const made: string[] = [];
    for (let i = 0; i < 1000; i++) made.push(ids.next('op_'));
    now += 1;
    made.push(ids.next('op_'));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made[0]).toMatch(/^op_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('never go backwards when the clock does', () => {
    let now = 1_700_000_000_000;
    const ids = createIdSource(() => now);
    const a = ids.next('x');
    now -= 5_000;
    expect(ids.next('x') > a).toBe(true);
  });
});

describe('cursors', () => {
  it('round-trip the keyset key and are refused by another list', () => {
    const c = encodeCursor('templates', 'shop');
    expect(decodeCursor('templates', c)).toBe('shop');
    expect(() => decodeCursor('tokens', c)).toThrow(/cursor/);
    expect(() => decodeCursor('templates', 'not-base64-json')).toThrow(/cursor/);
    expect(decodeCursor('templates', undefined)).toBeUndefined();
  });

  it('limits are 1 to 200, 50 by default', () => {
    expect(pageLimit(undefined)).toBe(50);
    expect(pageLimit({ limit: 200 })).toBe(200);
    for (const limit of [0, 201, 1.5]) expect(() => pageLimit({ limit })).toThrow(/limit/);
  });
});

describe('ETags', () => {
  it('match quoted, bare, weak and wildcard forms, and nothing else', () => {
    expect(etagOf(3)).toBe('"3"');
    for (const ifMatch of ['"3"', '3', 'W/"3"', '*', '"1", "3"']) expect(() => checkPrecondition({ ifMatch }, 3, 'x')).not.toThrow();
    expect(() => checkPrecondition({ ifMatch: '"2"' }, 3, 'x')).toThrow(/has changed/);
  });
});
