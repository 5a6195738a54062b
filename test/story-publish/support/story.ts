/** The story's images and the steps of publishing through the SDK, shared by the files of this suite. */
import type { OperationStep } from '@caravan/contracts';
import type { CaravanClient, Operation, OperationEvent } from '@caravan/sdk';
import { expect } from 'vitest';

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

export { blobBytes, missingBlobs } from '../../harness/src/registry-blobs.js';
