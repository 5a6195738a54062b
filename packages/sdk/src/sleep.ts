/** The SDK's one timer: a delay that an AbortSignal cuts short. Internal (not exported from the package). */

/**
 * Resolves after `ms`; rejects with the signal's reason as soon as it aborts (at once if it already has).
 * The timer and the abort listener are both released either way.
 * @example
 * await sleep(500, controller.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
