/**
 * The publish operation: copies every component image of a version into the
 * delivery registry (`<prefix>/<template>/<component>`, tagged with the
 * version), pins each by digest, and only then makes the version `published`
 * with its app rewritten to the pinned references.
 *
 * Resumable: each image's pinned reference is saved on the version as soon as
 * it is copied, so a resumed run (after a crash) or a retry (after a failure)
 * copies only what is still missing. Errors a later attempt may fix (registry
 * down) are retried with backoff inside the operation first; errors it cannot
 * (image does not exist) fail that image at once.
 */
import type { App, Problem } from '@caravan/contracts';
import { parseImageReference } from '../app-model/index.js';
import { SYSTEM_ACTOR, type CoreContext } from '../shared/context.js';
import { CaravanError } from '../shared/errors.js';
import { RegistrySyncError, type DeliveryRegistry, type RegistryCredentials, type RegistrySync } from '../registry/port.js';
import { NO_REGISTRY_REASON } from '../registry/registry-service.js';
import { describeRefusal, sourceHostRefusal, type SourceHostRefusal } from '../registry/source-allow-list.js';
import { appErrors } from './app-checks.js';
import { loadVersion, transitionVersion } from './version-transitions.js';
import type { OperationRow, VersionImageRecord, VersionRow } from '../store/port.js';
import { problem } from '../shared/wire.js';
import { sleep } from '../shared/sleep.js';
import type { HandlerOutcome, OperationHandler, OperationRunContext } from '../operations/engine.js';
import { isoNow } from '../shared/clock.js';

export interface PublishInput {
  template: string;
  version: string;
  /** `publish` (from draft) or `retry` (from failed): the move that starts it. */
  action: 'publish' | 'retry';
  reason?: string;
}

export interface PublishOptions {
  readonly registrySync: RegistrySync | undefined;
  readonly loadDeliveryRegistry: () => Promise<DeliveryRegistry | undefined>;
  readonly loadSourceCredentials: (host: string) => Promise<RegistryCredentials | undefined>;
  /** The registry settings' source allow-list; absent or empty: any host. */
  readonly loadSourceAllowList?: () => Promise<readonly string[]>;
  /** Tries per image for retryable errors, within one run. */
  readonly copyAttempts?: number;
  /** First backoff between tries; doubles each time. */
  readonly backoffMs?: number;
  /** Images copied at once. */
  readonly concurrency?: number;
  /** A publish not finished this long after its start fails `operation-deadline-exceeded` (default 1 hour). */
  readonly deadlineMs?: number;
}

type ImageFailure = { component: string; image: string; reason: string; refused?: SourceHostRefusal };

export const stepName = (component: string) => `copy ${component}`;

