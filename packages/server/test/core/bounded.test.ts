import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/core/shared/bounded.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('mapBounded', () => {
  it('keeps at most `limit` in flight and gives results in the items order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      for (let i = 0; i < n; i++) await tick();
      inFlight--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, waits for what is in flight, and throws the earliest item’s error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapBounded([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      // Item 1 fails at once; item 0 fails later: item 0's error is the one thrown.
      for (let i = 0; i < (n === 0 ? 5 : 1); i++) await tick();
      finished.push(n);
      if (n <= 1) throw new Error(`item ${n}`);
      return n;
    });
    await expect(run).rejects.toThrow('item 0');
    expect(started).toEqual([0, 1]);
    expect(finished.sort()).toEqual([0, 1]);
  });

  it('handles no items', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
