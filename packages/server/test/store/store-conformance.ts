/**
 * The store conformance suite: the behaviour every adapter of the store port
 * must show, run against SQLite files (`sqlite.test.ts`) and a real
 * PostgreSQL (`postgres.test.ts`). Each test gets a fresh, empty database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreConflictError, type OperationRow, type Store } from '../../src/core/store/port.js';
import { alice, at, auditEntry, bob, operationRow, templateRow, tokenRow, versionRow } from './store-fixtures.js';

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
        const claimed = await store.operations.claim('worker-a', at(1), at(2));
        expect(claimed).toMatchObject({ id: id(1), state: 'running', leaseOwner: 'worker-a', leaseExpiresAt: at(2), attempts: 1, startedAt: at(1) });
        expect(await store.operations.get(id(1))).toEqual(claimed);
      });

      it('gives nothing to a second claim while the lease holds', async () => {
        await store.operations.insert(operationRow(id(1)));
        expect((await store.operations.claim('worker-a', at(1), at(5)))?.id).toBe(id(1));
        expect(await store.operations.claim('worker-b', at(2), at(6))).toBeUndefined();
      });

      it('hands an operation whose worker died to another worker once its lease expired', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2));
        expect(await store.operations.claim('worker-b', at(1.5), at(3))).toBeUndefined();
        const recovered = await store.operations.claim('worker-b', at(2.5), at(4));
        expect(recovered).toMatchObject({ id: id(1), state: 'running', leaseOwner: 'worker-b', attempts: 2, startedAt: at(1) });
      });

      it('leaves finished and cancelled operations alone', async () => {
        await store.operations.insert(operationRow(id(1), { state: 'succeeded' }));
        await store.operations.insert(operationRow(id(2), { state: 'failed' }));
        await store.operations.insert(operationRow(id(3), { state: 'cancelled' }));
        expect(await store.operations.claim('worker-a', at(1), at(2))).toBeUndefined();
      });

      it('renews a lease only for its holder', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2));
        expect(await store.operations.renewLease(id(1), 'worker-a', at(10))).toBe(true);
        expect(await store.operations.renewLease(id(1), 'worker-b', at(20))).toBe(false);
        expect((await store.operations.get(id(1)))?.leaseExpiresAt).toBe(at(10));
        expect(await store.operations.claim('worker-b', at(5), at(15))).toBeUndefined();
      });

      it('lets another worker resume an operation whose lease was released', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(10));
        expect(await store.operations.releaseLease(id(1), 'worker-b')).toBe(false);
        expect(await store.operations.releaseLease(id(1), 'worker-a')).toBe(true);
        const released = await store.operations.get(id(1));
        expect(released).toMatchObject({ state: 'running', leaseOwner: null });
        const resumed = await store.operations.claim('worker-b', at(2), at(12));
        expect(resumed).toMatchObject({ id: id(1), leaseOwner: 'worker-b', attempts: 2 });
      });

      it('refuses an update from a worker that lost its lease, and appends no event for it', async () => {
        await store.operations.insert(operationRow(id(1)));
        await store.operations.claim('worker-a', at(1), at(2));
        await store.operations.claim('worker-b', at(3), at(4));
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
        await store.operations.claim('worker-a', at(1), at(2));
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
            const op = await s.operations.claim(owner, at(1), at(30));
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
        expect(await store.tokens.revoke('tok-b', at(5))).toBe(true);
        expect(await store.tokens.revoke('tok-b', at(6))).toBe(false);
        expect(await store.tokens.revoke('tok-zzz', at(6))).toBe(false);
        expect((await store.tokens.get('tok-b'))?.revokedAt).toBe(at(5));
        expect((await store.tokens.list({ limit: 10 })).map((t) => t.id)).toEqual(['tok-a', 'tok-c', 'tok-d']);
        expect((await store.tokens.list({ after: 'tok-a', limit: 1 })).map((t) => t.id)).toEqual(['tok-c']);
        expect(await store.tokens.count()).toBe(4);
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
        expect(await store.sourceCredentials.get('ghcr.io')).toEqual({ host: 'ghcr.io', username: 'ci2', passwordEnc: 'enc:3', updatedAt: at(2) });
        expect((await store.sourceCredentials.list()).map((c) => c.host)).toEqual(['docker.io', 'ghcr.io']);
        expect(await store.sourceCredentials.delete('ghcr.io', auditEntry({ action: 'credential.delete' }))).toBe(true);
        expect(await store.sourceCredentials.delete('ghcr.io')).toBe(false);
        expect(await store.sourceCredentials.get('ghcr.io')).toBeUndefined();
        expect(await store.audit.list({ action: 'credential.delete', limit: 10 })).toHaveLength(1);
      });
    });
  });
}
