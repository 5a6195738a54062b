/**
 * Server-sent events over fetch (so it streams in browsers and Node alike, and
 * can send an Authorization header, which EventSource cannot): a parser for
 * text/event-stream, and a single-use event stream that reconnects with
 * Last-Event-ID after a dropped connection, so a consumer misses nothing.
 */
import { CaravanConnectionError, isCaravanApiError, isCaravanConnectionError, isServerError, StreamConsumedError } from './errors.js';
import { sleep } from './sleep.js';

/** One message of a text/event-stream. */
export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
  /** Reconnection delay the server asked for, in ms. */
  readonly retry: number | undefined;
}

/**
 * Parses a text/event-stream body as the HTML standard says (comments, multi-line data, CR/LF/CRLF).
 * @example
 * const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
 * for await (const m of parseSse(res.body!)) console.log(m.id, m.event, m.data);
 */
export async function* parseSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A CR at the very end may be the first half of a CRLF: wait for more input.
      for (let eol = findEol(buffer, done); eol !== -1; eol = findEol(buffer, done)) {
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(buffer[eol] === '\r' && buffer[eol + 1] === '\n' ? eol + 2 : eol + 1);
        if (line === '') {
          if (data.length > 0) yield { id, event: event || 'message', data: data.join('\n'), retry };
          data = [];
          event = '';
          retry = undefined;
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let val = colon === -1 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') data.push(val);
        else if (field === 'event') event = val;
        else if (field === 'id' && !val.includes('\0')) id = val;
        else if (field === 'retry' && /^\d+$/.test(val)) retry = Number(val);
      }
      if (done) return; // An unterminated last message is dropped, as the standard says.
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}

function findEol(buffer: string, done: boolean): number {
  for (let i = 0; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === '\n') return i;
    if (c === '\r') return i + 1 < buffer.length || done ? i : -1;
  }
  return -1;
}

export interface ReconnectingStreamOptions<T> {
  /** Opens one connection, resuming after `lastEventId` when given. */
  readonly connect: (lastEventId: string | undefined, signal: AbortSignal) => Promise<Response>;
  /** Turns a message into the value to yield. */
  readonly parse: (message: SseMessage) => T;
  /** True when this value is the last one (the stream then ends without reconnecting). */
  readonly isFinal?: (value: T) => boolean;
  /** Asked when a connection ends without a final value: true ends the stream instead of reconnecting. */
  readonly isOver?: () => Promise<boolean>;
  readonly lastEventId?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Consecutive failed connections before giving up. Default 8. */
  readonly maxReconnects?: number;
  /** First reconnection delay in ms (the server's `retry:` wins). Default 500. */
  readonly reconnectDelayMs?: number;
}

/**
 * An async-iterable stream of events that can be iterated once; a new stream resumes after its `lastEventId`.
 * It keeps the id of the last event it yielded, so nothing is missed or repeated.
 * @example
 * const stream = client.operations.events(op);
 * for await (const e of stream) console.log(e.type);
 * // later, elsewhere:
 * for await (const e of client.operations.events(op, { lastEventId: stream.lastEventId })) console.log(e.type);
 */
export class EventStream<T> implements AsyncIterable<T> {
  #used = false;
  #lastEventId: string | undefined;
  readonly #options: ReconnectingStreamOptions<T>;

  constructor(options: ReconnectingStreamOptions<T>) {
    this.#options = options;
    this.#lastEventId = options.lastEventId;
  }

  /**
   * The id of the last event yielded; pass it as `lastEventId` to resume elsewhere.
   * @example
   * const resumed = client.operations.events(op, { lastEventId: stream.lastEventId });
   */
  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /**
   * Starts the stream; a second call throws StreamConsumedError.
   * @example
   * for await (const e of client.events()) console.log(e.operation, e.type);
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#used) throw new StreamConsumedError();
    this.#used = true;
    return this.#run();
  }

  /** Whether the subject is over; an unreachable server is "not yet", a refusal ends the stream. */
  async #isOver(): Promise<boolean> {
    if (!this.#options.isOver) return false;
    try {
      return await this.#options.isOver();
    } catch (error) {
      if (isCaravanApiError(error) && !isServerError(error)) throw error;
      return false;
    }
  }

  async *#run(): AsyncGenerator<T, void, undefined> {
    const { connect, parse, isFinal, signal } = this.#options;
    const maxReconnects = this.#options.maxReconnects ?? 8;
    let delay = this.#options.reconnectDelayMs ?? 500;
    let failures = 0;
    // One controller for the whole stream, so leaving the loop early closes the connection.
    const controller = new AbortController();
    const abort = () => controller.abort(signal?.reason);
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        let progressed = false;
        let lastError: unknown;
        try {
          const response = await connect(this.#lastEventId, controller.signal);
          if (!response.body) throw new CaravanConnectionError('The event stream has no body');
          for await (const message of parseSse(response.body, controller.signal)) {
            if (message.retry !== undefined) delay = message.retry;
            if (message.id !== undefined && message.id === this.#lastEventId) continue;
            const value = parse(message);
            if (message.id !== undefined) this.#lastEventId = message.id;
            progressed = true;
            failures = 0;
            yield value;
            if (isFinal?.(value)) return;
          }
        } catch (error) {
          // The caller's own abort ends the stream quietly: it asked for it.
          if (signal?.aborted) return;
          // Errors the server meant (404, 401, ...) end the stream; broken connections and 5xx reconnect.
          const retriable =
            (isServerError(error) && RETRIABLE_STATUSES.includes(error.status)) ||
            isCaravanConnectionError(error) ||
            (!isCaravanApiError(error) && isConnectionFailure(error));
          if (!retriable) throw error;
          lastError = error;
        }
        if (!progressed) {
          // Nothing new came: maybe the subject is over (its final event seen before, or
          // the server closes at once); otherwise this counts as a failed connection.
          if (await this.#isOver()) return;
          if (++failures > maxReconnects) {
            throw lastError ?? new CaravanConnectionError('The event stream kept closing without events');
          }
        }
        try {
          await sleep(failures > 1 ? Math.min(delay * 2 ** (failures - 1), 30_000) : delay, controller.signal);
        } catch (error) {
          if (signal?.aborted) return;
          throw error;
        }
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      controller.abort();
    }
  }
}

/** Statuses after which a stream reconnects: the server is there but busy or restarting. */
const RETRIABLE_STATUSES = [500, 502, 503, 504];

function isConnectionFailure(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && /network|socket|terminated|ECONNRESET|fetch failed/i.test(error.message));
}