/** Whether an image's registry host is the delivery registry's own (always allowed: the admin chose it). */
function isDeliveryHost(registry: DeliveryRegistry, host: string): boolean {
  try {
    return new URL(registry.url).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

function joinRepository(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

export function createPublishHandler(ctx: CoreContext, options: PublishOptions): OperationHandler {
  const copyAttempts = options.copyAttempts ?? 3;
  const backoffMs = options.backoffMs ?? 1_000;
  const concurrency = Math.max(1, options.concurrency ?? 3);

  /** Moves the version to failed (by Caravan), keeping why; a no-op when it is no longer publishing. */
  async function failVersion(input: PublishInput, failure: VersionRow['failure'], opId: string): Promise<void> {
    const row = await ctx.store.versions.get(input.template, input.version);
    if (row === undefined || row.state !== 'publishing') return;
    await transitionVersion(ctx, SYSTEM_ACTOR, input.template, input.version, 'syncFailed', {
      reason: failure?.reason,
      patch: () => ({ failure }),
      details: { operation: opId },
    }).catch((e: unknown) => {
      if (!(e instanceof CaravanError && e.kind === 'invalid-transition')) throw e;
    });
  }

  async function failWith(ctxRun: OperationRunContext, input: PublishInput, error: Problem, images: ImageFailure[]): Promise<HandlerOutcome> {
    await failVersion(input, { reason: error.detail ?? error.title, images }, ctxRun.op.id);
    return { state: 'failed', error };
  }

  /**
   * Image saves of one version, one after the other, so the copy workers of a
   * run do not spin on each other's compare-and-set; other versions' saves do
   * not wait (another replica's writes are what the compare-and-set loop is for).
   */
  const versionWrites = new Map<string, Promise<unknown>>();
  /** Saves one copied image on the version right away, so a resumed run skips it. */
  function saveImage(input: PublishInput, record: VersionImageRecord): Promise<void> {
    const key = `${input.template}@${input.version}`;
    const next = (versionWrites.get(key) ?? Promise.resolve()).then(async () => {
      for (let i = 0; i < 10; i++) {
        const row = await loadVersion(ctx, input.template, input.version);
        const images = row.images.some((x) => x.component === record.component)
          ? row.images.map((x) => (x.component === record.component ? record : x))
          : [...row.images, record];
        if (await ctx.store.versions.update(input.template, input.version, row.revision, { images, updatedAt: isoNow(ctx.clock) })) return;
      }
      throw new Error(`could not save the copied image of ${record.component}: the version keeps changing`);
    });
    const tail = next.catch(() => undefined);
    versionWrites.set(key, tail);
    void tail.then(() => {
      if (versionWrites.get(key) === tail) versionWrites.delete(key);
    });
    return next;
  }

  async function copyOne(
    run: OperationRunContext,
    sync: RegistrySync,
    registry: DeliveryRegistry,
    input: PublishInput,
    component: { name: string; image: string },
    sourceAllowList: readonly string[],
    signal: AbortSignal,
  ): Promise<ImageFailure | undefined> {
    const name = stepName(component.name);
    await run.setStep(name, { state: 'running', bytes: 0, message: `copying ${component.image}` });
    let host: string;
    try {
      host = parseImageReference(component.image).registry.toLowerCase();
    } catch (e) {
      const reason = `the image reference cannot be read: ${(e as Error).message}`;
      await run.setStep(name, { state: 'failed', message: reason });
      return { component: component.name, image: component.image, reason };
    }
    // Checked here too, not only by the registry client: whatever RegistrySync is plugged in, a refused host is never reached.
    const refused = isDeliveryHost(registry, host) ? undefined : sourceHostRefusal(host, 'image', sourceAllowList);
    if (refused !== undefined) {
      const reason = describeRefusal(refused);
      await run.setStep(name, { state: 'failed', message: reason });
      return { component: component.name, image: component.image, reason, refused };
    }
    let sourceCredentials: RegistryCredentials | undefined;
    try {
      sourceCredentials = await options.loadSourceCredentials(host);
    } catch (e) {
      // A stored credential that does not open for this host (sealed for another) fails this image, not the run.
      if (!(e instanceof CaravanError)) throw e;
      await run.setStep(name, { state: 'failed', message: e.message });
      return { component: component.name, image: component.image, reason: e.message };
    }
    let lastError: unknown;
    for (let attempt = 1; attempt <= copyAttempts; attempt++) {
      signal.throwIfAborted();
      try {
        const result = await sync.copyImage({
          source: component.image,
          targetRepository: joinRepository(registry.prefix, input.template, component.name),
          tag: input.version,
          registry,
          ...(sourceCredentials === undefined ? {} : { sourceCredentials }),
          ...(sourceAllowList.length === 0 ? {} : { sourceAllowList }),
          signal,
          onProgress: (p) => run.progress(name, p.bytesTransferred),
        });
        await saveImage(input, { component: component.name, source: component.image, reference: result.pinnedReference, digest: result.digest });
        ctx.metrics?.imageCopied(result.bytesTransferred);
        await run.setStep(name, {
          state: 'succeeded',
          bytes: result.bytesTransferred,
          message: `${result.pinnedReference} (${result.blobsCopied} blobs copied, ${result.blobsMounted} mounted, ${result.blobsSkipped} already there)`,
        });
        return undefined;
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        lastError = e;
        const retryable = e instanceof RegistrySyncError ? e.retryable : true;
        if (!retryable || attempt === copyAttempts) break;
        await run.setStep(name, { state: 'running', message: `try ${attempt} of ${copyAttempts} failed: ${(e as Error).message}; retrying` });
        await sleep(backoffMs * 2 ** (attempt - 1), signal);
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    await run.setStep(name, { state: 'failed', message: reason });
    const refusedLater = lastError instanceof RegistrySyncError ? lastError.refused : undefined;
    return { component: component.name, image: component.image, reason, ...(refusedLater === undefined ? {} : { refused: refusedLater }) };
  }

  return {
    kind: 'publish',
    deadlineMs: options.deadlineMs ?? 60 * 60 * 1000,

    async run(run) {
      const input = run.op.input as PublishInput;
      const { template, version } = input;
      let row = await ctx.store.versions.get(template, version);
      if (row === undefined) {
        return { state: 'failed', error: problem('not-found', `version ${version} of template ${template} does not exist`) };
      }
      // Done by an earlier run that died before it could say so.
      if (row.state === 'published' || row.state === 'released' || row.state === 'deprecated') {
        return { state: 'succeeded', result: { images: row.images } };
      }
      if (row.state !== 'publishing') {
        // The process that queued the operation died before moving the version: make the move now.
        row = await transitionVersion(ctx, run.op.createdBy, template, version, input.action, {
          reason: input.reason,
          details: { operation: run.op.id },
        }).catch(() => undefined);
        if (row === undefined || row.state !== 'publishing') {
          const now = await ctx.store.versions.get(template, version);
          return { state: 'failed', error: problem('invalid-transition', `version ${version} of ${template} is ${now?.state ?? 'gone'}`) };
        }
      }

      const { app, errors } = appErrors(row.app);
      if (app === undefined) {
        const detail = `the app is not valid: ${errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`;
        return failWith(run, input, problem('invalid-input', detail, { errors }), []);
      }

      const registry = await options.loadDeliveryRegistry();
      if (registry === undefined) {
        for (const c of app.components) await run.setStep(stepName(c.name), { state: 'failed', bytes: 0, message: NO_REGISTRY_REASON });
        return failWith(run, input, problem('registry-not-configured', NO_REGISTRY_REASON), []);
      }
      const sync = options.registrySync;
      if (sync === undefined) {
        return failWith(run, input, problem('unavailable', 'this server was started without a registry client'), []);
      }

      // Steps for every image, in app order; images already pinned (earlier run or earlier operation) are done.
      const done = new Map(row.images.filter((i) => i.reference !== undefined && i.digest !== undefined).map((i) => [i.component, i]));
      const todo: { name: string; image: string }[] = [];
      for (const c of app.components) {
        const pinned = done.get(c.name);
        const step = run.steps().find((s) => s.name === stepName(c.name));
        if (pinned !== undefined && pinned.source === c.image) {
          if (step?.state !== 'succeeded') await run.setStep(stepName(c.name), { state: 'succeeded', bytes: step?.bytes ?? 0, message: `${pinned.reference} (copied earlier)` });
        } else {
          todo.push(c);
          if (step === undefined) await run.setStep(stepName(c.name), { state: 'pending', bytes: 0 });
        }
      }

      // The workers share a signal of their own, linked to the run's: when one throws, the others stop
      // too, and the run ends only once every one has unwound (none copies on after the operation ended).
      const copying = new AbortController();
      const stopCopying = () => copying.abort(run.signal.reason);
      if (run.signal.aborted) stopCopying();
      else run.signal.addEventListener('abort', stopCopying, { once: true });
      const sourceAllowList = (await options.loadSourceAllowList?.()) ?? [];
      const failures: ImageFailure[] = [];
      let next = 0;
      const worker = async () => {
        try {
          while (next < todo.length && !copying.signal.aborted) {
            const c = todo[next++]!;
            const f = await copyOne(run, sync, registry, input, c, sourceAllowList, copying.signal);
            if (f !== undefined) failures.push(f);
          }
        } catch (e) {
          if (!copying.signal.aborted) copying.abort(e);
          throw e;
        }
      };
      await Promise.allSettled(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
      run.signal.removeEventListener('abort', stopCopying);
      run.signal.throwIfAborted();
      // A worker throws only after aborting the others with its error: that first error is the run's.
      if (copying.signal.aborted) throw copying.signal.reason;

      if (failures.length > 0) {
        const order = new Map(app.components.map((c, i) => [c.name, i]));
        failures.sort((a, b) => order.get(a.component)! - order.get(b.component)!);
        const detail = `${failures.length} of ${app.components.length} images could not be copied into the delivery registry: ${failures.map((f) => `${f.component} (${f.image}): ${f.reason}`).join('; ')}`;
        return failWith(run, input, problem('registry-sync-failed', detail, { images: failures }), failures);
      }

      // Every image is in place: pin the app to the delivery registry and publish, in one write.
      const published = await transitionVersion(ctx, SYSTEM_ACTOR, template, version, 'synced', {
        alreadyIn: 'published',
        details: { operation: run.op.id },
        patch: (current) => {
          const pins = new Map(current.images.map((i) => [i.component, i]));
          const pinnedApp: App = {
            ...app,
            components: app.components.map((c) => ({ ...c, image: pins.get(c.name)?.reference ?? c.image })),
          };
          return { app: pinnedApp, failure: null };
        },
      });
      return { state: 'succeeded', result: { images: published.images } };
    },

    async abandon(op: OperationRow, error: Problem) {
      const input = op.input as PublishInput;
      await failVersion(input, { reason: error.detail ?? error.title, images: [] }, op.id);
    },
  };
}

