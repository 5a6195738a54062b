/** `client.operations` (get, list, cancel, wait, events) and the global event stream. */
import type { Operation, OperationEvent, OperationStep, operations } from '@caravan/contracts';
// The zod-free subpath: the root would pull every zod schema into a browser bundle.
import { FINAL_OPERATION_STATES, isFinalOperationState } from '@caravan/contracts/states';
import { call, type ApiPromise } from '../api-promise.js';
import { CaravanTimeoutError } from '../errors.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import { sleep } from '../sleep.js';
import { EventStream, type SseMessage } from '../sse.js';
import type { CallOptions, RetryPolicy, Transport, WriteOptions } from '../transport.js';

export type ListOperationsParams = NonNullable<operations['listOperations']['parameters']['query']>;

// One table of final states, the contract's, shared with the server.
export { FINAL_OPERATION_STATES, isFinalOperationState };

/** An operation, or its id. */
export type OperationRef = string | Pick<Operation, 'id'>;

export interface EventStreamOptions {
  /** Resume after this event id (events up to it are not replayed). */
  readonly lastEventId?: string;
  /** Closes the stream. */
  readonly signal?: AbortSignal;
}

/** A `step` event: its data is the step as it now is (for rollouts, with `component`, `ready` and `desired`). */
export type StepEvent = OperationEvent & { readonly type: 'step'; readonly data: OperationStep };

/**
 * Whether an event is a `step` event, whose data is an OperationStep.
 * @example
 * for await (const e of client.operations.events(op)) {
 *   if (isStepEvent(e) && e.data.component) console.log(`${e.data.component}: ${e.data.ready}/${e.data.desired}`);
 * }
 */
export function isStepEvent(event: OperationEvent): event is StepEvent {
  return event.type === 'step' && typeof event.data === 'object' && event.data !== null && typeof event.data.name === 'string';
}

export interface WaitOptions {
  /**
   * Called with every event while waiting. If the stream is unavailable, polling reads the events
   * it can (short reads of the event stream, after the last event id it has) and makes up the rest:
   * a `step` event for each step that changed and a `state` event when the state changes. A made-up
   * event carries the id of the last event the server sent before it (`'0'`, the start, when none
   * came), so resuming a stream with any event's id misses nothing: at worst it replays what polling
   * summed up.
   */
  readonly onProgress?: (event: OperationEvent) => void;
  /**
   * Called with each step as it changes, after `onProgress` (streamed or polled alike): rollout steps
   * name a `component` and count its pods, `ready` of `desired`; publish steps count `bytes`.
   */
  readonly onStep?: (step: OperationStep, event: StepEvent) => void;
  /** Stops waiting: the wait rejects with the signal's reason (the operation itself goes on). */
  readonly signal?: AbortSignal;
  /** Give up after this long (throws CaravanTimeoutError). No limit by default. */
  readonly timeoutMs?: number;
  /** Polling interval when events are unavailable, in ms. Default 1000. */
  readonly pollIntervalMs?: number;
  /** Retries of each read of the operation while waiting, instead of the client's `retry`. */
  readonly retry?: RetryPolicy | number | false;
}

/** `client.operations`: long work (publish, install, upgrade, rollback, uninstall), its progress and its events. */
export interface OperationsResource {
  /**
   * Operations, newest first (like the audit trail).
   * @example
   * for await (const op of client.operations.list({ state: 'running' })) console.log(op.id, op.kind);
   */
  list(params?: ListOperationsParams, options?: CallOptions): PagePromise<Operation>;

  /**
   * One operation: state, steps with bytes moved, error.
   * @example
   * const op = await client.operations.get('op_01JD...');
   */
  get(op: OperationRef, options?: CallOptions): ApiPromise<Operation>;

  /**
   * Asks a pending or running operation to stop. The answer may still say `running` while it stops.
   * @example
   * await client.operations.cancel(op);
   */
  cancel(op: OperationRef, options?: WriteOptions): ApiPromise<Operation>;

