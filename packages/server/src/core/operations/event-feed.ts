/**
 * One event feed per process: a single loop reads the store's new events once
 * per poll (or as soon as a writer in this process notifies) and hands every
 * row to all connected subscribers, so a hundred open `/v1/events` streams
 * cost one store query per poll, not a hundred.
 *
 * A subscriber that starts behind the feed (it resumes after an older event
 * id) first reads what it missed from the store on its own, once, then goes
 * on with the shared rows; seqs only grow, so anything it already sent is
 * skipped. A subscriber that falls too far behind (a client that reads slower
 * than events come) is cut loose from the shared rows and catches up from the
 * store again, so one slow client never holds rows in memory for everyone.
 *
 * A subscriber may take one operation's rows only (a per-operation stream, a
 * waiter): it catches up from the store with that operation's rows alone, and
 * it queues only that operation's rows, so watching one rollout costs nothing
 * per poll beyond the shared read and holds no one else's rows.
 *
 * The loop runs only while someone listens; it starts again, at the store's
 * newest event, with the next subscriber.
 */
import type { Logger } from '../shared/context.js';
import type { EventRow, Store } from '../store/port.js';
import type { Notifier } from './notifier.js';

/** Rows per store read. */
const BATCH = 200;
/** Rows a subscriber may have waiting before it is made to catch up from the store on its own. */
const MAX_QUEUED = 5_000;

interface Subscriber {
  /** Only this operation's rows, when set. */
  readonly operationId: string | undefined;
  readonly queue: EventRow[];
  /** Set when the queue overflowed: the rows were dropped, the subscriber reads the store itself. */
  lagging: boolean;
  wake: (() => void) | undefined;
}

export class EventFeed {
  readonly #store: Store;
  readonly #notifier: Notifier;
  readonly #pollMs: number;
  readonly #logger: Logger;
  readonly #subscribers = new Set<Subscriber>();
  readonly #closing = new AbortController();
  /** The seq of the newest row the loop has read; meaningful once `#ready` resolved. */
  #position = 0;
  /** Resolves once the running loop knows where it starts; undefined while no loop runs. */
  #ready: Promise<void> | undefined;

  constructor(store: Store, notifier: Notifier, options: { pollMs: number; logger: Logger }) {
    this.#store = store;
    this.#notifier = notifier;
    this.#pollMs = options.pollMs;
    this.#logger = options.logger;
  }

  /** How many subscribers are connected now. */
  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** Ends every subscription and the loop (the store is about to close). */
  close(): void {
    this.#closing.abort();
    for (const s of this.#subscribers) s.wake?.();
  }

  /** Rows after `afterSeq` (of one operation, when given), in seq order, then live ones until the signal aborts or the feed closes. */
  async *rows(afterSeq: number, signal: AbortSignal, operationId?: string): AsyncGenerator<EventRow> {
    let last = afterSeq;
    const done = () => signal.aborted || this.#closing.signal.aborted;
    while (!done()) {
      const sub: Subscriber = { operationId, queue: [], lagging: false, wake: undefined };
      const onAbort = () => sub.wake?.();
      signal.addEventListener('abort', onAbort, { once: true });
      // Joined before the feed's position is read: every row read after that position reaches the queue.
      this.#subscribers.add(sub);
      try {
        this.#ready ??= this.#start();
        await this.#ready;
        // What the feed had read before this subscriber joined, it reads from the store itself.
        const upTo = this.#position;
        while (last < upTo && !done()) {
          const rows = await this.#store.events.listAfter(last, { limit: BATCH, ...(operationId === undefined ? {} : { operationId }) });
          for (const row of rows) {
            last = row.seq;
            yield row;
            if (done()) return;
          }
          if (rows.length < BATCH) break;
        }
        while (!done() && !sub.lagging) {
          const row = sub.queue.shift();
          if (row === undefined) {
            await new Promise<void>((resolve) => (sub.wake = resolve));
            sub.wake = undefined;
            continue;
          }
          if (row.seq <= last) continue;
          last = row.seq;
          yield row;
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        this.#subscribers.delete(sub);
      }
    }
  }

  /** Starts the loop; resolves once its starting position (the store's newest event) is known. */
  #start(): Promise<void> {
    let started!: () => void;
    let failed!: (e: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    void (async () => {
      try {
        this.#position = await this.#store.events.lastSeq();
      } catch (e) {
        this.#ready = undefined;
        failed(e);
        return;
      }
      started();
      await this.#loop();
    })();
    return ready;
  }

  async #loop(): Promise<void> {
    for (;;) {
      // Checked and cleared in one step, so a subscriber joining now either keeps this loop or starts the next.
      if (this.#subscribers.size === 0 || this.#closing.signal.aborted) {
        this.#ready = undefined;
        return;
      }
      try {
        for (;;) {
          const rows = await this.#store.events.listAfter(this.#position, { limit: BATCH });
          if (rows.length > 0) this.#dispatch(rows);
          if (rows.length < BATCH || this.#closing.signal.aborted) break;
        }
      } catch (e) {
        if (!this.#closing.signal.aborted) this.#logger.warn('could not read new events; trying again', { error: String(e) });
      }
      await this.#notifier.wait(this.#pollMs, this.#closing.signal);
    }
  }

  #dispatch(rows: readonly EventRow[]): void {
    this.#position = rows.at(-1)!.seq;
    for (const sub of this.#subscribers) {
      if (sub.lagging) continue;
      const mine = sub.operationId === undefined ? rows : rows.filter((r) => r.operationId === sub.operationId);
      if (mine.length === 0) continue;
      if (sub.queue.length + mine.length > MAX_QUEUED) {
        sub.lagging = true;
        sub.queue.length = 0;
      } else {
        sub.queue.push(...mine);
      }
      sub.wake?.();
    }
  }
}
