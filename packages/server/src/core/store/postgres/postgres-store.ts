/**
 * The PostgreSQL adapter of the store port (pg through drizzle), for several
 * server replicas on one database.
 *
 * - `claim` locks its candidate row with FOR UPDATE SKIP LOCKED, so replicas
 *   claiming at once each take a different operation and never wait on one
 *   another.
 * - Event and audit `seq` are identity columns. An identity value is taken at
 *   insert time but becomes visible at commit, so two concurrent transactions
 *   can commit seq 6 before seq 5; a reader polling "after seq 4" would see 6,
 *   move its cursor there and never see 5 (an SSE client would miss an event
 *   for good). Every append therefore takes a transaction-level advisory lock
 *   first, held until commit: seq order equals commit order. Appends are short,
 *   so serialising them costs little. Locks are always taken after the row
 *   changes of the same transaction and events before audit, so the order is
 *   the same everywhere and cannot deadlock.
 * - Updates are compare-and-set in one UPDATE ... WHERE revision = n, which
 *   PostgreSQL re-checks on the locked row under READ COMMITTED.
 * - `commit` runs a unit of work in one transaction. Its fence locks the
 *   operation row FOR UPDATE before checking the lease, so no claim can move
 *   the lease between the check and the writes. Its row changes come first and
 *   its events and audit entries last (`unit-of-work.ts`), keeping the lock
 *   order above.
 */
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
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
import { recordCursor } from '../record-cursor.js';
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
import { ACTIVE_OPERATION_STATES, UnitOfWorkAbort, inApplyOrder, lockKeyOf } from '../unit-of-work.js';
import { isUniqueViolation, rethrowConflict } from '../unique-violation.js';
import { versionNumberKey } from '../version-number-key.js';
import * as s from './schema.js';

type Db = NodePgDatabase<typeof s>;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Advisory lock keys (arbitrary, fixed): "carv" followed by a number. */
const EVENTS_LOCK = 0x63617276_0001;
const AUDIT_LOCK = 0x63617276_0002;

/** Thrown inside a transaction to roll it back when a delete is refused. */
class RefusedDelete extends Error {}