  /**
   * The operation's events as they happen (replayed from the start, or after `lastEventId`).
   * Reconnects with Last-Event-ID when the connection drops; ends after the event that
   * brings the operation to a final state. Iterate it once.
   * @example
   * for await (const e of client.operations.events(op)) {
   *   if (e.type === 'progress') console.log(e.data);
   * }
   */
  events(op: OperationRef, options?: EventStreamOptions): EventStream<OperationEvent>;

  /**
   * Resolves with the operation once it reaches a final state (`succeeded`, `failed` or
   * `cancelled`; a failed operation resolves, it does not throw). Follows the event
   * stream, and polls when the stream is unavailable.
   * @example
   * const op = await client.templates.versions.publish('shop', '1.0');
   * const done = await client.operations.wait(op, { onProgress: (e) => console.log(e.type, e.data) });
   * if (done.state === 'failed') console.error(done.error?.detail);
   */
  wait(op: OperationRef, options?: WaitOptions): Promise<Operation>;
}

const idOf = (op: OperationRef) => (typeof op === 'string' ? op : op.id);

/** An event from its SSE message. Internal: the fake's streams parse theirs alike. */
export function parseEvent(message: SseMessage): OperationEvent {
  return JSON.parse(message.data) as OperationEvent;
}

/** Whether an event brings its operation to a final state (its stream ends after it). */
export function isFinalEvent(event: OperationEvent): boolean {
  return event.type === 'state' && isFinalOperationState((event.data as { state?: string }).state);
}

/** The client's `operations`. Internal: the public type is OperationsResource. */
export function operationsResource(t: Transport): OperationsResource {
  const resource: OperationsResource = {
    list: (params = {}, options = {}) => t.list<Operation>('v1/operations', params, options),
    get: (op, options = {}) => call(t, { method: 'get', path: path`v1/operations/${idOf(op)}`, ...options }),
    cancel: (op, options = {}) => call(t, { method: 'post', path: path`v1/operations/${idOf(op)}/cancel`, ...options }),
    events: (op, options = {}) => {
      const id = idOf(op);
      return new EventStream<OperationEvent>({
        connect: (lastEventId, signal) =>
          t.send({
            method: 'get',
            path: path`v1/operations/${id}/events`,
            headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
            signal,
            stream: true,
          }),
        parse: parseEvent,
        isFinal: isFinalEvent,
        isOver: async () => isFinalOperationState((await resource.get(id)).state),
        lastEventId: options.lastEventId,
        signal: options.signal,
      });
    },
    wait: (op, options = {}) => waitForOperation(resource, op, options),
  };
  return resource;
}

/** The stream of every event the caller may see, from the events after it connects (`lastEventId: '0'` replays all kept); it never ends by itself. */
export function allEvents(transport: Transport, options: EventStreamOptions = {}): EventStream<OperationEvent> {
  return new EventStream<OperationEvent>({
    connect: (lastEventId, signal) =>
      transport.send({
        method: 'get',
        path: 'v1/events',
        headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
        stream: true,
      }),
    parse: parseEvent,
    lastEventId: options.lastEventId,
    signal: options.signal,
  });
}

/** Longest short read of the event stream per poll while the stream cannot stay open. */
const CATCH_UP_MS = 1000;

