/**
 * `operations.wait` when the event stream is unavailable, against the real
 * server: the events it reports while polling carry ids the server gave (read
 * from short reads of the stream, or the last one it sent), never made-up ones,
 * so resuming a stream with any of them is accepted and misses nothing. A
 * wrapper in front of `app.fetch` plays the proxy that breaks the streams.
 */
import { isValidationError, type CaravanClient, type OperationEvent } from '@caravan/sdk';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '@caravan/server/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantSync, startReal, type RealCaravan } from './support/real.js';

/** Like instantSync, but each image takes a moment, so a publish is running while the wait polls. */
const slowSync: RegistrySync = {
  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return instantSync.copyImage(req);
  },
  check: (registry) => instantSync.check(registry),
};

let real: RealCaravan;
let n = 0;
beforeAll(async () => {
  real = await startReal({ registrySync: slowSync });
  await real.client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan' });
  await real.client.templates.create({ name: 'shop' });
});
afterAll(async () => {
  await real?.close();
});

const isEvents = (r: Request) => /\/v1\/operations\/[^/]+\/events$/.test(new URL(r.url).pathname);
const refuse = () => new Response('no streams here', { status: 501 });

/** A draft of three images, published: about a second of work. */
async function publishing(): Promise<{ id: string }> {
  const version = `1.${++n}`;
  const images = ['web', 'api', 'db'].map((name) => ({ name, image: `example.com/shop/${name}:${version}` }));
  await real.client.templates.versions.create('shop', { version, app: { components: images } });
  return real.client.templates.versions.publish('shop', version);
}

/** Every event of the operation, from the server's own stream. */
async function allEvents(op: { id: string }): Promise<OperationEvent[]> {
  const out: OperationEvent[] = [];
  for await (const e of real.client.operations.events(op)) out.push(e);
  return out;
}

/** Resumes the operation's stream after `id` on the real server: the events it replays. */
async function resumeAfter(op: { id: string }, id: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of real.client.operations.events(op, { lastEventId: id })) out.push(e.id);
  return out;
}

async function waitThrough(client: CaravanClient, op: { id: string }) {
  const reported: OperationEvent[] = [];
  const done = await client.operations.wait(op, { pollIntervalMs: 50, timeoutMs: 30_000, onProgress: (e) => reported.push(e) });
  return { done, reported };
}

describe('waiting without an event stream, against the real server', () => {
  it('reads the events with real ids when only the first stream is refused, and each resumes', async () => {
    let refused = 0;
    const client = real.through(async (request, next) => (isEvents(request) && refused++ === 0 ? refuse() : next(request)));
    const op = await publishing();
    const { done, reported } = await waitThrough(client, op);
    expect(done.state).toBe('succeeded');
    expect(refused).toBeGreaterThan(1);
    const all = await allEvents(op);
    // Every event came from the server, with its id, in order, once.
    expect(reported.map((e) => e.id)).toEqual(all.map((e) => e.id));
    for (const e of reported) expect(await resumeAfter(op, e.id)).toEqual(all.filter((x) => Number(x.id) > Number(e.id)).map((x) => x.id));
  });

  it('gives made-up events the id of the last event the server sent, when the stream breaks after it', async () => {
    let streams = 0;
    // The first stream delivers one event, then the connection breaks; every stream after it is refused.
    const client = real.through(async (request, next) => {
      if (!isEvents(request)) return next(request);
      if (streams++ > 0) return refuse();
      const response = await next(request);
      let seen = '';
      const cut = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += new TextDecoder().decode(chunk);
          if (seen.includes('\n\n')) {
            controller.enqueue(new TextEncoder().encode(seen.slice(0, seen.indexOf('\n\n') + 2)));
            controller.error(new TypeError('terminated'));
          }
        },
      });
      return new Response(response.body!.pipeThrough(cut), { status: response.status, headers: response.headers });
    });
    const op = await publishing();
    const { done, reported } = await waitThrough(client, op);
    expect(done.state).toBe('succeeded');
    const all = await allEvents(op);
    const first = all[0]!.id;
    expect(reported[0]!.id).toBe(first);
    // Polling reported the steps and the end, each with the id of the one event the server sent.
    expect(reported.length).toBeGreaterThan(1);
    expect(new Set(reported.map((e) => e.id))).toEqual(new Set([first]));
    expect(reported.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
    // The server takes it, and replays exactly what came after it.
    expect(await resumeAfter(op, first)).toEqual(all.slice(1).map((e) => e.id));
  });

  it('gives made-up events the id 0 when the server sent none, and 0 replays the whole operation', async () => {
    const client = real.through(async (request, next) => (isEvents(request) ? refuse() : next(request)));
    const op = await publishing();
    const { done, reported } = await waitThrough(client, op);
    expect(done.state).toBe('succeeded');
    expect(reported.filter((e) => e.type === 'step').length).toBeGreaterThan(0);
    expect(new Set(reported.map((e) => e.id))).toEqual(new Set(['0']));
    expect(await resumeAfter(op, '0')).toEqual((await allEvents(op)).map((e) => e.id));
  });

  it('refuses an id the server never gave (what polling used to invent), so the ids above are the point', async () => {
    const op = await publishing();
    await real.client.operations.wait(op);
    const error = await resumeAfter(op, 'poll-1').catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
  });
});
