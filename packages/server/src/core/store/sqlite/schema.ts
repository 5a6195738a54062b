/**
 * The SQLite tables of the store, in drizzle's sqlite-core. drizzle has no
 * schema shared by both dialects, so `../postgres/schema.ts` mirrors this one
 * column for column; the property names equal the port's row fields so rows
 * map over with little code. JSON is `text` holding JSON; times are ISO
 * strings in `text` (they sort lexically because every one has the same form).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ActorRef, AppliedObjectRef, EnvironmentRow, InstallState, OperationRow, OperationState, RecordAction, RecordOutcome, VersionRow } from '../port.js';

export const templates = sqliteTable('templates', {
  name: text('name').primaryKey(),
  description: text('description').notNull(),
  labels: text('labels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  revision: integer('revision').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const versions = sqliteTable(
  'versions',
  {
    template: text('template').notNull().references(() => templates.name, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    sortKey: text('sort_key').notNull(),
    description: text('description').notNull(),
    state: text('state').notNull(),
    app: text('app', { mode: 'json' }).$type<unknown>(),
    images: text('images', { mode: 'json' }).$type<VersionRow['images']>().notNull(),
    transitions: text('transitions', { mode: 'json' }).$type<VersionRow['transitions']>().notNull(),
    failure: text('failure', { mode: 'json' }).$type<VersionRow['failure']>(),
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  // Each index below serves one list's filter and its whole order, so a page is read in order and stops at its limit.
  (t) => [
    primaryKey({ columns: [t.template, t.version] }),
    index('versions_template_sort_key_version').on(t.template, t.sortKey, t.version),
    index('versions_template_state_sort_key_version').on(t.template, t.state, t.sortKey, t.version),
  ],
);

/**
 * Every (template, version) pair ever created. Rows stay when the version or
 * its template is deleted, so a version number is never handed out twice.
 * `precedence` (see `version-number-key.ts`) is unique per template, so the
 * other spelling of a number (`1.0` / `1.0.0`) is refused by the same insert;
 * it is null only on rows written before it existed, until `migrate` fills it.
 */
export const versionNumbers = sqliteTable(
  'version_numbers',
  {
    template: text('template').notNull(),
    version: text('version').notNull(),
    precedence: text('precedence'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.template, t.version] }), uniqueIndex('version_numbers_template_precedence').on(t.template, t.precedence)],
);

