/**
 * No lock-out: the last active admin token cannot be revoked (conflict, saying
 * why), an expired admin token does not count as active, and creating an
 * expiring admin token beside the only other one is fine. Also the recovery
 * path, createTokenAdmin, on the same rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenAdmin, isCaravanError, type CaravanError } from '../../src/core/index.js';
import { BOOTSTRAP_TOKEN_ID } from '../../src/core/access/tokens.js';
import { admin, startCore, viewer, type CoreUnderTest } from './support/fixture.js';

let t: CoreUnderTest | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function rejectionOf(p: Promise<unknown>): Promise<CaravanError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  if (!isCaravanError(e)) throw new Error(`expected a CaravanError, got ${String(e)}`);
  return e;
}

describe('the last active admin token', () => {
  it('cannot be revoked: a conflict that says why, and the token keeps working', async () => {
    t = await startCore({ bootstrapToken: 'bootstrap-secret-0123456789', start: false });
    const e = await rejectionOf(t.core.tokens.delete(admin, BOOTSTRAP_TOKEN_ID));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/last active admin token/);
    expect(await t.core.tokens.authenticate('bootstrap-secret-0123456789')).toMatchObject({ id: BOOTSTRAP_TOKEN_ID });
    expect((await t.core.audit.list(viewer, { action: 'token.delete' })).items).toEqual([]);
  });

  it('can be revoked once another admin token exists, even one that expires later; then that one is the last', async () => {
    let now = new Date('2026-03-01T00:00:00.000Z');
    t = await startCore({ bootstrapToken: 'bootstrap-secret-0123456789', clock: { now: () => now }, start: false });
    // Creating an expiring admin while the bootstrap one is the only other admin is fine.
    const later = await t.core.tokens.create(admin, { name: 'until april', roles: ['admin'], expiresAt: '2026-04-01T00:00:00Z' });
    await t.core.tokens.delete(admin, BOOTSTRAP_TOKEN_ID);
    expect((await rejectionOf(t.core.tokens.delete(admin, later.id))).kind).toBe('conflict');
    // Other roles never count.
    const viewerToken = await t.core.tokens.create(admin, { name: 'eyes', roles: ['viewer'] });
    expect((await rejectionOf(t.core.tokens.delete(admin, later.id))).kind).toBe('conflict');
    await t.core.tokens.delete(admin, viewerToken.id);
    // Past its expiry it is no longer active, so it no longer holds anyone up.
    now = new Date('2026-04-02T00:00:00.000Z');
    await t.core.tokens.delete(admin, later.id);
  });

  it('an expired admin token does not count: the one active admin beside it stays', async () => {
    let now = new Date('2026-03-01T00:00:00.000Z');
    t = await startCore({ bootstrapToken: 'bootstrap-secret-0123456789', clock: { now: () => now }, start: false });
    await t.core.tokens.create(admin, { name: 'an hour', roles: ['admin'], expiresAt: '2026-03-01T01:00:00Z' });
    now = new Date('2026-03-01T02:00:00.000Z');
    const e = await rejectionOf(t.core.tokens.delete(admin, BOOTSTRAP_TOKEN_ID));
    expect(e.kind).toBe('conflict');
  });

  it('is kept by the recovery path too, which can make a new admin token on the store directly', async () => {
    t = await startCore({ bootstrapToken: 'bootstrap-secret-0123456789', start: false });
    const recovery = createTokenAdmin({ store: t.store, masterKey: Buffer.from(t.masterKey, 'base64'), operator: { id: 'admin-cli', name: 'caravan-server admin (test)' } });
    expect((await rejectionOf(recovery.revoke(BOOTSTRAP_TOKEN_ID))).kind).toBe('conflict');
    const made = await recovery.create({ name: 'recovery', roles: ['admin'] });
    expect(await t.core.tokens.authenticate(made.secret)).toMatchObject({ id: made.id, roles: ['admin'] });
    await recovery.revoke(BOOTSTRAP_TOKEN_ID);
    expect((await recovery.list()).items.map((x) => x.id)).toEqual([made.id]);
    const audit = await t.core.audit.list(viewer, { actor: 'admin-cli' });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['token.create', 'token.delete']);
  });
});
