/**
 * The store port: everything the delivery core persists, as one interface with
 * two adapters (SQLite via better-sqlite3, PostgreSQL via pg, both on drizzle)
 * and one conformance suite that both pass.
 *
 * Rows are plain data; JSON columns hold the parts the core treats as documents
 * (the app model, steps, labels). Every mutating call that takes an `audit`
 * entry appends it in the same transaction as the change, so the trail never
 * disagrees with the state. Updates are compare-and-set on `revision`: they
 * return undefined when the row changed underneath the caller.
 *
 * Times are ISO-8601 strings (UTC, millisecond precision) so both dialects
 * round-trip them identically. A JSON field written as undefined reads back
 * as null.
 */

export interface ActorRef {
  readonly id: string;
  readonly name: string;
}

export interface TemplateRow {
  name: string;
  description: string;
  labels: Record<string, string>;
  revision: number;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
}

export interface VersionTransitionRecord {
  action: string;
  from: string | null;
  to: string;
  actor: ActorRef;
  at: string;
  reason?: string;
}

export interface VersionImageRecord {
  component: string;
  source: string;
  /** Delivery-registry reference pinned by digest, once copied. */
  reference?: string;
  digest?: string;
}

export interface VersionRow {
  template: string;
  version: string;
  /** Sorts like the version number (see the core's version ordering); used for ordering lists. */
  sortKey: string;
  description: string;
  state: string;
  /** The app model document. */
  app: unknown;
  images: VersionImageRecord[];
  transitions: VersionTransitionRecord[];
  failure: {
    reason: string;
    images: { component: string; image: string; reason: string; refused?: { host: string; via: 'image' | 'token-realm' | 'redirect'; rule: string } }[];
  } | null;
  revision: number;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
}

export type OperationState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface OperationRow {
  /** Sortable by creation time (ULID-like), so lists page newest-first by id. */
  id: string;
  kind: string;
  state: OperationState;
  subject: Record<string, string>;
  /** What the worker needs to run or resume it. */
  input: unknown;
  /**
   * At most one pending or running operation holds a given lock key (a partial
   * unique index in both dialects), e.g. `install:<environment>/<name>`, so a
   * second upgrade of one install is refused by the database itself. Null: no lock.
   */
  lockKey: string | null;
  /** When the work must be done by (from the request, e.g. a rollout deadline); null: the kind's default. */
  deadlineAt: string | null;
  steps: { name: string; state: string; bytes?: number; totalBytes?: number; message?: string; component?: string; ready?: number; desired?: number }[];
  result: unknown;
  error: unknown;
  cancelRequested: boolean;
  /** How many times a worker has picked it up (a restart after a crash adds one). */
  attempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ClusterRow {
  name: string;
  /** The API server address the credentials are bound to. */
  server: string;
  context: string;
  labels: Record<string, string>;
  /** The normalised kubeconfig, sealed by the core (SecretBox) with the server address as associated data. */
  credentialsEnc: string;
  /** The last probe's findings (the contract's ClusterHealth), or null before the first probe. */
  health: unknown;
  revision: number;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
}

export interface EnvironmentRow {
  name: string;
  cluster: string;
  namespace: string;
  tier: string;
  policy: { allowedStates: string[]; requiredApprovals?: number };
  createNamespace: boolean;
  /** Default install values without secret parameter values. */
  defaults: unknown;
  /** Secret parameter defaults as a sealed JSON object (name -> value), or null. */
  secretDefaultsEnc: string | null;
  /** How the environment's Ingresses are made (the contract's EnvironmentIngress), or null for none. */
  ingress: { className?: string; annotations?: Record<string, string>; tls?: { secretName?: string } } | null;
  labels: Record<string, string>;
  revision: number;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
}

export type InstallState = 'installing' | 'deployed' | 'failed' | 'upgrading' | 'rolling-back' | 'uninstalling' | 'uninstalled';

export interface InstallRow {
  environment: string;
  name: string;
  template: string;
  version: string;
  state: InstallState;
  /** The install's own values, secret parameter values left out. */
  values: unknown;
  /** Secret parameter values (given and generated) as a sealed JSON object, or null. */
  secretValuesEnc: string | null;
  /** Names of the secret parameters that have a value. */
  secretParameters: string[];
  /** The record whose objects are live (0 before the first succeeded). */
  record: number;
  /** The highest record number handed out. */
  latestRecord: number;
  /** The running operation, while one runs. */
  operationId: string | null;
  description: string;
  labels: Record<string, string>;
  revision: number;
  createdAt: string;
  createdBy: ActorRef;
  updatedAt: string;
}

export type RecordAction = 'install' | 'upgrade' | 'rollback' | 'uninstall';
export type RecordOutcome = 'running' | 'succeeded' | 'failed';

export interface AppliedObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
}