export const operations = sqliteTable(
  'operations',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    state: text('state').$type<OperationState>().notNull(),
    subject: text('subject', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    input: text('input', { mode: 'json' }).$type<unknown>(),
    lockKey: text('lock_key'),
    deadlineAt: text('deadline_at'),
    steps: text('steps', { mode: 'json' }).$type<OperationRow['steps']>().notNull(),
    result: text('result', { mode: 'json' }).$type<unknown>(),
    error: text('error', { mode: 'json' }).$type<unknown>(),
    cancelRequested: integer('cancel_requested', { mode: 'boolean' }).notNull(),
    attempts: integer('attempts').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: text('lease_expires_at'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
    updatedAt: text('updated_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
  },
  (t) => [
    // Lists (newest first by id) filtered by state, kind, or both; the worker's claim uses kind and state.
    index('operations_state_id').on(t.state, t.id),
    index('operations_kind_id').on(t.kind, t.id),
    index('operations_kind_state_id').on(t.kind, t.state, t.id),
    // The retention purge deletes finished operations by when they finished.
    index('operations_finished_at').on(t.finishedAt),
    // At most one active holder per lock key; final operations keep their key without holding it.
    uniqueIndex('operations_active_lock_key')
      .on(t.lockKey)
      .where(sql`${t.lockKey} is not null and ${t.state} in ('pending', 'running')`),
  ],
);

export const clusters = sqliteTable('clusters', {
  name: text('name').primaryKey(),
  server: text('server').notNull(),
  context: text('context').notNull(),
  labels: text('labels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  credentialsEnc: text('credentials_enc').notNull(),
  health: text('health', { mode: 'json' }).$type<unknown>(),
  revision: integer('revision').notNull(),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const environments = sqliteTable(
  'environments',
  {
    name: text('name').primaryKey(),
    cluster: text('cluster').notNull(),
    namespace: text('namespace').notNull(),
    tier: text('tier').notNull(),
    policy: text('policy', { mode: 'json' }).$type<EnvironmentRow['policy']>().notNull(),
    createNamespace: integer('create_namespace', { mode: 'boolean' }).notNull(),
    defaults: text('defaults', { mode: 'json' }).$type<unknown>(),
    secretDefaultsEnc: text('secret_defaults_enc'),
    ingress: text('ingress', { mode: 'json' }).$type<EnvironmentRow['ingress']>(),
    labels: text('labels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('environments_cluster_name').on(t.cluster, t.name)],
);

/**
 * Listed by (environment, name) and counted by environment: both served by the
 * primary key. Rows stay after an uninstall (state `uninstalled`) with their records.
 */
export const installs = sqliteTable(
  'installs',
  {
    environment: text('environment').notNull(),
    name: text('name').notNull(),
    template: text('template').notNull(),
    version: text('version').notNull(),
    state: text('state').$type<InstallState>().notNull(),
    values: text('values', { mode: 'json' }).$type<unknown>(),
    secretValuesEnc: text('secret_values_enc'),
    secretParameters: text('secret_parameters', { mode: 'json' }).$type<string[]>().notNull(),
    record: integer('record').notNull(),
    latestRecord: integer('latest_record').notNull(),
    operationId: text('operation_id'),
    description: text('description').notNull(),
    labels: text('labels', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    revision: integer('revision').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.environment, t.name] })],
);

/** Listed newest first within an install: the primary key, read backwards. */
export const records = sqliteTable(
  'install_records',
  {
    environment: text('environment').notNull(),
    install: text('install').notNull(),
    number: integer('number').notNull(),
    action: text('action').$type<RecordAction>().notNull(),
    template: text('template').notNull(),
    version: text('version').notNull(),
    values: text('values', { mode: 'json' }).$type<unknown>(),
    secretParameters: text('secret_parameters', { mode: 'json' }).$type<string[]>().notNull(),
    objectsEnc: text('objects_enc').notNull(),
    applied: text('applied', { mode: 'json' }).$type<AppliedObjectRef[]>().notNull(),
    outcome: text('outcome').$type<RecordOutcome>().notNull(),
    components: text('components', { mode: 'json' }).$type<unknown[]>().notNull(),
    operationId: text('operation_id').notNull(),
    rollbackOf: integer('rollback_of'),
    atomicRollback: integer('atomic_rollback', { mode: 'boolean' }).notNull(),
    error: text('error', { mode: 'json' }).$type<unknown>(),
    reason: text('reason'),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.environment, t.install, t.number] })],
);

export const events = sqliteTable(
  'events',
  {
    // AUTOINCREMENT so a seq is never reused, even after the newest rows are deleted.
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    operationId: text('operation_id'),
    type: text('type').notNull(),
    at: text('at').notNull(),
    data: text('data', { mode: 'json' }).$type<unknown>(),
  },
  // events_at: the retention purge deletes by age.
  (t) => [index('events_operation_seq').on(t.operationId, t.seq), index('events_at').on(t.at)],
);

export const audit = sqliteTable(
  'audit',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectName: text('subject_name').notNull(),
    template: text('template'),
    version: text('version'),
    from: text('from_state'),
    to: text('to_state'),
    reason: text('reason'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [
    // The trail is read newest first by seq under each filter of the contract's audit query.
    index('audit_subject_kind_name_seq').on(t.subjectKind, t.subjectName, t.seq),
    index('audit_template_seq').on(t.template, t.seq),
    index('audit_template_version_seq').on(t.template, t.version, t.seq),
    index('audit_actor_id_seq').on(t.actorId, t.seq),
    index('audit_action_seq').on(t.action, t.seq),
    index('audit_at').on(t.at),
  ],
);

export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    environments: text('environments', { mode: 'json' }).$type<string[]>(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by', { mode: 'json' }).$type<ActorRef>().notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('tokens_secret_hash').on(t.secretHash)],
);

export const idempotency = sqliteTable(
  'idempotency',
  {
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    headers: text('headers', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index('idempotency_expires_at').on(t.expiresAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>(),
  revision: integer('revision').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const sourceCredentials = sqliteTable('source_credentials', {
  host: text('host').primaryKey(),
  username: text('username').notNull(),
  passwordEnc: text('password_enc').notNull(),
  // Rows stored before revisions existed start at 1, as a first put would.
  revision: integer('revision').notNull().default(1),
  updatedAt: text('updated_at').notNull(),
});
