/** The bound on concurrent blob transfers: never more holders than the limit, whoever arrives when. */
import { describe, expect, it } from 'vitest';
import { Limiter } from '../../packages/server/src/core/registry/oci/engine.js';

/** Counts holders inside the limiter at once. */
function census(): { task: (work: Promise<void>) => () => Promise<void>; max: () => number } {
  let inside = 0;
  let max = 0;
  return {
    task: (work) => async () => { inside++; max = Math.max(max, inside); try { await work; } finally { inside--; } },
    max: () => max,
  };
}

describe('the blob transfer bound', () => {
  it('lets one holder in at a time when a newcomer arrives just as the slot is freed for a waiter', async () => {
    // The newcomer arrives a few microtask hops after the first holder finishes: one of these lands
    // between the release and the moment the woken waiter resumes.
    for (let hops = 0; hops < 8; hops++) {
      const limiter = new Limiter(1);
      const c = census();
      let open!: () => void;
      const gate = new Promise<void>((resolve) => { open = resolve; });
      const first = limiter.run(c.task(gate));
      const waiter = limiter.run(c.task(Promise.resolve()));
      await Promise.resolve();
      open();
      let later: Promise<void> = Promise.resolve();
      for (let i = 0; i < hops; i++) later = later.then(() => undefined);
      const newcomer = later.then(() => limiter.run(c.task(new Promise((r) => setTimeout(r, 5)))));
      await Promise.all([first, waiter, newcomer]);
      expect(c.max(), `newcomer after ${hops} hops`).toBe(1);
    }
  });

  it('never has more holders than its limit among many contenders arriving at random moments', async () => {
    for (const limit of [1, 3]) {
      const limiter = new Limiter(limit);
      const c = census();
      const runs: Array<Promise<void>> = [];
      const spawn = (n: number): void => {
        runs.push(limiter.run(c.task(new Promise((r) => (n % 3 === 0 ? setTimeout(r, n % 4) : queueMicrotask(r))))).then(() => {
          // Each finished holder brings in a newcomer at once, racing the waiter it just woke.
          if (n < 200) spawn(n + 40);
        }));
      };
      for (let i = 0; i < 40; i++) spawn(i);
      while (runs.length > 0) await runs.shift();
      expect(c.max()).toBe(limit);
    }
  });
});
