/** Operation progress as server-sent events: ids on every event, resumable, ending when the operation does. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '../../src/core/registry/port.js';
import { createApp } from '../../src/http/app.js';
import { ADMIN_TOKEN } from './support/server.js';
import { validateEvent } from './support/contract.js';
import { startTestServer, type TestServer } from './support/server.js';
import { readAll, readSse, type SseMessage } from './support/sse.js';

/**
 * A RegistrySync whose copies wait until the test lets them go: the port's
 * own seam, so publishing is slow on demand without touching the core.
 */
function gatedRegistrySync() {
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const sync: RegistrySync = {
    async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
      req.onProgress?.({ bytesTransferred: 10, blobsDone: 1, blobsTotal: 2 });
      await gate;
      req.onProgress?.({ bytesTransferred: 20, blobsDone: 2, blobsTotal: 2 });
      const digest = 'sha256:' + 'ab'.repeat(32);
      return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', pinnedReference: `127.0.0.1:1/${req.targetRepository}@${digest}`, bytesTransferred: 20, blobsCopied: 2, blobsSkipped: 0, blobsMounted: 0 };
    },
    async check() { return { ok: true, push: true, pull: true }; },
  };
  return { sync, open: () => release(), reset: () => { gate = new Promise<void>((r) => (release = r)); } };
}