export interface RecordRow {
  environment: string;
  install: string;
  number: number;
  action: RecordAction;
  template: string;
  version: string;
  /** Values as given, secret parameter values left out. */
  values: unknown;
  secretParameters: string[];
  /** The exact objects to apply, Secret data included, sealed (JSON array); a rollback applies these again. */
  objectsEnc: string;
  /** What was applied, with uids from the cluster (for prune preconditions); no data. */
  applied: AppliedObjectRef[];
  outcome: RecordOutcome;
  components: unknown[];
  operationId: string;
  rollbackOf: number | null;
  atomicRollback: boolean;
  error: unknown;
  reason: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: ActorRef;
}

/**
 * One change of a unit of work. Updates are compare-and-set: on `expectedRevision`
 * for installs (the row's revision goes up by one), on the operation's lease for
 * operations written by a worker.
 */
export type Change =
  | { readonly kind: 'install.insert'; readonly row: InstallRow }
  | { readonly kind: 'install.update'; readonly environment: string; readonly name: string; readonly expectedRevision: number; readonly patch: Partial<Omit<InstallRow, 'environment' | 'name' | 'revision'>> }
  | { readonly kind: 'record.insert'; readonly row: RecordRow }
  | { readonly kind: 'record.update'; readonly environment: string; readonly install: string; readonly number: number; readonly patch: Partial<Omit<RecordRow, 'environment' | 'install' | 'number'>> }
  | { readonly kind: 'operation.insert'; readonly row: OperationRow }
  | { readonly kind: 'operation.update'; readonly id: string; readonly patch: Partial<Omit<OperationRow, 'id'>>; readonly owner?: string; readonly onlyIfState?: readonly OperationState[] }
  | { readonly kind: 'event'; readonly event: EventInput }
  | { readonly kind: 'audit'; readonly entry: AuditInput };

export interface UnitOfWork {
  /**
   * Fencing: commit only while this worker still holds this operation's lease
   * (its leaseOwner is `owner` and it is not final). A worker that lost its
   * lease can then write nothing, not even a record.
   */
  readonly fence?: { readonly operationId: string; readonly owner: string };
  readonly changes: readonly Change[];
}

export type UnitOfWorkResult =
  | { readonly ok: true }
  /** Nothing was written. `fenced`: the lease is not held; `stale`: a compare-and-set did not match (which change, by index). */
  | { readonly ok: false; readonly why: 'fenced' | 'stale'; readonly change?: number }
  /** Nothing was written: an insert hit a unique key; for `operation.insert` with a lock key, `holder` is the active operation holding it. */
  | { readonly ok: false; readonly why: 'conflict'; readonly change: number; readonly holder?: string };

export interface EventInput {
  /** Operation id, or null for events not tied to an operation. */
  operationId: string | null;
  type: string;
  at: string;
  data: unknown;
}

export interface EventRow extends EventInput {
  /** Monotonic across the whole store: the SSE event id. */
  seq: number;
}

