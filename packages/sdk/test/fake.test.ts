/**
 * `@caravan/sdk/testing`: the in-memory fake behind the client type. Its answers
 * validate against the contract's schemas; its versions move by the contract's
 * state table; lists page; refusals are the SDK's typed errors; operations run
 * through steps, with events that resume by id; installs, upgrades, rollbacks
 * and uninstalls leave records; failures a test stages happen as they would.
 * (test/sdk-fake runs one scenario against this fake and the real app.)
 */
import {
  zAuditEntry,
  zCluster,
  zEnvironment,
  zInstall,
  zInstallPreview,
  zInstallRecord,
  zInstallStatus,
  zOperation,
  zOperationEvent,
  zRegistrySettings,
  zTemplate,
  zToken,
  zTokenCreated,
  zVersion,
  zVersionDiff,
  zWhoami,
} from '@caravan/contracts';
import { findTransition, VERSION_STATES, VERSION_TRANSITIONS, type VersionAction, type VersionState } from '@caravan/contracts/states';
import { describe, expect, it } from 'vitest';
import {
  isConflictError,
  isForbiddenError,
  isInvalidTransitionError,
  isNotFoundError,
  isOperationInProgressError,
  isPolicyViolationError,
  isPreconditionFailedError,
  isRolloutFailedError,
  isUnauthorizedError,
  isValidationError,
  operationError,
  type CaravanClient,
  type OperationEvent,
  type OperationStep,
} from '../src/index.js';
import { createFakeCaravanClient, type FakeCaravanClient } from '../src/testing/index.js';

const app = {
  components: [
    { name: 'web', image: 'example.com/shop/web:1', replicas: 2, ports: [{ port: 8080 }], dependsOn: ['db'] },
    { name: 'db', kind: 'stateful' as const, image: 'example.com/shop/postgres:16', ports: [{ port: 5432, alias: 'DB' }] },
  ],
  parameters: [{ name: 'dbPassword', secret: true }],
};
const kubeconfig = 'apiVersion: v1\nclusters:\n- name: k\n  cluster:\n    server: https://k.example.com:6443\n';

async function rejection(call: PromiseLike<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to be refused');
}

/** A fake with a published shop 1.0 and a test environment on a registered cluster. */
async function shop(client: FakeCaravanClient = createFakeCaravanClient()): Promise<FakeCaravanClient> {
  await client.templates.create({ name: 'shop' });
  await client.templates.versions.create('shop', { version: '1.0', app });
  await client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan' });
  await client.operations.wait(await client.templates.versions.publish('shop', '1.0'));
  await client.clusters.create({ name: 'k', kubeconfig });
  await client.environments.create({ name: 'test', cluster: 'k', namespace: 'shop', tier: 'test' });
  return client;
}

