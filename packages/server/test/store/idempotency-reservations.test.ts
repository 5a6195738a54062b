/** Idempotency reservations in the store: only their holder completes or releases them; a takeover is a compare-and-set. */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/open-store.js';
import { IDEMPOTENCY_RESERVED, type IdempotencyRecord, type Store } from '../../src/core/store/port.js';
import { forEachBackend } from '../core/support/backends.js';
import { tempDir } from '../core/support/fixture.js';

const reservation = (key: string, token: string): IdempotencyRecord => ({
  principal: 'tok-alice', key, method: 'POST', path: '/v1/templates', requestHash: 'h',
  status: IDEMPOTENCY_RESERVED, headers: {}, body: token, createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z',
});
const outcome = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"name":"shop"}', expiresAt: '2026-01-03T00:00:00.000Z' };

forEachBackend((backend) => describe('idempotency reservations', () => {
  let store: Store;
  let dir: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });
  async function open() {
    dir = tempDir('caravan-idem-store-');
    store = await openStore((await backend.newStoreUrl()) ?? `file:${dir.dir}/caravan.db`);
    await store.migrate();
  }

  it('the first put holds the key; another put gets the holder back', async () => {
    await open();
    expect(await store.idempotency.put(reservation('k', 'one'))).toEqual(reservation('k', 'one'));
    expect(await store.idempotency.put(reservation('k', 'two'))).toEqual(reservation('k', 'one'));
  });

  it('only the holder completes it, once', async () => {
    await open();
    await store.idempotency.put(reservation('k', 'one'));
    expect(await store.idempotency.complete('tok-alice', 'k', 'two', outcome)).toBe(false);
    expect(await store.idempotency.complete('tok-alice', 'k', 'one', outcome)).toBe(true);
    expect(await store.idempotency.get('tok-alice', 'k')).toEqual({ ...reservation('k', 'one'), ...outcome });
    // A completed record is no reservation: nothing can complete, take over or release it any more.
    expect(await store.idempotency.complete('tok-alice', 'k', 'one', { ...outcome, status: 409 })).toBe(false);
    expect(await store.idempotency.takeOver('tok-alice', 'k', 'one', { body: 'three', createdAt: '2026-01-01T01:00:00.000Z', expiresAt: outcome.expiresAt })).toBe(false);
    expect(await store.idempotency.release('tok-alice', 'k', 'one')).toBe(false);
    expect((await store.idempotency.get('tok-alice', 'k'))?.status).toBe(201);
  });

  it('a takeover moves the reservation to one new holder; the old holder can then neither complete nor release it', async () => {
    await open();
    await store.idempotency.put(reservation('k', 'one'));
    const next = (body: string) => ({ body, createdAt: '2026-01-01T01:00:00.000Z', expiresAt: outcome.expiresAt });
    const [a, b] = await Promise.all([store.idempotency.takeOver('tok-alice', 'k', 'one', next('two')), store.idempotency.takeOver('tok-alice', 'k', 'one', next('three'))]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const holder = a ? 'two' : 'three';
    expect(await store.idempotency.complete('tok-alice', 'k', 'one', outcome)).toBe(false);
    expect(await store.idempotency.release('tok-alice', 'k', 'one')).toBe(false);
    expect(await store.idempotency.release('tok-alice', 'k', holder)).toBe(true);
    expect(await store.idempotency.get('tok-alice', 'k')).toBeUndefined();
  });
}));