export interface PostgresStoreOptions {
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** See `Store.dataVersion`; needs the pool, which the store does not otherwise see. */
  dataVersion?(): Promise<string>;
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

export function createPostgresStore(db: Db, options: PostgresStoreOptions): Store {
  /**
   * The reads requests make, as named prepared statements, one per shape of
   * their filter. Built anew on each call, drizzle spent more of the server's
   * time making the SQL text than it spent on the rows, and PostgreSQL parsed
   * and planned every query again; now drizzle builds each shape once, and each
   * pooled connection parses it once (pg keeps track of which it has).
   */
  const preparedReads = new Map<string, unknown>();
  const prepared = <T>(key: string, build: (name: string) => T): T => {
    let query = preparedReads.get(key) as T | undefined;
    if (query === undefined) {
      query = build(`caravan.${key}`);
      preparedReads.set(key, query);
    }
    return query;
  };
  const p = (name: string) => sql.placeholder(name);
  /** The idempotency reservation of (principal, key) held under `token`. */
  const reservation = (principal: string, key: string, token: string) =>
    and(eq(s.idempotency.principal, principal), eq(s.idempotency.key, key), eq(s.idempotency.status, IDEMPOTENCY_RESERVED), eq(s.idempotency.body, token));
  const appendAudit = async (tx: Tx, entry: AuditInput | undefined) => {
    if (entry === undefined) return undefined;
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK}::bigint)`);
    const [row] = await tx.insert(s.audit).values(auditValues(entry)).returning();
    return toAuditRow(row!);
  };
  const appendEvent = async (tx: Tx, event: EventInput): Promise<EventRow> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${EVENTS_LOCK}::bigint)`);
    const [row] = await tx
      .insert(s.events)
      .values({ operationId: event.operationId, type: event.type, at: event.at, data: event.data ?? null })
      .returning();
    return row!;
  };
  /** Runs `fn` in a transaction, turning a unique violation into StoreConflictError. */
  const insertTx = async (what: string, fn: (tx: Tx) => Promise<void>) => {
    try {
      await db.transaction(fn);
    } catch (error) {
      rethrowConflict(error, what);
    }
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
  /** A compare-and-set operation update (an empty patch only checks, locking the row); undefined when it did not match. */
  const updateOperation = async (
    tx: Tx,
    id: string,
    patch: Partial<Omit<OperationRow, 'id'>>,
    options: { owner?: string; onlyIfState?: readonly OperationState[] } | undefined,
  ): Promise<OperationRow | undefined> => {
    const match = operationMatch(id, options);
    const values = pickPatch(patch, OPERATION_PATCH_KEYS);
    const [row] =
      Object.keys(values).length === 0
        ? await tx.select().from(s.operations).where(match).for('update')
        : await tx.update(s.operations).set(values).where(match).returning();
    return row;
  };
  const findByLock = async (lockKey: string): Promise<OperationRow | undefined> => {
    const [row] = await db
      .select()
      .from(s.operations)
      .where(and(eq(s.operations.lockKey, lockKey), inArray(s.operations.state, [...ACTIVE_OPERATION_STATES])));
    return row;
  };
  /**
   * The active operation holding the lock key an operation change ran into, if
   * that is what it hit. Read after the rollback: the holder is committed (a
   * unique check waits for the other transaction to end before it fails).
   */
  const lockHolder = async (change: Change): Promise<string | undefined> => {
    const lockKey = await lockKeyOf(change, async (id) => (await store.operations.get(id))?.lockKey);
    return lockKey == null ? undefined : (await findByLock(lockKey))?.id;
  };
  /** Turns a unique violation of an operation write into StoreConflictError naming the lock's holder. */
  const operationConflict = async (error: unknown, change: Change, what: string): Promise<never> => {
    if (!isUniqueViolation(error)) throw error;
    const holder = await lockHolder(change);
    const message = holder === undefined ? `${what} already exists` : `${what}: its lock is held by operation ${holder}`;
    throw new StoreConflictError(message, { cause: error, existing: holder });
  };
  /** Applies one change of a unit of work; false when its compare-and-set did not match. */
  const apply = async (tx: Tx, change: Change): Promise<boolean> => {
    switch (change.kind) {
      case 'install.insert':
        await tx.insert(s.installs).values(change.row);
        return true;
      case 'install.update': {
        const rows = await tx
          .update(s.installs)
          .set({ ...pickPatch(change.patch, INSTALL_PATCH_KEYS), revision: change.expectedRevision + 1 })
          .where(and(eq(s.installs.environment, change.environment), eq(s.installs.name, change.name), eq(s.installs.revision, change.expectedRevision)))
          .returning({ name: s.installs.name });
        return rows.length > 0;
      }
      case 'record.insert':
        await tx.insert(s.records).values(change.row);
        return true;
      case 'record.update': {
        const match = and(eq(s.records.environment, change.environment), eq(s.records.install, change.install), eq(s.records.number, change.number));
        const values = pickPatch(change.patch, RECORD_PATCH_KEYS);
        const rows =
          Object.keys(values).length === 0
            ? await tx.select({ number: s.records.number }).from(s.records).where(match).for('update')
            : await tx.update(s.records).set(values).where(match).returning({ number: s.records.number });
        return rows.length > 0;
      }
      case 'operation.insert':
        await tx.insert(s.operations).values(change.row);
        return true;
      case 'operation.update':
        return (await updateOperation(tx, change.id, change.patch, change)) !== undefined;
      case 'event':
        await appendEvent(tx, change.event);
        return true;
      case 'audit':
        await appendAudit(tx, change.entry);
        return true;
    }
  };

  const store: Store = {
    dialect: 'postgres',
    migrate: options.migrate,
    ping: options.ping,
    close: options.close,
    ...(options.dataVersion ? { dataVersion: options.dataVersion } : {}),

    templates: {
      async insert(row, audit) {
        await insertTx(`template ${row.name}`, async (tx) => {
          await tx.insert(s.templates).values(row);
          await appendAudit(tx, audit);
        });
      },
      async get(name) {
        const [row] = await prepared('templates.get', (n) => db.select().from(s.templates).where(eq(s.templates.name, p('name'))).prepare(n)).execute({ name });
        return row;
      },
      async list(page) {
        const after = page.after !== undefined;
        return prepared(`templates.list:${after}`, (n) =>
          db
            .select()
            .from(s.templates)
            .where(after ? gt(s.templates.name, p('after')) : undefined)
            .orderBy(asc(s.templates.name))
            .limit(p('limit'))
            .prepare(n),
        ).execute({ after: page.after, limit: page.limit });
      },
      async update(name, expectedRevision, patch, audit) {
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(s.templates)
            .set({ ...pickPatch(patch, TEMPLATE_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.templates.name, name), eq(s.templates.revision, expectedRevision)))
            .returning();
          if (row !== undefined) await appendAudit(tx, audit);
          return row;
        });
      },
      async delete(name, expectedRevision, audit, options) {
        const refused = new Map<string, TemplateDeleteRefusal>();
        try {
          return await db.transaction(async (tx) => {
            const match =
              expectedRevision === undefined
                ? eq(s.templates.name, name)
                : and(eq(s.templates.name, name), eq(s.templates.revision, expectedRevision));
            const [found] = await tx.select({ name: s.templates.name }).from(s.templates).where(match).for('update');
            if (found === undefined) return false;
            // version_numbers stays: the numbers remain taken.
            // The delete is the check: it locks each version row and sees its committed state, so a draft that a
            // concurrent publish moved on (committed first) comes back here, and a publish that comes later finds
            // its row gone. A version past draft rolls the whole delete back.
            const deleted = await tx
              .delete(s.versions)
              .where(eq(s.versions.template, name))
              .returning({ version: s.versions.version, state: s.versions.state, sortKey: s.versions.sortKey });
            if (options?.onlyIfDraftsOnly === true) {
              const nonDraft = deleted.filter((v) => v.state !== 'draft');
              if (nonDraft.length > 0) {
                nonDraft.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.version < b.version ? -1 : 1));
                refused.set(name, { nonDraftVersions: nonDraft.map((v) => ({ version: v.version, state: v.state })) });
                throw new RefusedDelete();
              }
            }
            await tx.delete(s.templates).where(eq(s.templates.name, name));
            await appendAudit(tx, audit);
            return true;
          });
        } catch (error) {
          const refusal = refused.get(name);
          if (error instanceof RefusedDelete && refusal !== undefined) return refusal;
          throw error;
        }
      },
    },

    versions: {
      async insert(row, audit) {
        const precedence = versionNumberKey(row.version);
        try {
          await db.transaction(async (tx) => {
            await tx.insert(s.versionNumbers).values({ template: row.template, version: row.version, precedence, createdAt: row.createdAt });
            await tx.insert(s.versions).values(row);
            await appendAudit(tx, audit);
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // The transaction is gone; the number that won is committed, so a fresh read finds it.
          const [taken] = await db
            .select({ version: s.versionNumbers.version })
            .from(s.versionNumbers)
            .where(and(eq(s.versionNumbers.template, row.template), eq(s.versionNumbers.precedence, precedence)));
          throw new StoreConflictError(`version ${row.template}@${row.version} already exists`, { cause: error, existing: taken?.version ?? row.version });
        }
      },
      async get(template, version) {
        const [row] = await prepared('versions.get', (n) =>
          db
            .select()
            .from(s.versions)
            .where(and(eq(s.versions.template, p('template')), eq(s.versions.version, p('version'))))
            .prepare(n),
        ).execute({ template, version });
        return row;
      },
      async list(template, page) {
        const after = page.after !== undefined;
        const state = page.state !== undefined;
        return prepared(`versions.list:${after}:${state}`, (n) =>
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
            .prepare(n),
        ).execute({ template, after: page.after, state: page.state, limit: page.limit });
      },
      async update(template, version, expectedRevision, patch, audit) {
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(s.versions)
            .set({ ...pickPatch(patch, VERSION_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(
              and(eq(s.versions.template, template), eq(s.versions.version, version), eq(s.versions.revision, expectedRevision)),
            )
            .returning();
          if (row !== undefined) await appendAudit(tx, audit);
          return row;
        });
      },
    },

    async commit(work): Promise<UnitOfWorkResult> {
      let current = -1;
      try {
        await db.transaction(async (tx) => {
          if (work.fence !== undefined) {
            // Locked first: a claim (SKIP LOCKED) passes this row by until we commit, so the lease cannot move
            // between this check and the writes; a claim that got here first is waited for and then seen.
            const [op] = await tx
              .select({ leaseOwner: s.operations.leaseOwner, state: s.operations.state })
              .from(s.operations)
              .where(eq(s.operations.id, work.fence.operationId))
              .for('update');
            if (op === undefined || op.leaseOwner !== work.fence.owner || !ACTIVE_OPERATION_STATES.includes(op.state)) {
              throw new UnitOfWorkAbort({ ok: false, why: 'fenced' });
            }
          }
          for (const { index, change } of inApplyOrder(work.changes)) {
            current = index;
            if (!(await apply(tx, change))) throw new UnitOfWorkAbort({ ok: false, why: 'stale', change: index });
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
          await db.transaction(async (tx) => {
            await tx.insert(s.operations).values(row);
            if (event !== undefined) await appendEvent(tx, event);
            await appendAudit(tx, audit);
          });
        } catch (error) {
          await operationConflict(error, { kind: 'operation.insert', row }, `operation ${row.id}`);
        }
      },
      async get(id) {
        const [row] = await prepared('operations.get', (n) => db.select().from(s.operations).where(eq(s.operations.id, p('id'))).prepare(n)).execute({ id });
        return row;
      },
      async list(page) {
        const after = page.after !== undefined;
        const state = page.state !== undefined;
        const kind = page.kind !== undefined;
        return prepared(`operations.list:${after}:${state}:${kind}`, (n) =>
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
            .prepare(n),
        ).execute({ after: page.after, state: page.state, kind: page.kind, limit: page.limit });
      },
      async update(id, patch, options) {
        try {
          return await db.transaction(async (tx) => {
            const row = await updateOperation(tx, id, patch, options);
            if (row === undefined) return undefined;
            if (options?.event !== undefined) await appendEvent(tx, options.event);
            await appendAudit(tx, options?.audit);
            return row;
          });
        } catch (error) {
          return operationConflict(error, { kind: 'operation.update', id, patch }, `operation ${id}`);
        }
      },
      async claim(owner, now, leaseExpiresAt, kinds) {
        if (kinds.length === 0) return undefined;
        return db.transaction(async (tx) => {
          const [next] = await tx
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
            .for('update', { skipLocked: true });
          if (next === undefined) return undefined;
          const [row] = await tx
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
            .returning();
          return row;
        });
      },
      async renewLease(id, owner, leaseExpiresAt) {
        const rows = await db
          .update(s.operations)
          .set({ leaseExpiresAt })
          .where(and(eq(s.operations.id, id), eq(s.operations.leaseOwner, owner), eq(s.operations.state, 'running')))
          .returning({ id: s.operations.id });
        return rows.length > 0;
      },
      async releaseLease(id, owner) {
        const rows = await db
          .update(s.operations)
          .set({ leaseOwner: null, leaseExpiresAt: null })
          .where(and(eq(s.operations.id, id), eq(s.operations.leaseOwner, owner)))
          .returning({ id: s.operations.id });
        return rows.length > 0;
      },
      async findActive(kind, subject) {
        return db
          .select()
          .from(s.operations)
          .where(
            and(
              eq(s.operations.kind, kind),
              or(eq(s.operations.state, 'pending'), eq(s.operations.state, 'running')),
              sql`${s.operations.subject} @> ${JSON.stringify(subject)}::jsonb`,
            ),
          )
          .orderBy(asc(s.operations.id));
      },
      async findByLock(lockKey) {
        return findByLock(lockKey);
      },
      async countActive() {
        const rows = await db
          .select({ kind: s.operations.kind, state: s.operations.state, count: count() })
          .from(s.operations)
          .where(inArray(s.operations.state, [...ACTIVE_OPERATION_STATES]))
          .groupBy(s.operations.kind, s.operations.state)
          .orderBy(asc(s.operations.kind), asc(s.operations.state));
        return rows as { kind: string; state: 'pending' | 'running'; count: number }[];
      },
      async purgeFinishedBefore(before) {
        const rows = await db.delete(s.operations).where(finishedBefore(db, before)).returning({ id: s.operations.id });
        return rows.length;
      },
    },

    clusters: {
      async insert(row, audit) {
        await insertTx(`cluster ${row.name}`, async (tx) => {
          await tx.insert(s.clusters).values(row);
          await appendAudit(tx, audit);
        });
      },
      async get(name) {
        const [row] = await db.select().from(s.clusters).where(eq(s.clusters.name, name));
        return row;
      },
      async list(page) {
        return db
          .select()
          .from(s.clusters)
          .where(page.after === undefined ? undefined : gt(s.clusters.name, page.after))
          .orderBy(asc(s.clusters.name))
          .limit(page.limit);
      },
      async update(name, expectedRevision, patch, audit) {
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(s.clusters)
            .set({ ...pickPatch(patch, CLUSTER_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.clusters.name, name), eq(s.clusters.revision, expectedRevision)))
            .returning();
          if (row !== undefined) await appendAudit(tx, audit);
          return row;
        });
      },
      async setHealth(name, health) {
        await db.update(s.clusters).set({ health: health ?? null }).where(eq(s.clusters.name, name));
      },
      async delete(name, expectedRevision, audit) {
        return db.transaction(async (tx) => {
          const match = expectedRevision === undefined ? eq(s.clusters.name, name) : and(eq(s.clusters.name, name), eq(s.clusters.revision, expectedRevision));
          const rows = await tx.delete(s.clusters).where(match).returning({ name: s.clusters.name });
          if (rows.length === 0) return false;
          await appendAudit(tx, audit);
          return true;
        });
      },
    },

    environments: {
      async insert(row, audit) {
        await insertTx(`environment ${row.name}`, async (tx) => {
          await tx.insert(s.environments).values(row);
          await appendAudit(tx, audit);
        });
      },
      async get(name) {
        const [row] = await db.select().from(s.environments).where(eq(s.environments.name, name));
        return row;
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
          .limit(page.limit);
      },
      async update(name, expectedRevision, patch, audit) {
        return db.transaction(async (tx) => {
          const [row] = await tx
            .update(s.environments)
            .set({ ...pickPatch(patch, ENVIRONMENT_PATCH_KEYS), revision: expectedRevision + 1 })
            .where(and(eq(s.environments.name, name), eq(s.environments.revision, expectedRevision)))
            .returning();
          if (row !== undefined) await appendAudit(tx, audit);
          return row;
        });
      },
      async delete(name, expectedRevision, audit) {
        return db.transaction(async (tx) => {
          const match =
            expectedRevision === undefined ? eq(s.environments.name, name) : and(eq(s.environments.name, name), eq(s.environments.revision, expectedRevision));
          // The row locked first: a concurrent edit or delete of the environment waits for this one.
          const [row] = await tx.select({ name: s.environments.name }).from(s.environments).where(match).for('update');
          if (row === undefined) return 'changed' as const;
          const [active] = await tx
            .select({ n: count() })
            .from(s.installs)
            .where(and(eq(s.installs.environment, name), ne(s.installs.state, 'uninstalled')));
          if ((active?.n ?? 0) > 0) return { inUse: active!.n };
          // Only uninstalled installs and their records go: one created meanwhile keeps its rows, never half of them.
          const gone = await tx
            .delete(s.installs)
            .where(and(eq(s.installs.environment, name), eq(s.installs.state, 'uninstalled')))
            .returning({ name: s.installs.name });
          if (gone.length > 0) {
            await tx.delete(s.records).where(and(eq(s.records.environment, name), inArray(s.records.install, gone.map((g) => g.name))));
          }
          await tx.delete(s.environments).where(match);
          await appendAudit(tx, audit);
          return 'deleted' as const;
        });
      },
    },

    installs: {
      async get(environment, name) {
        const [row] = await prepared('installs.get', (n) =>
          db
            .select()
            .from(s.installs)
            .where(and(eq(s.installs.environment, p('environment')), eq(s.installs.name, p('name'))))
            .prepare(n),
        ).execute({ environment, name });
        return row;
      },
      async list(environment, page) {
        const after = page.after !== undefined;
        return prepared(`installs.list:${after}`, (n) =>
          db
            .select()
            .from(s.installs)
            .where(and(eq(s.installs.environment, p('environment')), after ? gt(s.installs.name, p('after')) : undefined))
            .orderBy(asc(s.installs.name))
            .limit(p('limit'))
            .prepare(n),
        ).execute({ environment, after: page.after, limit: page.limit });
      },
      async countActive(filter) {
        if (filter.environments?.length === 0) return 0;
        const [row] = await db
          .select({ n: count() })
          .from(s.installs)
          .where(
            and(
              ne(s.installs.state, 'uninstalled'),
              filter.environment === undefined ? undefined : eq(s.installs.environment, filter.environment),
              filter.environments === undefined ? undefined : inArray(s.installs.environment, [...filter.environments]),
            ),
          );
        return row?.n ?? 0;
      },
    },

    records: {
      async get(environment, install, number) {
        const [row] = await prepared('records.get', (n) =>
          db
            .select()
            .from(s.records)
            .where(and(eq(s.records.environment, p('environment')), eq(s.records.install, p('install')), eq(s.records.number, p('number'))))
            .prepare(n),
        ).execute({ environment, install, number });
        return row;
      },
      async list(environment, install, page) {
        const after = recordCursor(page.after);
        if (after === null) return [];
        return prepared(`records.list:${after !== undefined}`, (n) =>
          db
            .select()
            .from(s.records)
            .where(and(eq(s.records.environment, p('environment')), eq(s.records.install, p('install')), after === undefined ? undefined : lt(s.records.number, p('after'))))
            .orderBy(desc(s.records.number))
            .limit(p('limit'))
            .prepare(n),
        ).execute({ environment, install, after, limit: page.limit });
      },
    },

    events: {
      async append(event) {
        return db.transaction((tx) => appendEvent(tx, event));
      },
      async listAfter(afterSeq, options) {
        const one = options.operationId !== undefined;
        return prepared(`events.listAfter:${one}`, (n) =>
          db
            .select()
            .from(s.events)
            .where(and(gt(s.events.seq, p('afterSeq')), one ? eq(s.events.operationId, p('operationId')) : undefined))
            .orderBy(asc(s.events.seq))
            .limit(p('limit'))
            .prepare(n),
        ).execute({ afterSeq, operationId: options.operationId, limit: options.limit });
      },
      async lastSeq() {
        const [row] = await db.select({ seq: s.events.seq }).from(s.events).orderBy(desc(s.events.seq)).limit(1);
        return row?.seq ?? 0;
      },
      async purgeBefore(before) {
        const rows = await db.delete(s.events).where(eventsBefore(db, before)).returning({ seq: s.events.seq });
        return rows.length;
      },
    },

    audit: {
      async append(entry) {
        return db.transaction(async (tx) => (await appendAudit(tx, entry))!);
      },
      async list(query) {
        const { shape, values } = auditParams(query);
        const rows = await prepared(`audit.list:${shape}`, (n) =>
          db.select().from(s.audit).where(auditWhere(s.audit, query, p)).orderBy(auditOrder(s.audit, query)).limit(p('limit')).prepare(n),
        ).execute({ ...values, limit: query.limit });
        return rows.map(toAuditRow);
      },
    },

    tokens: {
      async insert(row, audit) {
        await insertTx(`token ${row.id}`, async (tx) => {
          await tx.insert(s.tokens).values(row);
          await appendAudit(tx, audit);
        });
      },
      async get(id) {
        const [row] = await db.select().from(s.tokens).where(eq(s.tokens.id, id));
        return row;
      },
      async getBySecretHash(hash) {
        const [row] = await prepared('tokens.getBySecretHash', (n) => db.select().from(s.tokens).where(eq(s.tokens.secretHash, p('hash'))).prepare(n)).execute({ hash });
        return row;
      },
      async list(page) {
        return db
          .select()
          .from(s.tokens)
          .where(and(isNull(s.tokens.revokedAt), page.after === undefined ? undefined : gt(s.tokens.id, page.after)))
          .orderBy(asc(s.tokens.id))
          .limit(page.limit);
      },
      async revoke(id, at, options) {
        return db.transaction(async (tx): Promise<TokenRevokeResult> => {
          // Every live token locked, in id order (no deadlock between two revokes): a concurrent revoke waits
          // here, and once the first commits, PostgreSQL re-checks `revoked_at is null` on the rows it waited
          // for, so the second sees the first token gone and cannot revoke the last one left.
          const live = await tx
            .select({ id: s.tokens.id, roles: s.tokens.roles, expiresAt: s.tokens.expiresAt, revokedAt: s.tokens.revokedAt })
            .from(s.tokens)
            .where(isNull(s.tokens.revokedAt))
            .orderBy(asc(s.tokens.id))
            .for('update');
          const target = live.find((t) => t.id === id);
          if (target === undefined) return 'not-found';
          const role = options?.keepActive;
          if (role !== undefined && target.roles.includes(role) && isTokenActive(target, at)) {
            if (!live.some((t) => t.id !== id && t.roles.includes(role) && isTokenActive(t, at))) return 'last-active';
          }
          await tx.update(s.tokens).set({ revokedAt: at }).where(eq(s.tokens.id, id));
          await appendAudit(tx, options?.audit);
          return 'revoked';
        });
      },
      async touch(id, at) {
        await db.update(s.tokens).set({ lastUsedAt: at }).where(eq(s.tokens.id, id));
      },
      async count() {
        const [row] = await db.select({ n: count() }).from(s.tokens);
        return row?.n ?? 0;
      },
    },

    idempotency: {
      async get(principal, key) {
        const [row] = await db
          .select()
          .from(s.idempotency)
          .where(and(eq(s.idempotency.principal, principal), eq(s.idempotency.key, key)));
        return row;
      },
      async put(record) {
        // Two statements, not one transaction: under READ COMMITTED the select
        // takes a fresh snapshot, so it sees a row a concurrent caller committed
        // while our insert waited on it.
        await db.insert(s.idempotency).values(record).onConflictDoNothing();
        const [row] = await db
          .select()
          .from(s.idempotency)
          .where(and(eq(s.idempotency.principal, record.principal), eq(s.idempotency.key, record.key)));
        return row!;
      },
      async complete(principal, key, token, outcome) {
        const rows = await db.update(s.idempotency).set(outcome).where(reservation(principal, key, token)).returning({ key: s.idempotency.key });
        return rows.length === 1;
      },
      async takeOver(principal, key, staleToken, next) {
        const rows = await db.update(s.idempotency).set(next).where(reservation(principal, key, staleToken)).returning({ key: s.idempotency.key });
        return rows.length === 1;
      },
      async release(principal, key, token) {
        const rows = await db.delete(s.idempotency).where(reservation(principal, key, token)).returning({ key: s.idempotency.key });
        return rows.length === 1;
      },
      async purgeExpired(now) {
        const rows = await db
          .delete(s.idempotency)
          .where(lte(s.idempotency.expiresAt, now))
          .returning({ key: s.idempotency.key });
        return rows.length;
      },
    },

    settings: {
      async get(key) {
        const [row] = await db.select().from(s.settings).where(eq(s.settings.key, key));
        return row;
      },
      async put(key, value, at, expectedRevision, audit) {
        return db.transaction(async (tx) => {
          const stored = value ?? null;
          let rows;
          if (expectedRevision === 0) {
            rows = await tx
              .insert(s.settings)
              .values({ key, value: stored, revision: 1, updatedAt: at })
              .onConflictDoNothing()
              .returning();
          } else if (expectedRevision !== undefined) {
            rows = await tx
              .update(s.settings)
              .set({ value: stored, revision: expectedRevision + 1, updatedAt: at })
              .where(and(eq(s.settings.key, key), eq(s.settings.revision, expectedRevision)))
              .returning();
          } else {
            rows = await tx
              .insert(s.settings)
              .values({ key, value: stored, revision: 1, updatedAt: at })
              .onConflictDoUpdate({
                target: s.settings.key,
                set: { value: sql`excluded.value`, revision: sql`${s.settings.revision} + 1`, updatedAt: at },
              })
              .returning();
          }
          const [row] = rows;
          if (row !== undefined) await appendAudit(tx, audit);
          return row;
        });
      },
    },

    sourceCredentials: {
      async list() {
        return db.select().from(s.sourceCredentials).orderBy(asc(s.sourceCredentials.host));
      },
      async get(host) {
        const [row] = await db.select().from(s.sourceCredentials).where(eq(s.sourceCredentials.host, host));
        return row;
      },
      async put(row, audit, expectedRevision) {
        return db.transaction(async (tx) => {
          const c = s.sourceCredentials;
          let rows;
          if (expectedRevision === 0) {
            rows = await tx.insert(c).values({ ...row, revision: 1 }).onConflictDoNothing().returning();
          } else if (expectedRevision !== undefined) {
            rows = await tx
              .update(c)
              .set({ username: row.username, passwordEnc: row.passwordEnc, updatedAt: row.updatedAt, revision: expectedRevision + 1 })
              .where(and(eq(c.host, row.host), eq(c.revision, expectedRevision)))
              .returning();
          } else {
            rows = await tx
              .insert(c)
              .values({ ...row, revision: 1 })
              .onConflictDoUpdate({ target: c.host, set: { username: row.username, passwordEnc: row.passwordEnc, updatedAt: row.updatedAt, revision: sql`${c.revision} + 1` } })
              .returning();
          }
          const [stored] = rows;
          if (stored !== undefined) await appendAudit(tx, audit);
          return stored;
        });
      },
      async delete(host, audit, expectedRevision) {
        return db.transaction(async (tx) => {
          const rows = await tx
            .delete(s.sourceCredentials)
            .where(and(eq(s.sourceCredentials.host, host), expectedRevision === undefined ? undefined : eq(s.sourceCredentials.revision, expectedRevision)))
            .returning({ host: s.sourceCredentials.host });
          if (rows.length === 0) return false;
          await appendAudit(tx, audit);
          return true;
        });
      },
    },
  };
  return store;
}
