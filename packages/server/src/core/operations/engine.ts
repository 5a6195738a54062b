/**
 * The durable operations engine. Operations are rows in the store; a worker
 * loop claims one at a time with a lease (owner + expiry), renews the lease
 * while the handler runs, and writes every step, progress and state change
 * through the store together with an event, so a client streaming events can
 * resume from any event id.
 *
 * What keeps an operation from staying `running` forever:
 * - a lease: when the process dies (kill -9), the lease expires and the next
 *   worker (this server restarted, or another replica) claims it again and
 *   the handler resumes from its persisted steps;
 * - an attempt limit: an operation whose worker keeps dying fails cleanly;
 * - a wall-clock deadline: the operation's own (from its request, e.g. a
 *   rollout deadline), else its kind's, counted from its first start.
 *
 * One active operation per subject: an operation may carry a lock key that the
 * store keeps unique among pending and running operations (a partial unique
 * index), so a second upgrade of one install is refused by the database, with
 * the holder named, whichever replica took the request.
 *
 * Fencing: a worker writes its operation, and the handler its domain rows
 * (`commit`), only while it holds the lease, checked in the same transaction,
 * so a worker that lost its lease (paused, partitioned) writes nothing after.
 *
 * A replica claims only kinds it has a handler for, so in a rolling upgrade of
 * Caravan an older replica leaves newer kinds of work to the newer replicas.
 *
 * Cancel sets `cancelRequested` and aborts the handler's signal (a pending
 * operation is cancelled at once). A graceful stop aborts the handlers as
 * "stopping", which fails nothing, and gives the leases up so a restarted
 * server resumes at once; that start does not count as an attempt.
 */
import { FINAL_OPERATION_STATES, isFinalOperationState, type OperationEvent, type Problem } from '@caravan/contracts';
import type { Actor } from '../api.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import { ConflictError, NotFoundError, OperationInProgressError } from '../shared/errors.js';
import { StoreConflictError, type Change, type EventInput, type OperationRow, type OperationState } from '../store/port.js';
import { eventToWire, problem } from '../shared/wire.js';
import { Notifier } from './notifier.js';
import { EventFeed } from './event-feed.js';
import { isoAfter, isoNow } from '../shared/clock.js';
import type { FinalOperationState } from '../shared/metrics.js';

export type OperationStep = OperationRow['steps'][number];

/** Rows per store read when replaying a finished operation's events. */
const EVENT_BATCH = 200;

/**
 * How a handler's run ended. `changes` are committed in the same transaction as
 * the operation's final state, fenced on this worker's lease (e.g. the install's
 * state and the record's outcome), so they are written exactly when the
 * operation ends and never by a worker that lost it.
 */
export type HandlerOutcome =
  | { state: 'succeeded'; result?: unknown; changes?: readonly Change[] }
  | { state: 'failed'; error: Problem; result?: unknown; changes?: readonly Change[] };

export interface OperationRunContext {
  /** The operation as claimed (attempts already counts this run). */
  readonly op: OperationRow;
  /** Aborts on cancel, deadline, lost lease or server stop; `signal.reason` is an OperationAbort. */
  readonly signal: AbortSignal;
  steps(): readonly OperationStep[];
  /** Creates or changes a step (a field given as undefined is cleared); persisted (only while this worker holds the lease) with a `step` event. */
  setStep(name: string, patch: Partial<Omit<OperationStep, 'name'>>): Promise<void>;
  /** Bytes moved by a running step; persisted and announced at most every `progressMs`. */
  progress(name: string, bytes: number, totalBytes?: number): void;
  log(message: string, level?: 'info' | 'warn' | 'error'): Promise<void>;
  /**
   * Commits domain changes in one transaction, fenced on this worker's lease;
   * false (and the run aborts as lease-lost) when the lease is no longer held.
   */
  commit(changes: readonly Change[]): Promise<boolean>;
}

export interface OperationHandler {
  readonly kind: string;
  /** Wall-clock limit from the operation's first start. */
  readonly deadlineMs: number;
  /** Does the work; must be resumable (skip what the persisted steps say is done). */
  run(ctx: OperationRunContext): Promise<HandlerOutcome>;
  /**
   * Called when the engine ends an operation without the handler finishing it
   * (cancelled, deadline passed, too many attempts, handler crashed), so the
   * handler can leave its subject consistent (e.g. the version `failed`).
   * Must be idempotent: it may run again after a crash.
   */
  abandon(op: OperationRow, error: Problem, state: 'failed' | 'cancelled'): Promise<void>;
}

