/**
 * The SQLite adapter of the store port (better-sqlite3 through drizzle).
 *
 * better-sqlite3 is synchronous and so are drizzle's transactions on it: every
 * port method runs its whole transaction as one synchronous unit (no await
 * inside), which makes it atomic within the process for free. Writes open with
 * BEGIN IMMEDIATE, so several processes on one file queue on SQLite's write
 * lock (bounded by busy_timeout) instead of failing halfway through a
 * deferred transaction that tries to upgrade its read lock. A unit of work
 * (`commit`) is one such transaction too, so its fence check and its writes
 * happen under one write lock that no claim can slip into.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type Database from 'better-sqlite3';
import { auditOrder, auditParams, auditValues, auditWhere, toAuditRow } from '../audit-query.js';
import {
  IDEMPOTENCY_RESERVED,
  StoreConflictError,
  isTokenActive,
  type AuditInput,
  type Change,
  type EventInput,
  type EventRow,
  type OperationRow,
  type OperationState,
  type Store,
  type TemplateDeleteRefusal,
  type TokenRevokeResult,
  type UnitOfWorkResult,
} from '../port.js';
import {
  CLUSTER_PATCH_KEYS,
  ENVIRONMENT_PATCH_KEYS,
  INSTALL_PATCH_KEYS,
  OPERATION_PATCH_KEYS,
  RECORD_PATCH_KEYS,
  TEMPLATE_PATCH_KEYS,
  VERSION_PATCH_KEYS,
  pickPatch,
} from '../row-patch.js';
import { recordCursor } from '../record-cursor.js';
import { ACTIVE_OPERATION_STATES, UnitOfWorkAbort, inApplyOrder, lockKeyOf } from '../unit-of-work.js';
import { isUniqueViolation, rethrowConflict } from '../unique-violation.js';
import { versionNumberKey } from '../version-number-key.js';
import * as s from './schema.js';

type Db = BetterSQLite3Database<typeof s>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface SqliteStoreOptions {
  /** Runs the migrations (see `open-sqlite.ts`). */
  migrate(): void;
}

/** Finished operations that ended before `before` and that no install still names (its record, audit and events keep the id as text). */
function finishedBefore(tx: Pick<Db, 'select'>, before: string): SQL | undefined {
  return and(
    notInArray(s.operations.state, [...ACTIVE_OPERATION_STATES]),
    isNotNull(s.operations.finishedAt),
    lt(s.operations.finishedAt, before),
    notInArray(s.operations.id, tx.select({ id: s.installs.operationId }).from(s.installs).where(isNotNull(s.installs.operationId))),
  );
}

/** Events written before `before`, except those of operations still pending or running (a stream of one replays it from its start). */
function eventsBefore(tx: Pick<Db, 'select'>, before: string): SQL | undefined {
  return and(
    lt(s.events.at, before),
    or(isNull(s.events.operationId), notInArray(s.events.operationId, tx.select({ id: s.operations.id }).from(s.operations).where(inArray(s.operations.state, ACTIVE_OPERATION_STATES)))),
  );
}

