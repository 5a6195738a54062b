/**
 * The fake's shared machinery: its clock and ids, refusals as the server words
 * them (turned into the SDK's own typed errors), cursor pages, the audit trail,
 * the event log with its server-sent-event streams, and the operation runner
 * that moves long work through its steps on timers. Everything lives in memory
 * and belongs to one fake; nothing here knows about templates or installs.
 */
import type { AuditEntry, Operation, OperationEvent, OperationStep, Problem } from '@caravan/contracts';
import { PROBLEM_TYPES, type ProblemKind } from '@caravan/contracts/problems';
import { FINAL_OPERATION_STATES, isFinalOperationState, type OperationState, type Role } from '@caravan/contracts/states';
import { createApiError } from '../errors.js';
import type { Page } from '../pagination.js';

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly environments?: readonly string[];
}

/** Caravan itself, as the server names it in records and transitions it makes on its own. */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'caravan', roles: ['admin'] };

export const ref = (a: Actor | { id: string; name: string }) => ({ id: a.id, name: a.name });

// ---- refusals -----------------------------------------------------------

/** A refusal as the core words it; the resource turns it into the SDK's typed error, with the request path. */
export class Refusal extends Error {
  readonly kind: ProblemKind;
  readonly extra: Record<string, unknown>;
  constructor(kind: ProblemKind, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.kind = kind;
    this.extra = extra;
  }
}

export interface FieldError {
  readonly pointer: string;
  readonly message: string;
  readonly code?: string;
}

/** invalid-input with every field error; the detail names the only error when there is one, as the server's does. */
export function invalid(message: string, errors: readonly FieldError[]): Refusal {
  return new Refusal('invalid-input', errors.length === 1 ? `${message}: ${errors[0]!.message}` : message, { errors: [...errors] });
}

export function throwIfAny(errors: readonly FieldError[], message: string): void {
  if (errors.length > 0) throw invalid(message, errors);
}

// The members of a refusal the server lets through to the problem document; others stay behind.
const SAFE_MEMBERS = new Set(['errors', 'current', 'state', 'from', 'to', 'action', 'template', 'version', 'operation', 'allowed', 'required', 'rule', 'allowedStates', 'conflicts', 'kubernetesStatus', 'components', 'environment', 'install', 'record']);

/** The SDK error a refusal becomes at `instance` (the request path, as the server's `instance`). */
export function toApiError(refusal: Refusal, instance: string) {
  const { type, title, status } = PROBLEM_TYPES[refusal.kind];
  const extra = Object.fromEntries(Object.entries(refusal.extra).filter(([k]) => SAFE_MEMBERS.has(k)));
  const problem = { type, title, status, instance, ...(refusal.message ? { detail: refusal.message } : {}), ...extra } as Problem;
  const headers = new Headers({ 'content-type': 'application/problem+json' });
  if (refusal.kind === 'unauthenticated') headers.set('www-authenticate', 'Bearer realm="caravan"');
  return createApiError(status, problem, headers);
}

/** A problem document for an operation's `error`. */
export function problem(kind: ProblemKind, detail: string, extra: Record<string, unknown> = {}): Problem {
  const { type, title, status } = PROBLEM_TYPES[kind];
  return { type, title, status, detail, ...extra } as Problem;
}

/** The server's role rule: the detail names the roles needed and those the caller has. */
export function requireRole(actor: Actor, allowed: readonly Role[], doing: string): void {
  if (actor.roles.some((r) => allowed.includes(r))) return;
  const need = allowed.length === 1 ? `the ${allowed[0]} role` : `one of the roles ${allowed.join(', ')}`;
  const have = actor.roles.length === 0 ? 'no roles' : `the roles ${actor.roles.join(', ')}`;
  throw new Refusal('forbidden', `${doing} needs ${need}; ${actor.name} has ${have}`);
}

// ---- ids, time, pages ---------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(n: number, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = CROCKFORD[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export interface PageQuery {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/**
 * One page of `rows` (already filtered and in list order) after the cursor's key. Cursors are the
 * server's kind: opaque, bound to their list, refused by another.
 */
