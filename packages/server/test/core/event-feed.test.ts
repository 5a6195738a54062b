/**
 * One event feed per process: 200 clients streaming all events cost one store
 * read of new events per poll, not one each; every client still gets every
 * event it may see (a token limited to environments only those), and a client
 * that resumes after an event id gets what it missed, then the live ones.
 * Streams of one operation and waiters ride the same feed: twenty of each on
 * running operations read nothing of their own per poll, and each stream still
 * gets its operation's events exactly once and ends at the final state.
 * The store's events and operations ports are wrapped to count their reads:
 * the store's own seam.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { OperationEvent } from '@caravan/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/index.js';
import type { Actor } from '../../src/core/api.js';
import { openStore } from '../../src/core/store/open-store.js';
import type { Store } from '../../src/core/store/port.js';
import { operationRow } from '../store/store-fixtures.js';
import { forEachBackend } from './support/backends.js';
import { admin, FAST_OPERATIONS, tempDir } from './support/fixture.js';

const POLL_MS = 100;

interface Reads {
  /** Every read of events after a seq; `ofOperation` counts those of one operation among them. */
  listAfter: number;
  ofOperation: number;
  lastSeq: number;
  /** Reads of one operation's row. */
  operationGets: number;
}

/** The store with its reads of events and operations counted. */
function counted(store: Store): { store: Store; reads: Reads } {
  const reads: Reads = { listAfter: 0, ofOperation: 0, lastSeq: 0, operationGets: 0 };
  const events: Store['events'] = {
    ...store.events,
    listAfter: (afterSeq, options) => {
      reads.listAfter++;
      if (options.operationId !== undefined) reads.ofOperation++;
      return store.events.listAfter(afterSeq, options);
    },
    lastSeq: () => {
      reads.lastSeq++;
      return store.events.lastSeq();
    },
  };
  const operations: Store['operations'] = {
    ...store.operations,
    get: (id) => {
      reads.operationGets++;
      return store.operations.get(id);
    },
  };
  const ports: Partial<Store> = { events, operations };
  return { store: new Proxy(store, { get: (target, key, receiver) => (key in ports ? ports[key as keyof Store] : Reflect.get(target, key, receiver)) }), reads };
}