/** A change given to `submit` did not apply (which one, by index in the list given); nothing was written. */
export class SubmitRefused extends Error {
  readonly why: 'fenced' | 'stale' | 'conflict';
  readonly change: number | undefined;
  constructor(why: 'fenced' | 'stale' | 'conflict', change: number | undefined) {
    super(`the operation was not submitted: a change did not apply (${why})`);
    this.name = 'SubmitRefused';
    this.why = why;
    this.change = change === undefined ? undefined : change - 2;
  }
}

export type AbortWhy = 'cancel' | 'deadline' | 'lease-lost' | 'stopping';

export class OperationAbort extends Error {
  readonly why: AbortWhy;
  constructor(why: AbortWhy, message: string) {
    super(message);
    this.name = 'OperationAbort';
    this.why = why;
  }
}

export interface EngineOptions {
  /** Process-unique lease owner. */
  readonly workerId: string;
  /** How long a claim on an operation lasts without renewal (default 15 s); then another worker may resume it. */
  readonly leaseMs?: number;
  /** How often a running operation's lease is renewed (default 5 s); well under `leaseMs`. */
  readonly renewMs?: number;
  /** How often idle workers and event readers look at the store (other replicas' work); default 1 s. */
  readonly pollMs?: number;
  /** Starts beyond this fail the operation (a worker died that many times running it); default 5. */
  readonly maxAttempts?: number;
  /** Operations this process runs at once (default 4). */
  readonly concurrency?: number;
  /** Least interval between stored progress updates (default 500 ms). */
  readonly progressMs?: number;
  /** How long a graceful stop waits for handlers to unwind before giving leases up anyway. */
  readonly stopGraceMs?: number;
}


export interface EnqueueSpec {
  readonly kind: string;
  readonly subject: Record<string, string>;
  readonly input: unknown;
  readonly actor: Actor;
  /** At most one pending or running operation per lock key (see the module header). */
  readonly lockKey?: string;
  /** This operation's own deadline from its creation, over the kind's default. */
  readonly deadlineMs?: number;
}

/** One operation this process is running. */
interface Run {
  readonly claimed: OperationRow;
  readonly controller: AbortController;
  done: Promise<void>;
  /**
   * Set when a stop gave the operation back while its handler was still
   * unwinding: from then on nothing this run does reaches the store (the store
   * may be closed, and another worker may hold the operation already).
   */
  detached: boolean;
}

export class OperationEngine {
  readonly notifier = new Notifier();
  readonly #ctx: CoreContext;
  readonly #handlers = new Map<string, OperationHandler>();
  readonly #running = new Map<string, Run>();
  readonly #wake = new Notifier();
  readonly #o: Required<EngineOptions>;
  /** The one reader of new events that every event stream and waiter of this process shares. */
  readonly feed: EventFeed;
  #loop: Promise<void> | undefined;
  #stopping = false;

  constructor(ctx: CoreContext, options: EngineOptions) {
    this.#ctx = ctx;
    this.#o = {
      leaseMs: 15_000,
      renewMs: 5_000,
      pollMs: 1_000,
      maxAttempts: 5,
      concurrency: 4,
      progressMs: 500,
      stopGraceMs: 10_000,
      ...options,
    };
    this.feed = new EventFeed(ctx.store, this.notifier, { pollMs: this.#o.pollMs, logger: ctx.logger });
  }

  get workerId(): string {
    return this.#o.workerId;
  }

  register(handler: OperationHandler): void {
    this.#handlers.set(handler.kind, handler);
  }

  /** The kinds this process runs: the only ones it claims. */
  get kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  #row(spec: EnqueueSpec, state: OperationState, lease: boolean): OperationRow {
    const at = this.#now();
    return {
      id: this.#ctx.ids.next('op_'),
      kind: spec.kind,
      state,
      subject: { ...spec.subject },
      input: spec.input,
      lockKey: spec.lockKey ?? null,
      deadlineAt: spec.deadlineMs === undefined ? null : isoAfter(this.#ctx.clock, spec.deadlineMs),
      steps: [],
      result: null,
      error: null,
      cancelRequested: false,
      attempts: 0,
      leaseOwner: lease ? this.#o.workerId : null,
      leaseExpiresAt: lease ? this.#leaseUntil() : null,
      createdAt: at,
      createdBy: actorRef(spec.actor),
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
    };
  }

  async #inProgress(lockKey: string): Promise<OperationInProgressError> {
    const holder = await this.#ctx.store.operations.findByLock(lockKey);
    const id = holder?.id ?? 'unknown';
    return new OperationInProgressError(
      `operation ${id}${holder === undefined ? '' : ` (${holder.kind}, ${holder.state})`} is already working on this; wait for it to finish or cancel it`,
      id,
    );
  }

