/** The story's images and the steps of publishing through the SDK, shared by the files of this suite. */
import type { OperationStep } from '@caravan/contracts';
import type { CaravanClient, Operation, OperationEvent } from '@caravan/sdk';
import { expect } from 'vitest';
import { blobsOf, type TestImage } from '../../harness/src/images.js';
import { HarnessRegistryClient, type RegistryEndpoint } from '../../harness/src/registry-http.js';

/** Publishes (or retries) a version and waits for the operation, collecting every event it reports. */
export async function publishAndWait(client: CaravanClient, template: string, version: string, action: 'publish' | 'retry' = 'publish'): Promise<{ op: Operation; events: OperationEvent[] }> {
  const started = action === 'publish' ? await client.templates.versions.publish(template, version) : await client.templates.versions.retry(template, version);
  expect(started).toMatchObject({ kind: 'publish', subject: { template, version } });
  const events: OperationEvent[] = [];
  const op = await client.operations.wait(started, { onProgress: (e) => events.push(e), timeoutMs: 150_000 });
  return { op, events };
}

/** Step name to bytes, as the finished operation reports them. */
export function stepBytes(op: Operation): Record<string, number> {
  return Object.fromEntries(op.steps.map((s) => [s.name, s.bytes]));
}

/** The last state of each step as the event stream announced it. */
export function lastStepEvents(events: readonly OperationEvent[]): Record<string, OperationStep> {
  const out: Record<string, OperationStep> = {};
  for (const e of events) if (e.type === 'step') out[(e.data as unknown as OperationStep).name] = e.data as unknown as OperationStep;
  return out;
}

/** Bytes of the distinct blobs (configs and layers) of images. */
export const blobBytes = (...images: TestImage[]): number => blobsOf(...images).reduce((n, b) => n + b.size, 0);

/** Blobs of `image` that `repo` on `reg` lacks, asked with HEAD by the harness's own client (not Caravan's). */
export async function missingBlobs(reg: RegistryEndpoint, repo: string, image: TestImage): Promise<{ count: number; bytes: number }> {
  const client = new HarnessRegistryClient(reg);
  let count = 0;
  let bytes = 0;
  for (const b of blobsOf(image)) {
    if (!(await client.blobExists(repo, b.digest))) { count++; bytes += b.size; }
  }
  return { count, bytes };
}