async function until(what: string, probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Client {
  readonly seen: OperationEvent[];
  readonly done: Promise<void>;
}

function connect(
  core: Core,
  actor: Actor,
  signal: AbortSignal,
  options: { afterEventId?: string; live?: boolean } = { live: true },
  operationId?: string,
): Client {
  const seen: OperationEvent[] = [];
  const done = (async () => {
    for await (const event of core.operations.events(actor, operationId, { ...options, signal })) seen.push(event);
  })();
  return { seen, done };
}

describe('one event feed per process', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('serves 200 streaming clients with one store read per poll, each getting every event it may see, and resumes after an event id', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const raw = await openStore(`file:${path.join(dir.dir, 'caravan.db')}`);
    const { store, reads } = counted(raw);
    const core = await createCore({ store, masterKey: randomBytes(32), operations: { ...FAST_OPERATIONS, pollMs: POLL_MS } });
    await core.start();
    cleanups.push(() => core.stop());

    // Operations on two environments and one on none (a publish); nobody runs them.
    await raw.operations.insert(operationRow('op_staging', { kind: 'never-claimed', subject: { environment: 'staging', install: 'shop' } }));
    await raw.operations.insert(operationRow('op_production', { kind: 'never-claimed', subject: { environment: 'production', install: 'shop' } }));
    await raw.operations.insert(operationRow('op_publish', { kind: 'never-claimed' }));
    const scopedActor: Actor = { id: 'u-staging', name: 'stan (staging only)', roles: ['viewer'], environments: ['staging'] };

    const streams = new AbortController();
    cleanups.unshift(() => streams.abort());
    const everyone = Array.from({ length: 150 }, () => connect(core, admin, streams.signal));
    const scoped = Array.from({ length: 50 }, () => connect(core, scopedActor, streams.signal));
    // Each live stream asks once where "now" is, then joins the feed.
    await until('200 clients connected', () => reads.lastSeq >= 200);
    await new Promise((r) => setTimeout(r, 3 * POLL_MS));

    reads.listAfter = 0;
    const started = Date.now();
    const written = [];
    const ops = ['op_staging', 'op_production', 'op_publish'];
    for (let batch = 0; batch < 10; batch++) {
      for (let n = 0; n < 3; n++) {
        const i = batch * 3 + n;
        written.push(await raw.events.append({ operationId: ops[i % 3]!, type: 'log', at: new Date().toISOString(), data: { message: `event ${i}` } }));
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const visibleToScoped = written.filter((e) => e.operationId !== 'op_production');
    await until('every client got every event', () => everyone.every((c) => c.seen.length >= written.length) && scoped.every((c) => c.seen.length >= visibleToScoped.length));
    const elapsed = Date.now() - started;
    const polls = Math.ceil(elapsed / POLL_MS);
    // One read per poll (plus the odd early wake-up), where one stream per client would read 200 times per poll.
    expect(reads.listAfter).toBeLessThanOrEqual(polls + 3);
    expect(reads.listAfter).toBeGreaterThan(0);

    const ids = written.map((e) => String(e.seq));
    for (const c of everyone) expect(c.seen.map((e) => e.id)).toEqual(ids);
    for (const c of scoped) expect(c.seen.map((e) => e.id)).toEqual(visibleToScoped.map((e) => String(e.seq)));
    expect(everyone[0]!.seen[4]).toEqual({ id: ids[4], operation: 'op_production', type: 'log', at: written[4]!.at, data: { message: 'event 4' } });

    // A client resuming after the 10th event gets the 20 after it from the store, then live ones from the feed.
    const resumed = connect(core, admin, streams.signal, { afterEventId: ids[9]! });
    await until('the resumed client caught up', () => resumed.seen.length >= 20);
    const late = await raw.events.append({ operationId: 'op_publish', type: 'log', at: new Date().toISOString(), data: { message: 'late' } });
    await until('the late event reached everyone', () => resumed.seen.length >= 21 && everyone.every((c) => c.seen.length >= written.length + 1));
    expect(resumed.seen.map((e) => e.id)).toEqual([...ids.slice(10), String(late.seq)]);
    expect(scoped.every((c) => c.seen.at(-1)!.id === String(late.seq))).toBe(true);

    streams.abort();
    await Promise.all([...everyone, ...scoped, resumed].map((c) => c.done));
  }, 60_000);
});

const K = 20;
const ROUNDS = 5;

const log = (operationId: string, message: string) => ({ operationId, type: 'log' as const, at: new Date().toISOString(), data: { message } });

/** A running operation of a kind no worker claims: only the test writes its events and ends it. */
async function running(store: Store, id: string): Promise<void> {
  const at = new Date().toISOString();
  await store.operations.insert(operationRow(id, { kind: 'never-claimed', state: 'running', startedAt: at }), { operationId: id, type: 'state', at, data: { state: 'running' } });
}

/** Ends an operation the way the engine does: the final state and its event in one write. */
async function succeed(store: Store, id: string): Promise<void> {
  const at = new Date().toISOString();
  const done = await store.operations.update(id, { state: 'succeeded', finishedAt: at, updatedAt: at }, { event: { operationId: id, type: 'state', at, data: { state: 'succeeded' } } });
  expect(done?.state).toBe('succeeded');
}

async function eventIds(store: Store, operationId: string, afterSeq = 0): Promise<string[]> {
  return (await store.events.listAfter(afterSeq, { operationId, limit: 10_000 })).map((e) => String(e.seq));
}

forEachBackend((backend) =>
  describe('streams of one operation, and waiters, on the one feed', () => {
    const cleanups: (() => Promise<void> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function open(): Promise<{ core: Core; raw: Store; reads: Reads; streams: AbortSignal }> {
      const dir = tempDir();
      cleanups.push(dir.cleanup);
      const raw = await openStore((await backend.newStoreUrl()) ?? `file:${path.join(dir.dir, 'caravan.db')}`);
      const { store, reads } = counted(raw);
      const core = await createCore({ store, masterKey: randomBytes(32), operations: { ...FAST_OPERATIONS, pollMs: POLL_MS } });
      await core.start();
      cleanups.push(() => core.stop());
      const streams = new AbortController();
      cleanups.push(() => streams.abort());
      return { core, raw, reads, streams: streams.signal };
    }

    it(`${K} streams and ${K} waiters on running operations read nothing of their own per poll; each stream gets its events once and ends at the final state`, async () => {
      const { core, raw, reads, streams } = await open();
      const ids = Array.from({ length: K }, (_, i) => `op_${i}`);
      for (const id of ids) await running(raw, id);
      const clients = ids.map((id) => connect(core, admin, streams, {}, id));
      const waiters = ids.map((id) => core.operations.wait(admin, id));
      await until('every stream replayed its operation so far', () => clients.every((c) => c.seen.length === 1));

      const feedReadsBefore = reads.listAfter - reads.ofOperation;
      const started = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        for (const id of ids) await raw.events.append(log(id, `round ${round}`));
        await until(`round ${round} reached every stream`, () => clients.every((c) => c.seen.length === round + 2));
      }
      for (const id of ids) await succeed(raw, id);
      await Promise.all(clients.map((c) => c.done));
      const ended = await Promise.all(waiters);
      const polls = Math.ceil((Date.now() - started) / POLL_MS);

      // Opening costs each stream a read of its row and one of its missed events, and each waiter at most one of its
      // missed events and four of its row (the role check, the wait, the stream, the final row); nothing more per poll,
      // where a stream reading the store itself would read its events at least once per round, K * ROUNDS in all.
      expect(reads.ofOperation).toBeLessThanOrEqual(2 * K);
      expect(reads.operationGets).toBeLessThanOrEqual(5 * K);
      // The shared read, once per poll (plus the odd early wake-up) whatever K is.
      const feedReads = reads.listAfter - reads.ofOperation - feedReadsBefore;
      expect(feedReads).toBeGreaterThanOrEqual(ROUNDS);
      expect(feedReads).toBeLessThanOrEqual(polls + 3);

      for (const [i, id] of ids.entries()) {
        expect(clients[i]!.seen.map((e) => e.id)).toEqual(await eventIds(raw, id));
        expect(clients[i]!.seen.map((e) => e.type)).toEqual(['state', ...Array<string>(ROUNDS).fill('log'), 'state']);
        expect(clients[i]!.seen.at(-1)).toMatchObject({ operation: id, type: 'state', data: { state: 'succeeded' } });
        expect(ended[i]).toMatchObject({ id, state: 'succeeded' });
      }
    }, 60_000);

    it('a stream resumed from an old event id gets every missed event once, then the live ones, and ends at the final state', async () => {
      const { core, raw, streams } = await open();
      await running(raw, 'op_resumed');
      await running(raw, 'op_other');
      const early = [];
      for (let i = 0; i < 5; i++) {
        early.push(await raw.events.append(log('op_resumed', `early ${i}`)));
        await raw.events.append(log('op_other', `other ${i}`));
      }
      // A client from the start keeps the feed running, already past what the resumed one missed.
      const first = connect(core, admin, streams, {}, 'op_resumed');
      await until('the first client caught up', () => first.seen.length === 6);

      const from = early[1]!.seq;
      const resumed = connect(core, admin, streams, { afterEventId: String(from) }, 'op_resumed');
      // Written while the resumed client reads what it missed: it gets it once, whether from the store or the feed.
      await raw.events.append(log('op_resumed', 'live 0'));
      await raw.events.append(log('op_other', 'other live'));
      await until('the resumed client is live', () => resumed.seen.length === 4);
      await raw.events.append(log('op_resumed', 'live 1'));
      await until('the resumed client got the live event', () => resumed.seen.length === 5);
      await succeed(raw, 'op_resumed');
      await Promise.all([resumed.done, first.done]);

      const all = await eventIds(raw, 'op_resumed');
      expect(resumed.seen.map((e) => e.id)).toEqual(await eventIds(raw, 'op_resumed', from));
      expect(resumed.seen.map((e) => (e.data as { message?: string }).message ?? (e.data as { state: string }).state)).toEqual([
        'early 2',
        'early 3',
        'early 4',
        'live 0',
        'live 1',
        'succeeded',
      ]);
      expect(first.seen.map((e) => e.id)).toEqual(all);

      // Resumed after its last event, the finished operation's stream has nothing left and ends at once.
      const after = connect(core, admin, streams, { afterEventId: all.at(-1)! }, 'op_resumed');
      await after.done;
      expect(after.seen).toEqual([]);
    }, 60_000);

    it('a stream that reads slower than its operation writes falls behind, catches up from the store and misses nothing', async () => {
      const { core, raw, streams } = await open();
      await running(raw, 'op_busy');
      const fast = connect(core, admin, streams, {}, 'op_busy');
      const slow = core.operations.events(admin, 'op_busy', { signal: streams })[Symbol.asyncIterator]();
      const seen = [(await slow.next()).value as OperationEvent];
      await until('the fast client is live', () => fast.seen.length === 1);

      // More than a subscriber may hold, in one write: the slow stream is cut loose from the shared rows.
      const many = 5_100;
      const result = await raw.commit({ changes: Array.from({ length: many }, (_, i) => ({ kind: 'event' as const, event: log('op_busy', `burst ${i}`) })) });
      expect(result.ok).toBe(true);
      await until('the fast client got the burst', () => fast.seen.length === many + 1);
      await succeed(raw, 'op_busy');
      await fast.done;
      for (let r = await slow.next(); !r.done; r = await slow.next()) seen.push(r.value);

      const all = await eventIds(raw, 'op_busy');
      expect(all).toHaveLength(many + 2);
      expect(seen.map((e) => e.id)).toEqual(all);
      expect(fast.seen.map((e) => e.id)).toEqual(all);
    }, 60_000);
  }),
);
