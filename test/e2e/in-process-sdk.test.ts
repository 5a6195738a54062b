/**
 * The SDK in in-process mode (`fetch: app.fetch`) against the real app on a
 * real SQLite file: issue 2's story, with every response the SDK receives
 * checked against the contract on the way.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createCaravanClient,
  isForbiddenError,
  isIdempotencyKeyReusedError,
  isPreconditionFailedError,
  isValidationError,
  isVersionExistsError,
  isVersionImmutableError,
  type CaravanClient,
  type OperationEvent,
} from '@caravan/sdk';
import { createCaravan, type Caravan } from '@caravan/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkedApp, type CheckedApp } from '../../packages/server/test/http/support/contract.js';
import { shopApp } from '../../examples/story-basics.js';

const TOKEN = randomBytes(24).toString('base64url');
let dir: string;
let caravan: Caravan;
let http: CheckedApp;
let client: CaravanClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-sdk-'));
  caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, bootstrapToken: TOKEN });
  await caravan.core.start();
  http = checkedApp(caravan.app);
  client = createCaravanClient({ baseUrl: 'http://caravan.local', token: TOKEN, fetch: http.fetch });
});
afterAll(async () => {
  await caravan.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  expect(http.violations).toEqual([]);
});

async function expectRejects<T>(promise: Promise<unknown>, guard: (e: unknown) => e is T): Promise<T> {
  try {
    await promise;
  } catch (e) {
    expect(guard(e), String(e)).toBe(true);
    return e as T;
  }
  throw new Error('expected the call to fail');
}

describe('the SDK in-process, against the real app', () => {
  it('runs the story: template, draft, edit, validation error, diff, publish (failed without a registry), audit', async () => {
    await client.templates.create({ name: 'shop', description: 'the shop' });
    const draft = await client.templates.versions.create('shop', { version: '1.0', app: shopApp });
    expect(draft.state).toBe('draft');
    expect(draft.app.components.map((c) => c.name)).toEqual(['web', 'api', 'db']);

    const edited = await client.templates.versions.update('shop', '1.0', { description: 'edited' }, { ifMatch: draft.etag });
    expect(edited.description).toBe('edited');
    // The old ETag no longer matches.
    await expectRejects(client.templates.versions.update('shop', '1.0', { description: 'lost update' }, { ifMatch: draft.etag }), isPreconditionFailedError);

    const bad = await expectRejects(
      client.templates.versions.create('shop', { version: '1.1', app: { components: [{ name: 'web', image: 'example.com/web:1', dependsOn: ['nowhere'] }] } }),
      isValidationError,
    );
    expect(bad.errors.map((e) => e.pointer)).toEqual(['/app/components/0/dependsOn/0']);
    // The number of a refused draft was never taken.
    await client.templates.versions.create('shop', { version: '1.1', app: { ...shopApp, components: [...shopApp.components, { name: 'worker', image: 'example.com/worker:1' }] } });
    await expectRejects(client.templates.versions.create('shop', { version: '1.1', app: shopApp }), isVersionExistsError);

    const diff = await client.templates.versions.diff('shop', '1.1', '1.0');
    expect(diff.components).toMatchObject({ added: ['worker'], removed: [], changed: [] });

    const op = await client.templates.versions.publish('shop', '1.0');
    const progress: OperationEvent[] = [];
    const done = await client.operations.wait(op, { onProgress: (e) => progress.push(e), timeoutMs: 30_000 });
    expect(done.state).toBe('failed');
    expect(done.error?.type).toBe('https://caravan.dev/problems/registry-not-configured');
    const failed = await client.templates.versions.get('shop', '1.0');
    expect(failed.state).toBe('failed');
    expect(failed.failure?.reason).toMatch(/registry/);
    await expectRejects(client.templates.versions.update('shop', '1.0', { description: 'too late' }), isVersionImmutableError);

    const events: OperationEvent[] = [];
    for await (const e of client.operations.events(op)) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'state', data: { state: 'failed' } });
    // Resuming after the first event replays exactly the rest.
    const rest: OperationEvent[] = [];
    for await (const e of client.operations.events(op, { lastEventId: events[0]!.id })) rest.push(e);
    expect(rest.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));

    const actions: string[] = [];
    for await (const entry of client.audit.list({ subject: 'templates/shop', limit: 2 })) actions.push(entry.action);
    expect(actions).toEqual(expect.arrayContaining(['template.create', 'version.create', 'version.update', 'version.publish', 'version.syncFailed']));
  });

  it('retries a write with the same idempotency key and gets one result; another body under that key is refused', async () => {
    const first = await client.templates.create({ name: 'idem' }, { idempotencyKey: 'sdk-key-1' });
    const again = await client.templates.create({ name: 'idem' }, { idempotencyKey: 'sdk-key-1' });
    expect(again).toEqual(first);
    await expectRejects(client.templates.create({ name: 'idem-other' }, { idempotencyKey: 'sdk-key-1' }), isIdempotencyKeyReusedError);
  });

  it('a token with fewer roles gets typed Forbidden errors', async () => {
    const viewer = await client.tokens.create({ name: 'viewer', roles: ['viewer'] });
    const asViewer = createCaravanClient({ baseUrl: 'http://caravan.local', token: viewer.secret, fetch: http.fetch });
    expect((await asViewer.whoami()).roles).toEqual(['viewer']);
    await expectRejects(asViewer.templates.create({ name: 'nope' }), isForbiddenError);
    const names: string[] = [];
    for await (const t of asViewer.templates.list({ limit: 1 })) names.push(t.name);
    expect(names).toEqual(['idem', 'shop']);
  });
});
