/**
 * Bounded growth: a started core deletes events and finished operations once
 * they are older than the retention (`--retention` / `CARAVAN_RETENTION`),
 * and keeps the audit trail, active operations and an operation an install
 * still names. Real SQLite file; the clock is moved, not waited for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, parseDuration, parseLease } from '../../src/config.js';
import { FileRegistry, fakeImage } from './support/file-registry.js';
import { admin, developer, startCore, tempDir, viewer, type CoreUnderTest } from './support/fixture.js';

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('retention', () => {
  let t: CoreUnderTest | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const c of cleanups.splice(0)) c();
  });

  it('purges events and finished operations past the retention, keeps the audit trail and what is still in use', async () => {
    const reg = tempDir('caravan-fake-registry-');
    cleanups.push(reg.cleanup);
    const registry = new FileRegistry(reg.dir);
    registry.addSource('src.example.com/shop/web:1.0.0', fakeImage('web', 1, 10));
    let offsetMs = 0;
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    t = await startCore({ registrySync: registry, clock, retentionMs: 60 * 60 * 1000, idempotencyPurgeMs: 50 });
    await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'right-password' });
    await t.core.templates.create(developer, { name: 'shop' });
    await t.core.versions.create(developer, 'shop', { version: '1.0', app: { components: [{ name: 'web', image: 'src.example.com/shop/web:1.0.0', ports: [{ port: 80 }] }] } });
    const published = await t.core.versions.publish(developer, 'shop', '1.0');
    expect((await t.core.operations.wait(viewer, published.id)).state).toBe('succeeded');
    // An install that still names an old finished operation keeps it (its id is what the install shows).
    const named = (await t.store.operations.get(published.id))!;
    await t.store.operations.insert({ ...named, id: 'op_0000named', lockKey: null });
    await t.store.commit({
      changes: [
        {
          kind: 'install.insert',
          row: {
            environment: 'staging', name: 'shop', template: 'shop', version: '1.0', state: 'deployed', values: {}, secretValuesEnc: null, secretParameters: [],
            record: 1, latestRecord: 1, operationId: 'op_0000named', description: '', labels: {}, revision: 1, createdAt: named.createdAt, createdBy: named.createdBy, updatedAt: named.createdAt,
          },
        },
      ],
    });
    const auditBefore = (await t.core.audit.list(admin, { limit: 200 })).items;
    expect(auditBefore.length).toBeGreaterThan(3);
    const eventsBefore = await t.store.events.listAfter(0, { limit: 1000 });
    expect(eventsBefore.length).toBeGreaterThan(2);

    // Within the retention nothing goes.
    offsetMs = 30 * 60 * 1000;
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.store.operations.get(published.id)).toBeDefined();
    expect(await t.store.events.listAfter(0, { limit: 1000 })).toHaveLength(eventsBefore.length);

    // A pending operation, created "now" in the moved clock's past, is never purged; nor are its events.
    await t.store.operations.insert(
      { ...named, id: 'op_zzzzactive', kind: 'never-claimed', state: 'pending', lockKey: null, finishedAt: null, startedAt: null },
      { operationId: 'op_zzzzactive', type: 'state', at: named.createdAt, data: { state: 'pending' } },
    );

    offsetMs = 2 * 60 * 60 * 1000;
    await until('the purge', async () => (await t!.store.operations.get(published.id)) === undefined);
    await until('the events purge', async () => (await t!.store.events.listAfter(0, { limit: 1000 })).every((e) => e.operationId === 'op_zzzzactive'));
    expect((await t.store.events.listAfter(0, { limit: 1000 })).map((e) => e.operationId)).toEqual(['op_zzzzactive']);
    expect(await t.store.operations.get('op_0000named')).toBeDefined();
    expect((await t.store.operations.get('op_zzzzactive'))?.state).toBe('pending');
    // The audit trail is whole, the entries naming the purged operation included.
    const auditAfter = (await t.core.audit.list(admin, { limit: 200 })).items;
    expect(auditAfter.slice(-auditBefore.length)).toEqual(auditBefore);
    expect(JSON.stringify(auditAfter)).toContain(published.id);
    // The version it published is untouched.
    expect((await t.core.versions.get(viewer, 'shop', '1.0')).state).toBe('published');
  });
});

describe('the --retention flag and CARAVAN_RETENTION', () => {
  it('read minutes, hours and days, default to 72 hours, and refuse anything else', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('72h')).toBe(72 * 3_600_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    for (const bad of ['', '0m', '7', '1.5h', '-1d', '3w', 'forever', '72 h']) expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseConfig([], {}).retentionMs).toBe(72 * 3_600_000);
    expect(parseConfig([], { CARAVAN_RETENTION: '7d' }).retentionMs).toBe(7 * 86_400_000);
    expect(parseConfig(['--retention', '90m'], { CARAVAN_RETENTION: '7d' }).retentionMs).toBe(90 * 60_000);
    expect(() => parseConfig(['--retention', 'soon'], {})).toThrow(/--retention\/CARAVAN_RETENTION must be a duration such as 90m, 72h or 7d/);
  });
});

describe('the --lease flag and CARAVAN_LEASE', () => {
  it('read seconds and minutes from 5 s to 10 min, default to 15 s, and refuse anything else', () => {
    expect(parseLease('5s')).toBe(5_000);
    expect(parseLease('90s')).toBe(90_000);
    expect(parseLease('10m')).toBe(600_000);
    for (const bad of ['', '4s', '11m', '1h', '15', '1.5m', '-5s', '15 s']) expect(parseLease(bad), bad).toBeUndefined();
    expect(parseConfig([], {}).leaseMs).toBe(15_000);
    expect(parseConfig([], { CARAVAN_LEASE: '1m' }).leaseMs).toBe(60_000);
    expect(parseConfig(['--lease', '6s'], { CARAVAN_LEASE: '1m' }).leaseMs).toBe(6_000);
    expect(() => parseConfig(['--lease', '1s'], {})).toThrow(/--lease\/CARAVAN_LEASE must be a duration from 5s to 10m/);
  });
});