export interface AuditInput {
  at: string;
  actor: ActorRef;
  action: string;
  subjectKind: string;
  subjectName: string;
  template?: string;
  version?: string;
  from?: string;
  to?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditRow extends AuditInput {
  seq: number;
}

/**
 * Which subjects an audit listing covers: a template (and its versions, and
 * operations on them) or one version of it; or subjects of given kinds,
 * optionally one by name.
 */
export type AuditSubjectFilter = { template: string; version?: string } | { kinds: readonly string[]; name?: string };

export interface AuditQuery {
  subject?: AuditSubjectFilter;
  /** The actor's id. */
  actor?: string;
  action?: string;
  /** Inclusive: entries at or after this time. */
  since?: string;
  /** Exclusive: entries before this time. */
  until?: string;
  /** Rows with seq greater than this (ascending order). */
  afterSeq?: number;
  /** Rows with seq less than this (for paging newest first). */
  beforeSeq?: number;
  /** By seq; `asc` (oldest first) unless given. */
  order?: 'asc' | 'desc';
  limit: number;
}

export type TokenRevokeResult = 'revoked' | 'not-found' | 'last-active';

/** Whether a token counts at `at`: not revoked, and without an expiry or expiring after `at`. */
export function isTokenActive(row: Pick<TokenRow, 'revokedAt' | 'expiresAt'>, at: string): boolean {
  return row.revokedAt === null && (row.expiresAt === null || Date.parse(row.expiresAt) > Date.parse(at));
}

export interface TokenRow {
  id: string;
  name: string;
  /** sha256 of the secret, hex. The secret itself is never stored. */
  secretHash: string;
  roles: string[];
  environments: string[] | null;
  createdAt: string;
  createdBy: ActorRef;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * The `status` of a reservation: the request holding the key is still being
 * carried out (by this or another replica). Its `body` is then the holder's
 * reservation token, never sent to anyone.
 */
export const IDEMPOTENCY_RESERVED = 0;

export interface IdempotencyRecord {
  /** Who sent it (token id): keys are scoped per caller. */
  principal: string;
  key: string;
  method: string;
  path: string;
  /** sha256 of the request body, to reject the same key with a different body. */
  requestHash: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  createdAt: string;
  expiresAt: string;
}

export interface SettingRow {
  key: string;
  /** JSON document; secrets inside it are already encrypted by the core. */
  value: unknown;
  revision: number;
  updatedAt: string;
}

export interface SourceCredentialRow {
  host: string;
  username: string;
  /** Encrypted by the core (SecretBox), never plaintext. */
  passwordEnc: string;
  /** 1 when first stored, +1 on every put: the credential's ETag. */
  revision: number;
  updatedAt: string;
}

export interface KeysetPage {
  /** Return rows strictly after this key in the list's order. */
  after?: string;
  limit: number;
}

/** What `templates.delete` with `onlyIfDraftsOnly` answers when a version is past draft: those versions, in version order. */
export interface TemplateDeleteRefusal {
  nonDraftVersions: { version: string; state: string }[];
}

/** Thrown by inserts that hit a unique key. */
export class StoreConflictError extends Error {
  /** For a version number: the number already taken that this one equals (itself, or its other spelling). */
  readonly existing: string | undefined;
  constructor(message: string, options?: { cause?: unknown; existing?: string }) {
    super(message, options);
    this.name = 'StoreConflictError';
    this.existing = options?.existing;
  }
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations; safe to call at every start and from several replicas. */
  migrate(): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * A value that changes whenever the data may have changed: a commit by this
   * store, or by any other connection or process on the same database. Equal
   * values mean nothing was written in between, so what was read then is
   * still what a read would give now. SQLite answers without I/O;
   * PostgreSQL takes one round trip, shared by the callers that ask before it
   * is sent (`postgres/coalesced.ts`).
   */
  dataVersion?(): string | Promise<string>;

  readonly templates: {
    insert(row: TemplateRow, audit?: AuditInput): Promise<void>;
    get(name: string): Promise<TemplateRow | undefined>;
    /** Ordered by name. */
    list(page: KeysetPage): Promise<TemplateRow[]>;
    update(name: string, expectedRevision: number, patch: Partial<Omit<TemplateRow, 'name' | 'revision'>>, audit?: AuditInput): Promise<TemplateRow | undefined>;
    /**
     * Deletes the template and its versions. False when absent or the revision
     * moved. With `onlyIfDraftsOnly`, a version in any state but `draft` refuses
     * the delete inside the same transaction (nothing changes, no audit entry)
     * and the answer names those versions; without it, the answer is a boolean.
     */
    delete(
      name: string,
      expectedRevision: number | undefined,
      audit?: AuditInput,
      options?: { onlyIfDraftsOnly?: boolean },
    ): Promise<boolean | TemplateDeleteRefusal>;
  };

  readonly versions: {
    /**
     * StoreConflictError when the template ever had this version number, or
     * one of equal precedence (`1.0` and `1.0.0` are one number); its
     * `existing` names the number that was taken.
     */
    insert(row: VersionRow, audit?: AuditInput): Promise<void>;
    get(template: string, version: string): Promise<VersionRow | undefined>;
    /** Ordered by sortKey ascending; `after` is a sortKey. */
    list(template: string, page: KeysetPage & { state?: string }): Promise<VersionRow[]>;
    update(template: string, version: string, expectedRevision: number, patch: Partial<Omit<VersionRow, 'template' | 'version' | 'revision'>>, audit?: AuditInput): Promise<VersionRow | undefined>;
  };

  /** Several rows, events and audit entries in one transaction (see UnitOfWork). */
  commit(work: UnitOfWork): Promise<UnitOfWorkResult>;