  /**
   * Inserts a pending operation together with `changes` (the subject's rows, an
   * audit entry) in one transaction, so either all of it exists or none. A held
   * lock key answers OperationInProgressError naming the holder; another unique
   * conflict in `changes` answers ConflictError.
   */
  async submit(spec: EnqueueSpec, changes: (op: OperationRow) => readonly Change[] = () => []): Promise<OperationRow> {
    const row = this.#row(spec, 'pending', false);
    const result = await this.#ctx.store.commit({
      changes: [{ kind: 'operation.insert', row }, { kind: 'event', event: this.#event(row.id, 'state', { state: 'pending' }) }, ...changes(row)],
    });
    if (!result.ok) {
      if (result.why === 'conflict' && result.change === 0 && spec.lockKey !== undefined) throw await this.#inProgress(spec.lockKey);
      throw new SubmitRefused(result.why, result.change);
    }
    this.notifier.notify();
    this.#wake.notify();
    return row;
  }

  #now(): string {
    return isoNow(this.#ctx.clock);
  }

  #leaseUntil(): string {
    return isoAfter(this.#ctx.clock, this.#o.leaseMs);
  }

  #event(operationId: string, type: OperationEvent['type'], data: unknown): EventInput {
    return { operationId, type, at: this.#now(), data };
  }

