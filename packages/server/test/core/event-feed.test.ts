/**
 * One event feed per process: 200 clients streaming all events cost one store
 * read of new events per poll, not one each; every client still gets every
 * event it may see (a token limited to environments only those), and a client
 * that resumes after an event id gets what it missed, then the live ones.
 * The store's events port is wrapped to count its reads: the store's own seam.
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
import { admin, FAST_OPERATIONS, tempDir } from './support/fixture.js';

const POLL_MS = 100;

/** The store with its reads of events counted. */
function counted(store: Store): { store: Store; reads: { listAfter: number; lastSeq: number } } {
  const reads = { listAfter: 0, lastSeq: 0 };
  const events: Store['events'] = {
    ...store.events,
    listAfter: (afterSeq, options) => {
      reads.listAfter++;
      return store.events.listAfter(afterSeq, options);
    },
    lastSeq: () => {
      reads.lastSeq++;
      return store.events.lastSeq();
    },
  };
  return { store: new Proxy(store, { get: (target, key, receiver) => (key === 'events' ? events : Reflect.get(target, key, receiver)) }), reads };
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

function connect(core: Core, actor: Actor, signal: AbortSignal, options: { afterEventId?: string; live?: boolean } = { live: true }): Client {
  const seen: OperationEvent[] = [];
  const done = (async () => {
    for await (const event of core.operations.events(actor, undefined, { ...options, signal })) seen.push(event);
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
