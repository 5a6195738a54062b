/** Server-sent events: parsing, resuming with Last-Event-ID, single use, and waiting for an operation. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isCaravanTimeoutError, isNotFoundError, isStepEvent, isStreamConsumedError, parseSse, type OperationEvent, type OperationStep } from '../src/index.js';
import { BASE, client, json, operation, server } from './msw.js';

const encoder = new TextEncoder();

function sseEvent(id: number, type: string, data: Record<string, unknown>) {
  const event: OperationEvent = { id: String(id), operation: 'op_1', type: type as OperationEvent['type'], at: '2026-11-26T10:00:00Z', data };
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** A response streaming the given chunks; `fail` breaks the connection after them instead of closing it. */
function stream(chunks: string[], fail = false) {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    // One chunk per pull: erroring a stream drops what is still queued, so the break must come after the reads.
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (fail) controller.error(new TypeError('terminated'));
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

function bodyOf(...chunks: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('the text/event-stream parser', () => {
  it('reads ids, event names, multi-line data and comments, with CRLF split across chunks', async () => {
    const messages = [];
    for await (const m of parseSse(bodyOf(': hello\r\n', 'id: 7\r', '\nevent: log\r\ndata: one\r\nda', 'ta: two\r\n\r\n', 'data: last\n\n', 'data: cut off'))) {
      messages.push(m);
    }
    expect(messages).toEqual([
      { id: '7', event: 'log', data: 'one\ntwo', retry: undefined },
      { id: '7', event: 'message', data: 'last', retry: undefined },
    ]);
  });
});

describe('operation events', () => {
  it('resume with Last-Event-ID after the connection closes, and miss nothing', async () => {
    const lastIds: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/v1/operations/op_1/events`, ({ request }) => {
        const last = request.headers.get('last-event-id');
        lastIds.push(last);
        if (last === null) return stream([sseEvent(1, 'state', { state: 'running' }), sseEvent(2, 'progress', { step: 'copy web', bytes: 10 })]);
        if (last === '2') return stream([sseEvent(3, 'progress', { step: 'copy web', bytes: 20 }), sseEvent(4, 'state', { state: 'succeeded' })]);
        return stream([]);
      }),
    );
    const ids: string[] = [];
    for await (const e of client().operations.events('op_1')) ids.push(e.id);
    expect(ids).toEqual(['1', '2', '3', '4']);
    expect(lastIds).toEqual([null, '2']);
  });

  it('resume after a broken connection too', async () => {
    // msw buffers a mocked body before answering, so a connection that breaks mid-stream
    // is made with an injected fetch instead.
    const lastIds: (string | null)[] = [];
    const c = client({
      fetch: async (request) => {
        const last = request.headers.get('last-event-id');
        lastIds.push(last);
        return last === null ? stream([sseEvent(1, 'state', { state: 'running' })], true) : stream([sseEvent(2, 'state', { state: 'failed' })]);
      },
    });
    const events: OperationEvent[] = [];
    for await (const e of c.operations.events({ id: 'op_1' })) events.push(e);
    expect(events.map((e) => e.data.state)).toEqual(['running', 'failed']);
    expect(lastIds).toEqual([null, '1']);
  });

  it('start after a given event id', async () => {
    let last: string | null = null;
    server.use(
      http.get(`${BASE}/v1/operations/op_1/events`, ({ request }) => {
        last = request.headers.get('last-event-id');
        return stream([sseEvent(6, 'state', { state: 'cancelled' })]);
      }),
    );
    const s = client().operations.events('op_1', { lastEventId: '5' });
    for await (const _ of s) void _;
    expect(last).toBe('5');
    expect(s.lastEventId).toBe('6');
  });

  it('a consumed event stream throws when iterated again', async () => {
    server.use(http.get(`${BASE}/v1/operations/op_1/events`, () => stream([sseEvent(1, 'state', { state: 'succeeded' })])));
    const s = client().operations.events('op_1');
    for await (const _ of s) void _;
    let error: unknown;
    try {
      for await (const _ of s) void _;
    } catch (e) {
      error = e;
    }
    expect(isStreamConsumedError(error)).toBe(true);
  });

  it('an unknown operation ends the stream with NotFoundError instead of reconnecting', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/operations/op_x/events`, () => {
        calls++;
        return new Response(JSON.stringify({ type: 'https://caravan.dev/problems/not-found', title: 'Not found', status: 404 }), {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        });
      }),
    );
    let error: unknown;
    try {
      for await (const _ of client().operations.events('op_x')) void _;
    } catch (e) {
      error = e;
    }
    expect(isNotFoundError(error)).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('the stream of all events', () => {
  it('follows events until the caller aborts, then ends quietly', async () => {
    server.use(
      http.get(`${BASE}/v1/events`, () =>
        stream([sseEvent(1, 'state', { state: 'running' }), sseEvent(2, 'state', { state: 'succeeded' }), sseEvent(3, 'state', { state: 'running' })]),
      ),
    );
    const ac = new AbortController();
    const ids: string[] = [];
    for await (const e of client().events({ signal: ac.signal })) {
      ids.push(e.id);
      // A final state of one operation does not end the stream of all events.
      if (e.id === '3') ac.abort();
    }
    expect(ids).toEqual(['1', '2', '3']);
  });

  it('an abort while waiting to reconnect ends the stream at once, quietly', async () => {
    let connections = 0;
    server.use(
      http.get(`${BASE}/v1/events`, () => {
        connections++;
        // `retry:` asks for a minute before the next connection.
        return stream([`retry: 60000\n${sseEvent(1, 'state', { state: 'running' })}`]);
      }),
    );
    const ac = new AbortController();
    const started = Date.now();
    const ids: string[] = [];
    for await (const e of client().events({ signal: ac.signal })) {
      ids.push(e.id);
      setTimeout(() => ac.abort(), 50);
    }
    expect(ids).toEqual(['1']);
    expect(connections).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('waiting for an operation', () => {
  it('follows the events, reports progress, and resolves with the finished operation', async () => {
    let gets = 0;
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json(operation('op_1', ++gets === 1 ? 'running' : 'failed'))),
      http.get(`${BASE}/v1/operations/op_1/events`, () =>
        stream([sseEvent(1, 'progress', { step: 'copy web', bytes: 5 }), sseEvent(2, 'state', { state: 'failed' })]),
      ),
    );
    const progress: string[] = [];
    const done = await client().operations.wait('op_1', { onProgress: (e) => progress.push(e.type) });
    expect(done.state).toBe('failed');
    expect(progress).toEqual(['progress', 'state']);
  });

  it('hands each rollout step, with its component and pod counts, to onStep as it streams', async () => {
    let gets = 0;
    const web1 = { name: 'roll out web', state: 'running', bytes: 0, component: 'web', ready: 1, desired: 3 };
    const web3 = { ...web1, state: 'succeeded', ready: 3 };
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json({ ...operation('op_1', ++gets === 1 ? 'running' : 'succeeded'), kind: 'upgrade' })),
      http.get(`${BASE}/v1/operations/op_1/events`, () =>
        stream([sseEvent(1, 'step', web1), sseEvent(2, 'log', { message: 'web-1 ready' }), sseEvent(3, 'step', web3), sseEvent(4, 'state', { state: 'succeeded' })]),
      ),
    );
    const steps: OperationStep[] = [];
    const types: string[] = [];
    await client().operations.wait('op_1', { onProgress: (e) => types.push(e.type), onStep: (step) => steps.push(step) });
    expect(types).toEqual(['step', 'log', 'step', 'state']);
    expect(steps.map((s) => `${s.component} ${s.ready}/${s.desired} ${s.state}`)).toEqual(['web 1/3 running', 'web 3/3 succeeded']);
  });

  it('makes up step events for changed steps while it polls, so rollout progress shows without a stream', async () => {
    const step = (ready: number) => ({ name: 'roll out web', state: ready === 2 ? 'succeeded' : 'running', bytes: 0, component: 'web', ready, desired: 2 });
    const answers = [
      { state: 'running', steps: [step(0)] },
      { state: 'running', steps: [step(1)] },
      { state: 'running', steps: [step(1)] },
      { state: 'succeeded', steps: [step(2)] },
    ];
    let gets = 0;
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json({ ...operation('op_1', 'running'), kind: 'install', ...answers[Math.min(gets++, answers.length - 1)] })),
      http.get(`${BASE}/v1/operations/op_1/events`, () => new Response('no streams here', { status: 501 })),
    );
    const events: OperationEvent[] = [];
    const ready: (number | undefined)[] = [];
    const done = await client({ retry: 0 }).operations.wait('op_1', {
      pollIntervalMs: 10,
      onProgress: (e) => events.push(e),
      onStep: (s) => ready.push(s.ready),
    });
    expect(done.state).toBe('succeeded');
    // Each change once: the unchanged third answer reports nothing.
    expect(ready).toEqual([0, 1, 2]);
    expect(events.map((e) => e.type)).toEqual(['step', 'step', 'step', 'state']);
    expect(events.filter(isStepEvent).map((e) => e.data.component)).toEqual(['web', 'web', 'web']);
    // No event came from the server: each made-up one resumes from the start (`0`), never from an invented id.
    expect(events.map((e) => e.id)).toEqual(['0', '0', '0', '0']);
  });

  it('while polling, reads the stream in short reads: the events it reports are the server’s, with their ids, once', async () => {
    let gets = 0;
    let streams = 0;
    const after: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json(operation('op_1', ++gets < 3 ? 'running' : 'succeeded'))),
      http.get(`${BASE}/v1/operations/op_1/events`, ({ request }) => {
        after.push(request.headers.get('last-event-id'));
        // The first stream is refused (a proxy that will not stream); the short reads after it get through.
        if (streams++ === 0) return new Response('no streams here', { status: 501 });
        const all = [sseEvent(5, 'state', { state: 'running' }), sseEvent(6, 'log', { message: 'copying' }), sseEvent(7, 'state', { state: 'succeeded' })];
        const last = Number(request.headers.get('last-event-id') ?? 0);
        return stream(all.filter((_, i) => 5 + i > last).slice(0, gets < 3 ? 2 : 3));
      }),
    );
    const events: OperationEvent[] = [];
    const done = await client({ retry: 0 }).operations.wait('op_1', { pollIntervalMs: 10, onProgress: (e) => events.push(e) });
    expect(done.state).toBe('succeeded');
    expect(events.map((e) => `${e.id} ${e.type}`)).toEqual(['5 state', '6 log', '7 state']);
    // Each short read resumed after the last event reported.
    expect(after.slice(1).every((id) => id === null || ['6', '7'].includes(id))).toBe(true);
    expect(after).toContain('6');
  });

  it('gives made-up events the id of the last event the server sent, so resuming from one misses nothing', async () => {
    let gets = 0;
    let streams = 0;
    const step = (state: string) => ({ name: 'copy web', state, bytes: 0 });
    // msw buffers a mocked body, so the connection that breaks after one event comes from an injected fetch.
    const c = client({
      retry: 0,
      fetch: async (request) => {
        if (new URL(request.url).pathname === '/v1/operations/op_1') {
          gets++;
          return json({ ...operation('op_1', gets < 3 ? 'running' : 'succeeded'), steps: [step(gets < 3 ? 'running' : 'succeeded')] });
        }
        // One event, then the connection breaks; every stream after it is refused.
        return streams++ === 0 ? stream([sseEvent(41, 'state', { state: 'running' })], true) : new Response('no', { status: 501 });
      },
    });
    const events: OperationEvent[] = [];
    const done = await c.operations.wait('op_1', { pollIntervalMs: 10, onProgress: (e) => events.push(e) });
    expect(done.state).toBe('succeeded');
    expect(events.map((e) => `${e.id} ${e.type} ${String(e.data.state)}`)).toEqual(['41 state running', '41 step running', '41 step succeeded', '41 state succeeded']);
  });

  it('returns at once for an operation that already finished', async () => {
    server.use(http.get(`${BASE}/v1/operations/op_1`, () => json(operation('op_1', 'succeeded'))));
    expect((await client().operations.wait('op_1')).state).toBe('succeeded');
  });

  it('polls when the event stream is unavailable', async () => {
    let gets = 0;
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json(operation('op_1', ++gets < 3 ? 'running' : 'succeeded'))),
      http.get(`${BASE}/v1/operations/op_1/events`, () => new Response('no streams here', { status: 501 })),
    );
    const states: unknown[] = [];
    const done = await client({ retry: 0 }).operations.wait('op_1', { pollIntervalMs: 10, onProgress: (e) => states.push(e.data.state) });
    expect(done.state).toBe('succeeded');
    expect(states).toEqual(['succeeded']);
  });

  it('an abort between polls rejects at once with the signal’s reason', async () => {
    let gets = 0;
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => {
        gets++;
        return json(operation('op_1', 'running'));
      }),
      http.get(`${BASE}/v1/operations/op_1/events`, () => new Response('no streams here', { status: 501 })),
    );
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const started = Date.now();
    setTimeout(() => ac.abort(reason), 100);
    const error = await client({ retry: 0 })
      .operations.wait('op_1', { pollIntervalMs: 60_000, signal: ac.signal })
      .catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(gets).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a timeout between polls throws CaravanTimeoutError without waiting out the interval', async () => {
    server.use(
      http.get(`${BASE}/v1/operations/op_1`, () => json(operation('op_1', 'running'))),
      http.get(`${BASE}/v1/operations/op_1/events`, () => new Response('no streams here', { status: 501 })),
    );
    const started = Date.now();
    const error = await client({ retry: 0 })
      .operations.wait('op_1', { pollIntervalMs: 60_000, timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(isCaravanTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