  readonly operations: {
    /** StoreConflictError when its lockKey is held by another pending or running operation (`existing` names that one). */
    insert(row: OperationRow, event?: EventInput, audit?: AuditInput): Promise<void>;
    get(id: string): Promise<OperationRow | undefined>;
    /** Newest first (id descending); `after` is an id. */
    list(page: KeysetPage & { state?: string; kind?: string }): Promise<OperationRow[]>;
    /**
     * Updates fields; when `owner` is given the update only applies while that
     * worker still holds the lease (returns undefined otherwise). The event is
     * appended in the same transaction. "Holds" means the row's leaseOwner is
     * `owner`: the store has no clock, so an expired lease that nobody has
     * claimed yet still counts; a claim by another worker ends it. An empty
     * patch changes nothing but still checks the lease and appends the event.
     */
    update(
      id: string,
      patch: Partial<Omit<OperationRow, 'id'>>,
      options?: { owner?: string; event?: EventInput; audit?: AuditInput; onlyIfState?: readonly OperationState[] },
    ): Promise<OperationRow | undefined>;
    /**
     * Atomically takes one operation that is `pending`, or `running` with an
     * expired lease (its worker died), sets state running, the lease and
     * attempts+1. Oldest first. Undefined when there is nothing to do. Only
     * operations of the given kinds are taken (a replica claims only work it
     * has a handler for, so an older replica never fails a newer kind).
     */
    claim(owner: string, now: string, leaseExpiresAt: string, kinds: readonly string[]): Promise<OperationRow | undefined>;
    renewLease(id: string, owner: string, leaseExpiresAt: string): Promise<boolean>;
    /**
     * Gives the lease up (graceful shutdown): the operation stays running with
     * no lease (owner and expiry cleared), so the next claim resumes it.
     */
    releaseLease(id: string, owner: string): Promise<boolean>;
    /**
     * Pending or running operations of this kind whose subject contains every
     * given key/value, e.g. to refuse a second publish of one version. Oldest first.
     */
    findActive(kind: string, subject: Record<string, string>): Promise<OperationRow[]>;
    /** The pending or running operation holding this lock key, if any. */
    findByLock(lockKey: string): Promise<OperationRow | undefined>;
    /** How many operations are pending and how many running, per kind; kinds with none are left out. */
    countActive(): Promise<{ kind: string; state: 'pending' | 'running'; count: number }[]>;
    /**
     * Deletes operations that finished (succeeded, failed, cancelled) before
     * `before`, except one an install still names as its operation; never a
     * pending or running one. Records and audit entries keep its id as text.
     * How many were deleted.
     */
    purgeFinishedBefore(before: string): Promise<number>;
  };

  readonly clusters: {
    insert(row: ClusterRow, audit?: AuditInput): Promise<void>;
    get(name: string): Promise<ClusterRow | undefined>;
    /** Ordered by name. */
    list(page: KeysetPage): Promise<ClusterRow[]>;
    update(name: string, expectedRevision: number, patch: Partial<Omit<ClusterRow, 'name' | 'revision'>>, audit?: AuditInput): Promise<ClusterRow | undefined>;
    /** Health is written without moving the revision (a probe is no edit, and must not break a reader's If-Match). */
    setHealth(name: string, health: unknown): Promise<void>;
    delete(name: string, expectedRevision: number | undefined, audit?: AuditInput): Promise<boolean>;
  };

  readonly environments: {
    insert(row: EnvironmentRow, audit?: AuditInput): Promise<void>;
    get(name: string): Promise<EnvironmentRow | undefined>;
    /** Ordered by name; `names` limits the list (a token scoped to environments). */
    list(page: KeysetPage & { names?: readonly string[]; cluster?: string }): Promise<EnvironmentRow[]>;
    update(name: string, expectedRevision: number, patch: Partial<Omit<EnvironmentRow, 'name' | 'revision'>>, audit?: AuditInput): Promise<EnvironmentRow | undefined>;
    /**
     * Deletes the environment with its uninstalled installs and their records, in one transaction, unless an
     * install that is not uninstalled remains (`in-use`, nothing deleted) or the row is gone or has moved on
     * (`changed`). Left behind, those rows would come back under a new environment of the same name.
     */
    delete(name: string, expectedRevision: number | undefined, audit?: AuditInput): Promise<'deleted' | 'changed' | { inUse: number }>;
  };