export function pageOf<R, T>(list: string, rows: readonly R[], keyOf: (r: R) => string, compare: (a: string, b: string) => number, toItem: (r: R) => T, q: PageQuery = {}): Page<T> {
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw invalid('limit must be an integer from 1 to 200', [{ pointer: '/limit', message: 'must be an integer from 1 to 200', code: 'out-of-range' }]);
  }
  let after: string | undefined;
  if (q.cursor !== undefined && q.cursor !== '') {
    try {
      const value: unknown = JSON.parse(fromBase64url(q.cursor));
      if (Array.isArray(value) && value.length === 2 && value[0] === list && typeof value[1] === 'string') after = value[1];
    } catch {
      // the same answer as any other cursor this list did not hand out
    }
    if (after === undefined) throw new Refusal('invalid-input', 'the cursor is not one this list handed out', { errors: [{ pointer: '/cursor', message: 'unknown or malformed cursor', code: 'invalid-cursor' }] });
  }
  const rest = after === undefined ? rows : rows.filter((r) => compare(keyOf(r), after) > 0);
  const items = rest.slice(0, limit);
  const last = items[items.length - 1];
  return rest.length > limit && last !== undefined ? { items: items.map(toItem), nextCursor: base64url(JSON.stringify([list, keyOf(last)])) } : { items: items.map(toItem) };
}

export const ascending = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const descending = (a: string, b: string) => -ascending(a, b);
/** Sequence numbers as list keys: compared as numbers. */
export const newestFirst = (a: string, b: string) => Number(b) - Number(a);

// ---- the world ------------------------------------------------------------

interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: { id: string; name: string };
  readonly action: string;
  readonly subjectKind: string;
  readonly subjectName: string;
  readonly template?: string | undefined;
  readonly version?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly reason?: string | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

export type AuditInput = Omit<AuditRow, 'seq' | 'at' | 'actor'>;

interface EventRow {
  readonly seq: number;
  readonly operation: string;
  readonly type: OperationEvent['type'];
  readonly at: string;
  readonly data: Record<string, unknown>;
}

export interface OperationRow {
  readonly id: string;
  readonly kind: Operation['kind'];
  state: OperationState;
  readonly subject: Operation['subject'];
  steps: OperationStep[];
  readonly createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  readonly deadline?: string;
  readonly createdBy: { id: string; name: string };
  error: Problem | null;
  result: Operation['result'];
  /** Who asked for a running operation to stop. */
  cancelledBy?: Actor;
  /** One operation at a time per lock (an install, a version). */
  readonly lockKey?: string;
}

/** What a running operation's work can do: steps and logs become events, `pause` is where a cancel lands. */
export interface RunContext {
  readonly op: OperationRow;
  setStep(name: string, patch: Partial<OperationStep>): void;
  log(message: string, level?: 'info' | 'warn'): void;
  /** Waits one step's time; throws when the operation was cancelled meanwhile. */
  pause(): Promise<void>;
}

export interface Outcome {
  readonly state: 'succeeded' | 'failed';
  readonly error?: Problem;
  readonly result?: Operation['result'];
}

export interface OperationSpec {
  readonly kind: Operation['kind'];
  readonly subject: Operation['subject'];
  readonly actor: Actor;
  readonly lockKey?: string;
  readonly deadlineMs?: number;
  /** The work. */
  readonly run: (ctx: RunContext) => Promise<Outcome>;
  /** Leaves the subject consistent when the operation is cancelled (a publishing version fails, say). */
  readonly abandon?: (op: OperationRow, error: Problem) => void;
}

class Cancelled extends Error {}

export interface WorldOptions {
  readonly now?: () => Date;
  readonly stepDelayMs?: number;
}

export class World {
  readonly #now: () => Date;
  readonly #stepDelayMs: number;
  #lastMs = -1;
  #idCounter = 0;
  #auditSeq = 0;
  #eventSeq = 0;
  readonly audit: AuditRow[] = [];
  readonly events: EventRow[] = [];
  readonly operations = new Map<string, OperationRow>();
  readonly #abandon = new Map<string, OperationSpec['abandon']>();
  readonly #listeners = new Set<() => void>();
  readonly #running = new Set<Promise<void>>();

  constructor(options: WorldOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#stepDelayMs = options.stepDelayMs ?? 5;
  }

  iso(): string {
    return this.#now().toISOString();
  }