  /**
   * Inserts an operation and runs `prepare` while this process holds its lease
   * (so no worker starts it before `prepare` is done); then hands it to the
   * workers as `pending`. When `prepare` throws, the operation ends failed and
   * the error is rethrown.
   */
  async enqueue(spec: EnqueueSpec, prepare: (op: OperationRow) => Promise<void>): Promise<OperationRow> {
    const { store } = this.#ctx;
    const owner = this.#o.workerId;
    const row = this.#row(spec, 'running', true);
    try {
      await store.operations.insert(row, this.#event(row.id, 'state', { state: 'pending' }));
    } catch (e) {
      if (e instanceof StoreConflictError && spec.lockKey !== undefined) throw await this.#inProgress(spec.lockKey);
      throw e;
    }
    try {
      await prepare(row);
    } catch (e) {
      const error = problem('operation-not-started', e instanceof Error ? e.message : String(e));
      const failed = await store.operations.update(
        row.id,
        { state: 'failed', error, finishedAt: this.#now(), updatedAt: this.#now(), leaseOwner: null, leaseExpiresAt: null },
        { owner, event: this.#event(row.id, 'state', { state: 'failed', error }) },
      );
      if (failed !== undefined) this.#ended(failed, 'failed');
      this.notifier.notify();
      throw e;
    }
    const pending = await store.operations.update(row.id, { state: 'pending', leaseOwner: null, leaseExpiresAt: null, updatedAt: this.#now() }, { owner });
    this.notifier.notify();
    this.#wake.notify();
    return pending ?? (await store.operations.get(row.id)) ?? row;
  }

  async get(id: string): Promise<OperationRow> {
    const op = await this.#ctx.store.operations.get(id);
    if (op === undefined) throw new NotFoundError(`operation ${id} does not exist`, { operation: id });
    return op;
  }

  async cancel(actor: Actor, id: string): Promise<OperationRow> {
    const { store } = this.#ctx;
    const op = await this.get(id);
    if (FINAL_OPERATION_STATES.includes(op.state)) {
      throw new ConflictError(`operation ${id} is already ${op.state}; only pending or running operations can be cancelled`, { state: op.state });
    }
    const audit = {
      at: this.#now(),
      actor: actorRef(actor),
      action: 'operation.cancel',
      subjectKind: 'operation',
      subjectName: id,
      ...(op.subject.template === undefined ? {} : { template: op.subject.template }),
      ...(op.subject.version === undefined ? {} : { version: op.subject.version }),
      details: { kind: op.kind, state: op.state },
    };
    const error = problem('operation-cancelled', `cancelled by ${actor.name}`);
    if (op.state === 'pending') {
      // Clearing the lease too: a worker that claimed it a moment ago loses its guarded writes and stops.
      const at = this.#now();
      const done = await store.operations.update(
        id,
        { state: 'cancelled', cancelRequested: true, error, finishedAt: at, updatedAt: at, leaseOwner: null, leaseExpiresAt: null },
        { event: this.#event(id, 'state', { state: 'cancelled', error }), audit, onlyIfState: ['pending'] },
      );
      // Claimed (or finished) between our read and this write: cancel it as running work, or report how it ended.
      if (done === undefined) return this.cancel(actor, id);
      this.#ended(done, 'cancelled');
      // Already cancelled in the store: a failing clean-up is logged, not the caller's error.
      try {
        await this.#handlers.get(op.kind)?.abandon(op, error, 'cancelled');
      } catch (e) {
        this.#ctx.logger.error('leaving a cancelled operation consistent failed', { operation: id, error: (e as Error).message });
      }
      this.notifier.notify();
      return done ?? (await this.get(id));
    }
    // A run of ours stops now, with the canceller's name as its reason (another replica's run sees the flag at its next write).
    this.#running.get(id)?.controller.abort(new OperationAbort('cancel', `cancelled by ${actor.name}`));
    // Compare-and-set on the state: a cancel must never overwrite work that has just finished.
    const marked = await store.operations.update(
      id,
      { cancelRequested: true, updatedAt: this.#now() },
      { event: this.#event(id, 'log', { message: `cancel requested by ${actor.name}`, level: 'info' }), audit, onlyIfState: ['pending', 'running'] },
    );
    if (marked === undefined) {
      const now = await this.get(id);
      // Our own run, aborted above, may already have ended as cancelled: that is this cancel's outcome.
      if (now.state === 'cancelled') return now;
      throw new ConflictError(`operation ${id} is already ${now.state}; only pending or running operations can be cancelled`, { state: now.state });
    }
    this.notifier.notify();
    return marked;
  }

  /** Starts the worker loop (idempotent). */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /**
   * Stops claiming, aborts running handlers as "stopping" and gives their
   * leases up. Handlers still running after `stopGraceMs` are detached and
   * their operations handed back here, before returning: the caller closes
   * the store next, and other replicas should not wait a whole lease.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.feed.close();
    this.#wake.notify();
    for (const { controller } of this.#running.values()) controller.abort(new OperationAbort('stopping', 'the server is stopping'));
    const all = Promise.allSettled([...this.#running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, this.#o.stopGraceMs)))]);
    clearTimeout(timer);
    const late = [...this.#running.values()];
    for (const run of late) run.detached = true;
    await Promise.all(late.map((run) => this.#handBack(run.claimed)));
    await this.#loop;
    this.#loop = undefined;
  }

  async #run(): Promise<void> {
    const { store, logger } = this.#ctx;
    while (!this.#stopping) {
      if (this.#running.size >= this.#o.concurrency) {
        await this.#wake.wait(this.#o.pollMs);
        continue;
      }
      let op: OperationRow | undefined;
      try {
        op = await store.operations.claim(this.#o.workerId, this.#now(), this.#leaseUntil(), this.kinds);
      } catch (e) {
        if (this.#stopping) break;
        logger.error('claiming an operation failed', { error: (e as Error).message });
      }
      if (op === undefined) {
        await this.#wake.wait(this.#o.pollMs);
        continue;
      }
      if (this.#stopping) {
        await this.#handBack(op);
        break;
      }
      if (this.#running.has(op.id)) {
        // Our own lease ran out while we still run it (renewals starved): the claim renewed it; keep the one run.
        logger.warn('re-claimed an operation this worker is still running; its lease renewals are late', { operation: op.id });
        continue;
      }
      const run: Run = { claimed: op, controller: new AbortController(), done: Promise.resolve(), detached: false };
      run.done = this.#process(run)
        .catch((e: unknown) => {
          if (!run.detached) logger.error('operation worker error', { operation: run.claimed.id, error: (e as Error).message });
        })
        .finally(() => {
          if (this.#running.get(run.claimed.id) === run) this.#running.delete(run.claimed.id);
          this.#wake.notify();
        });
      this.#running.set(run.claimed.id, run);
    }
  }

  /**
   * Gives an operation back on a graceful stop: not a failure and not an
   * attempt, so the attempt count goes back down, in the same write that
   * gives the lease up (the next start resumes it at once).
   */
  async #handBack(op: OperationRow): Promise<void> {
    const { store, logger } = this.#ctx;
    const owner = this.#o.workerId;
    try {
      const done = await store.operations.update(op.id, { attempts: Math.max(0, op.attempts - 1), leaseOwner: null, leaseExpiresAt: null }, { owner });
      if (done === undefined) logger.warn('an operation was taken over before it could be handed back', { operation: op.id });
    } catch (e) {
      logger.error('handing an operation back failed; its lease will expire instead', { operation: op.id, error: (e as Error).message });
      await store.operations.releaseLease(op.id, owner).catch(() => false);
    }
  }

  /**
   * Ends an operation this worker holds, with an event and the handler's final
   * changes, in one transaction fenced on the lease; false when the lease was lost.
   */
  async #finish(op: OperationRow, state: OperationState, fields: { error?: Problem; result?: unknown; changes?: readonly Change[] }): Promise<boolean> {
    const at = this.#now();
    const owner = this.#o.workerId;
    const result = await this.#ctx.store.commit({
      fence: { operationId: op.id, owner },
      changes: [
        {
          kind: 'operation.update',
          id: op.id,
          owner,
          patch: { state, error: fields.error ?? null, result: fields.result ?? null, finishedAt: at, updatedAt: at, leaseOwner: null, leaseExpiresAt: null },
        },
        { kind: 'event', event: this.#event(op.id, 'state', { state, ...(fields.error === undefined ? {} : { error: fields.error }) }) },
        ...(fields.changes ?? []),
      ],
    });
    this.notifier.notify();
    if (!result.ok) this.#ctx.logger.warn('an operation could not be ended: its lease is held elsewhere now', { operation: op.id, why: result.why });
    else if (state === 'succeeded' || state === 'failed' || state === 'cancelled') this.#ended({ ...op, finishedAt: at }, state);
    return result.ok;
  }

  /** Counts an operation that reached its final state here: once, by whichever path wrote that state. */
  #ended(op: Pick<OperationRow, 'kind' | 'createdAt' | 'finishedAt'>, state: FinalOperationState): void {
    const seconds = Math.max(0, Date.parse(op.finishedAt ?? this.#now()) - Date.parse(op.createdAt)) / 1000;
    this.#ctx.metrics?.operationFinished(op.kind, state, seconds);
  }

  async #abandon(op: OperationRow, handler: OperationHandler | undefined, error: Problem, state: 'failed' | 'cancelled'): Promise<void> {
    if (handler !== undefined) {
      try {
        await handler.abandon(op, error, state);
      } catch (e) {
        this.#ctx.logger.error('leaving an abandoned operation consistent failed', { operation: op.id, error: (e as Error).message });
      }
    }
    await this.#finish(op, state, { error });
  }

  async #process(run: Run): Promise<void> {
    const { claimed, controller } = run;
    const { store, clock } = this.#ctx;
    const owner = this.#o.workerId;
    const handler = this.#handlers.get(claimed.kind);
    if (handler === undefined) {
      await this.#finish(claimed, 'failed', { error: problem('unknown-operation-kind', `no handler for operation kind ${claimed.kind}`) });
      return;
    }
    if (claimed.cancelRequested) {
      await this.#abandon(claimed, handler, problem('operation-cancelled', 'cancelled before it could resume'), 'cancelled');
      return;
    }
    if (claimed.attempts > this.#o.maxAttempts) {
      const detail = `the operation was started ${claimed.attempts - 1} times and never finished (the worker running it stopped each time); giving up`;
      await this.#abandon(claimed, handler, problem('operation-abandoned', detail), 'failed');
      return;
    }
    const startedAt = claimed.startedAt ?? this.#now();
    const deadline = claimed.deadlineAt !== null ? Date.parse(claimed.deadlineAt) : Date.parse(startedAt) + handler.deadlineMs;
    const deadlineProblem = () =>
      claimed.deadlineAt !== null
        ? problem('operation-deadline-exceeded', `the ${claimed.kind} operation did not finish by its deadline ${claimed.deadlineAt}`)
        : problem('operation-deadline-exceeded', `a ${claimed.kind} operation must finish within ${Math.round(handler.deadlineMs / 1000)} s of its start`);
    if (clock.now().getTime() >= deadline) {
      await this.#abandon(claimed, handler, deadlineProblem(), 'failed');
      return;
    }

    let op: OperationRow = claimed;
    // The steps as this worker knows them: the only writer while it holds the lease, so memory is the truth
    // and every write sends the latest steps (never a snapshot that a later change has overtaken).
    let steps: OperationStep[] = claimed.steps.map((x) => ({ ...x }));
    const signal = controller.signal;
    const abort = (why: AbortWhy, message: string) => {
      if (!signal.aborted) controller.abort(new OperationAbort(why, message));
    };
    const lost = () => abort('lease-lost', 'another worker holds this operation now');

    // Writes are serialised, and all of them only apply while we hold the lease.
    let chain: Promise<unknown> = Promise.resolve();
    const write = (patch: Partial<OperationRow>, event: EventInput | undefined, withSteps = false): Promise<void> => {
      const next = chain.then(async () => {
        if (run.detached) return;
        if (signal.aborted && (signal.reason as OperationAbort | undefined)?.why === 'lease-lost') return;
        const values = { ...patch, ...(withSteps ? { steps } : {}), updatedAt: this.#now() };
        const updated = await store.operations.update(op.id, values, { owner, ...(event === undefined ? {} : { event }) });
        if (updated === undefined) lost();
        else {
          op = updated;
          // A cancel sent to another replica shows up on our next write, well before the next lease renewal.
          if (updated.cancelRequested) abort('cancel', 'cancelled on request (the audit trail says by whom)');
        }
        this.notifier.notify();
      });
      chain = next.catch(() => undefined);
      return next;
    };

    await write({ startedAt }, this.#event(op.id, 'state', { state: 'running', attempt: claimed.attempts }));
    if (signal.aborted) return;

    const renew = setInterval(() => {
      void (async () => {
        if (run.detached) return;
        try {
          if (!(await store.operations.renewLease(op.id, owner, this.#leaseUntil()))) return lost();
          const fresh = await store.operations.get(op.id);
          if (fresh?.cancelRequested) abort('cancel', 'cancelled on request (the audit trail says by whom)');
        } catch (e) {
          this.#ctx.logger.warn('renewing an operation lease failed', { operation: op.id, error: (e as Error).message });
        }
      })();
    }, this.#o.renewMs);
    const deadlineTimer = setTimeout(() => abort('deadline', 'deadline passed'), Math.max(0, deadline - clock.now().getTime()));

    const lastProgress = new Map<string, number>();
    const ctx: OperationRunContext = {
      op: claimed,
      signal,
      steps: () => steps,
      setStep: (name, patch) => {
        const current = steps.find((x) => x.name === name);
        const merged: Record<string, unknown> = { ...(current ?? { name, state: 'pending', bytes: 0 }), ...patch, name };
        // A field patched to undefined is cleared: a step that ended must not keep its last in-flight message.
        for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
        const step = merged as unknown as OperationStep;
        steps = current === undefined ? [...steps, step] : steps.map((x) => (x.name === name ? step : x));
        return write({}, this.#event(op.id, 'step', { ...step, bytes: step.bytes ?? 0 }), true);
      },
      progress: (name, bytes, totalBytes) => {
        const current = steps.find((x) => x.name === name);
        if (current === undefined) return;
        const step = { ...current, bytes, ...(totalBytes === undefined ? {} : { totalBytes }) };
        steps = steps.map((x) => (x.name === name ? step : x));
        const now = Date.now();
        if (now - (lastProgress.get(name) ?? 0) < this.#o.progressMs) return;
        lastProgress.set(name, now);
        void write({}, this.#event(op.id, 'progress', { step: name, bytes, ...(totalBytes === undefined ? {} : { totalBytes }) }), true).catch(() => undefined);
      },
      log: (message, level = 'info') => write({}, this.#event(op.id, 'log', { message, level })),
      commit: (changes) => {
        const next = chain.then(async () => {
          if (run.detached) return false;
          const result = await store.commit({ fence: { operationId: op.id, owner }, changes });
          if (!result.ok && result.why === 'fenced') lost();
          else if (!result.ok) throw new Error(`a change of the ${op.kind} operation did not apply (${result.why})`);
          this.notifier.notify();
          return result.ok;
        });
        chain = next.catch(() => undefined);
        return next;
      },
    };

    let outcome: HandlerOutcome | undefined;
    let failure: unknown;
    try {
      outcome = await handler.run(ctx);
    } catch (e) {
      failure = e;
    } finally {
      clearInterval(renew);
      clearTimeout(deadlineTimer);
    }
    await chain;
    // Handed back by stop() while the handler unwound: the operation is not ours to end any more.
    if (run.detached) return;

    const why = signal.aborted ? (signal.reason as OperationAbort).why : undefined;
    if (why === 'lease-lost') return;
    if (why === 'stopping' && outcome === undefined) {
      await this.#handBack(op);
      return;
    }
    if (outcome !== undefined) {
      const { result, changes } = outcome;
      if (outcome.state === 'succeeded') await this.#finish(op, 'succeeded', { result, ...(changes ? { changes } : {}) });
      else await this.#finish(op, 'failed', { error: outcome.error, result, ...(changes ? { changes } : {}) });
      return;
    }
    if (why === 'cancel') {
      const by = (signal.reason as OperationAbort).message;
      await this.#abandon(op, handler, problem('operation-cancelled', by), 'cancelled');
      return;
    }
    if (why === 'deadline') {
      await this.#abandon(op, handler, deadlineProblem(), 'failed');
      return;
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    this.#ctx.logger.error('operation handler failed', { operation: op.id, kind: op.kind, error: message });
    await this.#abandon(op, handler, problem('operation-failed', message), 'failed');
  }

  /**
   * Events after `afterSeq`, or (`'now'`) after the newest event when opened: of
   * all operations until the signal aborts, or of one, until its final state
   * event. Live events come through the feed this process shares, so open
   * streams cost one store read per poll together, however many there are.
   */
  async *events(id: string | undefined, afterSeq: number | 'now', signal: AbortSignal): AsyncGenerator<OperationEvent> {
    const { store } = this.#ctx;
    // Read before the operation's state below, so an event written after that read comes after `after`.
    let after = afterSeq === 'now' ? await store.events.lastSeq() : afterSeq;
    if (id === undefined) {
      for await (const row of this.feed.rows(after, signal)) {
        if (row.operationId !== null) yield eventToWire(row);
      }
      return;
    }
    const op = await this.get(id);
    if (!FINAL_OPERATION_STATES.includes(op.state)) {
      // Its final state event is written in the same transaction as its final state, so it is still to come and
      // the feed brings it (after what the client missed, which the feed reads from the store first).
      for await (const row of this.feed.rows(after, signal, id)) {
        yield eventToWire(row);
        if (row.type === 'state' && isFinalOperationState((row.data as { state?: string } | null)?.state)) return;
      }
      return;
    }
    // Already final: all its events are in the store (a resumed client may have seen them all); replay and end.
    while (!signal.aborted) {
      const rows = await store.events.listAfter(after, { operationId: id, limit: EVENT_BATCH });
      for (const row of rows) {
        after = row.seq;
        yield eventToWire(row);
        if (signal.aborted) return;
      }
      if (rows.length < EVENT_BATCH) return;
    }
  }

  async wait(id: string, signal?: AbortSignal): Promise<OperationRow> {
    const op = await this.get(id);
    if (FINAL_OPERATION_STATES.includes(op.state)) return op;
    // Until its final state event arrives on the shared feed: waiters cost no store reads per poll either.
    const events = this.events(id, 'now', signal ?? new AbortController().signal);
    while (!(await events.next()).done);
    // The stream also ends when the signal aborts or the engine stops (the feed closes); polling covers those.
    for (;;) {
      const now = await this.get(id);
      if (FINAL_OPERATION_STATES.includes(now.state)) return now;
      if (signal?.aborted) throw signal.reason;
      await this.notifier.wait(this.#o.pollMs, signal);
    }
  }
}