  readonly installs: {
    get(environment: string, name: string): Promise<InstallRow | undefined>;
    /** Ordered by name within the environment. */
    list(environment: string, page: KeysetPage): Promise<InstallRow[]>;
    /** Installs of any environment that are not uninstalled, e.g. to refuse deleting an environment or cluster in use. */
    countActive(filter: { environment?: string; environments?: readonly string[] }): Promise<number>;
  };

  readonly records: {
    get(environment: string, install: string, number: number): Promise<RecordRow | undefined>;
    /** Newest first; `after` is a record number as a string. */
    list(environment: string, install: string, page: KeysetPage): Promise<RecordRow[]>;
  };

  readonly events: {
    append(event: EventInput): Promise<EventRow>;
    /** Ascending by seq, strictly after `afterSeq`. */
    listAfter(afterSeq: number, options: { operationId?: string; limit: number }): Promise<EventRow[]>;
    /** The highest seq handed out so far, 0 when there are no events: where a live-only feed starts. */
    lastSeq(): Promise<number>;
    /**
     * Deletes events written before `before`, except those of operations still
     * pending or running. Seqs are never handed out again. How many were deleted.
     */
    purgeBefore(before: string): Promise<number>;
  };

  readonly audit: {
    append(entry: AuditInput): Promise<AuditRow>;
    list(query: AuditQuery): Promise<AuditRow[]>;
  };

  readonly tokens: {
    insert(row: TokenRow, audit?: AuditInput): Promise<void>;
    get(id: string): Promise<TokenRow | undefined>;
    getBySecretHash(hash: string): Promise<TokenRow | undefined>;
    /** Ordered by id; revoked tokens excluded. */
    list(page: KeysetPage): Promise<TokenRow[]>;
    /**
     * Revokes a live token: 'not-found' when there is none (or it is revoked
     * already). With `keepActive` (a role), refuses with 'last-active' when the
     * token holds that role, is active at `at`, and no other token holding it
     * would stay active (unrevoked, and without an expiry or expiring after
     * `at`). The check and the revoke are one transaction, serialised against
     * other revokes, so two revokes at once cannot each leave the other last.
     */
    revoke(id: string, at: string, options?: { audit?: AuditInput; keepActive?: string }): Promise<TokenRevokeResult>;
    touch(id: string, at: string): Promise<void>;
    /** Every token ever created, revoked ones included. */
    count(): Promise<number>;
  };

  readonly idempotency: {
    get(principal: string, key: string): Promise<IdempotencyRecord | undefined>;
    /** Inserts unless a record for (principal, key) exists; returns the stored one either way. A reservation is put this way. */
    put(record: IdempotencyRecord): Promise<IdempotencyRecord>;
    /**
     * Turns the reservation held under `token` into the stored outcome
     * (compare-and-set); false when it is no longer that reservation.
     */
    complete(principal: string, key: string, token: string, outcome: Pick<IdempotencyRecord, 'status' | 'headers' | 'body' | 'expiresAt'>): Promise<boolean>;
    /** Moves a stale reservation from `staleToken` to a new holder (compare-and-set); false when someone else got there first. */
    takeOver(principal: string, key: string, staleToken: string, next: Pick<IdempotencyRecord, 'body' | 'createdAt' | 'expiresAt'>): Promise<boolean>;
    /** Drops the reservation held under `token` (the request kept no outcome), so the key is free again. */
    release(principal: string, key: string, token: string): Promise<boolean>;
    purgeExpired(now: string): Promise<number>;
  };

  readonly settings: {
    get(key: string): Promise<SettingRow | undefined>;
    /** Compare-and-set when expectedRevision is given (0 means "must not exist yet"). */
    put(key: string, value: unknown, at: string, expectedRevision?: number, audit?: AuditInput): Promise<SettingRow | undefined>;
  };

  readonly sourceCredentials: {
    list(): Promise<SourceCredentialRow[]>;
    get(host: string): Promise<SourceCredentialRow | undefined>;
    /**
     * Inserts or replaces the host's credential (revision 1, or the stored one
     * + 1). Compare-and-set when expectedRevision is given (0 means "must not
     * exist yet"): undefined when the stored revision is another.
     */
    put(row: Omit<SourceCredentialRow, 'revision'>, audit?: AuditInput, expectedRevision?: number): Promise<SourceCredentialRow | undefined>;
    /** False when nothing was deleted: no credential for the host, or (with expectedRevision) not at that revision. */
    delete(host: string, audit?: AuditInput, expectedRevision?: number): Promise<boolean>;
  };
}

/** `file:./x.db`, a path, or `:memory:` give SQLite; `postgres://` / `postgresql://` give PostgreSQL. */
export type StoreUrl = string;