  isoAfter(ms: number): string {
    return new Date(this.#now().getTime() + ms).toISOString();
  }

  /** A new id, sortable by creation like the server's (`op_01J...`). */
  nextId(prefix: string): string {
    const ms = Math.max(this.#now().getTime(), this.#lastMs);
    this.#lastMs = ms;
    return `${prefix}${base32(ms, 10)}${base32(++this.#idCounter, 16)}`;
  }

  record(actor: Actor | { id: string; name: string }, entry: AuditInput): void {
    this.audit.push({ seq: ++this.#auditSeq, at: this.iso(), actor: ref(actor), ...entry });
  }

  auditToWire(row: AuditRow): AuditEntry {
    const kind = row.subjectKind;
    return {
      id: String(row.seq),
      at: row.at,
      actor: ref(row.actor),
      action: row.action,
      subject: {
        kind,
        name: row.subjectName,
        ...(row.template === undefined ? {} : { template: row.template }),
        ...(row.version === undefined ? {} : { version: row.version }),
        ...(kind === 'environment' ? { environment: row.subjectName } : {}),
        ...(kind === 'install' ? { environment: row.subjectName.split('/')[0]!, install: row.subjectName.split('/').slice(1).join('/') } : {}),
      },
      ...(row.from === undefined ? {} : { from: row.from }),
      ...(row.to === undefined ? {} : { to: row.to }),
      ...(row.reason === undefined ? {} : { reason: row.reason }),
      ...(row.details === undefined ? {} : { details: row.details }),
    };
  }

  // ---- events ----

  emit(operation: string, type: OperationEvent['type'], data: Record<string, unknown>): void {
    this.events.push({ seq: ++this.#eventSeq, operation, type, at: this.iso(), data: structuredClone(data) });
    for (const listener of this.#listeners) listener();
  }

  get lastEventSeq(): number {
    return this.#eventSeq;
  }

  /**
   * A text/event-stream Response of the events after `afterSeq` that `filter` keeps, then live ones,
   * until `signal` aborts; or, for an operation's stream (`over` given), until its final event, or at
   * once when the operation is over and nothing of it is left to send (as the server's stream does).
   */
  stream(afterSeq: number, filter: (e: EventRow) => boolean, signal: AbortSignal, over?: () => boolean): Response {
    const encoder = new TextEncoder();
    let position = afterSeq;
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    const stop = () => {
      this.#listeners.delete(listener);
      signal.removeEventListener('abort', listener);
    };
    this.#listeners.add(listener);
    signal.addEventListener('abort', listener, { once: true });
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          const next = signal.aborted ? undefined : this.events.find((e) => e.seq > position && filter(e));
          if (next !== undefined) {
            position = next.seq;
            const wire: OperationEvent = { id: String(next.seq), operation: next.operation, type: next.type, at: next.at, data: next.data as OperationEvent['data'] };
            controller.enqueue(encoder.encode(`id: ${wire.id}\nevent: ${wire.type}\ndata: ${JSON.stringify(wire)}\n\n`));
            if (over !== undefined && next.type === 'state' && isFinalOperationState(next.data.state as string)) {
              stop();
              controller.close();
            }
            return;
          }
          if (signal.aborted || over?.() === true) {
            stop();
            controller.close();
            return;
          }
          // Nothing new yet: wait for the next event, or for the reader to leave.
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      },
      cancel: stop,
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
  }

  // ---- operations ----

  operationToWire(row: OperationRow): Operation {
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      subject: { ...row.subject },
      steps: row.steps.map((s) => ({ ...s })),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(row.startedAt === undefined ? {} : { startedAt: row.startedAt }),
      ...(row.finishedAt === undefined ? {} : { finishedAt: row.finishedAt }),
      ...(row.deadline === undefined ? {} : { deadline: row.deadline }),
      createdBy: ref(row.createdBy),
      error: row.error === null ? null : structuredClone(row.error),
      result: row.result === null ? null : structuredClone(row.result),
    };
  }

  operation(id: string): OperationRow {
    const op = this.operations.get(id);
    if (op === undefined) throw new Refusal('not-found', `operation ${id} does not exist`, { operation: id });
    return op;
  }

  /** The running or pending operation holding `lockKey`, if any. */
  holder(lockKey: string): OperationRow | undefined {
    return [...this.operations.values()].find((o) => o.lockKey === lockKey && !isFinalOperationState(o.state));
  }

  /** Queues an operation (pending, with its first event) and runs it on the fake's timers. */
  start(spec: OperationSpec): OperationRow {
    if (spec.lockKey !== undefined) {
      const holder = this.holder(spec.lockKey);
      if (holder !== undefined) {
        throw new Refusal('operation-in-progress', `operation ${holder.id} (${holder.kind}, ${holder.state}) is already working on this; wait for it to finish or cancel it`, { operation: holder.id });
      }
    }
    const at = this.iso();
    const op: OperationRow = {
      id: this.nextId('op_'),
      kind: spec.kind,
      state: 'pending',
      subject: { ...spec.subject },
      steps: [],
      createdAt: at,
      updatedAt: at,
      ...(spec.deadlineMs === undefined ? {} : { deadline: this.isoAfter(spec.deadlineMs) }),
      createdBy: ref(spec.actor),
      error: null,
      result: null,
      ...(spec.lockKey === undefined ? {} : { lockKey: spec.lockKey }),
    };
    this.operations.set(op.id, op);
    this.#abandon.set(op.id, spec.abandon);
    this.emit(op.id, 'state', { state: 'pending' });
    const run = this.#drive(op, spec).finally(() => this.#running.delete(run));
    this.#running.add(run);
    return op;
  }

  async #delay(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.#stepDelayMs));
  }

  async #drive(op: OperationRow, spec: OperationSpec): Promise<void> {
    await this.#delay();
    if (op.state !== 'pending') return; // cancelled before it started
    op.state = 'running';
    op.startedAt = op.updatedAt = this.iso();
    this.emit(op.id, 'state', { state: 'running', attempt: 1 });
    const ctx: RunContext = {
      op,
      setStep: (name, patch) => {
        const current = op.steps.find((s) => s.name === name);
        const step: OperationStep = { ...(current ?? { name, state: 'pending', bytes: 0 }), ...patch, name };
        op.steps = current === undefined ? [...op.steps, step] : op.steps.map((s) => (s.name === name ? step : s));
        op.updatedAt = this.iso();
        this.emit(op.id, 'step', { ...step, bytes: step.bytes ?? 0 });
      },
      log: (message, level = 'info') => this.emit(op.id, 'log', { message, level }),
      pause: async () => {
        await this.#delay();
        if (op.cancelledBy !== undefined) throw new Cancelled();
      },
    };
    let outcome: Outcome;
    try {
      outcome = await spec.run(ctx);
    } catch (e) {
      if (!(e instanceof Cancelled)) {
        outcome = { state: 'failed', error: problem('operation-failed', e instanceof Error ? e.message : String(e)) };
      } else {
        const error = problem('operation-cancelled', `cancelled by ${op.cancelledBy?.name ?? 'someone'}`);
        spec.abandon?.(op, error);
        this.#finish(op, 'cancelled', error, op.result);
        return;
      }
    }
    this.#finish(op, outcome.state, outcome.error ?? null, outcome.result ?? null);
  }

  #finish(op: OperationRow, state: OperationState, error: Problem | null, result: Operation['result']): void {
    op.state = state;
    op.error = error;
    op.result = result;
    op.finishedAt = op.updatedAt = this.iso();
    this.emit(op.id, 'state', { state, ...(error === null ? {} : { error }) });
  }

  /** The server's cancel: a pending operation ends at once, a running one is asked to stop. */
  cancel(actor: Actor, id: string): OperationRow {
    const op = this.operation(id);
    if ((FINAL_OPERATION_STATES as readonly string[]).includes(op.state)) {
      throw new Refusal('conflict', `operation ${id} is already ${op.state}; only pending or running operations can be cancelled`, { state: op.state });
    }
    this.record(actor, {
      action: 'operation.cancel',
      subjectKind: 'operation',
      subjectName: id,
      template: op.subject.template,
      version: op.subject.version,
      details: { kind: op.kind, state: op.state },
    });
    if (op.state === 'pending') {
      const error = problem('operation-cancelled', `cancelled by ${actor.name}`);
      this.#finish(op, 'cancelled', error, null);
      this.#abandon.get(op.id)?.(op, error);
      return op;
    }
    op.cancelledBy = actor;
    op.updatedAt = this.iso();
    this.emit(op.id, 'log', { message: `cancel requested by ${actor.name}`, level: 'info' });
    return op;
  }

  /** Resolves once no operation is pending or running. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
