/** `client.operations` (get, list, cancel, wait, events) and the global event stream. */
import type { Operation, OperationEvent, OperationStep, operations } from '@caravan/contracts';
// The zod-free subpath: the root would pull every zod schema into a browser bundle.
import { FINAL_OPERATION_STATES, isFinalOperationState } from '@caravan/contracts/states';
import { CaravanTimeoutError } from '../errors.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import { sleep } from '../sleep.js';
import { EventStream, type SseMessage } from '../sse.js';
import type { CallOptions, Transport, WriteOptions } from '../transport.js';

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
   * Called with every event while waiting. If the stream is unavailable, polling makes them up:
   * a `step` event for each step that changed and a `state` event when the state changes.
   */
  readonly onProgress?: (event: OperationEvent) => void;
  /**
   * Called with each step as it changes, after `onProgress` (streamed or polled alike): rollout steps
   * name a `component` and count its pods, `ready` of `desired`; publish steps count `bytes`.
   */
  readonly onStep?: (step: OperationStep, event: StepEvent) => void;
  readonly signal?: AbortSignal;
  /** Give up after this long (throws CaravanTimeoutError). No limit by default. */
  readonly timeoutMs?: number;
  /** Polling interval when events are unavailable, in ms. Default 1000. */
  readonly pollIntervalMs?: number;
}

const idOf = (op: OperationRef) => (typeof op === 'string' ? op : op.id);

function parseEvent(message: SseMessage): OperationEvent {
  return JSON.parse(message.data) as OperationEvent;
}

function isFinalEvent(event: OperationEvent): boolean {
  return event.type === 'state' && isFinalOperationState((event.data as { state?: string }).state);
}

export class OperationsResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Operations, newest first (like the audit trail).
   * @example
   * for await (const op of client.operations.list({ state: 'running' })) console.log(op.id, op.kind);
   */
  list(params: ListOperationsParams = {}, options: CallOptions = {}): PagePromise<Operation> {
    return this.#t.list<Operation>('v1/operations', params, options);
  }

  /**
   * One operation: state, steps with bytes moved, error.
   * @example
   * const op = await client.operations.get('op_01JD...');
   */
  get(op: OperationRef, options: CallOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'get', path: path`v1/operations/${idOf(op)}`, ...options });
  }

  /**
   * Asks a pending or running operation to stop. The answer may still say `running` while it stops.
   * @example
   * await client.operations.cancel(op);
   */
  cancel(op: OperationRef, options: WriteOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'post', path: path`v1/operations/${idOf(op)}/cancel`, ...options });
  }

  /**
   * The operation's events as they happen (replayed from the start, or after `lastEventId`).
   * Reconnects with Last-Event-ID when the connection drops; ends after the event that
   * brings the operation to a final state. Iterate it once.
   * @example
   * for await (const e of client.operations.events(op)) {
   *   if (e.type === 'progress') console.log(e.data);
   * }
   */
  events(op: OperationRef, options: EventStreamOptions = {}): EventStream<OperationEvent> {
    const id = idOf(op);
    return new EventStream<OperationEvent>({
      connect: (lastEventId, signal) =>
        this.#t.send({
          method: 'get',
          path: path`v1/operations/${id}/events`,
          headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
          signal,
          stream: true,
        }),
      parse: parseEvent,
      isFinal: isFinalEvent,
      isOver: async () => isFinalOperationState((await this.get(id)).state),
      lastEventId: options.lastEventId,
      signal: options.signal,
    });
  }

  /**
   * Resolves with the operation once it reaches a final state (`succeeded`, `failed` or
   * `cancelled`; a failed operation resolves, it does not throw). Follows the event
   * stream, and polls when the stream is unavailable.
   * @example
   * const op = await client.templates.versions.publish('shop', '1.0');
   * const done = await client.operations.wait(op, { onProgress: (e) => console.log(e.type, e.data) });
   * if (done.state === 'failed') console.error(done.error?.detail);
   */
  async wait(op: OperationRef, options: WaitOptions = {}): Promise<Operation> {
    const id = idOf(op);
    const signals = [options.signal, options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    // Each step as last reported, by name, so polling reports only what changed since.
    const seen = new Map<string, string>();
    const report = (event: OperationEvent) => {
      options.onProgress?.(event);
      if (isStepEvent(event)) {
        seen.set(event.data.name, JSON.stringify(event.data));
        options.onStep?.(event.data, event);
      }
    };
    try {
      let current = await this.get(id, signal ? { signal } : {});
      if (isFinalOperationState(current.state)) return current;
      try {
        for await (const event of this.events(id, signal ? { signal } : {})) report(event);
        current = await this.get(id, signal ? { signal } : {});
        if (isFinalOperationState(current.state)) return current;
      } catch (error) {
        if (signal?.aborted) throw error;
        // The stream is unavailable (a proxy that buffers, say): fall back to polling.
      }
      return await this.#poll(id, current, options, signal, seen, report);
    } catch (error) {
      if (options.timeoutMs !== undefined && signal?.aborted && !options.signal?.aborted) {
        throw new CaravanTimeoutError(`Operation ${id} did not finish within ${options.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }

  async #poll(
    id: string,
    current: Operation,
    options: WaitOptions,
    signal: AbortSignal | undefined,
    seen: Map<string, string>,
    report: (event: OperationEvent) => void,
  ): Promise<Operation> {
    let n = 0;
    let last = current.state;
    const reportSteps = (op: Operation) => {
      for (const step of op.steps) {
        if (seen.get(step.name) === JSON.stringify(step)) continue;
        report({ id: `poll-${++n}`, operation: id, type: 'step', at: op.updatedAt, data: step });
      }
    };
    // Steps that changed while the stream was failing are reported before the first wait.
    reportSteps(current);
    for (;;) {
      if (isFinalOperationState(current.state)) return current;
      await sleep(options.pollIntervalMs ?? 1000, signal);
      current = await this.get(id, signal ? { signal } : {});
      reportSteps(current);
      if (current.state !== last || isFinalOperationState(current.state)) {
        last = current.state;
        report({
          id: `poll-${++n}`,
          operation: id,
          type: 'state',
          at: current.updatedAt,
          data: { state: current.state, steps: current.steps },
        });
      }
    }
  }
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