/** A step's content, whatever the order of its keys, to tell a changed step from one reported already. */
function fingerprint(step: OperationStep): string {
  return JSON.stringify(Object.entries(step).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a wait has reported so far, so that polling adds only what is new. */
class Reported {
  /** The id of the newest event the server sent: where a resumed stream misses nothing. */
  lastEventId: string | undefined;
  state: string | undefined;
  readonly #steps = new Map<string, string>();
  readonly #options: WaitOptions;

  constructor(options: WaitOptions) {
    this.#options = options;
  }

  /** Reports an event the server sent. */
  real(event: OperationEvent): void {
    this.lastEventId = event.id;
    this.#report(event);
  }

  /** Reports what a polled snapshot shows that no event has: steps that changed, and the state. */
  snapshot(op: Operation): void {
    // The id of the last real event: a stream resumed with it replays what this summary stands for.
    const id = this.lastEventId ?? '0';
    for (const step of op.steps) {
      if (this.#steps.get(step.name) !== fingerprint(step)) this.#report({ id, operation: op.id, type: 'step', at: op.updatedAt, data: step });
    }
    if (op.state !== this.state) this.#report({ id, operation: op.id, type: 'state', at: op.updatedAt, data: { state: op.state, steps: op.steps } });
  }

  #report(event: OperationEvent): void {
    if (event.type === 'state' && typeof event.data.state === 'string') this.state = event.data.state;
    this.#options.onProgress?.(event);
    if (isStepEvent(event)) {
      this.#steps.set(event.data.name, fingerprint(event.data));
      this.#options.onStep?.(event.data, event);
    }
  }
}

/**
 * The wait of `operations.wait`, over anything that reads operations and their events: the client's
 * resource, and the fake of `@caravan/sdk/testing` (which shares this, so both report alike).
 */
export async function waitForOperation(reader: Pick<OperationsResource, 'get' | 'events'>, op: OperationRef, options: WaitOptions = {}): Promise<Operation> {
  const id = idOf(op);
  const signals = [options.signal, options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  const reads: CallOptions = { ...(signal ? { signal } : {}), ...(options.retry === undefined ? {} : { retry: options.retry }) };
  const reported = new Reported(options);
  try {
    let current = await reader.get(id, reads);
    if (isFinalOperationState(current.state)) return current;
    try {
      for await (const event of reader.events(id, signal ? { signal } : {})) reported.real(event);
      current = await reader.get(id, reads);
      if (isFinalOperationState(current.state)) return current;
    } catch (error) {
      if (signal?.aborted) throw error;
      // The stream is unavailable (a proxy that buffers, say): fall back to polling.
    }
    // Polling reports changes from here on, not the state the wait began in.
    reported.state ??= current.state;
    const interval = options.pollIntervalMs ?? 1000;
    for (;;) {
      const started = Date.now();
      const read = await catchUp(reader, id, reported, signal, Math.min(interval, CATCH_UP_MS));
      // Events that came are the truth; a snapshot only fills in when none could be read.
      if (read === 0 || isFinalOperationState(current.state)) reported.snapshot(current);
      if (isFinalOperationState(current.state)) return current;
      await sleep(Math.max(0, interval - (Date.now() - started)), signal);
      current = await reader.get(id, reads);
    }
  } catch (error) {
    if (options.timeoutMs !== undefined && signal?.aborted && !options.signal?.aborted) {
      throw new CaravanTimeoutError(`Operation ${id} did not finish within ${options.timeoutMs} ms`, { cause: error });
    }
    throw error;
  }
}

/**
 * A short read of the operation's event stream after the last event reported, for at most `windowMs`:
 * what it yields are real events with the server's ids. Returns how many came; a stream that fails is
 * no error here (polling goes on without it), an abort of the wait is.
 */
async function catchUp(
  reader: Pick<OperationsResource, 'events'>,
  id: string,
  reported: Reported,
  signal: AbortSignal | undefined,
  windowMs: number,
): Promise<number> {
  const window = AbortSignal.timeout(windowMs);
  let read = 0;
  try {
    const stream = reader.events(id, {
      signal: signal ? AbortSignal.any([signal, window]) : window,
      ...(reported.lastEventId === undefined ? {} : { lastEventId: reported.lastEventId }),
    });
    for await (const event of stream) {
      reported.real(event);
      read++;
    }
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  // The stream ends quietly when its signal aborts; the wait must not.
  signal?.throwIfAborted();
  return read;
}
