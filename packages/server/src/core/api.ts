/**
 * The delivery core's public face: what the HTTP layer, the bin and other
 * programs (in-process embedders) call. Plain TypeScript, no HTTP in it.
 *
 * Every call takes the Actor making it: the core checks roles (see
 * `authorize.ts`) and writes the audit trail with it. Errors are the domain
 * errors of `errors.ts`; the HTTP face maps them to problem+json once.
 *
 * Wire types (App, Version, Operation, ...) come from @caravan/contracts, so
 * the core returns exactly what the contract describes; the HTTP face only
 * serialises them.
 */
import type {
  App,
  AuditEntry,
  Operation,
  OperationEvent,
  Problem,
  Template,
  Token,
  TokenCreated,
  Version,
  VersionDiff,
  Whoami,
  RegistrySettings,
  RegistrySettingsInput,
  RegistryCheck,
  SourceRegistryCredential,
  SourceRegistryCredentialInput,
  Cluster,
  ClusterCreate,
  ClusterPatch,
  Environment,
  EnvironmentCreate,
  EnvironmentPatch,
  Install,
  InstallCreate,
  InstallPatch,
  InstallUpgrade,
  InstallPreview,
  InstallStatus,
  InstallRecord,
  RollbackRequest,
} from '@caravan/contracts';
import type { Role } from '@caravan/contracts';

/** Who is calling: resolved from a bearer token by the HTTP face, or built by an embedder. */
export interface Actor {
  /** Stable id of the token (or `system`, or an embedder-chosen name). */
  readonly id: string;
  /** Human name shown in audit entries. */
  readonly name: string;
  readonly roles: readonly Role[];
  /** When set, environment-scoped rights apply only to these environments. */
  readonly environments?: readonly string[];
}

