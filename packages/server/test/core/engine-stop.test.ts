/**
 * The operations engine on its own, with handlers written for the test: what a
 * stop leaves behind when a handler does not unwind in time, and a cancel whose
 * clean-up fails.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreContext, Logger } from '../../src/core/shared/context.js';
import { systemClock } from '../../src/core/shared/clock.js';
import { createIdSource } from '../../src/core/shared/ids.js';
import { OperationEngine, type OperationHandler } from '../../src/core/operations/engine.js';
import { SecretBox } from '../../src/core/secrets/secret-box.js';
import { openStore } from '../../src/core/store/open-store.js';
import type { Store } from '../../src/core/store/port.js';
import { admin, tempDir } from './support/fixture.js';

interface Logged {
  level: 'info' | 'warn' | 'error';
  msg: string;
}

function recordingLogger(into: Logged[]): Logger {
  return {
    info: (msg) => into.push({ level: 'info', msg }),
    warn: (msg) => into.push({ level: 'warn', msg }),
    error: (msg) => into.push({ level: 'error', msg }),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the operations engine', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setUp(logged: Logged[]): Promise<{ ctx: CoreContext; store: Store; file: string }> {
    const dir = tempDir('caravan-engine-');
    cleanups.push(dir.cleanup);
    const file = path.join(dir.dir, 'caravan.db');
    const store = await openStore(`file:${file}`);
    cleanups.push(() => store.close());
    const ctx: CoreContext = { store, clock: systemClock, ids: createIdSource(), box: new SecretBox(randomBytes(32)), logger: recordingLogger(logged) };
    return { ctx, store, file };
  }

  const tuning = { leaseMs: 60_000, renewMs: 20_000, pollMs: 50, progressMs: 10, stopGraceMs: 200 };

  it('hands back an operation whose handler outlives the stop grace, before stop returns, and ignores its late writes', async () => {
    const logged: Logged[] = [];
    const { ctx, store, file } = await setUp(logged);
    const started = deferred();
    const release = deferred();
    let lateWriteSettled = false;
    const stubborn: OperationHandler = {
      kind: 'stubborn',
      deadlineMs: 60_000,
      async run(run) {
        await run.setStep('work', { state: 'running', bytes: 0 });
        started.resolve();
        // Ignores the abort: it unwinds only when the test lets it, long after the grace.
        await release.promise;
        await run.setStep('work', { state: 'succeeded', bytes: 1 });
        await run.log('done late');
        lateWriteSettled = true;
        return { state: 'succeeded', result: { late: true } };
      },
      async abandon() {},
    };
    const engine = new OperationEngine(ctx, { ...tuning, workerId: 'w1' });
    engine.register(stubborn);
    const op = await engine.enqueue({ kind: 'stubborn', subject: {}, input: {}, actor: admin }, async () => {});
    engine.start();
    await started.promise;
    expect((await store.operations.get(op.id))?.leaseOwner).toBe('w1');

    await engine.stop();
    // Given back at once, as the graceful path does: no lease, and this start not counted as an attempt.
    const after = await store.operations.get(op.id);
    expect(after).toMatchObject({ state: 'running', leaseOwner: null, leaseExpiresAt: null, attempts: 0 });

    // The server closes its store next; the handler unwinds afterwards and writes.
    await store.close();
    release.resolve();
    await expect.poll(() => lateWriteSettled, { timeout: 5_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);

    // Another server resumes it at once and finds nothing the late handler wrote.
    const reopened = await openStore(`file:${file}`);
    cleanups.push(() => reopened.close());
    const row = await reopened.operations.get(op.id);
    expect(row).toMatchObject({ state: 'running', leaseOwner: null, result: null });
    expect(row?.steps).toEqual([{ name: 'work', state: 'running', bytes: 0 }]);
    const claimed = await reopened.operations.claim('w2', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), [op.kind]);
    expect(claimed).toMatchObject({ id: op.id, leaseOwner: 'w2', attempts: 1 });
  });

  it('cancels a pending operation even when its clean-up fails, and logs why', async () => {
    const logged: Logged[] = [];
    const { ctx, store } = await setUp(logged);
    const brittle: OperationHandler = {
      kind: 'brittle',
      deadlineMs: 60_000,
      async run() {
        return { state: 'succeeded' };
      },
      async abandon() {
        throw new Error('the subject is gone');
      },
    };
    const engine = new OperationEngine(ctx, { ...tuning, workerId: 'w1' });
    engine.register(brittle);
    // Not started: the operation stays pending.
    const op = await engine.enqueue({ kind: 'brittle', subject: {}, input: {}, actor: admin }, async () => {});
    const cancelled = await engine.cancel(admin, op.id);
    expect(cancelled.state).toBe('cancelled');
    expect((await store.operations.get(op.id))?.state).toBe('cancelled');
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error' }));
  });

  it('clears a step field patched to undefined: a step that ended keeps no in-flight message', async () => {
    const { ctx, store } = await setUp([]);
    const stepper: OperationHandler = {
      kind: 'stepper',
      deadlineMs: 60_000,
      async run(run) {
        await run.setStep('rollout web', { state: 'running', message: 'waiting for rollout: 1 old replicas are pending termination' });
        await run.setStep('rollout web', { state: 'succeeded', message: undefined });
        return { state: 'succeeded' };
      },
      async abandon() {},
    };
    const engine = new OperationEngine(ctx, { ...tuning, workerId: 'w1' });
    engine.register(stepper);
    cleanups.push(() => engine.stop());
    const op = await engine.enqueue({ kind: 'stepper', subject: {}, input: {}, actor: admin }, async () => {});
    engine.start();
    const done = await engine.wait(op.id, AbortSignal.timeout(30_000));
    expect(done.state).toBe('succeeded');
    const stored = (await store.operations.get(op.id))!.steps as { name: string; state: string; message?: string }[];
    expect(stored).toEqual([expect.objectContaining({ name: 'rollout web', state: 'succeeded' })]);
    expect(stored[0]).not.toHaveProperty('message');
    const events = await store.events.listAfter(0, { limit: 100 });
    const last = events.filter((e) => e.type === 'step').at(-1)!.data as Record<string, unknown>;
    expect(last).toMatchObject({ name: 'rollout web', state: 'succeeded' });
    expect(last).not.toHaveProperty('message');
  });
});