const gated = gatedRegistrySync();
let server: TestServer;
beforeAll(async () => { server = await startTestServer({ registrySync: gated.sync, sse: { heartbeatMs: 50 } }); });
afterAll(async () => { gated.open(); await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

const app = { components: [{ name: 'web', image: 'example.com/shop/web:1' }, { name: 'api', image: 'example.com/shop/api:1' }] };
let n = 0;
async function publish(template = `sse-${++n}`): Promise<string> {
  expect((await server.call('POST', '/v1/templates', { body: { name: template } })).status).toBe(201);
  expect((await server.call('POST', `/v1/templates/${template}/versions`, { body: { version: '1.0', app } })).status).toBe(201);
  const res = await server.call('POST', `/v1/templates/${template}/versions/1.0/publish`);
  expect(res.status).toBe(202);
  expect(res.headers.get('location')).toMatch(/^\/v1\/operations\//);
  return ((await res.json()) as { id: string }).id;
}

function parsed(messages: SseMessage[]) {
  return messages.map((m) => {
    const event = JSON.parse(m.data) as { id: string; type: string; operation: string; data: Record<string, unknown> };
    expect(validateEvent(event)).toEqual([]);
    expect(m.id).toBe(event.id);
    expect(m.event).toBe(event.type);
    return event;
  });
}

describe('operation events', () => {
  it('publishing without a delivery registry streams to an honest failed state, then the stream ends', async () => {
    const id = await publish();
    const res = await server.call('GET', `/v1/operations/${id}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parsed(await readAll(res));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.operation === id)).toBe(true);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'state', data: { state: 'failed' } });
    const op = (await (await server.call('GET', `/v1/operations/${id}`)).json()) as { state: string; error: { detail?: string; title: string } };
    expect(op.state).toBe('failed');
    expect(JSON.stringify(op.error)).toMatch(/registry/i);
  });

  it('a client that reconnects with Last-Event-ID (or ?lastEventId=) gets exactly the events after it', async () => {
    const id = await publish();
    const all = parsed(await readAll(await server.call('GET', `/v1/operations/${id}/events`)));
    expect(all.length).toBeGreaterThan(1);
    for (let k = 0; k < all.length; k++) {
      const rest = parsed(await readAll(await server.call('GET', `/v1/operations/${id}/events`, { headers: { 'last-event-id': all[k]!.id } })));
      expect(rest.map((e) => e.id)).toEqual(all.slice(k + 1).map((e) => e.id));
    }
    const viaQuery = parsed(await readAll(await server.call('GET', `/v1/operations/${id}/events?lastEventId=${encodeURIComponent(all[0]!.id)}`)));
    expect(viaQuery.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
  });

  it('a live stream cut in the middle and resumed misses nothing and repeats nothing', async () => {
    gated.reset();
    expect((await server.call('PUT', '/v1/registry', { body: { url: 'http://127.0.0.1:1', prefix: 'caravan', allowInsecureHttp: true } })).status).toBe(200);
    const id = await publish();

    const first = readSse(await server.call('GET', `/v1/operations/${id}/events`));
    const seen: SseMessage[] = [];
    // Read until the copy has reported progress, then drop the connection while the operation runs.
    for (let m = await first.next(); m; m = await first.next()) {
      seen.push(m);
      if (m.event === 'progress') break;
    }
    expect(first.comments.length + seen.length).toBeGreaterThan(0);
    await first.close();

    gated.open();
    const rest = await readAll(await server.call('GET', `/v1/operations/${id}/events`, { headers: { 'last-event-id': seen.at(-1)!.id! } }));
    const joined = parsed([...seen, ...rest]);
    const fresh = parsed(await readAll(await server.call('GET', `/v1/operations/${id}/events`)));
    expect(joined.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
    expect(joined.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
  });

  it('idle streams get keep-alive comments', async () => {
    gated.reset();
    const id = await publish();
    const sse = readSse(await server.call('GET', `/v1/operations/${id}/events`));
    const deadline = Date.now() + 5_000;
    while (sse.comments.length === 0 && Date.now() < deadline) {
      const m = await Promise.race([sse.next(), new Promise<'tick'>((r) => setTimeout(() => r('tick'), 100))]);
      if (m === undefined) break;
    }
    expect(sse.comments).toContain('keep-alive');
    gated.open();
    await readAll(await server.call('GET', `/v1/operations/${id}/events`));
    await sse.close();
  });

  it('a fresh client of the all-events stream gets what happens after it connected, not the history', async () => {
    const old = await publish();
    expect(parsed(await readAll(await server.call('GET', `/v1/operations/${old}/events`))).length).toBeGreaterThan(0);
    const sse = readSse(await server.call('GET', '/v1/events'));
    const received: SseMessage[] = [];
    // The first keep-alive shows the stream is open and has taken its starting point.
    // One read stays pending across the wait, so no message is dropped by a lost race.
    let pending = sse.next();
    const deadline = Date.now() + 5_000;
    while (sse.comments.length === 0 && Date.now() < deadline) {
      const m = await Promise.race([pending, new Promise<'tick'>((r) => setTimeout(() => r('tick'), 100))]);
      if (m === 'tick') continue;
      if (m !== undefined) received.push(m);
      pending = sse.next();
    }
    expect(sse.comments).toContain('keep-alive');
    const id = await publish();
    const ofNew = parsed(await readAll(await server.call('GET', `/v1/operations/${id}/events`)));
    for (let m = await pending; m; m = await sse.next()) {
      received.push(m);
      if (m.id === ofNew.at(-1)!.id) break;
    }
    await sse.close();
    const events = parsed(received);
    expect(events.filter((e) => e.operation === old)).toEqual([]);
    expect(events.filter((e) => e.operation === id).map((e) => e.id)).toEqual(ofNew.map((e) => e.id));
  });

  it('the all-events stream replays from Last-Event-ID 0, carries every operation, and resumes the same way', async () => {
    const res = await server.call('GET', '/v1/events', { headers: { 'last-event-id': '0' } });
    expect(res.status).toBe(200);
    const sse = readSse(res);
    const events: SseMessage[] = [];
    const ids = new Set<string>();
    for (let m = await sse.next(); m; m = await sse.next()) {
      events.push(m);
      ids.add((JSON.parse(m.data) as { operation: string }).operation);
      if (ids.size >= 2 && events.length >= 4) break;
    }
    await sse.close();
    const all = parsed(events);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);

    const resumed = readSse(await server.call('GET', '/v1/events', { headers: { 'last-event-id': all[1]!.id } }));
    const next = await resumed.next();
    await resumed.close();
    expect(next?.id).toBe(all[2]!.id);
  });

  it('an operation stream follows the core event feed alone: no second wait loop re-reading the operation', async () => {
    const core = server.caravan.core;
    let waits = 0;
    const counted = { ...core, operations: { ...core.operations, wait: (...args: Parameters<typeof core.operations.wait>) => { waits++; return core.operations.wait(...args); } } };
    const app = createApp({ core: counted, idempotency: server.caravan.store.idempotency, sse: { heartbeatMs: 50 } });
    gated.reset();
    const id = await publish();
    const res = await app.request(`/v1/operations/${id}/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const sse = readSse(res);
    const first = await sse.next();
    expect(first).toBeDefined();
    gated.open();
    const rest: SseMessage[] = [];
    for (let m = await sse.next(); m; m = await sse.next()) rest.push(m);
    expect(parsed([first!, ...rest]).at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
    expect(waits).toBe(0);
  });

  it('events of an unknown operation are a 404 problem, not an empty stream', async () => {
    const res = await server.call('GET', '/v1/operations/op_nope/events');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
