/**
 * Expired Idempotency-Key outcomes are purged by the started core itself, so a
 * program that embeds the core (calls core.start(), no HTTP listener) purges too.
 */
import { describe, expect, it } from 'vitest';
import type { IdempotencyRecord } from '../../src/core/store/port.js';
import { startCore } from './support/fixture.js';

function record(key: string, expiresAt: string): IdempotencyRecord {
  return { principal: 'u-admin', key, method: 'POST', path: '/v1/templates', requestHash: 'h', status: 201, headers: {}, body: '{}', createdAt: new Date(Date.parse(expiresAt) - 1000).toISOString(), expiresAt };
}

describe('idempotency purge', () => {
  it('a started core deletes expired Idempotency-Key outcomes and keeps live ones', async () => {
    const t = await startCore({ start: false, idempotencyPurgeMs: 50 });
    try {
      await t.store.idempotency.put(record('expired', new Date(Date.now() - 60_000).toISOString()));
      await t.store.idempotency.put(record('live', new Date(Date.now() + 3_600_000).toISOString()));
      await t.core.start();
      const deadline = Date.now() + 10_000;
      while ((await t.store.idempotency.get('u-admin', 'expired')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(await t.store.idempotency.get('u-admin', 'expired')).toBeUndefined();
      expect(await t.store.idempotency.get('u-admin', 'live')).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
