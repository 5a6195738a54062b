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
import { InvalidInputError, type Actor, type CaravanCore } from '../core/index.js';

export interface SseOptions {
  heartbeatMs: number;
  /** Aborts when the server shuts down: open streams end so the listener can close without waiting on them. */
  closing?: AbortSignal;
}

/** The contract's bound on `Last-Event-ID` (openapi `LastEventId` parameter). */
const LAST_EVENT_ID_MAX = 256;

/** Where the client resumes: `Last-Event-ID`, else `?lastEventId=`; over 256 characters is invalid input (400). */
export function lastEventId(c: Context): string | undefined {
  const fromHeader = c.req.header('last-event-id');
  const value = fromHeader ?? c.req.query('lastEventId');
  if (value !== undefined && value.length > LAST_EVENT_ID_MAX) {
    const pointer = fromHeader === undefined ? '/query/lastEventId' : '/header/Last-Event-ID';
    throw new InvalidInputError(`The last event id is over ${LAST_EVENT_ID_MAX} characters.`, [{ pointer, message: `must be at most ${LAST_EVENT_ID_MAX} characters`, code: 'too_big' }]);
  }
  return value === '' ? undefined : value;
}

function isFinalEvent(event: { type: string; data: Record<string, unknown> }): boolean {
  return event.type === 'state' && typeof event.data.state === 'string' && isFinalOperationState(event.data.state);
}

/** Streams the events of one operation (`operationId`) or of all (undefined). */
export function streamEvents(c: Context, core: CaravanCore, actor: Actor, operationId: string | undefined, options: SseOptions): Response {
  const afterEventId = lastEventId(c);
  const controller = new AbortController();
  // Opened before the 200 goes out, so an id this server never handed out is a 400 rather than a broken stream.
  const feed = core.operations.events(actor, operationId, { ...(afterEventId ? { afterEventId } : {}), live: operationId === undefined, signal: controller.signal });
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => controller.abort());
    const onClosing = () => controller.abort();
    options.closing?.addEventListener('abort', onClosing, { once: true });
    if (options.closing?.aborted) controller.abort();
    const heartbeat = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(() => controller.abort());
    }, options.heartbeatMs);
    try {
      // The feed itself ends once the operation is final and nothing of it is left to send.
      for await (const event of feed) {
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