describe('the fake client', () => {
  it('is a CaravanClient, and what it answers validates against the contract', async () => {
    const client: CaravanClient = await shop();
    zWhoami.parse(await client.whoami());
    zTemplate.parse(await client.templates.get('shop'));
    zVersion.parse(await client.templates.versions.get('shop', '1.0'));
    await client.templates.versions.create('shop', { version: '1.1', app: { ...app, components: [...app.components, { name: 'worker', image: 'example.com/w:1' }] } });
    zVersionDiff.parse(await client.templates.versions.diff('shop', '1.1', '1.0'));
    zRegistrySettings.parse(await client.registry.get());
    zTokenCreated.parse(await client.tokens.create({ name: 'ci', roles: ['developer'] }));
    for (const t of await client.tokens.list().toArray()) zToken.parse(t);
    zCluster.parse(await client.clusters.get('k'));
    zEnvironment.parse(await client.environments.get('test'));
    const install = await client.environments.installs.create('test', { name: 'shop', template: 'shop', version: '1.0', values: { parameters: { dbPassword: 's3cret' } } });
    const events: OperationEvent[] = [];
    zOperation.parse(await client.operations.wait(install, { onProgress: (e) => events.push(e) }));
    for (const e of events) zOperationEvent.parse(e);
    zInstall.parse(await client.environments.installs.get('test', 'shop'));
    zInstallPreview.parse(await client.environments.installs.preview('test', 'shop', { version: '1.1' }));
    zInstallStatus.parse(await client.environments.installs.status('test', 'shop'));
    for (const r of await client.environments.installs.records.list('test', 'shop').toArray()) zInstallRecord.parse(r);
    for (const op of await client.operations.list().toArray()) zOperation.parse(op);
    for (const a of await client.audit.list().toArray()) zAuditEntry.parse(a);
    expect(events.length).toBeGreaterThan(3);
  });

  it('moves versions as the contract’s state table says, and refuses the rest with InvalidTransitionError', async () => {
    // Every (state, action) people may ask for, judged against findTransition on the same table.
    const people = VERSION_TRANSITIONS.filter((t) => t.roles !== 'system').map((t) => t.action as Exclude<VersionAction, 'synced' | 'syncFailed'>);
    const quick = createFakeCaravanClient();
    // A fake whose publish takes seconds, so a version stays `publishing` while it is asked to move.
    const slow = createFakeCaravanClient({ stepDelayMs: 2_000 });
    for (const c of [quick, slow]) {
      await c.templates.create({ name: 'shop' });
      await c.registry.put({ url: 'https://registry.example.com', prefix: '' });
    }
    let n = 0;
    /** A version brought to `state` through the fake's own moves. */
    async function versionIn(client: FakeCaravanClient, state: VersionState): Promise<string> {
      const version = `1.${n++}`;
      const image = `example.com/web:${version}`;
      if (state === 'failed') client.fake.failImage(image, 'manifest unknown');
      await client.templates.versions.create('shop', { version, app: { components: [{ name: 'web', image }] } });
      if (state === 'draft') return version;
      const publish = await client.templates.versions.publish('shop', version);
      if (state === 'publishing') return version;
      await client.operations.wait(publish);
      if (state === 'released' || state === 'deprecated') await client.templates.versions.release('shop', version);
      if (state === 'deprecated') await client.templates.versions.deprecate('shop', version);
      return version;
    }
    for (const state of VERSION_STATES) {
      for (const action of people) {
        const client = state === 'publishing' ? slow : quick;
        const version = await versionIn(client, state);
        expect((await client.templates.versions.get('shop', version)).state).toBe(state);
        const outcome = await Promise.resolve(client.templates.versions[action]('shop', version)).then(
          () => 'moved',
          (e: unknown) => (isInvalidTransitionError(e) ? 'refused' : e),
        );
        expect(outcome, `${action} from ${state}`).toBe(findTransition(action, state) === undefined ? 'refused' : 'moved');
      }
    }
    await quick.fake.settled();
  });

  it('pages lists by cursor and limit, iterates them whole, and refuses a cursor it did not hand out', async () => {
    const client = createFakeCaravanClient();
    for (const name of ['e', 'b', 'd', 'a', 'c']) await client.templates.create({ name });
    const first = await client.templates.list({ limit: 2 });
    expect(first.items.map((t) => t.name)).toEqual(['a', 'b']);
    const second = await client.templates.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items.map((t) => t.name)).toEqual(['c', 'd']);
    const names: string[] = [];
    for await (const t of client.templates.list({ limit: 2 })) names.push(t.name);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    const pages = [];
    for await (const page of client.templates.list({ limit: 2 }).pages()) pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);
    expect(isValidationError(await rejection(client.templates.list({ cursor: 'not-a-cursor' })))).toBe(true);
    expect(isValidationError(await rejection(client.templates.list({ limit: 0 })))).toBe(true);
    // A cursor of another list is refused too.
    await client.templates.versions.create('a', { version: '1.0', app }).catch(() => undefined);
    expect(isValidationError(await rejection(client.audit.list({ cursor: first.nextCursor })))).toBe(true);
  });

  it('refuses with the SDK’s typed errors and the server’s problem types', async () => {
    const client = await shop();
    const missing = await rejection(client.templates.get('nowhere'));
    expect(isNotFoundError(missing) && missing.problem).toMatchObject({ type: 'https://caravan.dev/problems/not-found', status: 404, instance: '/v1/templates/nowhere' });
    const stale = (await client.templates.get('shop')).etag;
    await client.templates.update('shop', { description: 'new' }, { ifMatch: stale });
    expect(isPreconditionFailedError(await rejection(client.templates.update('shop', { description: 'lost' }, { ifMatch: stale })))).toBe(true);
    expect(isConflictError(await rejection(client.templates.delete('shop')))).toBe(true);
    const bad = await rejection(client.templates.versions.create('shop', { version: '2.0', app: { components: [{ name: 'web', image: 'x:1', dependsOn: ['nowhere'] }] } }));
    expect(isValidationError(bad) && bad.errors).toEqual([expect.objectContaining({ pointer: '/app/components/0/dependsOn/0', code: 'reference' })]);
    const prod = await client.environments.create({ name: 'prod', cluster: 'k', namespace: 'shop-prod', tier: 'production' });
    // Production takes released versions only: its default policy is the contract's table.
    expect(prod.policy.allowedStates).toEqual(['released']);
    const refused = await rejection(client.environments.installs.create('prod', { name: 'shop', template: 'shop', version: '1.0' }));
    expect(isPolicyViolationError(refused) && refused.rule).toBe('allowedStates');
  });

  it('acts as another token with `fake.as`: roles are enforced, a revoked token is refused', async () => {
    const client = await shop();
    const viewer = await client.tokens.create({ name: 'portal', roles: ['viewer'] });
    const asViewer = client.fake.as(viewer.secret);
    expect((await asViewer.whoami()).roles).toEqual(['viewer']);
    expect((await asViewer.templates.list()).items).toHaveLength(1);
    expect(isForbiddenError(await rejection(asViewer.templates.create({ name: 'x' })))).toBe(true);
    expect(isForbiddenError(await rejection(asViewer.environments.installs.create('test', { name: 'shop', template: 'shop', version: '1.0' })))).toBe(true);
    await client.tokens.delete(viewer.id);
    expect(isUnauthorizedError(await rejection(asViewer.whoami()))).toBe(true);
    expect(isUnauthorizedError(await rejection(client.fake.as('cvn_made-up').whoami()))).toBe(true);
  });

  it('publishes through steps: wait reports every event and step, and the version ends published and pinned', async () => {
    const client = createFakeCaravanClient();
    await client.templates.create({ name: 'shop' });
    await client.templates.versions.create('shop', { version: '1.0', app });
    await client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan' });
    const op = await client.templates.versions.publish('shop', '1.0');
    expect(op.state).toBe('pending');
    expect((await client.templates.versions.get('shop', '1.0')).state).toBe('publishing');
    const events: OperationEvent[] = [];
    const steps: OperationStep[] = [];
    const done = await client.operations.wait(op, { onProgress: (e) => events.push(e), onStep: (s) => steps.push(s) });
    expect(done.state).toBe('succeeded');
    expect(events.filter((e) => e.type === 'state').map((e) => e.data.state)).toEqual(['pending', 'running', 'succeeded']);
    expect(steps.filter((s) => s.name === 'copy web').map((s) => s.state)).toEqual(['pending', 'running', 'succeeded']);
    const version = await client.templates.versions.get('shop', '1.0');
    expect(version.state).toBe('published');
    expect(version.app.components.map((c) => c.image)).toEqual([expect.stringMatching(/^registry\.example\.com\/caravan\/shop\/web@sha256:[0-9a-f]{64}$/), expect.stringMatching(/\/shop\/db@sha256:/)]);
    expect(version.transitions.map((t) => `${t.action} ${t.actor.name}`)).toEqual(['publish bootstrap admin', 'synced caravan']);
  });

  it('streams events that resume after an id, and a stream of all events from its start', async () => {
    const client = await shop();
    const [published] = (await client.operations.list({ kind: 'publish' })).items;
    const all: OperationEvent[] = [];
    for await (const e of client.operations.events(published!)) all.push(e);
    expect(all.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
    const rest: string[] = [];
    for await (const e of client.operations.events(published!, { lastEventId: all[1]!.id })) rest.push(e.id);
    expect(rest).toEqual(all.slice(2).map((e) => e.id));
    expect(isValidationError(await rejection((async () => {
      for await (const _ of client.operations.events(published!, { lastEventId: 'poll-1' })) void _;
    })()))).toBe(true);
    // The stream of all events follows what happens next, until its signal aborts.
    const ac = new AbortController();
    const seen: OperationEvent[] = [];
    const following = (async () => {
      for await (const e of client.events({ signal: ac.signal })) {
        seen.push(e);
        if (e.type === 'state' && e.data.state === 'succeeded') ac.abort();
      }
    })();
    await client.environments.installs.create('test', { name: 'shop', template: 'shop', version: '1.0' });
    await following;
    expect(seen[0]).toMatchObject({ type: 'state', data: { state: 'pending' } });
    expect(new Set(seen.map((e) => e.operation)).size).toBe(1);
  });

  it('installs, upgrades, rolls back and uninstalls, each a record, with rollout steps per component', async () => {
    const client = await shop();
    await client.templates.versions.create('shop', { version: '1.1', app: { ...app, components: [{ ...app.components[0]!, replicas: 3 }, app.components[1]!] } });
    await client.operations.wait(await client.templates.versions.publish('shop', '1.1'));
    const installs = client.environments.installs;
    const steps: OperationStep[] = [];
    const first = await client.operations.wait(await installs.create('test', { name: 'shop', template: 'shop', version: '1.0', values: { parameters: { dbPassword: 'pw' } } }), { onStep: (s) => steps.push(s) });
    expect(first).toMatchObject({ state: 'succeeded', result: { record: 1 } });
    expect(steps.filter((s) => s.component === 'web').map((s) => `${s.ready}/${s.desired}`)).toEqual(['0/2', '1/2', '2/2']);
    expect(await installs.get('test', 'shop')).toMatchObject({ state: 'deployed', version: '1.0', record: 1, secretParameters: ['dbPassword'] });
    const upgrade = await installs.upgrade('test', 'shop', { version: '1.1' });
    // One operation at a time per install.
    expect(isOperationInProgressError(await rejection(installs.upgrade('test', 'shop', {})))).toBe(true);
    expect((await client.operations.wait(upgrade)).state).toBe('succeeded');
    expect((await installs.get('test', 'shop')).version).toBe('1.1');
    expect((await client.operations.wait(await installs.records.rollback('test', 'shop', 1, { reason: 'checkout broke' }))).state).toBe('succeeded');
    expect(await installs.get('test', 'shop')).toMatchObject({ version: '1.0', record: 3 });
    expect((await client.operations.wait(await installs.delete('test', 'shop'))).state).toBe('succeeded');
    const records = await installs.records.list('test', 'shop').toArray();
    expect(records.map((r) => `${r.number} ${r.action} ${r.version} ${r.outcome}`)).toEqual(['4 uninstall 1.0 succeeded', '3 rollback 1.0 succeeded', '2 upgrade 1.1 succeeded', '1 install 1.0 succeeded']);
    expect(records[1]!.rollbackOf).toBe(1);
    expect((await installs.records.get('test', 'shop', 2)).objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/shop-web', 'Service/shop-web', 'StatefulSet/shop-db', 'Service/shop-db']);
    expect((await installs.get('test', 'shop')).state).toBe('uninstalled');
    const trail = await client.audit.list({ subject: 'environments/test/installs/shop' }).toArray();
    expect(trail.map((e) => e.action)).toContain('install.upgrade.succeeded');
  });

  it('fails a rollout where a test asks, as a cluster would; an atomic upgrade returns to the record before', async () => {
    const client = await shop();
    await client.templates.versions.create('shop', { version: '1.1', app: { ...app, components: [{ ...app.components[0]!, image: 'example.com/shop/web:2' }, app.components[1]!] } });
    await client.operations.wait(await client.templates.versions.publish('shop', '1.1'));
    const installs = client.environments.installs;
    await client.operations.wait(await installs.create('test', { name: 'shop', template: 'shop', version: '1.0' }));
    client.fake.failRollout('web', 'ImagePullBackOff');
    const failed = await client.operations.wait(await installs.upgrade('test', 'shop', { version: '1.1', atomic: true }));
    expect(failed.state).toBe('failed');
    const error = operationError(failed);
    expect(isRolloutFailedError(error) && error.components.map((c) => `${c.name} ${c.reason}`)).toEqual(['web ImagePullBackOff']);
    expect(failed.result).toMatchObject({ record: 2, rolledBackTo: 3 });
    expect(await installs.get('test', 'shop')).toMatchObject({ state: 'deployed', version: '1.0', record: 3 });
    client.fake.failRollout('web', false);
    expect((await client.operations.wait(await installs.upgrade('test', 'shop', { version: '1.1' }))).state).toBe('succeeded');
  });

  it('cancels a running publish: the operation ends cancelled and the version failed', async () => {
    const client = createFakeCaravanClient({ stepDelayMs: 50 });
    await client.templates.create({ name: 'shop' });
    await client.templates.versions.create('shop', { version: '1.0', app });
    await client.registry.put({ url: 'https://registry.example.com', prefix: '' });
    const op = await client.templates.versions.publish('shop', '1.0');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await client.operations.cancel(op)).state).toBe('running');
    const done = await client.operations.wait(op);
    expect(done).toMatchObject({ state: 'cancelled', error: { type: 'https://caravan.dev/problems/operation-cancelled', detail: 'cancelled by bootstrap admin' } });
    expect((await client.templates.versions.get('shop', '1.0')).state).toBe('failed');
    expect(isConflictError(await rejection(client.operations.cancel(op)))).toBe(true);
  });

  it('honours a call’s signal and answers withResponse with the headers the server sends', async () => {
    const client = createFakeCaravanClient();
    const reason = new Error('gone');
    expect(await rejection(client.templates.list({}, { signal: AbortSignal.abort(reason) }))).toBe(reason);
    const { data, response } = await client.templates.create({ name: 'shop' }).withResponse();
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/v1/templates/shop');
    expect(response.headers.get('etag')).toBe(data.etag);
    const deleted = await client.templates.delete('shop').withResponse();
    expect(deleted.response.status).toBe(204);
  });
});
