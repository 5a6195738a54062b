/**
 * Server-sent events over the core's event feed. Each message carries the
 * event id (`id:`), its type (`event:`) and the OperationEvent as `data:`, so a
 * client that reconnects with `Last-Event-ID` (or `?lastEventId=` where it
 * cannot set headers) resumes exactly after the last event it saw.
 *
 * Comment lines keep idle connections from being cut by proxies. An
 * operation's stream ends after the event that makes the operation final; the
 * all-events stream runs until the client leaves.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Actor, CaravanCore } from '../core/api.js';

const FINAL_STATES = new Set(['succeeded', 'failed', 'cancelled']);

export interface SseOptions {
  heartbeatMs: number;
  /** Once the operation is known to be final, how long to wait for events still in flight before closing. */
  drainMs: number;
  /** Aborts when the server shuts down: open streams end so the listener can close without waiting on them. */
  closing?: AbortSignal;
}

export function lastEventId(c: Context): string | undefined {
  const value = c.req.header('last-event-id') ?? c.req.query('lastEventId');
  return value && value.length <= 256 ? value : undefined;
}

function isFinalEvent(event: { type: string; data: Record<string, unknown> }): boolean {
  return event.type === 'state' && typeof event.data.state === 'string' && FINAL_STATES.has(event.data.state);
}

export function streamEvents(
  c: Context,
  core: CaravanCore,
  actor: Actor,
  operation: { id: string; final: boolean } | undefined,
  options: SseOptions,
): Response {
  const afterEventId = lastEventId(c);
  return streamSSE(c, async (stream) => {
    const controller = new AbortController();
    stream.onAbort(() => controller.abort());
    const onClosing = () => controller.abort();
    options.closing?.addEventListener('abort', onClosing, { once: true });
    if (options.closing?.aborted) controller.abort();
    const heartbeat = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(() => controller.abort());
    }, options.heartbeatMs);
    let finalKnown = operation?.final ?? false;
    if (operation && !finalKnown) {
      core.operations.wait(actor, operation.id, { signal: controller.signal }).then(
        () => { finalKnown = true; },
        () => undefined,
      );
    }
    const feed = core.operations.events(actor, operation?.id, { ...(afterEventId ? { afterEventId } : {}), signal: controller.signal });
    const iterator = feed[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = iterator.next();
        let result: IteratorResult<Awaited<ReturnType<typeof iterator.next>>['value']> | 'idle';
        if (operation) {
          // Poll for "final" while waiting, so a resumed stream of a finished operation ends instead of hanging.
          result = await new Promise((resolve, reject) => {
            let idleSince: number | undefined;
            const timer = setInterval(() => {
              if (!finalKnown) return;
              idleSince ??= Date.now();
              if (Date.now() - idleSince >= options.drainMs) resolve('idle');
            }, Math.min(50, options.drainMs));
            next.then((r) => { clearInterval(timer); resolve(r); }, (e: unknown) => { clearInterval(timer); reject(e as Error); });
          });
        } else {
          result = await next;
        }
        if (result === 'idle' || result.done) break;
        const event = result.value;
        await stream.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event) });
        if (operation && isFinalEvent(event as { type: string; data: Record<string, unknown> })) break;
      }
    } catch (e) {
      if (!controller.signal.aborted) throw e;
    } finally {
      clearInterval(heartbeat);
      options.closing?.removeEventListener('abort', onClosing);
      controller.abort();
      // Not awaited: a generator parked in a pending next() only returns once that settles; the abort above ends it.
      void iterator.return?.()?.catch(() => undefined);
    }
  });
}