export interface PageRequest {
  /** Opaque cursor from a previous page's `nextCursor`. */
  readonly cursor?: string;
  /** 1..200, default 50. */
  readonly limit?: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

/** Optimistic concurrency: the caller's last seen ETag (the resource's `etag` field). */
export interface Precondition {
  readonly ifMatch?: string;
}

export interface TemplatesApi {
  list(actor: Actor, page?: PageRequest): Promise<Page<Template>>;
  get(actor: Actor, name: string): Promise<Template>;
  create(actor: Actor, input: { name: string; description?: string; labels?: Record<string, string> }): Promise<Template>;
  update(actor: Actor, name: string, patch: { description?: string; labels?: Record<string, string> }, pre?: Precondition): Promise<Template>;
  /** Only a template with no versions beyond drafts can be deleted. */
  delete(actor: Actor, name: string, pre?: Precondition): Promise<void>;
}

export interface VersionsApi {
  list(actor: Actor, template: string, page?: PageRequest & { state?: string }): Promise<Page<Version>>;
  get(actor: Actor, template: string, version: string): Promise<Version>;
  /** Creates a draft. `app` may be an object or a YAML/JSON string. A version number is never reused. */
  create(actor: Actor, template: string, input: { version: string; description?: string; app: App | string }): Promise<Version>;
  /** Drafts only. */
  update(actor: Actor, template: string, version: string, patch: { description?: string; app?: App | string }, pre?: Precondition): Promise<Version>;
  diff(actor: Actor, template: string, version: string, against: string): Promise<VersionDiff>;
  /** draft -> publishing; returns the publish operation. */
  publish(actor: Actor, template: string, version: string, input?: { reason?: string }): Promise<Operation>;
  /** failed -> publishing; resumes, moving only what is still missing. */
  retry(actor: Actor, template: string, version: string, input?: { reason?: string }): Promise<Operation>;
  release(actor: Actor, template: string, version: string, input?: { reason?: string }): Promise<Version>;
  deprecate(actor: Actor, template: string, version: string, input?: { reason?: string }): Promise<Version>;
  restore(actor: Actor, template: string, version: string, input?: { reason?: string }): Promise<Version>;
}

export interface OperationsApi {
  list(actor: Actor, page?: PageRequest & { state?: string; kind?: string }): Promise<Page<Operation>>;
  get(actor: Actor, id: string): Promise<Operation>;
  cancel(actor: Actor, id: string): Promise<Operation>;
  /**
   * Events of one operation (or of all, when id is undefined) after `afterEventId`,
   * then live ones until the signal aborts. Event ids are monotonic strings; a
   * consumer that reconnects with the last id it saw misses nothing. Without
   * `afterEventId` the feed starts at the first event, unless `live` is set:
   * then it starts after the newest event there is now (new events only).
   */
  events(actor: Actor, id: string | undefined, options: { afterEventId?: string; live?: boolean; signal: AbortSignal }): AsyncIterable<OperationEvent>;
  /** Resolves when the operation reaches a final state. */
  wait(actor: Actor, id: string, options?: { signal?: AbortSignal }): Promise<Operation>;
}

export interface AuditApi {
  /**
   * Newest first. `subject` is a resource path as the contract names it, the
   * same for HTTP callers and embedders: `templates/shop` (the template and
   * everything under it), `templates/shop/versions/1.0`, `tokens/<id>`,
   * `operations/<id>`, `registry`, `registry/sources/<host>`.
   */
  list(actor: Actor, query?: PageRequest & { subject?: string; actor?: string; action?: string; since?: string; until?: string }): Promise<Page<AuditEntry>>;
}

export interface TokensApi {
  list(actor: Actor, page?: PageRequest): Promise<Page<Token>>;
  /** The secret is in the result once and never again; the store keeps a hash. */
  create(actor: Actor, input: { name: string; roles: Role[]; environments?: string[]; expiresAt?: string }): Promise<TokenCreated>;
  delete(actor: Actor, id: string): Promise<void>;
  /** Resolves a bearer secret to an Actor; undefined when unknown, expired or revoked. */
  authenticate(secret: string): Promise<Actor | undefined>;
  whoami(actor: Actor): Promise<Whoami>;
}

export interface RegistryApi {
  get(actor: Actor): Promise<RegistrySettings | undefined>;
  put(actor: Actor, input: RegistrySettingsInput, pre?: Precondition): Promise<RegistrySettings>;
  /** Proves push and pull rights against the configured delivery registry. */
  check(actor: Actor): Promise<RegistryCheck>;
  sources: {
    list(actor: Actor): Promise<SourceRegistryCredential[]>;
    /** `pre.ifMatch` is the credential's etag as listed; a mismatch (or a host with none stored) is precondition-failed. */
    put(actor: Actor, host: string, input: SourceRegistryCredentialInput, pre?: Precondition): Promise<SourceRegistryCredential>;
    delete(actor: Actor, host: string, pre?: Precondition): Promise<void>;
  };
}

export interface ClustersApi {
  list(actor: Actor, page?: PageRequest): Promise<Page<Cluster>>;
  get(actor: Actor, name: string): Promise<Cluster>;
  /** Reads the kubeconfig (refusing exec plugins and file paths), seals it, and probes the cluster once. */
  create(actor: Actor, input: ClusterCreate): Promise<Cluster>;
  /** A new API server address needs the kubeconfig again. */
  update(actor: Actor, name: string, patch: ClusterPatch, pre?: Precondition): Promise<Cluster>;
  /** Refused while environments are bound to it. */
  delete(actor: Actor, name: string, pre?: Precondition): Promise<void>;
  /** Probes now: reachability, version, permissions. Unreachable is a finding, not an error. */
  probe(actor: Actor, name: string): Promise<Cluster>;
}

export interface EnvironmentsApi {
  /** A token limited to environments lists only those. */
  list(actor: Actor, page?: PageRequest & { cluster?: string; tier?: string }): Promise<Page<Environment>>;
  get(actor: Actor, name: string): Promise<Environment>;
  create(actor: Actor, input: EnvironmentCreate): Promise<Environment>;
  update(actor: Actor, name: string, patch: EnvironmentPatch, pre?: Precondition): Promise<Environment>;
  /** Refused while it has installs that are not uninstalled. */
  delete(actor: Actor, name: string, pre?: Precondition): Promise<void>;
}

export interface InstallsApi {
  list(actor: Actor, environment: string, page?: PageRequest & { template?: string }): Promise<Page<Install>>;
  get(actor: Actor, environment: string, name: string): Promise<Install>;
  /** Checks policy, values and rights before anything changes; returns the install operation. */
  create(actor: Actor, environment: string, input: InstallCreate): Promise<Operation>;
  update(actor: Actor, environment: string, name: string, patch: InstallPatch, pre?: Precondition): Promise<Install>;
  /** Removes the objects; keeps the install's records. */
  uninstall(actor: Actor, environment: string, name: string, input?: { reason?: string }, pre?: Precondition): Promise<Operation>;
  preview(actor: Actor, environment: string, name: string, input: InstallUpgrade): Promise<InstallPreview>;
  upgrade(actor: Actor, environment: string, name: string, input: InstallUpgrade, pre?: Precondition): Promise<Operation>;
  status(actor: Actor, environment: string, name: string): Promise<InstallStatus>;
  records: {
    list(actor: Actor, environment: string, install: string, page?: PageRequest): Promise<Page<InstallRecord>>;
    get(actor: Actor, environment: string, install: string, record: number): Promise<InstallRecord>;
    /** Applies record N's exact objects again and prunes what later records added; a new record. */
    rollback(actor: Actor, environment: string, install: string, record: number, input?: RollbackRequest, pre?: Precondition): Promise<Operation>;
  };
}

export interface CaravanCore {
  readonly templates: TemplatesApi;
  readonly versions: VersionsApi;
  readonly operations: OperationsApi;
  readonly audit: AuditApi;
  readonly tokens: TokensApi;
  readonly registry: RegistryApi;
  readonly clusters: ClustersApi;
  readonly environments: EnvironmentsApi;
  readonly installs: InstallsApi;
  /** Store reachable (readiness). */
  ready(): Promise<boolean>;
  /** Starts the operation worker: claims pending work and expired leases, resumes it. */
  start(): Promise<void>;
  /** Stops taking work, releases held leases, closes the store. */
  stop(): Promise<void>;
}

export type { Problem };
