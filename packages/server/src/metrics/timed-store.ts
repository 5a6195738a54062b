/**
 * The store with every call timed: one wrapper around the whole Store port,
 * put on where createCaravan builds the store, so the core and the app need
 * not know it is measured. A call is named by its group and method
 * (`templates.get`, `operations.claim`, `commit`); its time is until its
 * promise settles.
 */
import type { Store } from '../core/index.js';

export type QueryObserver = (query: string, seconds: number, ok: boolean) => void;

export function timedStore(store: Store, observe: QueryObserver): Store {
  const time = (query: string, call: (...args: unknown[]) => unknown) =>
    function timed(this: unknown, ...args: unknown[]): unknown {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      let result: unknown;
      try {
        result = call(...args);
      } catch (e) {
        observe(query, seconds(), false);
        throw e;
      }
      if (result instanceof Promise) {
        return result.then(
          (value: unknown) => {
            observe(query, seconds(), true);
            return value;
          },
          (e: unknown) => {
            observe(query, seconds(), false);
            throw e;
          },
        );
      }
      observe(query, seconds(), true);
      return result;
    };

  /** Methods bound to their own object, so an adapter's `this` stays its own; wrappers made once per name. */
  const wrap = <T extends object>(target: T, prefix: string): T => {
    const made = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get(t, key, receiver) {
        const value = Reflect.get(t, key, receiver) as unknown;
        if (typeof key !== 'string') return value;
        if (!made.has(key)) {
          if (typeof value === 'function') made.set(key, time(`${prefix}${key}`, (value as (...a: unknown[]) => unknown).bind(t)));
          else if (value !== null && typeof value === 'object') made.set(key, wrap(value, `${prefix}${key}.`));
          else return value;
        }
        return made.get(key);
      },
    });
  };
  return wrap(store, '');
}
