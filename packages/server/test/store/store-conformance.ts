/**
 * The store conformance suite: the behaviour every adapter of the store port
 * must show, run against SQLite files (`sqlite.test.ts`) and a real
 * PostgreSQL (`postgres.test.ts`). Each test gets a fresh, empty database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError, type OperationRow, type Store } from '../../src/core/store/port.js';
import { alice, at, auditEntry, bob, clusterRow, environmentRow, installRow, operationRow, recordRow, templateRow, tokenRow, versionRow } from './store-fixtures.js';

/** One empty database for one test. */
export interface StoreTestDatabase {
  /** Opens a new, migrated connection (a whole Store) on this database. */
  open(): Promise<Store>;
  /** Drops the database; every store opened on it is closed by then. */
  dispose(): Promise<void>;
}

export type StoreTestDatabaseFactory = () => Promise<StoreTestDatabase>;

export function describeStoreConformance(name: string, createDatabase: StoreTestDatabaseFactory): void {
  describe(`the ${name} store`, () => {
    let database: StoreTestDatabase;
    let opened: Store[];
    let store: Store;

    /** Another connection on the same database, closed after the test. */
    async function connect(): Promise<Store> {
      const s = await database.open();
      opened.push(s);
      return s;
    }

    beforeEach(async () => {
      opened = [];
      database = await createDatabase();
      store = await connect();
    });

    afterEach(async () => {
      for (const s of opened) await s.close();
      await database.dispose();
    });

    describe('connection', () => {
      it('answers a ping while open, and not after close', async () => {
        expect(await store.ping()).toBe(true);
        await store.close();
        expect(await store.ping()).toBe(false);
        await store.close();
      });

      it('applies migrations again at every start without harm', async () => {
        await store.templates.insert(templateRow('shop'));
        await store.migrate();
        await store.migrate();
        expect((await store.templates.get('shop'))?.name).toBe('shop');
      });

      it('keeps data across close and reopen', async () => {
        await store.templates.insert(templateRow('shop'));
        await store.versions.insert(versionRow('shop', '1.0'));
        const e = await store.events.append({ operationId: null, type: 'hello', at: at(1), data: { n: 1 } });
        await store.close();
        const reopened = await connect();
        expect(await reopened.templates.get('shop')).toEqual(templateRow('shop'));
        expect(await reopened.versions.get('shop', '1.0')).toEqual(versionRow('shop', '1.0'));
        expect(await reopened.events.listAfter(0, { limit: 10 })).toEqual([e]);
      });

      it('lets two connections on one database see each other’s writes', async () => {
        const other = await connect();
        await store.templates.insert(templateRow('shop'));
        expect((await other.templates.get('shop'))?.name).toBe('shop');
        await other.templates.update('shop', 1, { description: 'changed elsewhere' });
        expect((await store.templates.get('shop'))?.description).toBe('changed elsewhere');
        await expect(other.templates.insert(templateRow('shop'))).rejects.toBeInstanceOf(StoreConflictError);
      });
    });

    describe('templates', () => {
      it('stores a template and reads it back exactly', async () => {
        const row = templateRow('shop', { labels: { team: 'platform', tier: 'gold' }, createdBy: bob });
        await store.templates.insert(row);
        expect(await store.templates.get('shop')).toEqual(row);
        expect(await store.templates.get('nope')).toBeUndefined();
      });

      it('refuses a second template with the same name', async () => {
        await store.templates.insert(templateRow('shop'));
        const error = await store.templates.insert(templateRow('shop')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreConflictError);
      });

      it('lists templates by name, a page at a time', async () => {
        for (const n of ['delta', 'alpha', 'echo', 'charlie', 'bravo']) await store.templates.insert(templateRow(n));
        const first = await store.templates.list({ limit: 2 });
        expect(first.map((t) => t.name)).toEqual(['alpha', 'bravo']);
        const second = await store.templates.list({ after: 'bravo', limit: 2 });
        expect(second.map((t) => t.name)).toEqual(['charlie', 'delta']);
        const last = await store.templates.list({ after: 'delta', limit: 2 });
        expect(last.map((t) => t.name)).toEqual(['echo']);
        expect(await store.templates.list({ after: 'echo', limit: 2 })).toEqual([]);
      });

      it('updates a template only at the expected revision, bumping it by one', async () => {
        await store.templates.insert(templateRow('shop'));
        const updated = await store.templates.update('shop', 1, { description: 'new', updatedAt: at(5) });
        expect(updated).toEqual({ ...templateRow('shop'), description: 'new', updatedAt: at(5), revision: 2 });
        expect(await store.templates.update('shop', 1, { description: 'stale' })).toBeUndefined();
        expect((await store.templates.get('shop'))?.description).toBe('new');
        expect(await store.templates.update('ghost', 1, { description: 'x' })).toBeUndefined();
      });

      it('never lets a patch rename a template or set its revision', async () => {
        await store.templates.insert(templateRow('shop'));
        const sneaky = { description: 'd', name: 'other', revision: 99 } as Parameters<Store['templates']['update']>[2];
        const updated = await store.templates.update('shop', 1, sneaky);
        expect(updated?.name).toBe('shop');
        expect(updated?.revision).toBe(2);
      });

      it('deletes a template with its versions, honouring the expected revision', async () => {
        await store.templates.insert(templateRow('shop'));
        await store.versions.insert(versionRow('shop', '1.0'));
        expect(await store.templates.delete('shop', 7)).toBe(false);
        expect(await store.templates.get('shop')).toBeDefined();
        expect(await store.templates.delete('shop', 1, auditEntry({ action: 'template.delete' }))).toBe(true);
        expect(await store.templates.get('shop')).toBeUndefined();
        expect(await store.versions.get('shop', '1.0')).toBeUndefined();
        expect(await store.templates.delete('shop', undefined)).toBe(false);
        const trail = await store.audit.list({ action: 'template.delete', limit: 10 });
        expect(trail).toHaveLength(1);
      });

      it('deletes a template only while its versions are drafts, when asked to, and otherwise names the others', async () => {
        await store.templates.insert(templateRow('shop'));
        await store.versions.insert(versionRow('shop', '1.0'));
        await store.versions.insert(versionRow('shop', '1.1', { state: 'publishing' }));
        await store.versions.insert(versionRow('shop', '2.0', { state: 'released' }));
        const refused = await store.templates.delete('shop', 1, auditEntry({ action: 'template.delete' }), { onlyIfDraftsOnly: true });
        expect(refused).toEqual({
          nonDraftVersions: [
            { version: '1.1', state: 'publishing' },
            { version: '2.0', state: 'released' },
          ],
        });
        // Nothing changed: the template, every version, and no audit entry.
        expect(await store.templates.get('shop')).toBeDefined();
        expect((await store.versions.list('shop', { limit: 10 })).map((v) => v.version)).toEqual(['1.0', '1.1', '2.0']);
        expect(await store.audit.list({ action: 'template.delete', limit: 10 })).toEqual([]);

        await store.templates.insert(templateRow('drafts'));
        await store.versions.insert(versionRow('drafts', '1.0'));
        expect(await store.templates.delete('drafts', 1, undefined, { onlyIfDraftsOnly: true })).toBe(true);
        expect(await store.templates.get('drafts')).toBeUndefined();
        expect(await store.templates.delete('drafts', undefined, undefined, { onlyIfDraftsOnly: true })).toBe(false);
      });

      it('writes the audit entry with the change, and not when the change is refused', async () => {
        await store.templates.insert(templateRow('shop'), auditEntry({ action: 'template.create' }));
        await store.templates.update('shop', 1, { description: 'x' }, auditEntry({ action: 'template.update' }));
        await store.templates.update('shop', 1, { description: 'y' }, auditEntry({ action: 'template.update' }));
        await store.templates.insert(templateRow('shop'), auditEntry({ action: 'template.create' })).catch(() => undefined);
        const trail = await store.audit.list({ limit: 10 });
        expect(trail.map((a) => a.action)).toEqual(['template.create', 'template.update']);
      });
    });

    describe('versions', () => {
      beforeEach(async () => {
        await store.templates.insert(templateRow('shop'));
      });

      it('stores a version with its app model and reads it back exactly', async () => {
        const row = versionRow('shop', '1.0', {
          failure: { reason: 'no registry', images: [{ component: 'web', image: 'nginx', reason: 'unreachable' }] },
          images: [{ component: 'web', source: 'nginx:1.27', reference: 'reg/web@sha256:abc', digest: 'sha256:abc' }],
        });
        await store.versions.insert(row);
        expect(await store.versions.get('shop', '1.0')).toEqual(row);
        expect(await store.versions.get('shop', '2.0')).toBeUndefined();
      });

      it('lists versions in version order with a state filter and paging', async () => {
        for (const v of ['1.10', '1.2', '2.0', '1.9']) await store.versions.insert(versionRow('shop', v, { state: v === '1.9' ? 'released' : 'draft' }));
        await store.templates.insert(templateRow('other'));
        await store.versions.insert(versionRow('other', '0.1'));
        const all = await store.versions.list('shop', { limit: 10 });
        expect(all.map((v) => v.version)).toEqual(['1.2', '1.9', '1.10', '2.0']);
        const page = await store.versions.list('shop', { after: all[1]!.sortKey, limit: 2 });
        expect(page.map((v) => v.version)).toEqual(['1.10', '2.0']);
        const released = await store.versions.list('shop', { state: 'released', limit: 10 });
        expect(released.map((v) => v.version)).toEqual(['1.9']);
      });

      it('refuses a version of a missing template without using up its number', async () => {
        const error = await store.versions.insert(versionRow('ghost', '1.0')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(StoreConflictError);
        await store.templates.insert(templateRow('ghost'));
        await store.versions.insert(versionRow('ghost', '1.0'));
        expect((await store.versions.get('ghost', '1.0'))?.version).toBe('1.0');
      });

      it('refuses a duplicate version number', async () => {
        await store.versions.insert(versionRow('shop', '1.0'));
        await expect(store.versions.insert(versionRow('shop', '1.0'))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('never reuses a version number, even after its template was deleted and re-created', async () => {
        await store.versions.insert(versionRow('shop', '1.0'));
        expect(await store.templates.delete('shop', undefined)).toBe(true);
        await store.templates.insert(templateRow('shop'));
        await expect(store.versions.insert(versionRow('shop', '1.0'))).rejects.toBeInstanceOf(StoreConflictError);
        await store.versions.insert(versionRow('shop', '1.1'));
        expect((await store.versions.list('shop', { limit: 10 })).map((v) => v.version)).toEqual(['1.1']);
      });

      it('refuses the other spelling of a version number, even after its template was deleted, naming the one taken', async () => {
        await store.versions.insert(versionRow('shop', '1.0'));
        await store.versions.insert(versionRow('shop', '2.0.0-rc.1'));
        const spelled = await store.versions.insert(versionRow('shop', '1.0.0')).catch((e: unknown) => e);
        expect(spelled).toBeInstanceOf(StoreConflictError);
        expect((spelled as StoreConflictError).existing).toBe('1.0');
        expect(await store.templates.delete('shop', undefined)).toBe(true);
        await store.templates.insert(templateRow('shop'));
        expect(((await store.versions.insert(versionRow('shop', '1.0.0')).catch((e: unknown) => e)) as StoreConflictError).existing).toBe('1.0');
        expect(((await store.versions.insert(versionRow('shop', '2.0-rc.1')).catch((e: unknown) => e)) as StoreConflictError).existing).toBe('2.0.0-rc.1');
        // Versions of other precedence, and the same number in another template, are free.
        await store.versions.insert(versionRow('shop', '1.0.1'));
        await store.versions.insert(versionRow('shop', '2.0.0-rc.2'));
        await store.templates.insert(templateRow('other'));
        await store.versions.insert(versionRow('other', '1.0.0'));
      });

      it('updates a version only at the expected revision and audits the transition', async () => {
        await store.versions.insert(versionRow('shop', '1.0'));
        const transitions = [...versionRow('shop', '1.0').transitions, { action: 'publish', from: 'draft', to: 'publishing', actor: bob, at: at(3), reason: 'ready' }];
        const updated = await store.versions.update('shop', '1.0', 1, { state: 'publishing', transitions, updatedAt: at(3) }, auditEntry({ action: 'version.publish', subjectKind: 'version', subjectName: 'shop@1.0', version: '1.0', from: 'draft', to: 'publishing' }));
        expect(updated).toEqual({ ...versionRow('shop', '1.0'), state: 'publishing', transitions, updatedAt: at(3), revision: 2 });
        expect(await store.versions.update('shop', '1.0', 1, { state: 'failed' })).toBeUndefined();
        expect((await store.versions.get('shop', '1.0'))?.state).toBe('publishing');
        const trail = await store.audit.list({ subject: { template: 'shop', version: '1.0' }, limit: 10 });
        expect(trail.map((a) => [a.from, a.to])).toEqual([['draft', 'publishing']]);
      });
    });

    describe('operations', () => {
      const id = (n: number) => `01J${String(n).padStart(6, '0')}`;

      it('stores an operation and its first event together', async () => {
        const row = operationRow(id(1));
        await store.operations.insert(row, { operationId: row.id, type: 'created', at: at(0), data: { state: 'pending' } });
        expect(await store.operations.get(row.id)).toEqual(row);
        const events = await store.events.listAfter(0, { operationId: row.id, limit: 10 });
        expect(events.map((e) => e.type)).toEqual(['created']);
        await expect(store.operations.insert(row)).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('lists operations newest first, a page at a time, filtered by state and kind', async () => {
        for (let n = 1; n <= 5; n++) await store.operations.insert(operationRow(id(n), { kind: n % 2 ? 'publish' : 'deploy', state: n === 5 ? 'succeeded' : 'pending' }));
        const first = await store.operations.list({ limit: 2 });
        expect(first.map((o) => o.id)).toEqual([id(5), id(4)]);
        const next = await store.operations.list({ after: id(4), limit: 10 });
        expect(next.map((o) => o.id)).toEqual([id(3), id(2), id(1)]);
        expect((await store.operations.list({ kind: 'deploy', limit: 10 })).map((o) => o.id)).toEqual([id(4), id(2)]);
        expect((await store.operations.list({ state: 'succeeded', limit: 10 })).map((o) => o.id)).toEqual([id(5)]);
      });

      it('claims the oldest pending operation, with a lease and one more attempt', async () => {
        await store.operations.insert(operationRow(id(2)));
        await store.operations.insert(operationRow(id(1)));
        const claimed = await store.operations.claim('worker-a', at(1), at(2), ['publish']);
        expect(claimed).toMatchObject({ id: id(1), state: 'running', leaseOwner: 'worker-a', leaseExpiresAt: at(2), attempts: 1, startedAt: at(1) });
        expect(await store.operations.get(id(1))).toEqual(claimed);
      });

      it('gives nothing to a second claim while the lease holds', async () => {
        await store.operations.insert(operationRow(id(1)));
        expect((await store.operations.claim('worker-a', at(1), at(5), ['publish']))?.id).toBe(id(1));
        expect(await store.operations.claim('worker-b', at(2), at(6), ['publish'])).toBeUndefined();
      });

      it('hands an operation whose worker died to another worker once its lease expired', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2), ['publish']);
        expect(await store.operations.claim('worker-b', at(1.5), at(3), ['publish'])).toBeUndefined();
        const recovered = await store.operations.claim('worker-b', at(2.5), at(4), ['publish']);
        expect(recovered).toMatchObject({ id: id(1), state: 'running', leaseOwner: 'worker-b', attempts: 2, startedAt: at(1) });
      });

      it('leaves finished and cancelled operations alone', async () => {
        await store.operations.insert(operationRow(id(1), { state: 'succeeded' }));
        await store.operations.insert(operationRow(id(2), { state: 'failed' }));
        await store.operations.insert(operationRow(id(3), { state: 'cancelled' }));
        expect(await store.operations.claim('worker-a', at(1), at(2), ['publish'])).toBeUndefined();
      });

      it('renews a lease only for its holder', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2), ['publish']);
        expect(await store.operations.renewLease(id(1), 'worker-a', at(10))).toBe(true);
        expect(await store.operations.renewLease(id(1), 'worker-b', at(20))).toBe(false);
        expect((await store.operations.get(id(1)))?.leaseExpiresAt).toBe(at(10));
        expect(await store.operations.claim('worker-b', at(5), at(15), ['publish'])).toBeUndefined();
      });

      it('lets another worker resume an operation whose lease was released', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(10), ['publish']);
        expect(await store.operations.releaseLease(id(1), 'worker-b')).toBe(false);
        expect(await store.operations.releaseLease(id(1), 'worker-a')).toBe(true);
        const released = await store.operations.get(id(1));
        expect(released).toMatchObject({ state: 'running', leaseOwner: null });
        const resumed = await store.operations.claim('worker-b', at(2), at(12), ['publish']);
        expect(resumed).toMatchObject({ id: id(1), leaseOwner: 'worker-b', attempts: 2 });
      });

      it('refuses an update from a worker that lost its lease, and appends no event for it', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2), ['publish']);
        await store.operations.claim('worker-b', at(3), at(4), ['publish']);
        const event = { operationId: id(1), type: 'progress', at: at(3), data: { step: 'copy images' } };
        const lost = await store.operations.update(id(1), { state: 'succeeded' }, { owner: 'worker-a', event });
        expect(lost).toBeUndefined();
        expect((await store.operations.get(id(1)))?.state).toBe('running');
        expect(await store.events.listAfter(0, { operationId: id(1), limit: 10 })).toEqual([]);
        const done = await store.operations.update(id(1), { state: 'succeeded', finishedAt: at(5), result: { ok: true } }, { owner: 'worker-b', event });
        expect(done).toMatchObject({ state: 'succeeded', finishedAt: at(5), result: { ok: true } });
        expect(await store.events.listAfter(0, { operationId: id(1), limit: 10 })).toHaveLength(1);
      });

      it('updates without an owner (a cancel request) and with an event only', async () => {
        await store.operations.insert(operationRow(id(1)));
        const cancelled = await store.operations.update(id(1), { cancelRequested: true, updatedAt: at(1) }, { audit: auditEntry({ action: 'operation.cancel', subjectKind: 'operation', subjectName: id(1) }) });
        expect(cancelled).toMatchObject({ cancelRequested: true, updatedAt: at(1) });
        const same = await store.operations.update(id(1), {}, { event: { operationId: id(1), type: 'note', at: at(2), data: null } });
        expect(same).toEqual(cancelled);
        expect(await store.operations.update('missing', { cancelRequested: true })).toBeUndefined();
        expect((await store.events.listAfter(0, { limit: 10 })).map((e) => e.type)).toEqual(['note']);
        expect((await store.audit.list({ action: 'operation.cancel', limit: 10 })).map((a) => a.subjectName)).toEqual([id(1)]);
      });

      it('finds the active operations on one subject', async () => {
        await store.operations.insert(operationRow(id(1), { subject: { template: 'shop', version: '1.0' } }));
        await store.operations.insert(operationRow(id(2), { subject: { template: 'shop', version: '1.1' } }));
        await store.operations.insert(operationRow(id(3), { subject: { template: 'shop', version: '1.0' }, state: 'failed' }));
        await store.operations.claim('worker-a', at(1), at(2), ['publish']);
        const active = await store.operations.findActive('publish', { template: 'shop', version: '1.0' });
        expect(active.map((o) => o.id)).toEqual([id(1)]);
        expect(await store.operations.findActive('deploy', { template: 'shop', version: '1.0' })).toEqual([]);
      });

      it('never lets two connections claim the same operation', async () => {
        const other = await connect();
        for (let n = 1; n <= 20; n++) await store.operations.insert(operationRow(id(n)));
        const claimAll = async (s: Store, owner: string) => {
          const got: OperationRow[] = [];
          for (;;) {
            const op = await s.operations.claim(owner, at(1), at(30), ['publish']);
            if (op === undefined) return got;
            got.push(op);
          }
        };
        // Three claimers per connection, all at once.
        const results = await Promise.all(
          ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((w) => claimAll(w.startsWith('a') ? store : other, `worker-${w}`)),
        );
        const claimed = results.flat();
        expect(claimed.map((o) => o.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => id(i + 1)));
        for (const op of claimed) expect(op.attempts).toBe(1);
        for (const op of claimed) expect((await store.operations.get(op.id))?.leaseOwner).toBe(op.leaseOwner);
      });

      it('counts pending and running operations per kind, leaving final ones and empty kinds out', async () => {
        expect(await store.operations.countActive()).toEqual([]);
        await store.operations.insert(operationRow(id(1), { kind: 'publish' }));
        await store.operations.insert(operationRow(id(2), { kind: 'publish' }));
        await store.operations.insert(operationRow(id(3), { kind: 'install' }));
        await store.operations.insert(operationRow(id(4), { kind: 'upgrade', state: 'succeeded' }));
        await store.operations.insert(operationRow(id(5), { kind: 'publish', state: 'failed' }));
        await store.operations.claim('worker-a', at(1), at(2), ['install']);
        expect(await store.operations.countActive()).toEqual([
          { kind: 'install', state: 'running', count: 1 },
          { kind: 'publish', state: 'pending', count: 2 },
        ]);
      });

      it('stores the lock key and deadline and reads them back', async () => {
        const row = operationRow(id(1), { kind: 'install', lockKey: 'install:staging/shop', deadlineAt: at(30) });
        await store.operations.insert(row);
        expect(await store.operations.get(id(1))).toEqual(row);
      });

      it('refuses a second active operation with a held lock key, naming the holder, and frees the key once the first is final', async () => {
        const lockKey = 'install:staging/shop';
        await store.operations.insert(operationRow(id(1), { kind: 'install', lockKey }));
        const refused = await store.operations
          .insert(operationRow(id(2), { kind: 'upgrade', lockKey }), { operationId: id(2), type: 'state', at: at(1), data: null }, auditEntry({ action: 'install.upgrade' }))
          .catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(StoreConflictError);
        expect((refused as StoreConflictError).existing).toBe(id(1));
        // Nothing of the refused insert was written.
        expect(await store.operations.get(id(2))).toBeUndefined();
        expect(await store.events.listAfter(0, { limit: 10 })).toEqual([]);
        expect(await store.audit.list({ limit: 10 })).toEqual([]);
        expect((await store.operations.findByLock(lockKey))?.id).toBe(id(1));
        // Other keys, and no key at all, are never in the way.
        await store.operations.insert(operationRow(id(3), { lockKey: 'install:staging/other' }));
        await store.operations.insert(operationRow(id(4)));
        await store.operations.insert(operationRow(id(5)));
        expect(await store.operations.findByLock('install:production/shop')).toBeUndefined();

        // Still held while running; free once succeeded.
        await store.operations.claim('worker-a', at(1), at(2), ['install']);
        expect((await store.operations.findByLock(lockKey))?.state).toBe('running');
        await store.operations.update(id(1), { state: 'succeeded', finishedAt: at(2) }, { owner: 'worker-a' });
        expect(await store.operations.findByLock(lockKey)).toBeUndefined();
        await store.operations.insert(operationRow(id(6), { kind: 'upgrade', lockKey }));
        expect((await store.operations.findByLock(lockKey))?.id).toBe(id(6));
        // A final operation keeps its key in its row without holding it.
        expect((await store.operations.get(id(1)))?.lockKey).toBe(lockKey);
      });

      it('refuses to make a finished operation active again while another holds its lock key', async () => {
        const lockKey = 'install:staging/shop';
        await store.operations.insert(operationRow(id(1), { lockKey, state: 'failed' }));
        await store.operations.insert(operationRow(id(2), { lockKey }));
        const refused = await store.operations.update(id(1), { state: 'pending' }).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(StoreConflictError);
        expect((refused as StoreConflictError).existing).toBe(id(2));
        expect((await store.operations.get(id(1)))?.state).toBe('failed');
      });

      it('claims only operations of the kinds it is given, and nothing for no kinds', async () => {
        await store.operations.insert(operationRow(id(1), { kind: 'publish' }));
        await store.operations.insert(operationRow(id(2), { kind: 'install' }));
        expect(await store.operations.claim('worker-a', at(1), at(2), [])).toBeUndefined();
        expect(await store.operations.claim('worker-a', at(1), at(2), ['rollback'])).toBeUndefined();
        expect((await store.operations.claim('worker-a', at(1), at(2), ['install', 'rollback']))?.id).toBe(id(2));
        expect(await store.operations.claim('worker-a', at(1), at(2), ['install'])).toBeUndefined();
        // An expired lease of another kind stays for a worker that has its handler.
        expect(await store.operations.claim('worker-b', at(3), at(4), ['publish'])).toMatchObject({ id: id(1), leaseOwner: 'worker-b' });
        expect(await store.operations.claim('worker-b', at(3), at(4), ['publish'])).toBeUndefined();
        expect(await store.operations.claim('worker-b', at(3), at(4), ['install'])).toMatchObject({ id: id(2), leaseOwner: 'worker-b', attempts: 2 });
      });

      it('cancels only while pending or running: an update guarded on the state leaves a finished operation, its events and the trail alone', async () => {
        await store.operations.insert(operationRow(id(1), { state: 'succeeded', finishedAt: at(1), result: { ok: true } }));
        const cancel = {
          event: { operationId: id(1), type: 'log', at: at(2), data: { message: 'cancel requested' } },
          audit: auditEntry({ action: 'operation.cancel', subjectKind: 'operation', subjectName: id(1) }),
          onlyIfState: ['pending', 'running'] as const,
        };
        expect(await store.operations.update(id(1), { cancelRequested: true, updatedAt: at(2) }, cancel)).toBeUndefined();
        expect(await store.operations.get(id(1))).toEqual(operationRow(id(1), { state: 'succeeded', finishedAt: at(1), result: { ok: true } }));
        expect(await store.events.listAfter(0, { limit: 10 })).toEqual([]);
        expect(await store.audit.list({ limit: 10 })).toEqual([]);

        await store.operations.insert(operationRow(id(2)));
        expect(await store.operations.update(id(2), { state: 'cancelled' }, { onlyIfState: ['running'] })).toBeUndefined();
        expect(await store.operations.update(id(2), { state: 'cancelled' }, { onlyIfState: [] })).toBeUndefined();
        const cancelled = await store.operations.update(id(2), { state: 'cancelled', cancelRequested: true }, { ...cancel, onlyIfState: ['pending'] });
        expect(cancelled).toMatchObject({ state: 'cancelled', cancelRequested: true });
        expect(await store.events.listAfter(0, { limit: 10 })).toHaveLength(1);
        // An empty patch checks the state too.
        expect(await store.operations.update(id(2), {}, { onlyIfState: ['pending', 'running'] })).toBeUndefined();
      });
    });

    describe('clusters', () => {
      it('stores a cluster and reads it back exactly, once per name', async () => {
        const row = clusterRow('east', { labels: { region: 'qingdao', gpu: 'yes' }, health: { reachable: true, version: 'v1.31.0' } });
        await store.clusters.insert(row, auditEntry({ action: 'cluster.create', subjectKind: 'cluster', subjectName: 'east', template: undefined }));
        expect(await store.clusters.get('east')).toEqual(row);
        expect(await store.clusters.get('west')).toBeUndefined();
        await expect(store.clusters.insert(clusterRow('east'))).rejects.toBeInstanceOf(StoreConflictError);
        expect((await store.audit.list({ subject: { kinds: ['cluster'] }, limit: 10 })).map((a) => a.action)).toEqual(['cluster.create']);
      });

      it('lists clusters by name, a page at a time', async () => {
        for (const n of ['delta', 'alpha', 'charlie', 'bravo']) await store.clusters.insert(clusterRow(n));
        expect((await store.clusters.list({ limit: 3 })).map((c) => c.name)).toEqual(['alpha', 'bravo', 'charlie']);
        expect((await store.clusters.list({ after: 'bravo', limit: 3 })).map((c) => c.name)).toEqual(['charlie', 'delta']);
        expect(await store.clusters.list({ after: 'delta', limit: 3 })).toEqual([]);
      });

      it('updates a cluster only at the expected revision, and records health without moving the revision', async () => {
        await store.clusters.insert(clusterRow('east'));
        await store.clusters.setHealth('east', { reachable: false, message: 'connection refused' });
        expect(await store.clusters.get('east')).toEqual(clusterRow('east', { health: { reachable: false, message: 'connection refused' } }));
        const updated = await store.clusters.update('east', 1, { credentialsEnc: 'sealed:rotated', updatedAt: at(3) }, auditEntry({ action: 'cluster.update' }));
        expect(updated).toEqual(clusterRow('east', { credentialsEnc: 'sealed:rotated', updatedAt: at(3), revision: 2, health: { reachable: false, message: 'connection refused' } }));
        expect(await store.clusters.update('east', 1, { context: 'stale' })).toBeUndefined();
        await store.clusters.setHealth('east', null);
        expect(await store.clusters.get('east')).toMatchObject({ revision: 2, health: null, context: 'east-admin' });
        await store.clusters.setHealth('missing', { reachable: true });
        expect(await store.clusters.get('missing')).toBeUndefined();
        expect(await store.audit.list({ action: 'cluster.update', limit: 10 })).toHaveLength(1);
      });

      it('deletes a cluster, honouring the expected revision', async () => {
        await store.clusters.insert(clusterRow('east'));
        expect(await store.clusters.delete('east', 2, auditEntry({ action: 'cluster.delete' }))).toBe(false);
        expect(await store.clusters.delete('east', 1, auditEntry({ action: 'cluster.delete' }))).toBe(true);
        expect(await store.clusters.get('east')).toBeUndefined();
        expect(await store.clusters.delete('east', undefined)).toBe(false);
        expect(await store.audit.list({ action: 'cluster.delete', limit: 10 })).toHaveLength(1);
      });
    });

    describe('environments', () => {
      it('stores an environment and reads it back exactly, once per name', async () => {
        const row = environmentRow('production', {
          tier: 'production',
          policy: { allowedStates: ['released'], requiredApprovals: 2 },
          createNamespace: false,
          defaults: { web: { replicas: 3 } },
          secretDefaultsEnc: 'sealed:{"apiKey":"k"}',
        });
        await store.environments.insert(row);
        expect(await store.environments.get('production')).toEqual(row);
        expect(await store.environments.get('nope')).toBeUndefined();
        await expect(store.environments.insert(environmentRow('production'))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('lists environments by name, a page at a time, limited to some names or one cluster', async () => {
        for (const [n, cluster] of [['qa', 'east'], ['dev', 'west'], ['staging', 'east'], ['prod', 'west'], ['demo', 'east']] as const) {
          await store.environments.insert(environmentRow(n, { cluster }));
        }
        const names = async (page: Parameters<Store['environments']['list']>[0]) => (await store.environments.list(page)).map((e) => e.name);
        expect(await names({ limit: 2 })).toEqual(['demo', 'dev']);
        expect(await names({ after: 'dev', limit: 2 })).toEqual(['prod', 'qa']);
        expect(await names({ after: 'qa', limit: 2 })).toEqual(['staging']);
        expect(await names({ names: ['staging', 'dev', 'unknown'], limit: 10 })).toEqual(['dev', 'staging']);
        expect(await names({ names: ['staging', 'dev', 'qa'], after: 'dev', limit: 1 })).toEqual(['qa']);
        expect(await names({ names: [], limit: 10 })).toEqual([]);
        expect(await names({ cluster: 'east', limit: 10 })).toEqual(['demo', 'qa', 'staging']);
        expect(await names({ cluster: 'east', after: 'demo', limit: 1 })).toEqual(['qa']);
        expect(await names({ cluster: 'west', names: ['qa', 'prod'], limit: 10 })).toEqual(['prod']);
      });

      it('updates an environment only at the expected revision, and deletes it honouring the revision', async () => {
        await store.environments.insert(environmentRow('staging'));
        const updated = await store.environments.update('staging', 1, { policy: { allowedStates: ['released'] }, createNamespace: false, updatedAt: at(4) });
        expect(updated).toEqual(environmentRow('staging', { policy: { allowedStates: ['released'] }, createNamespace: false, updatedAt: at(4), revision: 2 }));
        expect(await store.environments.update('staging', 1, { tier: 'stale' })).toBeUndefined();
        expect(await store.environments.delete('staging', 1)).toBe('changed');
        expect(await store.environments.delete('staging', 2, auditEntry({ action: 'environment.delete' }))).toBe('deleted');
        expect(await store.environments.get('staging')).toBeUndefined();
        expect(await store.environments.delete('staging', undefined)).toBe('changed');
        expect(await store.audit.list({ action: 'environment.delete', limit: 10 })).toHaveLength(1);
      });

      it('deletes an environment with its uninstalled installs and their records, and nothing while an install remains', async () => {
        await store.environments.insert(environmentRow('staging'));
        await store.environments.insert(environmentRow('qa'));
        const changes = [
          { kind: 'install.insert' as const, row: installRow('staging', 'old', { state: 'uninstalled' }) },
          { kind: 'install.insert' as const, row: installRow('staging', 'live', { state: 'deployed' }) },
          { kind: 'install.insert' as const, row: installRow('qa', 'old', { state: 'uninstalled' }) },
          ...[1, 2].map((n) => ({ kind: 'record.insert' as const, row: recordRow('staging', 'old', n) })),
          { kind: 'record.insert' as const, row: recordRow('staging', 'live', 1) },
          { kind: 'record.insert' as const, row: recordRow('qa', 'old', 1) },
        ];
        expect(await store.commit({ changes })).toEqual({ ok: true });

        // An install that is not uninstalled keeps everything, the environment included, and says how many remain.
        expect(await store.environments.delete('staging', 1, auditEntry({ action: 'environment.delete' }))).toEqual({ inUse: 1 });
        expect(await store.environments.get('staging')).toBeDefined();
        expect(await store.installs.get('staging', 'old')).toBeDefined();
        expect(await store.records.get('staging', 'old', 2)).toBeDefined();
        expect(await store.audit.list({ action: 'environment.delete', limit: 10 })).toHaveLength(0);

        expect(
          await store.commit({ changes: [{ kind: 'install.update', environment: 'staging', name: 'live', expectedRevision: 1, patch: { state: 'uninstalled' } }] }),
        ).toEqual({ ok: true });
        expect(await store.environments.delete('staging', 1)).toBe('deleted');
        // A new environment of the same name starts empty: nothing of the old one comes back.
        await store.environments.insert(environmentRow('staging'));
        expect(await store.installs.list('staging', { limit: 10 })).toEqual([]);
        expect(await store.records.get('staging', 'old', 1)).toBeUndefined();
        expect(await store.records.get('staging', 'live', 1)).toBeUndefined();
        // Another environment's rows are untouched.
        expect(await store.installs.get('qa', 'old')).toBeDefined();
        expect(await store.records.get('qa', 'old', 1)).toBeDefined();
      });
    });

    describe('installs and their records', () => {
      it('creates an install with its operation, first record, event and audit entry in one commit, and reads them back exactly', async () => {
        const op = operationRow('01JOP', { kind: 'install', lockKey: 'install:staging/shop' });
        const install = installRow('staging', 'shop');
        const record = recordRow('staging', 'shop', 1, { operationId: '01JOP' });
        const result = await store.commit({
          changes: [
            { kind: 'operation.insert', row: op },
            { kind: 'event', event: { operationId: '01JOP', type: 'state', at: at(0), data: { state: 'pending' } } },
            { kind: 'install.insert', row: install },
            { kind: 'record.insert', row: record },
            { kind: 'audit', entry: auditEntry({ action: 'install.create', subjectKind: 'install', subjectName: 'staging/shop' }) },
          ],
        });
        expect(result).toEqual({ ok: true });
        expect(await store.operations.get('01JOP')).toEqual(op);
        expect(await store.installs.get('staging', 'shop')).toEqual(install);
        expect(await store.installs.get('production', 'shop')).toBeUndefined();
        expect(await store.records.get('staging', 'shop', 1)).toEqual(record);
        expect(await store.records.get('staging', 'shop', 2)).toBeUndefined();
        expect((await store.events.listAfter(0, { limit: 10 })).map((e) => e.type)).toEqual(['state']);
        expect((await store.audit.list({ limit: 10 })).map((a) => a.action)).toEqual(['install.create']);
      });

      it('lists installs by name within an environment, a page at a time, and counts those not uninstalled', async () => {
        const changes = [
          ...['web', 'api', 'db', 'cache'].map((n) => ({ kind: 'install.insert' as const, row: installRow('staging', n, { state: n === 'cache' ? 'uninstalled' : 'deployed' }) })),
          { kind: 'install.insert' as const, row: installRow('production', 'web', { state: 'failed' }) },
          { kind: 'install.insert' as const, row: installRow('qa', 'web', { state: 'uninstalled' }) },
        ];
        expect(await store.commit({ changes })).toEqual({ ok: true });
        expect((await store.installs.list('staging', { limit: 3 })).map((i) => i.name)).toEqual(['api', 'cache', 'db']);
        expect((await store.installs.list('staging', { after: 'db', limit: 3 })).map((i) => i.name)).toEqual(['web']);
        expect(await store.installs.list('dev', { limit: 3 })).toEqual([]);
        expect(await store.installs.countActive({})).toBe(4);
        expect(await store.installs.countActive({ environment: 'staging' })).toBe(3);
        expect(await store.installs.countActive({ environment: 'qa' })).toBe(0);
        expect(await store.installs.countActive({ environments: ['production', 'qa'] })).toBe(1);
        expect(await store.installs.countActive({ environments: [] })).toBe(0);
      });

      it('lists the records of an install newest first, a page at a time after a record number', async () => {
        const changes = [
          ...[1, 2, 3, 10, 11].map((n) => ({ kind: 'record.insert' as const, row: recordRow('staging', 'shop', n) })),
          { kind: 'record.insert' as const, row: recordRow('staging', 'other', 12) },
          { kind: 'record.insert' as const, row: recordRow('production', 'shop', 13) },
        ];
        expect(await store.commit({ changes })).toEqual({ ok: true });
        const first = await store.records.list('staging', 'shop', { limit: 2 });
        expect(first.map((r) => r.number)).toEqual([11, 10]);
        expect((await store.records.list('staging', 'shop', { after: '10', limit: 2 })).map((r) => r.number)).toEqual([3, 2]);
        expect((await store.records.list('staging', 'shop', { after: '2', limit: 2 })).map((r) => r.number)).toEqual([1]);
        expect(await store.records.list('staging', 'shop', { after: '1', limit: 2 })).toEqual([]);
        expect(await store.records.list('staging', 'shop', { after: 'not-a-number', limit: 2 })).toEqual([]);
        expect(await store.records.list('staging', 'missing', { limit: 2 })).toEqual([]);
      });

      it('moves an install by one revision on an update at the expected revision, and updates a record by its number', async () => {
        await store.commit({ changes: [{ kind: 'install.insert', row: installRow('staging', 'shop') }, { kind: 'record.insert', row: recordRow('staging', 'shop', 1) }] });
        const done = await store.commit({
          changes: [
            { kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 1, patch: { state: 'deployed', record: 1, operationId: null, updatedAt: at(5) } },
            { kind: 'record.update', environment: 'staging', install: 'shop', number: 1, patch: { outcome: 'succeeded', finishedAt: at(5), components: [{ name: 'web', ready: true }] } },
          ],
        });
        expect(done).toEqual({ ok: true });
        expect(await store.installs.get('staging', 'shop')).toEqual(installRow('staging', 'shop', { state: 'deployed', record: 1, operationId: null, updatedAt: at(5), revision: 2 }));
        expect(await store.records.get('staging', 'shop', 1)).toEqual(recordRow('staging', 'shop', 1, { outcome: 'succeeded', finishedAt: at(5), components: [{ name: 'web', ready: true }] }));
        // A patch never renames the row or sets its revision.
        const sneaky = { description: 'd', name: 'other', revision: 99 } as never;
        expect(await store.commit({ changes: [{ kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 2, patch: sneaky }] })).toEqual({ ok: true });
        expect(await store.installs.get('staging', 'shop')).toMatchObject({ name: 'shop', revision: 3, description: 'd' });
      });
    });

    describe('units of work', () => {
      const op = (n: number, overrides: Partial<OperationRow> = {}) => operationRow(`01JUW${n}`, { kind: 'install', ...overrides });

      /** What a test can see of the store: to prove a refused unit of work wrote nothing. */
      async function snapshot() {
        return {
          installs: await store.installs.list('staging', { limit: 100 }),
          records: await store.records.list('staging', 'shop', { limit: 100 }),
          operations: await store.operations.list({ limit: 100 }),
          events: await store.events.listAfter(0, { limit: 100 }),
          audit: await store.audit.list({ limit: 100 }),
        };
      }

      beforeEach(async () => {
        expect(await store.commit({ changes: [{ kind: 'install.insert', row: installRow('staging', 'shop', { state: 'deployed', record: 1 }) }] })).toEqual({ ok: true });
      });

      it('writes nothing when a compare-and-set in the middle is stale, and says which change it was', async () => {
        const before = await snapshot();
        const result = await store.commit({
          changes: [
            { kind: 'record.insert', row: recordRow('staging', 'shop', 2) },
            { kind: 'event', event: { operationId: null, type: 'state', at: at(1), data: null } },
            { kind: 'audit', entry: auditEntry({ action: 'install.upgrade' }) },
            { kind: 'operation.insert', row: op(1, { lockKey: 'install:staging/shop' }) },
            { kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 7, patch: { state: 'upgrading' } },
            { kind: 'record.insert', row: recordRow('staging', 'shop', 3) },
          ],
        });
        expect(result).toEqual({ ok: false, why: 'stale', change: 4 });
        expect(await snapshot()).toEqual(before);
        // The lock key of the operation that was not written is free.
        expect(await store.operations.findByLock('install:staging/shop')).toBeUndefined();
      });

      it('treats an update of a missing record or install as stale', async () => {
        const before = await snapshot();
        expect(
          await store.commit({ changes: [{ kind: 'event', event: { operationId: null, type: 'x', at: at(1), data: null } }, { kind: 'record.update', environment: 'staging', install: 'shop', number: 9, patch: { outcome: 'failed' } }] }),
        ).toEqual({ ok: false, why: 'stale', change: 1 });
        expect(await store.commit({ changes: [{ kind: 'install.update', environment: 'staging', name: 'ghost', expectedRevision: 1, patch: { state: 'failed' } }] })).toEqual({
          ok: false,
          why: 'stale',
          change: 0,
        });
        expect(await snapshot()).toEqual(before);
      });

      it('honours the lease owner and the expected states of an operation update', async () => {
        await store.operations.insert(op(1));
        await store.operations.claim('worker-a', at(1), at(2), ['install']);
        const before = await snapshot();
        const record = { kind: 'record.insert' as const, row: recordRow('staging', 'shop', 2) };
        expect(await store.commit({ changes: [record, { kind: 'operation.update', id: op(1).id, owner: 'worker-b', patch: { state: 'succeeded' } }] })).toEqual({ ok: false, why: 'stale', change: 1 });
        expect(await store.commit({ changes: [record, { kind: 'operation.update', id: op(1).id, onlyIfState: ['pending'], patch: { cancelRequested: true } }] })).toEqual({ ok: false, why: 'stale', change: 1 });
        expect(await snapshot()).toEqual(before);
        expect(await store.commit({ changes: [record, { kind: 'operation.update', id: op(1).id, owner: 'worker-a', onlyIfState: ['running'], patch: { state: 'succeeded', finishedAt: at(2) } }] })).toEqual({ ok: true });
        expect(await store.operations.get(op(1).id)).toMatchObject({ state: 'succeeded', finishedAt: at(2) });
        expect((await store.records.get('staging', 'shop', 2))?.number).toBe(2);
      });

      it('answers conflict for an install or record that exists, and names the operation holding a lock key', async () => {
        await store.operations.insert(op(1, { lockKey: 'install:staging/shop' }));
        await store.commit({ changes: [{ kind: 'record.insert', row: recordRow('staging', 'shop', 1) }] });
        const before = await snapshot();
        const event = { kind: 'event' as const, event: { operationId: null, type: 'x', at: at(1), data: null } };
        expect(await store.commit({ changes: [event, { kind: 'install.insert', row: installRow('staging', 'shop') }] })).toEqual({ ok: false, why: 'conflict', change: 1 });
        expect(await store.commit({ changes: [event, { kind: 'install.insert', row: installRow('production', 'web') }, { kind: 'record.insert', row: recordRow('staging', 'shop', 1) }] })).toEqual({
          ok: false,
          why: 'conflict',
          change: 2,
        });
        expect(
          await store.commit({ changes: [{ kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 1, patch: { state: 'upgrading' } }, { kind: 'operation.insert', row: op(2, { lockKey: 'install:staging/shop' }) }] }),
        ).toEqual({ ok: false, why: 'conflict', change: 1, holder: op(1).id });
        expect(await snapshot()).toEqual(before);
        expect(await store.installs.get('production', 'web')).toBeUndefined();

        // Once the holder is final, the same unit of work goes through.
        await store.operations.update(op(1).id, { state: 'failed' });
        expect(
          await store.commit({ changes: [{ kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 1, patch: { state: 'upgrading' } }, { kind: 'operation.insert', row: op(2, { lockKey: 'install:staging/shop' }) }] }),
        ).toEqual({ ok: true });
        expect((await store.operations.findByLock('install:staging/shop'))?.id).toBe(op(2).id);
      });

      it('writes nothing for a worker whose lease another worker claimed, nor on a finished or missing operation', async () => {
        await store.operations.insert(op(1));
        await store.operations.claim('worker-a', at(1), at(2), ['install']);
        // worker-a's lease expired; worker-b resumed the operation.
        await store.operations.claim('worker-b', at(3), at(4), ['install']);
        const before = await snapshot();
        const changes = [
          { kind: 'record.insert' as const, row: recordRow('staging', 'shop', 2) },
          { kind: 'install.update' as const, environment: 'staging', name: 'shop', expectedRevision: 1, patch: { latestRecord: 2 } },
          { kind: 'event' as const, event: { operationId: op(1).id, type: 'log', at: at(3), data: 'applied' } },
        ];
        expect(await store.commit({ fence: { operationId: op(1).id, owner: 'worker-a' }, changes })).toEqual({ ok: false, why: 'fenced' });
        expect(await store.commit({ fence: { operationId: 'missing', owner: 'worker-b' }, changes })).toEqual({ ok: false, why: 'fenced' });
        expect(await snapshot()).toEqual(before);

        expect(await store.commit({ fence: { operationId: op(1).id, owner: 'worker-b' }, changes })).toEqual({ ok: true });
        expect((await store.installs.get('staging', 'shop'))?.latestRecord).toBe(2);
        // Finished, the operation fences out even its last holder.
        await store.operations.update(op(1).id, { state: 'succeeded' }, { owner: 'worker-b' });
        expect(await store.commit({ fence: { operationId: op(1).id, owner: 'worker-b' }, changes: [{ kind: 'record.insert', row: recordRow('staging', 'shop', 3) }] })).toEqual({
          ok: false,
          why: 'fenced',
        });
        expect(await store.records.get('staging', 'shop', 3)).toBeUndefined();
      });

      it('numbers its events and audit entries after those already there, in list order', async () => {
        const first = await store.events.append({ operationId: null, type: 'before', at: at(0), data: null });
        const firstAudit = await store.audit.append(auditEntry({ action: 'before' }));
        const result = await store.commit({
          changes: [
            { kind: 'audit', entry: auditEntry({ action: 'one' }) },
            { kind: 'event', event: { operationId: null, type: 'one', at: at(1), data: 1 } },
            { kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 1, patch: { state: 'upgrading' } },
            { kind: 'event', event: { operationId: null, type: 'two', at: at(2), data: 2 } },
            { kind: 'audit', entry: auditEntry({ action: 'two' }) },
          ],
        });
        expect(result).toEqual({ ok: true });
        const events = await store.events.listAfter(first.seq, { limit: 10 });
        expect(events.map((e) => e.type)).toEqual(['one', 'two']);
        expect(events[0]!.seq).toBeGreaterThan(first.seq);
        expect(events[1]!.seq).toBeGreaterThan(events[0]!.seq);
        expect(await store.events.lastSeq()).toBe(events[1]!.seq);
        expect((await store.audit.list({ afterSeq: firstAudit.seq, limit: 10 })).map((a) => a.action)).toEqual(['one', 'two']);
      });

      it('lets exactly one of several concurrent commits on one install revision win', async () => {
        const other = await connect();
        const attempt = (n: number) =>
          (n % 2 ? store : other).commit({
            changes: [
              { kind: 'install.update', environment: 'staging', name: 'shop', expectedRevision: 1, patch: { state: 'upgrading', latestRecord: 2, description: `writer ${n}` } },
              { kind: 'record.insert', row: recordRow('staging', 'shop', 2, { reason: `writer ${n}` }) },
              { kind: 'event', event: { operationId: null, type: 'upgrade', at: at(n), data: n } },
              { kind: 'audit', entry: auditEntry({ action: 'install.upgrade', reason: `writer ${n}` }) },
            ],
          });
        const results = await Promise.all(Array.from({ length: 6 }, (_, n) => attempt(n)));
        const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, why: 'stale', change: 0 });
        const winner = `writer ${winners[0]}`;
        expect(await store.installs.get('staging', 'shop')).toMatchObject({ revision: 2, description: winner });
        expect((await store.records.get('staging', 'shop', 2))?.reason).toBe(winner);
        expect((await store.events.listAfter(0, { limit: 10 })).map((e) => e.data)).toEqual([winners[0]]);
        expect((await store.audit.list({ limit: 10 })).map((a) => a.reason)).toEqual([winner]);
      });

      it('lets exactly one of several concurrent operations take one lock key, the others naming it', async () => {
        const other = await connect();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, n) =>
            (n % 2 ? store : other).commit({ changes: [{ kind: 'operation.insert', row: op(n, { lockKey: 'install:staging/shop' }) }] }),
          ),
        );
        const winners = results.flatMap((r, n) => (r.ok ? [op(n).id] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (!r.ok) expect(r).toEqual({ ok: false, why: 'conflict', change: 0, holder: winners[0] });
        expect((await store.operations.list({ limit: 10 })).map((o) => o.id)).toEqual(winners);
      });
    });


    describe('events', () => {
      it('numbers events strictly increasing across operations and lists them after a seq', async () => {
        const seqs: number[] = [];
        for (let n = 0; n < 6; n++) {
          const e = await store.events.append({ operationId: n % 2 ? 'op-b' : 'op-a', type: 'progress', at: at(n), data: { n } });
          seqs.push(e.seq);
          expect(e).toEqual({ seq: e.seq, operationId: n % 2 ? 'op-b' : 'op-a', type: 'progress', at: at(n), data: { n } });
        }
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
        const afterSecond = await store.events.listAfter(seqs[1]!, { limit: 10 });
        expect(afterSecond.map((e) => e.seq)).toEqual(seqs.slice(2));
        const forB = await store.events.listAfter(0, { operationId: 'op-b', limit: 10 });
        expect(forB.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }, { n: 5 }]);
        const limited = await store.events.listAfter(0, { limit: 2 });
        expect(limited.map((e) => e.seq)).toEqual(seqs.slice(0, 2));
        expect(await store.events.lastSeq()).toBe(seqs.at(-1));
      });

      it('keeps seq order equal to the order a reader sees them, under concurrent appends', async () => {
        const other = await connect();
        await Promise.all(
          Array.from({ length: 40 }, (_, n) => (n % 2 ? store : other).events.append({ operationId: `op-${n % 3}`, type: 't', at: at(n), data: n })),
        );
        const all = await store.events.listAfter(0, { limit: 100 });
        expect(all).toHaveLength(40);
        for (let i = 1; i < all.length; i++) expect(all[i]!.seq).toBeGreaterThan(all[i - 1]!.seq);
      });
    });

    describe('retention', () => {
      it('purges events older than the cut, except those of operations still pending or running, and never reuses a seq', async () => {
        await store.operations.insert(operationRow('op-running', { state: 'running', leaseOwner: 'w', leaseExpiresAt: at(100) }));
        await store.operations.insert(operationRow('op-pending'));
        await store.operations.insert(operationRow('op-done', { state: 'succeeded', finishedAt: at(3) }));
        const old = [
          await store.events.append({ operationId: null, type: 'note', at: at(1), data: null }),
          await store.events.append({ operationId: 'op-done', type: 'state', at: at(2), data: { state: 'succeeded' } }),
          await store.events.append({ operationId: 'op-running', type: 'state', at: at(2), data: { state: 'running' } }),
          await store.events.append({ operationId: 'op-pending', type: 'state', at: at(2), data: { state: 'pending' } }),
          await store.events.append({ operationId: 'op-gone', type: 'state', at: at(3), data: { state: 'failed' } }),
        ];
        const recent = await store.events.append({ operationId: 'op-done', type: 'log', at: at(10), data: null });
        expect(await store.events.purgeBefore(at(10))).toBe(3);
        expect((await store.events.listAfter(0, { limit: 10 })).map((e) => e.seq)).toEqual([old[2]!.seq, old[3]!.seq, recent.seq]);
        // The cut is exclusive, and a second purge finds nothing more.
        expect(await store.events.purgeBefore(at(10))).toBe(0);
        // Purging the newest events does not hand their numbers out again.
        await store.operations.update('op-running', { state: 'succeeded', finishedAt: at(11) });
        await store.operations.update('op-pending', { state: 'cancelled', finishedAt: at(11) });
        expect(await store.events.purgeBefore(at(20))).toBe(3);
        expect(await store.events.listAfter(0, { limit: 10 })).toEqual([]);
        const next = await store.events.append({ operationId: null, type: 'note', at: at(21), data: null });
        expect(next.seq).toBeGreaterThan(recent.seq);
      });

      it('purges finished operations that ended before the cut, never active ones nor one an install still names', async () => {
        await store.operations.insert(operationRow('op-1-old-ok', { state: 'succeeded', finishedAt: at(1) }));
        await store.operations.insert(operationRow('op-2-old-failed', { state: 'failed', finishedAt: at(2) }));
        await store.operations.insert(operationRow('op-3-old-cancelled', { state: 'cancelled', finishedAt: at(2) }));
        await store.operations.insert(operationRow('op-4-new', { state: 'succeeded', finishedAt: at(30) }));
        await store.operations.insert(operationRow('op-5-pending', { createdAt: at(0) }));
        await store.operations.insert(operationRow('op-6-running', { state: 'running', leaseOwner: 'w', leaseExpiresAt: at(1), startedAt: at(0) }));
        await store.operations.insert(operationRow('op-7-installed', { state: 'succeeded', finishedAt: at(1) }));
        await store.operations.insert(operationRow('op-8-recorded', { state: 'failed', finishedAt: at(1) }));
        expect(
          await store.commit({
            changes: [
              { kind: 'install.insert', row: installRow('staging', 'shop', { operationId: 'op-7-installed' }) },
              { kind: 'install.insert', row: installRow('staging', 'idle', { operationId: null }) },
              { kind: 'record.insert', row: recordRow('staging', 'shop', 1, { operationId: 'op-8-recorded' }) },
            ],
          }),
        ).toEqual({ ok: true });
        const audited = await store.audit.append(auditEntry({ subjectKind: 'operation', subjectName: 'op-1-old-ok' }));

        expect(await store.operations.purgeFinishedBefore(at(10))).toBe(4);
        const left = (await store.operations.list({ limit: 20 })).map((o) => o.id).sort();
        expect(left).toEqual(['op-4-new', 'op-5-pending', 'op-6-running', 'op-7-installed']);
        // The record and the audit trail keep the purged operation's id as it was.
        expect((await store.records.get('staging', 'shop', 1))?.operationId).toBe('op-8-recorded');
        expect(await store.audit.list({ limit: 10 })).toEqual([audited]);
        expect(await store.operations.purgeFinishedBefore(at(10))).toBe(0);
      });
    });

    describe('concurrent writers on two connections', () => {
      it('let exactly one compare-and-set update win', async () => {
        const other = await connect();
        await store.templates.insert(templateRow('shop'));
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, n) => (n % 2 ? store : other).templates.update('shop', 1, { description: `writer ${n}` })),
        );
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.templates.get('shop')).toEqual(winners[0]);
        expect(winners[0]?.revision).toBe(2);
      });

      it('let exactly one create a setting that must not exist yet', async () => {
        const other = await connect();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, n) => (n % 2 ? store : other).settings.put('registry', { writer: n }, at(n), 0)),
        );
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.settings.get('registry')).toEqual(winners[0]);
      });

      it('store one idempotency record per key and give every caller that one', async () => {
        const other = await connect();
        const record = (n: number) => ({
          principal: 'tok-alice', key: 'k', method: 'POST', path: '/v1/templates', requestHash: `h${n}`, status: 201,
          headers: {}, body: `body ${n}`, createdAt: at(0), expiresAt: at(60),
        });
        const results = await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 ? store : other).idempotency.put(record(n))));
        const stored = await store.idempotency.get('tok-alice', 'k');
        for (const r of results) expect(r).toEqual(stored);
      });

      it('let exactly one insert a version number written two ways', async () => {
        const other = await connect();
        await store.templates.insert(templateRow('shop'));
        const results = await Promise.allSettled(
          ['1.0', '1.0.0', '1.0', '1.0.0'].map((v, n) => (n % 2 ? store : other).versions.insert(versionRow('shop', v, { description: `writer ${n}` }))),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
        expect(await store.versions.list('shop', { limit: 10 })).toHaveLength(1);
      });

      it('let exactly one insert the same version number', async () => {
        const other = await connect();
        await store.templates.insert(templateRow('shop'));
        const results = await Promise.allSettled(
          Array.from({ length: 4 }, (_, n) => (n % 2 ? store : other).versions.insert(versionRow('shop', '1.0', { description: `writer ${n}` }))),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
      });
    });

    describe('events read while they are written', () => {
      it('never lets a reader polling after its last seq miss an event', async () => {
        const writerA = await connect();
        const writerB = await connect();
        const reader = await connect();
        await writerA.operations.insert(operationRow('01JOP'));
        const total = 60;
        let writing = true;
        const writes = Promise.all(
          Array.from({ length: total }, (_, n) =>
            n % 3 === 0
              ? writerA.operations.update('01JOP', { updatedAt: at(n) }, { event: { operationId: '01JOP', type: 'progress', at: at(n), data: n } })
              : (n % 3 === 1 ? writerA : writerB).events.append({ operationId: null, type: 'tick', at: at(n), data: n }),
          ),
        ).finally(() => {
          writing = false;
        });
        const seen: number[] = [];
        let cursor = 0;
        const poll = async () => {
          const page = await reader.events.listAfter(cursor, { limit: 7 });
          for (const e of page) seen.push(e.data as number);
          if (page.length > 0) cursor = page[page.length - 1]!.seq;
          return page.length;
        };
        while (writing) await poll();
        await writes;
        while ((await poll()) > 0);
        expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, n) => n));
      });
    });

    describe('JSON documents', () => {
      it('round-trips JSON values of every kind exactly, strings that look like numbers included', async () => {
        const values: unknown[] = ['123', 'true', 'null', 'plain text', '{"a":1}', 42, 0, false, [1, 'two', { three: 3 }], { nested: { deep: ['x'] }, unicode: 'héllo ✓' }];
        for (const [i, value] of values.entries()) {
          const key = `k${i}`;
          expect((await store.settings.put(key, value, at(i)))?.value).toEqual(value);
          expect((await store.settings.get(key))?.value).toEqual(value);
          const e = await store.events.append({ operationId: null, type: 'v', at: at(i), data: value });
          expect((await store.events.listAfter(e.seq - 1, { limit: 1 }))[0]?.data).toEqual(value);
        }
      });

      it('keeps times exactly as written', async () => {
        const odd = '2026-03-04T05:06:07.089Z';
        await store.templates.insert(templateRow('shop', { createdAt: odd, updatedAt: odd }));
        const row = await store.templates.get('shop');
        expect(row?.createdAt).toBe(odd);
        expect(row?.updatedAt).toBe(odd);
      });
    });

    describe('audit', () => {
      beforeEach(async () => {
        await store.audit.append(auditEntry({ at: at(1), actor: alice, action: 'template.create', subjectName: 'shop', template: 'shop' }));
        await store.audit.append(auditEntry({ at: at(2), actor: bob, action: 'version.create', subjectKind: 'version', subjectName: 'shop@1.0', template: 'shop', version: '1.0' }));
        await store.audit.append(auditEntry({ at: at(3), actor: bob, action: 'version.release', subjectKind: 'version', subjectName: 'shop@1.0', template: 'shop', version: '1.0', from: 'published', to: 'released', reason: 'tests passed', details: { ticket: 'QA-7' } }));
        await store.audit.append(auditEntry({ at: at(4), actor: alice, action: 'token.create', subjectKind: 'token', subjectName: 'tok-ci', template: undefined }));
      });

      it('appends entries with increasing seq and reads them back exactly', async () => {
        const all = await store.audit.list({ limit: 10 });
        expect(all.map((a) => a.action)).toEqual(['template.create', 'version.create', 'version.release', 'token.create']);
        for (let i = 1; i < all.length; i++) expect(all[i]!.seq).toBeGreaterThan(all[i - 1]!.seq);
        expect(all[2]).toEqual({
          seq: all[2]!.seq, at: at(3), actor: bob, action: 'version.release', subjectKind: 'version', subjectName: 'shop@1.0',
          template: 'shop', version: '1.0', from: 'published', to: 'released', reason: 'tests passed', details: { ticket: 'QA-7' },
        });
        expect(all[3]).toEqual({ seq: all[3]!.seq, at: at(4), actor: alice, action: 'token.create', subjectKind: 'token', subjectName: 'tok-ci' });
      });

      it('filters by subject: a template, one version, or a name', async () => {
        expect((await store.audit.list({ subject: { template: 'shop' }, limit: 10 })).map((a) => a.action)).toEqual(['template.create', 'version.create', 'version.release']);
        expect((await store.audit.list({ subject: { template: 'shop', version: '1.0' }, limit: 10 })).map((a) => a.action)).toEqual(['version.create', 'version.release']);
        expect((await store.audit.list({ subject: { kinds: ['token'], name: 'tok-ci' }, limit: 10 })).map((a) => a.action)).toEqual(['token.create']);
        expect(await store.audit.list({ subject: { template: 'shop', version: '9.9' }, limit: 10 })).toEqual([]);
        expect((await store.audit.list({ subject: { kinds: ['token', 'version'] }, limit: 10 })).map((a) => a.action)).toEqual(['version.create', 'version.release', 'token.create']);
        expect(await store.audit.list({ subject: { kinds: ['token'], name: 'shop' }, limit: 10 })).toEqual([]);
      });

      it('filters by actor id, by action, and by time', async () => {
        expect((await store.audit.list({ actor: bob.id, limit: 10 })).map((a) => a.action)).toEqual(['version.create', 'version.release']);
        expect((await store.audit.list({ actor: alice.id, limit: 10 })).map((a) => a.action)).toEqual(['template.create', 'token.create']);
        expect(await store.audit.list({ actor: 'alice', limit: 10 })).toEqual([]);
        expect((await store.audit.list({ action: 'version.release', limit: 10 })).map((a) => a.at)).toEqual([at(3)]);
        expect((await store.audit.list({ since: at(2), until: at(4), limit: 10 })).map((a) => a.at)).toEqual([at(2), at(3)]);
        expect((await store.audit.list({ since: at(2), until: at(3), limit: 10 })).map((a) => a.at)).toEqual([at(2)]);
        expect((await store.audit.list({ since: at(4), limit: 10 })).map((a) => a.at)).toEqual([at(4)]);
        expect((await store.audit.list({ actor: bob.id, since: at(3), limit: 10 })).map((a) => a.action)).toEqual(['version.release']);
      });

      it('pages through the trail after a seq', async () => {
        const first = await store.audit.list({ limit: 3 });
        expect(first).toHaveLength(3);
        const rest = await store.audit.list({ afterSeq: first[2]!.seq, limit: 3 });
        expect(rest.map((a) => a.action)).toEqual(['token.create']);
        expect(await store.audit.list({ afterSeq: rest[0]!.seq, limit: 3 })).toEqual([]);
      });

      it('pages through the trail newest first', async () => {
        const first = await store.audit.list({ order: 'desc', limit: 3 });
        expect(first.map((a) => a.action)).toEqual(['token.create', 'version.release', 'version.create']);
        const rest = await store.audit.list({ order: 'desc', beforeSeq: first[2]!.seq, limit: 3 });
        expect(rest.map((a) => a.action)).toEqual(['template.create']);
        const bobs = await store.audit.list({ order: 'desc', actor: bob.id, beforeSeq: first[1]!.seq, limit: 3 });
        expect(bobs.map((a) => a.action)).toEqual(['version.create']);
      });
    });

    describe('tokens', () => {
      it('finds a token by id and by the hash of its secret', async () => {
        const row = tokenRow('tok-1', { roles: ['operator'], environments: ['production-qingdao'], expiresAt: at(100) });
        await store.tokens.insert(row, auditEntry({ action: 'token.create', subjectKind: 'token', subjectName: 'tok-1' }));
        expect(await store.tokens.get('tok-1')).toEqual(row);
        expect(await store.tokens.getBySecretHash('hash-of-tok-1')).toEqual(row);
        expect(await store.tokens.getBySecretHash('unknown')).toBeUndefined();
        await expect(store.tokens.insert(tokenRow('tok-1'))).rejects.toBeInstanceOf(StoreConflictError);
        await expect(store.tokens.insert(tokenRow('tok-2', { secretHash: 'hash-of-tok-1' }))).rejects.toBeInstanceOf(StoreConflictError);
      });

      it('revokes a token once, and lists only live tokens by id', async () => {
        for (const t of ['tok-c', 'tok-a', 'tok-b', 'tok-d']) await store.tokens.insert(tokenRow(t));
        expect(await store.tokens.revoke('tok-b', at(5))).toBe('revoked');
        expect(await store.tokens.revoke('tok-b', at(6))).toBe('not-found');
        expect(await store.tokens.revoke('tok-zzz', at(6))).toBe('not-found');
        expect((await store.tokens.get('tok-b'))?.revokedAt).toBe(at(5));
        expect((await store.tokens.list({ limit: 10 })).map((t) => t.id)).toEqual(['tok-a', 'tok-c', 'tok-d']);
        expect((await store.tokens.list({ after: 'tok-a', limit: 1 })).map((t) => t.id)).toEqual(['tok-c']);
        expect(await store.tokens.count()).toBe(4);
      });

      it('keeps the last active token of a role: expired and revoked ones do not count, other roles are free', async () => {
        const keep = { keepActive: 'admin' };
        await store.tokens.insert(tokenRow('tok-admin', { roles: ['admin'] }));
        await store.tokens.insert(tokenRow('tok-expired', { roles: ['admin', 'viewer'], expiresAt: at(10) }));
        await store.tokens.insert(tokenRow('tok-later', { roles: ['viewer', 'admin'], expiresAt: at(100) }));
        await store.tokens.insert(tokenRow('tok-dev', { roles: ['developer'] }));
        expect(await store.tokens.revoke('tok-dev', at(20), keep)).toBe('revoked');
        // tok-later is still active at minute 20: the first admin may go, with an audit entry.
        expect(await store.tokens.revoke('tok-admin', at(20), { ...keep, audit: auditEntry({ action: 'token.delete', subjectKind: 'token', subjectName: 'tok-admin' }) })).toBe('revoked');
        expect(await store.audit.list({ action: 'token.delete', limit: 10 })).toHaveLength(1);
        // tok-expired ran out at minute 10, so tok-later is the last active admin now.
        expect(await store.tokens.revoke('tok-later', at(20), keep)).toBe('last-active');
        expect((await store.tokens.get('tok-later'))?.revokedAt).toBeNull();
        // An expired admin token is no one's last: it may go.
        expect(await store.tokens.revoke('tok-expired', at(20), keep)).toBe('revoked');
        // Past its own expiry it no longer counts as active, so it may go too.
        expect(await store.tokens.revoke('tok-later', at(200), keep)).toBe('revoked');
      });

      it('lets only one of two revokes at once take the last two admin tokens, on two connections', async () => {
        const other = await connect();
        for (let round = 0; round < 20; round++) {
          const a = `tok-${round}-a`;
          const b = `tok-${round}-b`;
          await store.tokens.insert(tokenRow(a, { roles: ['admin'], secretHash: `h-${a}` }));
          await store.tokens.insert(tokenRow(b, { roles: ['admin'], secretHash: `h-${b}` }));
          const results = await Promise.all([
            store.tokens.revoke(a, at(1), { keepActive: 'admin' }),
            other.tokens.revoke(b, at(1), { keepActive: 'admin' }),
          ]);
          expect(results.sort(), `round ${round}`).toEqual(['last-active', 'revoked']);
          const left = (await store.tokens.list({ limit: 10 })).filter((t) => t.roles.includes('admin'));
          expect(left).toHaveLength(1);
          // Leave this round's survivor out of the next round's count.
          await store.tokens.revoke(left[0]!.id, at(1));
        }
      });

      it('records when a token was last used', async () => {
        await store.tokens.insert(tokenRow('tok-1'));
        await store.tokens.touch('tok-1', at(9));
        expect((await store.tokens.get('tok-1'))?.lastUsedAt).toBe(at(9));
        expect(await store.tokens.count()).toBe(1);
      });
    });

    describe('idempotency records', () => {
      const record = (key: string, overrides: object = {}) => ({
        principal: 'tok-alice', key, method: 'POST', path: '/v1/templates', requestHash: 'h1', status: 201,
        headers: { 'content-type': 'application/json', location: '/v1/templates/shop' }, body: '{"name":"shop"}',
        createdAt: at(0), expiresAt: at(60), ...overrides,
      });

      it('keeps the first response for a key and returns it to a replay', async () => {
        expect(await store.idempotency.put(record('k1'))).toEqual(record('k1'));
        expect(await store.idempotency.put(record('k1', { requestHash: 'h2', status: 500, body: 'other' }))).toEqual(record('k1'));
        expect(await store.idempotency.get('tok-alice', 'k1')).toEqual(record('k1'));
        expect(await store.idempotency.get('tok-bob', 'k1')).toBeUndefined();
        expect(await store.idempotency.put(record('k1', { principal: 'tok-bob' }))).toEqual(record('k1', { principal: 'tok-bob' }));
      });

      it('purges expired records only', async () => {
        await store.idempotency.put(record('old', { expiresAt: at(10) }));
        await store.idempotency.put(record('new', { expiresAt: at(100) }));
        expect(await store.idempotency.purgeExpired(at(50))).toBe(1);
        expect(await store.idempotency.get('tok-alice', 'old')).toBeUndefined();
        expect(await store.idempotency.get('tok-alice', 'new')).toBeDefined();
      });
    });

    describe('settings', () => {
      it('creates, replaces and compares-and-sets a setting', async () => {
        expect(await store.settings.get('registry')).toBeUndefined();
        const created = await store.settings.put('registry', { url: 'https://reg', password: 'enc:xyz' }, at(1), 0);
        expect(created).toEqual({ key: 'registry', value: { url: 'https://reg', password: 'enc:xyz' }, revision: 1, updatedAt: at(1) });
        expect(await store.settings.put('registry', { url: 'x' }, at(2), 0)).toBeUndefined();
        expect(await store.settings.put('registry', { url: 'x' }, at(2), 5)).toBeUndefined();
        const second = await store.settings.put('registry', { url: 'https://reg2' }, at(3), 1, auditEntry({ action: 'registry.update', subjectKind: 'registry', subjectName: 'registry' }));
        expect(second).toEqual({ key: 'registry', value: { url: 'https://reg2' }, revision: 2, updatedAt: at(3) });
        const forced = await store.settings.put('registry', { url: 'https://reg3' }, at(4));
        expect(forced?.revision).toBe(3);
        expect(await store.settings.get('registry')).toEqual(forced);
        expect(await store.settings.put('missing', 1, at(1), 1)).toBeUndefined();
        expect((await store.audit.list({ action: 'registry.update', limit: 10 }))).toHaveLength(1);
      });
    });

    describe('source credentials', () => {
      it('stores, replaces, lists and deletes credentials by host', async () => {
        await store.sourceCredentials.put({ host: 'ghcr.io', username: 'ci', passwordEnc: 'enc:1', updatedAt: at(1) });
        await store.sourceCredentials.put({ host: 'docker.io', username: 'bot', passwordEnc: 'enc:2', updatedAt: at(1) });
        await store.sourceCredentials.put({ host: 'ghcr.io', username: 'ci2', passwordEnc: 'enc:3', updatedAt: at(2) });
        expect(await store.sourceCredentials.get('ghcr.io')).toEqual({ host: 'ghcr.io', username: 'ci2', passwordEnc: 'enc:3', revision: 2, updatedAt: at(2) });
        expect((await store.sourceCredentials.list()).map((c) => c.host)).toEqual(['docker.io', 'ghcr.io']);
        expect(await store.sourceCredentials.delete('ghcr.io', auditEntry({ action: 'credential.delete' }))).toBe(true);
        expect(await store.sourceCredentials.delete('ghcr.io')).toBe(false);
        expect(await store.sourceCredentials.get('ghcr.io')).toBeUndefined();
        expect(await store.audit.list({ action: 'credential.delete', limit: 10 })).toHaveLength(1);
      });

      it('counts revisions and compares-and-sets puts and deletes on them', async () => {
        const row = (username: string, minute: number) => ({ host: 'ghcr.io', username, passwordEnc: `enc:${username}`, updatedAt: at(minute) });
        expect(await store.sourceCredentials.put(row('ci', 1), undefined, 5)).toBeUndefined();
        expect(await store.sourceCredentials.get('ghcr.io')).toBeUndefined();
        expect(await store.sourceCredentials.put(row('ci', 1), undefined, 0)).toEqual({ ...row('ci', 1), revision: 1 });
        expect(await store.sourceCredentials.put(row('ci2', 2), undefined, 0)).toBeUndefined();
        expect(await store.sourceCredentials.put(row('ci2', 2), undefined, 2)).toBeUndefined();
        const audit = auditEntry({ action: 'credential.put' });
        expect(await store.sourceCredentials.put(row('ci2', 2), audit, 1)).toEqual({ ...row('ci2', 2), revision: 2 });
        expect(await store.sourceCredentials.put(row('ci3', 3))).toEqual({ ...row('ci3', 3), revision: 3 });
        // Refused writes leave no audit entry.
        expect(await store.audit.list({ action: 'credential.put', limit: 10 })).toHaveLength(1);
        expect(await store.sourceCredentials.delete('ghcr.io', undefined, 2)).toBe(false);
        expect((await store.sourceCredentials.get('ghcr.io'))?.username).toBe('ci3');
        expect(await store.sourceCredentials.delete('ghcr.io', undefined, 3)).toBe(true);
        expect(await store.sourceCredentials.get('ghcr.io')).toBeUndefined();
      });
    });
  });
}