export function createSqliteStore(db: Db, client: Database.Database, options: SqliteStoreOptions): Store {
  /** One synchronous write transaction that takes the write lock up front. */
  const write = <T>(fn: (tx: Tx) => T): T => db.transaction(fn, { behavior: 'immediate' });
  /**
   * The reads requests make, prepared once per shape of their filter. Built
   * anew on each call, drizzle spends more time making the SQL text than
   * SQLite spends answering it, and better-sqlite3 compiles a new statement
   * whose native memory is freed only when V8 collects it, which let a busy
   * server's RSS climb by hundreds of MB.
   */
  const preparedReads = new Map<string, unknown>();
  const prepared = <T>(key: string, build: () => T): T => {
    let query = preparedReads.get(key) as T | undefined;
    if (query === undefined) {
      query = build();
      preparedReads.set(key, query);
    }
    return query;
  };
  const p = (name: string) => sql.placeholder(name);
  let dataVersionQueries: { readonly others: Database.Statement; readonly own: Database.Statement } | undefined;
  /** The idempotency reservation of (principal, key) held under `token`. */
  const reservation = (principal: string, key: string, token: string) =>
    and(eq(s.idempotency.principal, principal), eq(s.idempotency.key, key), eq(s.idempotency.status, IDEMPOTENCY_RESERVED), eq(s.idempotency.body, token));

  const appendAudit = (tx: Tx | Db, entry: AuditInput | undefined) => {
    if (entry === undefined) return undefined;
    return toAuditRow(tx.insert(s.audit).values(auditValues(entry)).returning().get());
  };
  const appendEvent = (tx: Tx | Db, event: EventInput): EventRow => {
    const row = tx
      .insert(s.events)
      .values({ operationId: event.operationId, type: event.type, at: event.at, data: event.data ?? null })
      .returning()
      .get();
    return row;
  };

  /** The row of operation `id`, narrowed to its lease holder and to some states when given. */
  const operationMatch = (id: string, options: { owner?: string; onlyIfState?: readonly OperationState[] } | undefined): SQL =>
    and(
      eq(s.operations.id, id),
      options?.owner === undefined ? undefined : eq(s.operations.leaseOwner, options.owner),
      options?.onlyIfState === undefined
        ? undefined
        : options.onlyIfState.length === 0
          ? sql`false`
          : inArray(s.operations.state, [...options.onlyIfState]),
    )!;
  /** A compare-and-set operation update (an empty patch only checks); undefined when it did not match. */
  const updateOperation = (
    tx: Tx,
    id: string,
    patch: Partial<Omit<OperationRow, 'id'>>,
    options: { owner?: string; onlyIfState?: readonly OperationState[] } | undefined,
  ): OperationRow | undefined => {
    const match = operationMatch(id, options);
    const values = pickPatch(patch, OPERATION_PATCH_KEYS);
    return Object.keys(values).length === 0
      ? tx.select().from(s.operations).where(match).get()
      : tx.update(s.operations).set(values).where(match).returning().get();
  };
  const findByLock = (lockKey: string): OperationRow | undefined =>
    db
      .select()
      .from(s.operations)
      .where(and(eq(s.operations.lockKey, lockKey), inArray(s.operations.state, [...ACTIVE_OPERATION_STATES])))
      .get();
  /** The active operation holding the lock key an operation change ran into, if that is what it hit. */
  const lockHolder = async (change: Change): Promise<string | undefined> => {
    const lockKey = await lockKeyOf(change, async (id) => (await store.operations.get(id))?.lockKey);
    return lockKey == null ? undefined : findByLock(lockKey)?.id;
  };
  /** Turns a unique violation of an operation write into StoreConflictError naming the lock's holder. */
  const operationConflict = async (error: unknown, change: Change, what: string): Promise<never> => {
    if (!isUniqueViolation(error)) throw error;
    const holder = await lockHolder(change);
    const message = holder === undefined ? `${what} already exists` : `${what}: its lock is held by operation ${holder}`;
    throw new StoreConflictError(message, { cause: error, existing: holder });
  };
  /** Applies one change of a unit of work; false when its compare-and-set did not match. */
  const apply = (tx: Tx, change: Change): boolean => {
    switch (change.kind) {
      case 'install.insert':
        tx.insert(s.installs).values(change.row).run();
        return true;
      case 'install.update':
        return (
          tx
            .update(s.installs)
            .set({ ...pickPatch(change.patch, INSTALL_PATCH_KEYS), revision: change.expectedRevision + 1 })
            .where(and(eq(s.installs.environment, change.environment), eq(s.installs.name, change.name), eq(s.installs.revision, change.expectedRevision)))
            .returning({ name: s.installs.name })
            .get() !== undefined
        );
      case 'record.insert':
        tx.insert(s.records).values(change.row).run();
        return true;
      case 'record.update': {
        const match = and(eq(s.records.environment, change.environment), eq(s.records.install, change.install), eq(s.records.number, change.number));
        const values = pickPatch(change.patch, RECORD_PATCH_KEYS);
        const found =
          Object.keys(values).length === 0
            ? tx.select({ number: s.records.number }).from(s.records).where(match).get()
            : tx.update(s.records).set(values).where(match).returning({ number: s.records.number }).get();
        return found !== undefined;
      }
      case 'operation.insert':
        tx.insert(s.operations).values(change.row).run();
        return true;
      case 'operation.update':
        return updateOperation(tx, change.id, change.patch, change) !== undefined;
      case 'event':
        appendEvent(tx, change.event);
        return true;
      case 'audit':
        appendAudit(tx, change.entry);
        return true;
    }
  };

  const store: Store = {
    dialect: 'sqlite',

    async migrate() {
      options.migrate();
    },
    async ping() {
      try {
        return db.get<{ ok: number }>(sql`select 1 as ok`).ok === 1;
      } catch {
        return false;
      }
    },
    async close() {
      if (client.open) client.close();
    },
    dataVersion() {
      // data_version moves when another connection (of this process or another) commits to the file;
      // total_changes counts the rows this connection has written. Together they cover every write.
      dataVersionQueries ??= { others: client.prepare('pragma data_version').pluck(), own: client.prepare('select total_changes()').pluck() };
      return `${dataVersionQueries.others.get() as number}.${dataVersionQueries.own.get() as number}`;
    },

    templates: {
      async insert(row, audit) {
        write((tx) => {
          try {
            tx.insert(s.templates).values(row).run();
          } catch (error) {
            rethrowConflict(error, `template ${row.name}`);
          }
          appendAudit(tx, audit);
        });
      },
      async get(name) {
        return prepared('templates.get', () => db.select().from(s.templates).where(eq(s.templates.name, p('name'))).prepare()).get({ name });
      },
      async list(page) {
        const after = page.after !== undefined;
        return prepared(`templates.list:${after}`, () =>
          db
            .select()
            .from(s.templates)
            .where(after ? gt(s.templates.name, p('after')) : undefined)
            .orderBy(asc(s.templates.name))
            .limit(p('limit'))
            .prepare(),
        ).all({ after: page.after, limit: page.limit });
      },
      async update(name, expectedRevision, patch, audit) {
        return write((tx) => {
          const row = tx
            .update(s.templates)
            .set({ ...pickPatch(patch, TEMPLATE_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.templates.name, name), eq(s.templates.revision, expectedRevision)))
            .returning()
            .get();
          if (row !== undefined) appendAudit(tx, audit);
          return row;
        });
      },
      async delete(name, expectedRevision, audit, options) {
        return write((tx): boolean | TemplateDeleteRefusal => {
          const match =
            expectedRevision === undefined
              ? eq(s.templates.name, name)
              : and(eq(s.templates.name, name), eq(s.templates.revision, expectedRevision));
          const found = tx.select({ name: s.templates.name }).from(s.templates).where(match).get();
          if (found === undefined) return false;
          if (options?.onlyIfDraftsOnly === true) {
            // Under the write lock taken at BEGIN IMMEDIATE: no version can leave draft before the delete below.
            const nonDraftVersions = tx
              .select({ version: s.versions.version, state: s.versions.state })
              .from(s.versions)
              .where(and(eq(s.versions.template, name), ne(s.versions.state, 'draft')))
              .orderBy(asc(s.versions.sortKey), asc(s.versions.version))
              .all();
            if (nonDraftVersions.length > 0) return { nonDraftVersions };
          }
          // version_numbers stays: the numbers remain taken.
          tx.delete(s.versions).where(eq(s.versions.template, name)).run();
          tx.delete(s.templates).where(eq(s.templates.name, name)).run();
          appendAudit(tx, audit);
          return true;
        });
      },
    },

    versions: {
      async insert(row, audit) {
        write((tx) => {
          const precedence = versionNumberKey(row.version);
          try {
            tx.insert(s.versionNumbers).values({ template: row.template, version: row.version, precedence, createdAt: row.createdAt }).run();
            tx.insert(s.versions).values(row).run();
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            const taken = tx
              .select({ version: s.versionNumbers.version })
              .from(s.versionNumbers)
              .where(and(eq(s.versionNumbers.template, row.template), eq(s.versionNumbers.precedence, precedence)))
              .get();
            throw new StoreConflictError(`version ${row.template}@${row.version} already exists`, { cause: error, existing: taken?.version ?? row.version });
          }
          appendAudit(tx, audit);
        });
      },
      async get(template, version) {
        return prepared('versions.get', () =>
          db
            .select()
            .from(s.versions)
            .where(and(eq(s.versions.template, p('template')), eq(s.versions.version, p('version'))))
            .prepare(),
        ).get({ template, version });
      },
      async list(template, page) {
        const after = page.after !== undefined;
        const state = page.state !== undefined;
        return prepared(`versions.list:${after}:${state}`, () =>
          db
            .select()
            .from(s.versions)
            .where(
              and(
                eq(s.versions.template, p('template')),
                after ? gt(s.versions.sortKey, p('after')) : undefined,
                state ? eq(s.versions.state, p('state')) : undefined,
              ),
            )
            .orderBy(asc(s.versions.sortKey), asc(s.versions.version))
            .limit(p('limit'))
            .prepare(),
        ).all({ template, after: page.after, state: page.state, limit: page.limit });
      },
      async update(template, version, expectedRevision, patch, audit) {
        return write((tx) => {
          const row = tx
            .update(s.versions)
            .set({ ...pickPatch(patch, VERSION_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(
              and(eq(s.versions.template, template), eq(s.versions.version, version), eq(s.versions.revision, expectedRevision)),
            )
            .returning()
            .get();
          if (row !== undefined) appendAudit(tx, audit);
          return row;
        });
      },
    },

    async commit(work): Promise<UnitOfWorkResult> {
      let current = -1;
      try {
        write((tx) => {
          if (work.fence !== undefined) {
            const held = tx
              .select({ id: s.operations.id })
              .from(s.operations)
              .where(operationMatch(work.fence.operationId, { owner: work.fence.owner, onlyIfState: ACTIVE_OPERATION_STATES }))
              .get();
            if (held === undefined) throw new UnitOfWorkAbort({ ok: false, why: 'fenced' });
          }
          for (const { index, change } of inApplyOrder(work.changes)) {
            current = index;
            if (!apply(tx, change)) throw new UnitOfWorkAbort({ ok: false, why: 'stale', change: index });
          }
        });
        return { ok: true };
      } catch (error) {
        if (error instanceof UnitOfWorkAbort) return error.result;
        if (current < 0 || !isUniqueViolation(error)) throw error;
        const holder = await lockHolder(work.changes[current]!);
        return holder === undefined ? { ok: false, why: 'conflict', change: current } : { ok: false, why: 'conflict', change: current, holder };
      }
    },

    operations: {
      async insert(row, event, audit) {
        try {
          write((tx) => {
            tx.insert(s.operations).values(row).run();
            if (event !== undefined) appendEvent(tx, event);
            appendAudit(tx, audit);
          });
        } catch (error) {
          await operationConflict(error, { kind: 'operation.insert', row }, `operation ${row.id}`);
        }
      },
      async get(id) {
        return prepared('operations.get', () => db.select().from(s.operations).where(eq(s.operations.id, p('id'))).prepare()).get({ id });
      },
      async list(page) {
        const after = page.after !== undefined;
        const state = page.state !== undefined;
        const kind = page.kind !== undefined;
        return prepared(`operations.list:${after}:${state}:${kind}`, () =>
          db
            .select()
            .from(s.operations)
            .where(
              and(
                after ? lt(s.operations.id, p('after')) : undefined,
                state ? eq(s.operations.state, p('state')) : undefined,
                kind ? eq(s.operations.kind, p('kind')) : undefined,
              ),
            )
            .orderBy(desc(s.operations.id))
            .limit(p('limit'))
            .prepare(),
        ).all({ after: page.after, state: page.state, kind: page.kind, limit: page.limit });
      },
      async update(id, patch, options) {
        try {
          return write((tx) => {
            const row = updateOperation(tx, id, patch, options);
            if (row === undefined) return undefined;
            if (options?.event !== undefined) appendEvent(tx, options.event);
            appendAudit(tx, options?.audit);
            return row;
          });
        } catch (error) {
          return operationConflict(error, { kind: 'operation.update', id, patch }, `operation ${id}`);
        }
      },
      async claim(owner, now, leaseExpiresAt, kinds) {
        if (kinds.length === 0) return undefined;
        return write((tx) => {
          const next = tx
            .select({ id: s.operations.id })
            .from(s.operations)
            .where(
              and(
                inArray(s.operations.kind, [...kinds]),
                or(
                  eq(s.operations.state, 'pending'),
                  and(
                    eq(s.operations.state, 'running'),
                    or(isNull(s.operations.leaseExpiresAt), lte(s.operations.leaseExpiresAt, now)),
                  ),
                ),
              ),
            )
            .orderBy(asc(s.operations.id))
            .limit(1)
            .get();
          if (next === undefined) return undefined;
          return tx
            .update(s.operations)
            .set({
              state: 'running',
              leaseOwner: owner,
              leaseExpiresAt,
              attempts: sql`${s.operations.attempts} + 1`,
              startedAt: sql`coalesce(${s.operations.startedAt}, ${now})`,
              updatedAt: now,
            })
            .where(eq(s.operations.id, next.id))
            .returning()
            .get();
        });
      },
      async renewLease(id, owner, leaseExpiresAt) {
        const result = write((tx) =>
          tx
            .update(s.operations)
            .set({ leaseExpiresAt })
            .where(and(eq(s.operations.id, id), eq(s.operations.leaseOwner, owner), eq(s.operations.state, 'running')))
            .run(),
        );
        return result.changes > 0;
      },
      async releaseLease(id, owner) {
        const result = write((tx) =>
          tx
            .update(s.operations)
            .set({ leaseOwner: null, leaseExpiresAt: null })
            .where(and(eq(s.operations.id, id), eq(s.operations.leaseOwner, owner)))
            .run(),
        );
        return result.changes > 0;
      },
      async findActive(kind, subject) {
        const rows = db
          .select()
          .from(s.operations)
          .where(and(eq(s.operations.kind, kind), or(eq(s.operations.state, 'pending'), eq(s.operations.state, 'running'))))
          .orderBy(asc(s.operations.id))
          .all();
        return rows.filter((row) => Object.entries(subject).every(([k, v]) => row.subject[k] === v));
      },
      async findByLock(lockKey) {
        return findByLock(lockKey);
      },
      async countActive() {
        const rows = db
          .select({ kind: s.operations.kind, state: s.operations.state, count: count() })
          .from(s.operations)
          .where(inArray(s.operations.state, [...ACTIVE_OPERATION_STATES]))
          .groupBy(s.operations.kind, s.operations.state)
          .orderBy(asc(s.operations.kind), asc(s.operations.state))
          .all();
        return rows as { kind: string; state: 'pending' | 'running'; count: number }[];
      },
      async purgeFinishedBefore(before) {
        return write((tx) => tx.delete(s.operations).where(finishedBefore(tx, before)).run().changes);
      },
    },

    clusters: {
      async insert(row, audit) {
        write((tx) => {
          try {
            tx.insert(s.clusters).values(row).run();
          } catch (error) {
            rethrowConflict(error, `cluster ${row.name}`);
          }
          appendAudit(tx, audit);
        });
      },
      async get(name) {
        return db.select().from(s.clusters).where(eq(s.clusters.name, name)).get();
      },
      async list(page) {
        return db
          .select()
          .from(s.clusters)
          .where(page.after === undefined ? undefined : gt(s.clusters.name, page.after))
          .orderBy(asc(s.clusters.name))
          .limit(page.limit)
          .all();
      },
      async update(name, expectedRevision, patch, audit) {
        return write((tx) => {
          const row = tx
            .update(s.clusters)
            .set({ ...pickPatch(patch, CLUSTER_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.clusters.name, name), eq(s.clusters.revision, expectedRevision)))
            .returning()
            .get();
          if (row !== undefined) appendAudit(tx, audit);
          return row;
        });
      },
      async setHealth(name, health) {
        write((tx) => tx.update(s.clusters).set({ health: health ?? null }).where(eq(s.clusters.name, name)).run());
      },
      async delete(name, expectedRevision, audit) {
        return write((tx) => {
          const match = expectedRevision === undefined ? eq(s.clusters.name, name) : and(eq(s.clusters.name, name), eq(s.clusters.revision, expectedRevision));
          if (tx.delete(s.clusters).where(match).run().changes === 0) return false;
          appendAudit(tx, audit);
          return true;
        });
      },
    },

    environments: {
      async insert(row, audit) {
        write((tx) => {
          try {
            tx.insert(s.environments).values(row).run();
          } catch (error) {
            rethrowConflict(error, `environment ${row.name}`);
          }
          appendAudit(tx, audit);
        });
      },
      async get(name) {
        return db.select().from(s.environments).where(eq(s.environments.name, name)).get();
      },
      async list(page) {
        if (page.names?.length === 0) return [];
        return db
          .select()
          .from(s.environments)
          .where(
            and(
              page.after === undefined ? undefined : gt(s.environments.name, page.after),
              page.names === undefined ? undefined : inArray(s.environments.name, [...page.names]),
              page.cluster === undefined ? undefined : eq(s.environments.cluster, page.cluster),
            ),
          )
          .orderBy(asc(s.environments.name))
          .limit(page.limit)
          .all();
      },
      async update(name, expectedRevision, patch, audit) {
        return write((tx) => {
          const row = tx
            .update(s.environments)
            .set({ ...pickPatch(patch, ENVIRONMENT_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.environments.name, name), eq(s.environments.revision, expectedRevision)))
            .returning()
            .get();
          if (row !== undefined) appendAudit(tx, audit);
          return row;
        });
      },
      async delete(name, expectedRevision, audit) {
        return write((tx) => {
          const match =
            expectedRevision === undefined ? eq(s.environments.name, name) : and(eq(s.environments.name, name), eq(s.environments.revision, expectedRevision));
          if (tx.select({ name: s.environments.name }).from(s.environments).where(match).get() === undefined) return 'changed' as const;
          const active = tx
            .select({ n: count() })
            .from(s.installs)
            .where(and(eq(s.installs.environment, name), ne(s.installs.state, 'uninstalled')))
            .get();
          if ((active?.n ?? 0) > 0) return { inUse: active!.n };
          tx.delete(s.records).where(eq(s.records.environment, name)).run();
          tx.delete(s.installs).where(eq(s.installs.environment, name)).run();
          tx.delete(s.environments).where(match).run();
          appendAudit(tx, audit);
          return 'deleted' as const;
        });
      },
    },

    installs: {
      async get(environment, name) {
        return prepared('installs.get', () =>
          db
            .select()
            .from(s.installs)
            .where(and(eq(s.installs.environment, p('environment')), eq(s.installs.name, p('name'))))
            .prepare(),
        ).get({ environment, name });
      },
      async list(environment, page) {
        const after = page.after !== undefined;
        return prepared(`installs.list:${after}`, () =>
          db
            .select()
            .from(s.installs)
            .where(and(eq(s.installs.environment, p('environment')), after ? gt(s.installs.name, p('after')) : undefined))
            .orderBy(asc(s.installs.name))
            .limit(p('limit'))
            .prepare(),
        ).all({ environment, after: page.after, limit: page.limit });
      },
      async countActive(filter) {
        if (filter.environments?.length === 0) return 0;
        const row = db
          .select({ n: count() })
          .from(s.installs)
          .where(
            and(
              ne(s.installs.state, 'uninstalled'),
              filter.environment === undefined ? undefined : eq(s.installs.environment, filter.environment),
              filter.environments === undefined ? undefined : inArray(s.installs.environment, [...filter.environments]),
            ),
          )
          .get();
        return row?.n ?? 0;
      },
    },

    records: {
      async get(environment, install, number) {
        return prepared('records.get', () =>
          db
            .select()
            .from(s.records)
            .where(and(eq(s.records.environment, p('environment')), eq(s.records.install, p('install')), eq(s.records.number, p('number'))))
            .prepare(),
        ).get({ environment, install, number });
      },
      async list(environment, install, page) {
        const after = recordCursor(page.after);
        if (after === null) return [];
        return prepared(`records.list:${after !== undefined}`, () =>
          db
            .select()
            .from(s.records)
            .where(and(eq(s.records.environment, p('environment')), eq(s.records.install, p('install')), after === undefined ? undefined : lt(s.records.number, p('after'))))
            .orderBy(desc(s.records.number))
            .limit(p('limit'))
            .prepare(),
        ).all({ environment, install, after, limit: page.limit });
      },
    },

    events: {
      async append(event) {
        return write((tx) => appendEvent(tx, event));
      },
      async listAfter(afterSeq, options) {
        const one = options.operationId !== undefined;
        return prepared(`events.listAfter:${one}`, () =>
          db
            .select()
            .from(s.events)
            .where(and(gt(s.events.seq, p('afterSeq')), one ? eq(s.events.operationId, p('operationId')) : undefined))
            .orderBy(asc(s.events.seq))
            .limit(p('limit'))
            .prepare(),
        ).all({ afterSeq, operationId: options.operationId, limit: options.limit });
      },
      async lastSeq() {
        const row = db.select({ seq: s.events.seq }).from(s.events).orderBy(desc(s.events.seq)).limit(1).get();
        return row?.seq ?? 0;
      },
      async purgeBefore(before) {
        return write((tx) => tx.delete(s.events).where(eventsBefore(tx, before)).run().changes);
      },
    },

    audit: {
      async append(entry) {
        return write((tx) => appendAudit(tx, entry)!);
      },
      async list(query) {
        const { shape, values } = auditParams(query);
        return prepared(`audit.list:${shape}`, () =>
          db.select().from(s.audit).where(auditWhere(s.audit, query, p)).orderBy(auditOrder(s.audit, query)).limit(p('limit')).prepare(),
        )
          .all({ ...values, limit: query.limit })
          .map(toAuditRow);
      },
    },

    tokens: {
      async insert(row, audit) {
        write((tx) => {
          try {
            tx.insert(s.tokens).values(row).run();
          } catch (error) {
            rethrowConflict(error, `token ${row.id}`);
          }
          appendAudit(tx, audit);
        });
      },
      async get(id) {
        return db.select().from(s.tokens).where(eq(s.tokens.id, id)).get();
      },
      async getBySecretHash(hash) {
        return prepared('tokens.getBySecretHash', () => db.select().from(s.tokens).where(eq(s.tokens.secretHash, p('hash'))).prepare()).get({ hash });
      },
      async list(page) {
        return db
          .select()
          .from(s.tokens)
          .where(and(isNull(s.tokens.revokedAt), page.after === undefined ? undefined : gt(s.tokens.id, page.after)))
          .orderBy(asc(s.tokens.id))
          .limit(page.limit)
          .all();
      },
      async revoke(id, at, options) {
        // BEGIN IMMEDIATE: no other revoke, in this process or another, runs between the check and the update.
        return write((tx): TokenRevokeResult => {
          const target = tx.select().from(s.tokens).where(and(eq(s.tokens.id, id), isNull(s.tokens.revokedAt))).get();
          if (target === undefined) return 'not-found';
          const role = options?.keepActive;
          if (role !== undefined && target.roles.includes(role) && isTokenActive(target, at)) {
            const live = tx.select({ id: s.tokens.id, roles: s.tokens.roles, expiresAt: s.tokens.expiresAt, revokedAt: s.tokens.revokedAt }).from(s.tokens).where(isNull(s.tokens.revokedAt)).all();
            if (!live.some((t) => t.id !== id && t.roles.includes(role) && isTokenActive(t, at))) return 'last-active';
          }
          tx.update(s.tokens).set({ revokedAt: at }).where(eq(s.tokens.id, id)).run();
          appendAudit(tx, options?.audit);
          return 'revoked';
        });
      },
      async touch(id, at) {
        write((tx) => tx.update(s.tokens).set({ lastUsedAt: at }).where(eq(s.tokens.id, id)).run());
      },
      async count() {
        return db.select({ n: count() }).from(s.tokens).get()?.n ?? 0;
      },
    },

    idempotency: {
      async get(principal, key) {
        return db
          .select()
          .from(s.idempotency)
          .where(and(eq(s.idempotency.principal, principal), eq(s.idempotency.key, key)))
          .get();
      },
      async put(record) {
        return write((tx) => {
          tx.insert(s.idempotency).values(record).onConflictDoNothing().run();
          return tx
            .select()
            .from(s.idempotency)
            .where(and(eq(s.idempotency.principal, record.principal), eq(s.idempotency.key, record.key)))
            .get()!;
        });
      },
      async complete(principal, key, token, outcome) {
        return write((tx) => tx.update(s.idempotency).set(outcome).where(reservation(principal, key, token)).run().changes === 1);
      },
      async takeOver(principal, key, staleToken, next) {
        return write((tx) => tx.update(s.idempotency).set(next).where(reservation(principal, key, staleToken)).run().changes === 1);
      },
      async release(principal, key, token) {
        return write((tx) => tx.delete(s.idempotency).where(reservation(principal, key, token)).run().changes === 1);
      },
      async purgeExpired(now) {
        return write((tx) => tx.delete(s.idempotency).where(lte(s.idempotency.expiresAt, now)).run().changes);
      },
    },

    settings: {
      async get(key) {
        return db.select().from(s.settings).where(eq(s.settings.key, key)).get();
      },
      async put(key, value, at, expectedRevision, audit) {
        return write((tx) => {
          const current = tx.select().from(s.settings).where(eq(s.settings.key, key)).get();
          if (expectedRevision !== undefined && (current?.revision ?? 0) !== expectedRevision) return undefined;
          const row = { key, value: value ?? null, revision: (current?.revision ?? 0) + 1, updatedAt: at };
          if (current === undefined) tx.insert(s.settings).values(row).run();
          else tx.update(s.settings).set(row).where(eq(s.settings.key, key)).run();
          appendAudit(tx, audit);
          return row;
        });
      },
    },

    sourceCredentials: {
      async list() {
        return db.select().from(s.sourceCredentials).orderBy(asc(s.sourceCredentials.host)).all();
      },
      async get(host) {
        return db.select().from(s.sourceCredentials).where(eq(s.sourceCredentials.host, host)).get();
      },
      async put(row, audit, expectedRevision) {
        return write((tx) => {
          const current = tx.select({ revision: s.sourceCredentials.revision }).from(s.sourceCredentials).where(eq(s.sourceCredentials.host, row.host)).get();
          if (expectedRevision !== undefined && (current?.revision ?? 0) !== expectedRevision) return undefined;
          const stored = { ...row, revision: (current?.revision ?? 0) + 1 };
          if (current === undefined) tx.insert(s.sourceCredentials).values(stored).run();
          else tx.update(s.sourceCredentials).set(stored).where(eq(s.sourceCredentials.host, row.host)).run();
          appendAudit(tx, audit);
          return stored;
        });
      },
      async delete(host, audit, expectedRevision) {
        return write((tx) => {
          const match = and(eq(s.sourceCredentials.host, host), expectedRevision === undefined ? undefined : eq(s.sourceCredentials.revision, expectedRevision));
          const result = tx.delete(s.sourceCredentials).where(match).run();
          if (result.changes === 0) return false;
          appendAudit(tx, audit);
          return true;
        });
      },
    },
  };
  return store;
}
