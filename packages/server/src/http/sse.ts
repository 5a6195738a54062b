/**
 * Server-sent events over the core's event feed. Each message carries the
 * event id (`id:`), its type (`event:`) and the OperationEvent as `data:`, so a
 * client that reconnects with `Last-Event-ID` (or `?lastEventId=` where it
 * cannot set headers) resumes exactly after the last event it saw.
 *
 * Without a last event id, an operation's stream starts at that operation's
 * first event (a late subscriber sees the whole operation), while the
 * all-events stream starts with the events after it connected: a fresh client
 * wants what happens next, not the server's whole history (`Last-Event-ID: 0`
 * replays that).
 *
 * Comment lines keep idle connections from being cut by proxies. An
 * operation's stream ends after the event that makes the operation final, or
 * at once when a resumed stream has nothing left of a final operation (the
 * core's feed ends then); the all-events stream runs until the client leaves.
 */
import { isFinalOperationState } from '@caravan/contracts';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Actor, CaravanCore } from '../core/index.js';

export interface SseOptions {
  heartbeatMs: number;
  /** Aborts when the server shuts down: open streams end so the listener can close without waiting on them. */
  closing?: AbortSignal;
}

export function lastEventId(c: Context): string | undefined {
  const value = c.req.header('last-event-id') ?? c.req.query('lastEventId');
  return value && value.length <= 256 ? value : undefined;
}

function isFinalEvent(event: { type: string; data: Record<string, unknown> }): boolean {
  return event.type === 'state' && typeof event.data.state === 'string' && isFinalOperationState(event.data.state);
}

/** Streams the events of one operation (`operationId`) or of all (undefined). */
export function streamEvents(c: Context, core: CaravanCore, actor: Actor, operationId: string | undefined, options: SseOptions): Response {
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
    try {
      // The feed itself ends once the operation is final and nothing of it is left to send.
      for await (const event of core.operations.events(actor, operationId, { ...(afterEventId ? { afterEventId } : {}), live: operationId === undefined, signal: controller.signal })) {
        await stream.writeSSE({ id: event.id, event: event.type, data: JSON.stringify(event) });
        if (operationId !== undefined && isFinalEvent(event as { type: string; data: Record<string, unknown> })) break;
      }
    } catch (e) {
      if (!controller.signal.aborted) throw e;
    } finally {
      clearInterval(heartbeat);
      options.closing?.removeEventListener('abort', onClosing);
      controller.abort();
    }
  });
}
