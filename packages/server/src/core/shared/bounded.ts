/**
 * Runs `work` over `items` with at most `limit` at once, and gives the results
 * in the items' order. After a failure no new item starts; the ones in flight
 * are waited for (nothing runs on after the caller has moved on), and the
 * failure of the earliest item is thrown, so the error does not depend on
 * which request happened to answer first.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures = new Map<number, unknown>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.size === 0 && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]!, i);
      } catch (e) {
        failures.set(i, e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
  return results;
}
