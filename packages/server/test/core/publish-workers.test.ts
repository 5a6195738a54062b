/**
 * The publish handler's copy workers, run directly with a registry client
 * written for the test: when one worker fails, the others stop copying before
 * the run ends.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/shared/clock.js';
import type { CoreContext } from '../../src/core/shared/context.js';
import { createIdSource } from '../../src/core/shared/ids.js';
import type { OperationRunContext, OperationStep } from '../../src/core/operations/engine.js';
import { createPublishHandler } from '../../src/core/templates/publish.js';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '../../src/core/registry/port.js';
import { SecretBox } from '../../src/core/secrets/secret-box.js';
import type { OperationRow } from '../../src/core/store/port.js';
import { developer, shopApp, startCore, type CoreUnderTest } from './support/fixture.js';

/** Copies that take their time and stop when their signal aborts; counts the ones in progress. */
class SlowRegistry implements RegistrySync {
  constructor(readonly copyMs = 2_000) {}
  active = 0;
  readonly signals: AbortSignal[] = [];
  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    this.active++;
    this.signals.push(req.signal!);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.copyMs);
        req.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(req.signal!.reason);
        });
      });
      const digest = `sha256:${'0'.repeat(64)}`;
      return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', pinnedReference: `delivery.example.com/x@${digest}`, bytesTransferred: 1, blobsCopied: 1, blobsSkipped: 0, blobsMounted: 0 };
    } finally {
      // Late on purpose: a copy counts as over only once it has unwound.
      await new Promise((r) => setTimeout(r, 20));
      this.active--;
    }
  }
  async check(): Promise<never> {
    throw new Error('not used');
  }
}

function runContext(op: OperationRow, signal: AbortSignal): OperationRunContext {
  let steps: OperationStep[] = [];
  return {
    op,
    signal,
    steps: () => steps,
    async setStep(name, patch) {
      const current = steps.find((s) => s.name === name);
      const step = { ...(current ?? { name, state: 'pending', bytes: 0 }), ...patch, name };
      steps = current === undefined ? [...steps, step] : steps.map((s) => (s.name === name ? step : s));
    },
    progress() {},
    async log() {},
    async commit() {
      return true;
    },
  };
}

describe('the publish copy workers', () => {
  let t: CoreUnderTest | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('stop every other copy, and wait for it, before the run ends with a worker’s error', async () => {
    t = await startCore({ start: false });
    await t.core.templates.create(developer, { name: 'shop' });
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: shopApp() });
    const row = (await t.store.versions.get('shop', '1.0'))!;
    await t.store.versions.update('shop', '1.0', row.revision, { state: 'publishing' });

    const ctx: CoreContext = { store: t.store, clock: systemClock, ids: createIdSource(), box: new SecretBox(randomBytes(32)), logger: { info() {}, warn() {}, error() {} } };
    const registry = new SlowRegistry();
    let lookups = 0;
    const handler = createPublishHandler(ctx, {
      registrySync: registry,
      loadDeliveryRegistry: async () => ({ url: 'https://delivery.example.com', prefix: 'caravan' }),
      // The second image's credentials cannot be read: its worker throws while the others copy.
      loadSourceCredentials: async () => {
        if (++lookups !== 2) return undefined;
        await new Promise((r) => setTimeout(r, 100));
        throw new Error('the credential store is unreachable');
      },
      concurrency: 3,
      copyAttempts: 1,
    });
    const op = { id: 'op_test', kind: 'publish', input: { template: 'shop', version: '1.0', action: 'publish' } } as OperationRow;
    const outer = new AbortController();

    const error = await handler.run(runContext(op, outer.signal)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as Error | undefined)?.message).toBe('the credential store is unreachable');
    // Nothing copies on after the run has ended, and every copy was told to stop.
    expect(registry.active).toBe(0);
    expect(registry.signals).toHaveLength(2);
    expect(registry.signals.every((s) => s.aborted)).toBe(true);
    // The outer signal is the run's own: the handler does not abort it.
    expect(outer.signal.aborted).toBe(false);
  });

  it('save the images of one version without waiting for another version’s saves', async () => {
    t = await startCore({ start: false });
    await t.core.templates.create(developer, { name: 'shop' });
    for (const version of ['1.0', '1.1']) {
      await t.core.versions.create(developer, 'shop', { version, app: shopApp() });
      const row = (await t.store.versions.get('shop', version))!;
      await t.store.versions.update('shop', version, row.revision, { state: 'publishing' });
    }
    // 1.0's first image save hangs in the store (a slow database) until the test lets it go.
    let letGo!: () => void;
    const held = new Promise<void>((r) => (letGo = r));
    let holding = false;
    const store = t.store;
    const slowStore = {
      ...store,
      versions: {
        ...store.versions,
        update: async (...args: Parameters<typeof store.versions.update>) => {
          if (args[1] === '1.0' && args[3].images !== undefined && !holding) {
            holding = true;
            await held;
          }
          return store.versions.update(...args);
        },
      },
    };
    const ctx: CoreContext = { store: slowStore, clock: systemClock, ids: createIdSource(), box: new SecretBox(randomBytes(32)), logger: { info() {}, warn() {}, error() {} } };
    const handler = createPublishHandler(ctx, {
      registrySync: new SlowRegistry(10),
      loadDeliveryRegistry: async () => ({ url: 'https://delivery.example.com', prefix: 'caravan' }),
      loadSourceCredentials: async () => undefined,
      concurrency: 3,
    });
    const opOf = (version: string) => ({ id: `op_${version}`, kind: 'publish', input: { template: 'shop', version, action: 'publish' } }) as OperationRow;
    const first = handler.run(runContext(opOf('1.0'), new AbortController().signal));
    await expect.poll(() => holding).toBe(true);
    const second = await handler.run(runContext(opOf('1.1'), new AbortController().signal));
    expect(second.state).toBe('succeeded');
    expect((await store.versions.get('shop', '1.1'))?.state).toBe('published');
    letGo();
    expect((await first).state).toBe('succeeded');
    expect((await store.versions.get('shop', '1.0'))?.state).toBe('published');
  });
});
