/**
 * The PostgreSQL store's data version is asked through `coalesced`: callers
 * that ask before a query is sent share it, and a caller that asks while one
 * is on the wire gets the next, so no answer predates the question.
 */
import { describe, expect, it } from 'vitest';
import { coalesced } from '../../src/core/store/postgres/coalesced.js';

/** A query whose answers the test hands out, one per call, in order. */
function controlled() {
  const pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const query = () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  return { query, pending };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((r) => setImmediate(r));

describe('coalesced', () => {
  it('sends at once when nothing is on the wire, and answers later callers with a query sent after they asked', async () => {
    const { query, pending } = controlled();
    const ask = coalesced(query);

    const a = ask();
    expect(pending).toHaveLength(1);
    const b = ask();
    const c = ask();
    // b and c asked while the first query was on the wire: they wait for a second one, not yet sent.
    expect(pending).toHaveLength(1);

    pending[0]!.resolve(1);
    expect(await a).toBe(1);
    await settle();
    expect(pending).toHaveLength(2);
    const d = ask(); // the second query is on the wire now: d waits for a third
    pending[1]!.resolve(2);
    expect(await b).toBe(2);
    expect(await c).toBe(2);
    await settle();
    expect(pending).toHaveLength(3);
    pending[2]!.resolve(3);
    expect(await d).toBe(3);

    // Nothing on the wire again: the next caller sends straight away.
    await settle();
    const e = ask();
    expect(pending).toHaveLength(4);
    pending[3]!.resolve(4);
    expect(await e).toBe(4);
  });

  it('fails only the callers of a failed query; those after it get a fresh one', async () => {
    const { query, pending } = controlled();
    const ask = coalesced(query);

    const a = ask();
    const b = ask();
    pending[0]!.reject(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await settle();
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(7);
    expect(await b).toBe(7);

    const c = ask();
    const d = ask();
    expect(pending).toHaveLength(3);
    pending[2]!.resolve(8);
    expect(await c).toBe(8);
    await settle();
    pending[3]!.reject(new Error('gone'));
    await expect(d).rejects.toThrow('gone');
  });
});
