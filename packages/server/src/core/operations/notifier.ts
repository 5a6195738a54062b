/**
 * In-process wake-ups: writers call `notify()` after appending events or
 * enqueuing work; readers wait for the next notify or a short poll interval,
 * whichever comes first (the poll is how events written by other replicas
 * sharing a PostgreSQL store are seen).
 */
export class Notifier {
  #waiters = new Set<() => void>();

  notify(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }

  /** Resolves on the next notify, after `ms`, or when the signal aborts. Never rejects. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
