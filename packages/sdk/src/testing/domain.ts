/**
 * The fake's resources and their rules: tokens, templates, versions and the
 * version state machine (read from @caravan/contracts/states, the table the
 * server enforces), publishing, the delivery registry, clusters, environments,
 * installs and their records. Each method takes the calling actor and either
 * returns the contract's object or throws a Refusal worded as the server's.
 *
 * No cluster is involved: rollouts "succeed" after a few steps on timers (or
 * fail where a test asked them to, see FakeControls), and publishing "copies"
 * nothing. Roles follow the server's rules: version moves take theirs from the
 * state table, the rest is the architecture's reader/author/tester/operator/admin.
 */
import type {
  App,
  Cluster,
  ClusterCreate,
  ClusterPatch,
  ComponentStatus,
  Environment,
  EnvironmentCreate,
  EnvironmentIngress,
  EnvironmentPatch,
  Install,
  InstallCreate,
  InstallPatch,
  InstallPreview,
  InstallRecord,
  InstallStatus,
  InstallUpgrade,
  InstallValues,
  Operation,
  Problem,
  RegistryCheck,
  RegistrySettings,
  RegistrySettingsInput,
  RollbackRequest,
  SourceRegistryCredential,
  SourceRegistryCredentialInput,
  Template,
  TemplateCreate,
  TemplatePatch,
  Token,
  TokenCreate,
  TokenCreated,
  TransitionRequest,
  Version,
  VersionCreate,
  VersionDiff,
  VersionPatch,
  Whoami,
} from '@caravan/contracts';
import {
  findTransition,
  IMMUTABLE_STATES,
  INSTALLABLE_STATES,
  ROLES,
  VERSION_TRANSITIONS,
  type Role,
  type VersionAction,
  type VersionState,
} from '@caravan/contracts/states';
import type { Page } from '../pagination.js';
import { compareVersions, diffApps, changedFields, imagesOf, labelsErrors, nameErrors, readApp, renderObjects, textErrors, versionIdentity, versionNumberError, type FakeObject } from './apps.js';
import {
  ascending,
  descending,
  invalid,
  newestFirst,
  pageOf,
  problem,
  ref,
  Refusal,
  requireRole,
  SYSTEM_ACTOR,
  throwIfAny,
  World,
  type Actor,
  type OperationRow,
  type PageQuery,
  type RunContext,
} from './world.js';

const READ: readonly Role[] = ['viewer', 'developer', 'tester', 'operator', 'admin'];
const AUTHOR: readonly Role[] = ['developer', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** Who may deploy where, by the environment's tier. */
const DEPLOY_BY_TIER: Readonly<Record<string, readonly Role[]>> = {
  development: ['admin', 'operator', 'developer'],
  test: ['admin', 'operator', 'developer', 'tester'],
  production: ['admin', 'operator'],
};
const NO_REGISTRY_REASON = 'no delivery registry is configured: PUT /v1/registry first';
const DEFAULT_TIMEOUT_SECONDS = 300;

const etag = (revision: number) => `"${revision}"`;

/** The server's If-Match rule: `*`, a list, weak and bare forms are all accepted. */
function checkPrecondition(ifMatch: string | undefined, revision: number, what: string): void {
  const value = ifMatch?.trim();
  if (value === undefined || value === '' || value === '*') return;
  const current = etag(revision);
  if (value.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === current || `"${t}"` === current)) return;
  throw new Refusal('precondition-failed', `${what} has changed since you read it (its ETag is now ${current}); read it again and retry`);
}

function rolesFor(action: VersionAction): readonly Role[] {
  const t = VERSION_TRANSITIONS.find((x) => x.action === action);
  return t === undefined || t.roles === 'system' ? [] : t.roles;
}

interface TokenRow {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly roles: Role[];
  readonly environments?: string[];
  readonly createdAt: string;
  readonly createdBy: { id: string; name: string };
  readonly expiresAt?: string;
  lastUsedAt?: string;
  revoked: boolean;
}

interface TemplateRow {
  name: string;
  description: string;
  labels: Record<string, string>;
  revision: number;
  createdAt: string;
  createdBy: { id: string; name: string };
  updatedAt: string;
}

interface VersionRow {
  readonly template: string;
  readonly version: string;
  description: string;
  state: VersionState;
  app: App;
  revision: number;
  readonly createdAt: string;
  readonly createdBy: { id: string; name: string };
  updatedAt: string;
  images: Version['images'];
  transitions: Version['transitions'];
  failure: Version['failure'];
}

interface RegistryRow {
  value: Omit<RegistrySettings, 'etag' | 'updatedAt'>;
  revision: number;
  updatedAt: string;
}

interface ClusterRow {
  name: string;
  server: string;
  context?: string;
  labels: Record<string, string>;
  health: Cluster['health'];
  revision: number;
  createdAt: string;
  createdBy: { id: string; name: string };
  updatedAt: string;
}

/** Ingress settings as stored: `{}` and empty annotations are none. */
function ingressOf(value: EnvironmentIngress | undefined): EnvironmentIngress | undefined {
  if (value === undefined) return undefined;
  const out: EnvironmentIngress = {
    ...(value.className === undefined ? {} : { className: value.className }),
    ...(value.annotations === undefined || Object.keys(value.annotations).length === 0 ? {} : { annotations: { ...value.annotations } }),
    ...(value.tls === undefined ? {} : { tls: { ...value.tls } }),
  };
  return Object.keys(out).length === 0 ? undefined : out;
}

interface EnvironmentRow {
  readonly name: string;
  readonly cluster: string;
  readonly namespace: string;
  tier: Environment['tier'];
  policy: Environment['policy'];
  createNamespace: boolean;
  defaults: InstallValues;
  secretDefaults: string[];
  /** As the server keeps it: absent when empty. */
  ingress: EnvironmentIngress | undefined;
  labels: Record<string, string>;
  revision: number;
  readonly createdAt: string;
  readonly createdBy: { id: string; name: string };
  updatedAt: string;
  /** Namespaces the fake "created" already, so a second install says it exists. */
  namespaceCreated: boolean;
}

interface InstallRow {
  readonly environment: string;
  readonly name: string;
  template: string;
  version: string;
  state: Install['state'];
  values: InstallValues;
  secretParameters: string[];
  record: number;
  latestRecord: number;
  operation?: string | undefined;
  description: string;
  labels: Record<string, string>;
  revision: number;
  readonly createdAt: string;
  readonly createdBy: { id: string; name: string };
  updatedAt: string;
}

interface RecordRow extends Omit<InstallRecord, 'objects'> {
  objects: FakeObject[];
}

/** Rollouts and copies a test asked to fail. */
export interface Failures {
  readonly rollouts: Map<string, string>;
  readonly images: Map<string, string>;
}

/** Splits install values into the plain ones and the names of secret parameters given. */
function splitSecrets(app: App, values: InstallValues | undefined): { plain: InstallValues; secrets: string[] } {
  const secret = new Set((app.parameters ?? []).filter((p) => p.secret === true).map((p) => p.name));
  const parameters = Object.entries(values?.parameters ?? {});
  const plainParameters = Object.fromEntries(parameters.filter(([k]) => !secret.has(k)));
  return {
    plain: {
      ...(parameters.length > 0 && Object.keys(plainParameters).length > 0 ? { parameters: plainParameters } : {}),
      ...(values?.components === undefined ? {} : { components: structuredClone(values.components) }),
    },
    secrets: parameters.filter(([k]) => secret.has(k)).map(([k]) => k),
  };
}

/** Unknown parameter and component names in install values, as the server refuses them. */
function valuesErrors(app: App, values: InstallValues | undefined, pointer: string) {
  const errors: { pointer: string; message: string; code: string }[] = [];
  const parameters = new Set((app.parameters ?? []).map((p) => p.name));
  const components = new Set(app.components.map((c) => c.name));
  for (const name of Object.keys(values?.parameters ?? {})) {
    if (!parameters.has(name)) errors.push({ pointer: `${pointer}/parameters/${name}`, message: `the app declares no parameter ${name}`, code: 'unknown' });
  }
  for (const name of Object.keys(values?.components ?? {})) {
    if (!components.has(name)) errors.push({ pointer: `${pointer}/components/${name}`, message: `the app has no component ${name}`, code: 'unknown' });
  }
  return errors;
}

export class FakeCaravanState {
  readonly world: World;
  readonly failures: Failures = { rollouts: new Map(), images: new Map() };
  readonly #tokens = new Map<string, TokenRow>();
  readonly #templates = new Map<string, TemplateRow>();
  readonly #versions = new Map<string, Map<string, VersionRow>>();
  /** Version numbers ever used per template, by identity (`1.0` and `1.0.0` are one). */
  readonly #used = new Map<string, Map<string, string>>();
  #registry: RegistryRow | undefined;
  readonly #sources = new Map<string, { host: string; username: string; hasPassword: boolean; revision: number; updatedAt: string }>();
  readonly #clusters = new Map<string, ClusterRow>();
  readonly #environments = new Map<string, EnvironmentRow>();
  readonly #installs = new Map<string, InstallRow>();
  readonly #records = new Map<string, RecordRow[]>();

  /** The secret of the admin token made at the start, as a server's first start makes one. */
  readonly bootstrapToken: string;

  constructor(world: World, bootstrapSecret: string) {
    this.world = world;
    this.bootstrapToken = bootstrapSecret;
    const row: TokenRow = { id: 'tok_bootstrap', name: 'bootstrap admin', secret: bootstrapSecret, roles: ['admin'], createdAt: world.iso(), createdBy: ref(SYSTEM_ACTOR), revoked: false };
    this.#tokens.set(row.id, row);
    world.record(SYSTEM_ACTOR, { action: 'token.create', subjectKind: 'token', subjectName: row.id, details: { name: row.name, roles: row.roles } });
  }

  // ---- tokens ----

  /** The actor of a bearer secret, or unauthenticated. */
  authenticate(secret: string | undefined): Actor {
    const row = [...this.#tokens.values()].find((t) => t.secret === secret && !t.revoked && (t.expiresAt === undefined || Date.parse(t.expiresAt) > Date.parse(this.world.iso())));
    if (row === undefined) throw new Refusal('unauthenticated', secret === undefined ? 'Send an API token as `Authorization: Bearer <token>`.' : 'The bearer token is not valid.');
    // A hint, not a log: touched at most once a minute, as the server does.
    const now = this.world.iso();
    if (row.lastUsedAt === undefined || Date.parse(now) - Date.parse(row.lastUsedAt) >= 60_000) row.lastUsedAt = now;
    return { id: row.id, name: row.name, roles: row.roles, ...(row.environments === undefined ? {} : { environments: row.environments }) };
  }

  whoami(actor: Actor): Whoami {
    return { id: actor.id, name: actor.name, roles: [...actor.roles], ...(actor.environments === undefined ? {} : { environments: [...actor.environments] }) };
  }

  #tokenToWire(row: TokenRow): Token {
    return {
      id: row.id,
      name: row.name,
      roles: [...row.roles],
      ...(row.environments === undefined ? {} : { environments: [...row.environments] }),
      createdAt: row.createdAt,
      createdBy: ref(row.createdBy),
      ...(row.expiresAt === undefined ? {} : { expiresAt: row.expiresAt }),
      ...(row.lastUsedAt === undefined ? {} : { lastUsedAt: row.lastUsedAt }),
    };
  }

  listTokens(actor: Actor, q: PageQuery): Page<Token> {
    requireRole(actor, ADMIN, 'listing tokens');
    const rows = [...this.#tokens.values()].filter((t) => !t.revoked).sort((a, b) => ascending(a.id, b.id));
    return pageOf('tokens', rows, (r) => r.id, ascending, (r) => this.#tokenToWire(r), q);
  }

  createToken(actor: Actor, input: TokenCreate): TokenCreated {
    requireRole(actor, ADMIN, 'creating a token');
    const errors: { pointer: string; message: string; code: string }[] = [];
    if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 128) errors.push({ pointer: '/name', message: 'is required (1 to 128 characters)', code: 'required' });
    if (!Array.isArray(input.roles) || input.roles.length === 0) errors.push({ pointer: '/roles', message: 'at least one role is required', code: 'required' });
    else {
      input.roles.forEach((r, i) => {
        if (!(ROLES as readonly string[]).includes(r)) errors.push({ pointer: `/roles/${i}`, message: `unknown role ${String(r)}; roles are ${ROLES.join(', ')}`, code: 'enum' });
      });
      if (new Set(input.roles).size !== input.roles.length) errors.push({ pointer: '/roles', message: 'roles must not repeat', code: 'unique' });
    }
    input.environments?.forEach((e, i) => errors.push(...nameErrors(e, `/environments/${i}`, 'an environment name').map((x) => ({ ...x, code: x.code ?? 'invalid' }))));
    throwIfAny(errors, 'the token is not valid');
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const secret = `cvn_${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
    const row: TokenRow = {
      id: this.world.nextId('tok_'),
      name: input.name,
      secret,
      roles: [...input.roles],
      ...(input.environments === undefined ? {} : { environments: [...input.environments] }),
      createdAt: this.world.iso(),
      createdBy: ref(actor),
      ...(input.expiresAt === undefined ? {} : { expiresAt: new Date(input.expiresAt).toISOString() }),
      revoked: false,
    };
    this.#tokens.set(row.id, row);
    this.world.record(actor, { action: 'token.create', subjectKind: 'token', subjectName: row.id, details: { name: row.name, roles: row.roles, ...(row.environments === undefined ? {} : { environments: row.environments }) } });
    return { ...this.#tokenToWire(row), secret };
  }

  deleteToken(actor: Actor, id: string): void {
    requireRole(actor, ADMIN, 'revoking a token');
    const row = this.#tokens.get(id);
    if (row === undefined || row.revoked) throw new Refusal('not-found', `token ${id} does not exist`);
    const admins = [...this.#tokens.values()].filter((t) => !t.revoked && t.roles.includes('admin') && t.id !== id);
    if (row.roles.includes('admin') && admins.length === 0) {
      throw new Refusal(
        'conflict',
        `token ${id} is the last active admin token: revoking it would leave no one able to manage tokens. Create another admin token first (POST /v1/tokens with roles [admin]), then revoke this one.`,
      );
    }
    row.revoked = true;
    this.world.record(actor, { action: 'token.delete', subjectKind: 'token', subjectName: id, details: { name: row.name } });
  }

  // ---- templates ----

  #template(name: string): TemplateRow {
    const row = this.#templates.get(name);
    if (row === undefined) throw new Refusal('not-found', `template ${name} does not exist`, { template: name });
    return row;
  }

  #templateToWire(row: TemplateRow): Template {
    return { name: row.name, description: row.description, labels: { ...row.labels }, etag: etag(row.revision), createdAt: row.createdAt, createdBy: ref(row.createdBy), updatedAt: row.updatedAt };
  }

  listTemplates(actor: Actor, q: PageQuery): Page<Template> {
    requireRole(actor, READ, 'listing templates');
    const rows = [...this.#templates.values()].sort((a, b) => ascending(a.name, b.name));
    return pageOf('templates', rows, (r) => r.name, ascending, (r) => this.#templateToWire(r), q);
  }

  getTemplate(actor: Actor, name: string): Template {
    requireRole(actor, READ, 'reading a template');
    return this.#templateToWire(this.#template(name));
  }

  createTemplate(actor: Actor, input: TemplateCreate): Template {
    requireRole(actor, AUTHOR, 'creating a template');
    throwIfAny([...nameErrors(input.name, '/name', 'the template name'), ...textErrors(input.description, '/description'), ...labelsErrors(input.labels, '/labels')], 'the template is not valid');
    if (this.#templates.has(input.name)) throw new Refusal('conflict', `template ${input.name} already exists`, { template: input.name });
    const at = this.world.iso();
    const row: TemplateRow = { name: input.name, description: input.description ?? '', labels: { ...input.labels }, revision: 1, createdAt: at, createdBy: ref(actor), updatedAt: at };
    this.#templates.set(row.name, row);
    this.#versions.set(row.name, new Map());
    this.world.record(actor, { action: 'template.create', subjectKind: 'template', subjectName: row.name, template: row.name });
    return this.#templateToWire(row);
  }

  updateTemplate(actor: Actor, name: string, patch: TemplatePatch, ifMatch?: string): Template {
    requireRole(actor, AUTHOR, 'editing a template');
    throwIfAny([...textErrors(patch.description, '/description'), ...labelsErrors(patch.labels, '/labels')], 'the change is not valid');
    const row = this.#template(name);
    checkPrecondition(ifMatch, row.revision, `template ${name}`);
    if (patch.description !== undefined) row.description = patch.description;
    if (patch.labels !== undefined) row.labels = { ...patch.labels };
    row.revision++;
    row.updatedAt = this.world.iso();
    const fields = [...(patch.description === undefined ? [] : ['description']), ...(patch.labels === undefined ? [] : ['labels'])];
    this.world.record(actor, { action: 'template.update', subjectKind: 'template', subjectName: name, template: name, details: { fields } });
    return this.#templateToWire(row);
  }

  deleteTemplate(actor: Actor, name: string, ifMatch?: string): void {
    requireRole(actor, AUTHOR, 'deleting a template');
    const row = this.#template(name);
    checkPrecondition(ifMatch, row.revision, `template ${name}`);
    const others = [...this.#versions.get(name)!.values()].filter((v) => v.state !== 'draft');
    if (others.length > 0) {
      throw new Refusal('conflict', `template ${name} has versions beyond drafts (${others.map((v) => `${v.version} is ${v.state}`).slice(0, 5).join(', ')}); it cannot be deleted`, { template: name });
    }
    this.#templates.delete(name);
    this.#versions.delete(name);
    this.world.record(actor, { action: 'template.delete', subjectKind: 'template', subjectName: name, template: name });
  }

  // ---- versions ----

  #version(template: string, version: string): VersionRow {
    const row = this.#versions.get(template)?.get(version);
    if (row === undefined) throw new Refusal('not-found', `version ${version} of template ${template} does not exist`, { template, version });
    return row;
  }

  #versionToWire(row: VersionRow): Version {
    return {
      template: row.template,
      version: row.version,
      description: row.description,
      state: row.state,
      app: structuredClone(row.app),
      etag: etag(row.revision),
      createdAt: row.createdAt,
      createdBy: ref(row.createdBy),
      updatedAt: row.updatedAt,
      images: row.images.map((i) => ({ ...i })),
      transitions: row.transitions.map((t) => ({ ...t, actor: ref(t.actor) })),
      failure: row.failure === null ? null : structuredClone(row.failure),
    };
  }

  listVersions(actor: Actor, template: string, q: PageQuery & { state?: string | undefined }): Page<Version> {
    requireRole(actor, READ, 'listing versions');
    this.#template(template);
    const rows = [...this.#versions.get(template)!.values()].filter((v) => q.state === undefined || v.state === q.state).sort((a, b) => compareVersions(a.version, b.version));
    return pageOf('versions', rows, (r) => r.version, compareVersions, (r) => this.#versionToWire(r), q);
  }

  getVersion(actor: Actor, template: string, version: string): Version {
    requireRole(actor, READ, 'reading a version');
    return this.#versionToWire(this.#version(template, version));
  }

  createVersion(actor: Actor, template: string, input: VersionCreate): Version {
    requireRole(actor, AUTHOR, 'creating a draft');
    this.#template(template);
    const numberError = versionNumberError(input.version);
    const { app, errors } = readApp(input.app);
    throwIfAny([...(numberError ? [numberError] : []), ...textErrors(input.description, '/description'), ...errors], 'the draft is not valid');
    const used = this.#used.get(template) ?? new Map<string, string>();
    const existing = used.get(versionIdentity(input.version));
    if (existing !== undefined) {
      throw new Refusal(
        'version-exists',
        existing === input.version
          ? `version ${input.version} of ${template} already exists or existed: a version number is never reused`
          : `version ${input.version} of ${template} is the same version as ${existing}, which already exists or existed: a version number is never reused`,
        { template, version: input.version },
      );
    }
    used.set(versionIdentity(input.version), input.version);
    this.#used.set(template, used);
    const at = this.world.iso();
    const row: VersionRow = {
      template,
      version: input.version,
      description: input.description ?? '',
      state: 'draft',
      app: structuredClone(app!),
      revision: 1,
      createdAt: at,
      createdBy: ref(actor),
      updatedAt: at,
      images: imagesOf(app!),
      transitions: [],
      failure: null,
    };
    this.#versions.get(template)!.set(row.version, row);
    this.world.record(actor, { action: 'version.create', subjectKind: 'version', subjectName: `${template}@${row.version}`, template, version: row.version, to: 'draft' });
    return this.#versionToWire(row);
  }

  updateVersion(actor: Actor, template: string, version: string, patch: VersionPatch, ifMatch?: string): Version {
    requireRole(actor, AUTHOR, 'editing a draft');
    const row = this.#version(template, version);
    if ((IMMUTABLE_STATES as readonly string[]).includes(row.state)) {
      throw new Refusal('version-immutable', `version ${version} of ${template} is ${row.state}: only drafts can be edited; create a new version instead`, { state: row.state });
    }
    checkPrecondition(ifMatch, row.revision, `version ${version} of ${template}`);
    const checked = patch.app === undefined ? undefined : readApp(patch.app);
    throwIfAny([...textErrors(patch.description, '/description'), ...(checked?.errors ?? [])], 'the change is not valid');
    if (patch.description !== undefined) row.description = patch.description;
    if (checked?.app !== undefined) {
      row.app = structuredClone(checked.app);
      row.images = imagesOf(checked.app);
    }
    row.revision++;
    row.updatedAt = this.world.iso();
    const fields = [...(patch.description === undefined ? [] : ['description']), ...(checked?.app === undefined ? [] : ['app'])];
    this.world.record(actor, { action: 'version.update', subjectKind: 'version', subjectName: `${template}@${version}`, template, version, details: { fields } });
    return this.#versionToWire(row);
  }

  diffVersions(actor: Actor, template: string, version: string, against: string): VersionDiff {
    requireRole(actor, READ, 'comparing versions');
    const to = this.#version(template, version);
    const from = this.#version(template, against);
    return { from: from.version, to: to.version, ...diffApps(from.app, to.app) };
  }

  #invalidTransition(row: VersionRow, action: VersionAction): Refusal {
    const allowed = VERSION_TRANSITIONS.filter((t) => t.from.includes(row.state)).map((t) => t.action);
    return new Refusal(
      'invalid-transition',
      `version ${row.version} of ${row.template} is ${row.state}, which does not allow ${action}; allowed from ${row.state}: ${allowed.length === 0 ? 'none' : allowed.join(', ')}`,
      { state: row.state, action },
    );
  }

  /** Moves a version along the contract's state table, recording the move on the version and in the audit trail. */
  #transition(actor: Actor, row: VersionRow, action: VersionAction, reason?: string, details?: Record<string, unknown>): void {
    const t = findTransition(action, row.state);
    if (t === undefined) throw this.#invalidTransition(row, action);
    let to: VersionState;
    if (t.to === 'previous') {
      // Back to the state the version was in before it entered this one.
      const entered = [...row.transitions].reverse().find((x) => x.to === row.state);
      to = entered?.from ?? 'published';
    } else to = t.to;
    const at = this.world.iso();
    const why = reason === undefined || reason === '' ? undefined : reason;
    row.transitions = [...row.transitions, { action, from: row.state, to, actor: ref(actor), at, ...(why === undefined ? {} : { reason: why }) }];
    this.world.record(actor, {
      action: `version.${action}`,
      subjectKind: 'version',
      subjectName: `${row.template}@${row.version}`,
      template: row.template,
      version: row.version,
      from: row.state,
      to,
      reason: why,
      details,
    });
    row.state = to;
    row.revision++;
    row.updatedAt = at;
  }

  moveVersion(actor: Actor, template: string, version: string, action: 'release' | 'deprecate' | 'restore', input: TransitionRequest = {}): Version {
    requireRole(actor, rolesFor(action), `${action === 'release' ? 'releasing' : action === 'deprecate' ? 'deprecating' : 'restoring'} a version`);
    throwIfAny(textErrors(input.reason, '/reason'), 'the reason is not valid');
    const row = this.#version(template, version);
    this.#transition(actor, row, action, input.reason);
    return this.#versionToWire(row);
  }

  /** publish (from draft) and retry (from failed): the version starts publishing and an operation copies its images. */
  publish(actor: Actor, template: string, version: string, action: 'publish' | 'retry', input: TransitionRequest = {}): Operation {
    requireRole(actor, rolesFor(action), action === 'publish' ? 'publishing a version' : 'retrying a failed publish');
    throwIfAny(textErrors(input.reason, '/reason'), 'the reason is not valid');
    const row = this.#version(template, version);
    if (findTransition(action, row.state) === undefined) throw this.#invalidTransition(row, action);
    const lockKey = `publish:${template}@${version}`;
    const active = this.world.holder(lockKey);
    if (active !== undefined) throw new Refusal('conflict', `version ${version} of ${template} is already being published by operation ${active.id}`, { operation: active.id });
    const op = this.world.start({
      kind: 'publish',
      subject: { template, version },
      actor,
      lockKey,
      run: (ctx) => this.#copy(ctx, row),
      abandon: (o, error) => this.#failVersion(row, error.detail ?? error.title, [], o.id),
    });
    this.#transition(actor, row, action, input.reason, { operation: op.id });
    return this.world.operationToWire(op);
  }

  #failVersion(row: VersionRow, reason: string, images: { component: string; image: string; reason: string }[], operation: string): void {
    if (row.state !== 'publishing') return;
    this.#transition(SYSTEM_ACTOR, row, 'syncFailed', reason, { operation });
    row.failure = { reason, images };
  }

  async #copy(ctx: RunContext, row: VersionRow) {
    const op = ctx.op;
    const registry = this.#registry;
    if (registry === undefined) {
      for (const c of row.app.components) ctx.setStep(`copy ${c.name}`, { state: 'failed', bytes: 0, message: NO_REGISTRY_REASON });
      this.#failVersion(row, NO_REGISTRY_REASON, [], op.id);
      return { state: 'failed' as const, error: problem('registry-not-configured', NO_REGISTRY_REASON) };
    }
    const host = new URL(registry.value.url).host;
    const pinned = new Map(row.images.filter((i) => i.reference !== undefined).map((i) => [i.component, i]));
    const todo = row.app.components.filter((c) => pinned.get(c.name)?.source !== c.image);
    for (const c of row.app.components) {
      const done = pinned.get(c.name);
      if (done?.source === c.image) ctx.setStep(`copy ${c.name}`, { state: 'succeeded', bytes: 0, message: `${done.reference} (copied earlier)` });
      else ctx.setStep(`copy ${c.name}`, { state: 'pending', bytes: 0 });
    }
    const failures: { component: string; image: string; reason: string }[] = [];
    for (const c of todo) {
      ctx.setStep(`copy ${c.name}`, { state: 'running', bytes: 0, message: `copying ${c.image}` });
      await ctx.pause();
      const refused = this.failures.images.get(c.image);
      if (refused !== undefined) {
        ctx.setStep(`copy ${c.name}`, { state: 'failed', message: refused });
        failures.push({ component: c.name, image: c.image, reason: refused });
        continue;
      }
      const digest = `sha256:${fakeDigest(c.image)}`;
      const reference = `${host}/${[registry.value.prefix, row.template, c.name].filter((p) => p !== '').join('/')}@${digest}`;
      // Saved on the version at once (a write of its own, as the server's), so a retry copies only what is missing.
      row.images = row.images.map((i) => (i.component === c.name ? { component: c.name, source: c.image, reference, digest } : i));
      row.revision++;
      row.updatedAt = this.world.iso();
      ctx.setStep(`copy ${c.name}`, { state: 'succeeded', bytes: 0, message: `${reference} (0 blobs copied, 0 mounted, 1 already there)` });
    }
    if (failures.length > 0) {
      const detail = `${failures.length} of ${row.app.components.length} images could not be copied into the delivery registry: ${failures.map((f) => `${f.component} (${f.image}): ${f.reason}`).join('; ')}`;
      this.#failVersion(row, detail, failures, op.id);
      return { state: 'failed' as const, error: problem('registry-sync-failed', detail, { images: failures }) };
    }
    // Every image is in place: the app is pinned to the delivery registry and the version published, in one move.
    const pins = new Map(row.images.map((i) => [i.component, i.reference]));
    row.app = { ...row.app, components: row.app.components.map((c) => ({ ...c, image: pins.get(c.name) ?? c.image })) };
    row.failure = null;
    this.#transition(SYSTEM_ACTOR, row, 'synced', undefined, { operation: op.id });
    return { state: 'succeeded' as const, result: { images: row.images.map((i) => ({ ...i })) } };
  }

  // ---- operations ----

  listOperations(actor: Actor, q: PageQuery & { state?: string | undefined; kind?: string | undefined }): Page<Operation> {
    requireRole(actor, READ, 'listing operations');
    const rows = [...this.world.operations.values()]
      .filter((o) => (q.state === undefined || o.state === q.state) && (q.kind === undefined || o.kind === q.kind) && this.#sees(actor, o))
      .sort((a, b) => descending(a.id, b.id));
    return pageOf('operations', rows, (r) => r.id, descending, (r) => this.world.operationToWire(r), q);
  }

  #sees(actor: Actor, op: OperationRow): boolean {
    const env = op.subject.environment;
    return actor.environments === undefined || env === undefined || actor.environments.includes(env);
  }

  getOperation(actor: Actor, id: string): Operation {
    requireRole(actor, READ, 'reading an operation');
    const op = this.world.operation(id);
    if (!this.#sees(actor, op)) throw new Refusal('forbidden', `operation ${id} works on environment ${op.subject.environment}, which ${actor.name} is not granted`, { environment: op.subject.environment });
    return this.world.operationToWire(op);
  }

  cancelOperation(actor: Actor, id: string): Operation {
    const op = this.world.operation(id);
    const roles = op.kind === 'publish' ? rolesFor('publish') : ['admin', 'operator', 'developer', 'tester'];
    requireRole(actor, roles as Role[], `cancelling a ${op.kind} operation`);
    return this.world.operationToWire(this.world.cancel(actor, id));
  }

  // ---- audit ----

  listAudit(actor: Actor, q: PageQuery & { subject?: string; actor?: string; action?: string; since?: string; until?: string }) {
    requireRole(actor, READ, 'reading the audit trail');
    const match = q.subject === undefined ? () => true : auditSubject(q.subject);
    const since = q.since === undefined ? undefined : Date.parse(q.since);
    const until = q.until === undefined ? undefined : Date.parse(q.until);
    const rows = [...this.world.audit]
      .reverse()
      .filter(
        (r) =>
          match(r) &&
          (q.actor === undefined || r.actor.id === q.actor) &&
          (q.action === undefined || r.action === q.action) &&
          (since === undefined || Date.parse(r.at) >= since) &&
          (until === undefined || Date.parse(r.at) <= until),
      );
    return pageOf('audit', rows, (r) => String(r.seq), newestFirst, (r) => this.world.auditToWire(r), q);
  }

  // ---- registry ----

  #registryToWire(row: RegistryRow): RegistrySettings {
    return { ...structuredClone(row.value), etag: etag(row.revision), updatedAt: row.updatedAt };
  }

  getRegistry(actor: Actor): RegistrySettings {
    requireRole(actor, ADMIN, 'reading the delivery registry settings');
    if (this.#registry === undefined) throw new Refusal('not-found', 'No delivery registry is configured yet; PUT /v1/registry sets one.');
    return this.#registryToWire(this.#registry);
  }

  putRegistry(actor: Actor, input: RegistrySettingsInput, ifMatch?: string): RegistrySettings {
    requireRole(actor, ADMIN, 'setting the delivery registry');
    let url: URL | undefined;
    try {
      url = new URL(input.url);
    } catch {
      throw invalid('the registry settings are not valid', [{ pointer: '/url', message: 'must be an absolute http(s) URL, e.g. https://registry.example.com', code: 'url' }]);
    }
    if (url.protocol === 'http:' && input.allowInsecureHttp !== true) {
      throw invalid('the registry settings are not valid', [{ pointer: '/url', message: 'plain http is refused unless allowInsecureHttp is true', code: 'insecure-http' }]);
    }
    const current = this.#registry;
    if (current !== undefined) checkPrecondition(ifMatch, current.revision, 'the registry settings');
    const root = `${url.protocol}//${url.host}`;
    const hasPassword = input.password === undefined ? (current?.value.hasPassword ?? false) : input.password !== '';
    const value: RegistryRow['value'] = {
      url: root,
      prefix: input.prefix,
      username: input.username === undefined || input.username === '' ? null : input.username,
      hasPassword,
      ...(input.caBundle === undefined || input.caBundle === '' ? {} : { caBundle: input.caBundle }),
      allowInsecureHttp: input.allowInsecureHttp === true,
      sourceAllowList: [...new Set(input.sourceAllowList ?? [])],
    } as RegistryRow['value'];
    this.#registry = { value, revision: (current?.revision ?? 0) + 1, updatedAt: this.world.iso() };
    this.world.record(actor, {
      action: 'registry.put',
      subjectKind: 'registry',
      subjectName: 'delivery',
      details: { url: value.url, prefix: value.prefix, username: value.username, passwordChanged: input.password !== undefined, sourceAllowList: (value as { sourceAllowList?: string[] }).sourceAllowList ?? [] },
    });
    return this.#registryToWire(this.#registry);
  }

  checkRegistry(actor: Actor): RegistryCheck {
    requireRole(actor, ADMIN, 'checking the delivery registry');
    if (this.#registry === undefined) throw new Refusal('registry-not-configured', NO_REGISTRY_REASON);
    return { ok: true, push: true, pull: true, checkedAt: this.world.iso() };
  }

  listSources(actor: Actor): SourceRegistryCredential[] {
    requireRole(actor, ADMIN, 'listing source registry credentials');
    return [...this.#sources.values()].sort((a, b) => ascending(a.host, b.host)).map((s) => ({ host: s.host, username: s.username, hasPassword: s.hasPassword, etag: etag(s.revision), updatedAt: s.updatedAt }));
  }

  putSource(actor: Actor, host: string, input: SourceRegistryCredentialInput, ifMatch?: string): SourceRegistryCredential {
    requireRole(actor, ADMIN, 'setting source registry credentials');
    const h = host.toLowerCase();
    const errors: { pointer: string; message: string; code: string }[] = [];
    if (typeof input.username !== 'string' || input.username.length < 1 || input.username.length > 256) errors.push({ pointer: '/username', message: 'is required (1 to 256 characters)', code: 'required' });
    if (typeof input.password !== 'string') errors.push({ pointer: '/password', message: 'is required (at most 4096 characters)', code: 'required' });
    throwIfAny(errors, 'the credential is not valid');
    const current = this.#sources.get(h);
    if (ifMatch !== undefined) {
      if (current === undefined && ifMatch.trim() !== '' && ifMatch.trim() !== '*') throw new Refusal('precondition-failed', `the credential for source registry ${h} does not exist, so no ETag can match`);
      if (current !== undefined) checkPrecondition(ifMatch, current.revision, `the credential for source registry ${h}`);
    }
    const row = { host: h, username: input.username, hasPassword: input.password !== '', revision: (current?.revision ?? 0) + 1, updatedAt: this.world.iso() };
    this.#sources.set(h, row);
    this.world.record(actor, { action: 'registry.source.put', subjectKind: 'source-registry', subjectName: h, details: { username: row.username } });
    return { host: h, username: row.username, hasPassword: row.hasPassword, etag: etag(row.revision), updatedAt: row.updatedAt };
  }

  deleteSource(actor: Actor, host: string, ifMatch?: string): void {
    requireRole(actor, ADMIN, 'removing source registry credentials');
    const h = host.toLowerCase();
    const current = this.#sources.get(h);
    if (current === undefined) throw new Refusal('not-found', `no credential is stored for source registry ${h}`);
    checkPrecondition(ifMatch, current.revision, `the credential for source registry ${h}`);
    this.#sources.delete(h);
    this.world.record(actor, { action: 'registry.source.delete', subjectKind: 'source-registry', subjectName: h });
  }

  // ---- clusters ----

  #cluster(name: string): ClusterRow {
    const row = this.#clusters.get(name);
    if (row === undefined) throw new Refusal('not-found', `cluster ${name} does not exist`);
    return row;
  }

  #clusterToWire(row: ClusterRow): Cluster {
    return {
      name: row.name,
      server: row.server,
      ...(row.context === undefined ? {} : { context: row.context }),
      labels: { ...row.labels },
      health: structuredClone(row.health),
      etag: etag(row.revision),
      createdAt: row.createdAt,
      createdBy: ref(row.createdBy),
      updatedAt: row.updatedAt,
    };
  }

  /** A probe that always reaches the cluster: the fake has none to reach. */
  #probe(): Cluster['health'] {
    const verbs = ['get', 'list', 'create', 'patch', 'delete'];
    const resources = ['namespaces', 'deployments.apps', 'statefulsets.apps', 'jobs.batch', 'cronjobs.batch', 'services', 'secrets', 'configmaps'];
    return { state: 'reachable', checkedAt: this.world.iso(), serverVersion: 'v1.33.0', permissions: resources.flatMap((resource) => verbs.map((verb) => ({ resource, verb, allowed: true }))) };
  }

  /** The API server a kubeconfig names (its first `server:`). */
  #serverOf(kubeconfig: unknown): string {
    const server = typeof kubeconfig === 'string' ? /^\s*server:\s*["']?([^\s"']+)/m.exec(kubeconfig)?.[1] : undefined;
    if (server === undefined) throw invalid('the kubeconfig is not valid', [{ pointer: '/kubeconfig', message: 'names no cluster server', code: 'kubeconfig' }]);
    return server;
  }

  listClusters(actor: Actor, q: PageQuery): Page<Cluster> {
    requireRole(actor, READ, 'listing clusters');
    const rows = [...this.#clusters.values()].sort((a, b) => ascending(a.name, b.name));
    return pageOf('clusters', rows, (r) => r.name, ascending, (r) => this.#clusterToWire(r), q);
  }

  getCluster(actor: Actor, name: string): Cluster {
    requireRole(actor, READ, 'reading a cluster');
    return this.#clusterToWire(this.#cluster(name));
  }

  createCluster(actor: Actor, input: ClusterCreate): Cluster {
    requireRole(actor, ADMIN, 'registering a cluster');
    throwIfAny([...nameErrors(input.name, '/name', 'the cluster name'), ...labelsErrors(input.labels, '/labels')], 'the cluster is not valid');
    const server = this.#serverOf(input.kubeconfig);
    if (this.#clusters.has(input.name)) throw new Refusal('conflict', `cluster ${input.name} already exists`);
    const at = this.world.iso();
    const row: ClusterRow = { name: input.name, server, ...(input.context === undefined ? {} : { context: input.context }), labels: { ...input.labels }, health: this.#probe(), revision: 1, createdAt: at, createdBy: ref(actor), updatedAt: at };
    this.#clusters.set(row.name, row);
    this.world.record(actor, { action: 'cluster.create', subjectKind: 'cluster', subjectName: row.name, details: { server, context: row.context } });
    return this.#clusterToWire(row);
  }

  updateCluster(actor: Actor, name: string, patch: ClusterPatch, ifMatch?: string): Cluster {
    requireRole(actor, ADMIN, 'changing a cluster');
    const row = this.#cluster(name);
    checkPrecondition(ifMatch, row.revision, `cluster ${name}`);
    throwIfAny(labelsErrors(patch.labels, '/labels'), 'the change is not valid');
    if (patch.kubeconfig !== undefined) row.server = this.#serverOf(patch.kubeconfig);
    if (patch.context !== undefined) row.context = patch.context;
    if (patch.labels !== undefined) row.labels = { ...patch.labels };
    if (patch.kubeconfig !== undefined || patch.context !== undefined) row.health = this.#probe();
    row.revision++;
    row.updatedAt = this.world.iso();
    this.world.record(actor, { action: 'cluster.update', subjectKind: 'cluster', subjectName: name, details: { fields: Object.keys(patch) } });
    return this.#clusterToWire(row);
  }

  deleteCluster(actor: Actor, name: string, ifMatch?: string): void {
    requireRole(actor, ADMIN, 'removing a cluster');
    const row = this.#cluster(name);
    checkPrecondition(ifMatch, row.revision, `cluster ${name}`);
    const bound = [...this.#environments.values()].filter((e) => e.cluster === name);
    if (bound.length > 0) throw new Refusal('conflict', `cluster ${name} is used by environments ${bound.map((e) => e.name).join(', ')}; delete or move them first`);
    this.#clusters.delete(name);
    this.world.record(actor, { action: 'cluster.delete', subjectKind: 'cluster', subjectName: name });
  }

  probeCluster(actor: Actor, name: string): Cluster {
    requireRole(actor, ADMIN, 'probing a cluster');
    const row = this.#cluster(name);
    row.health = this.#probe();
    return this.#clusterToWire(row);
  }

  // ---- environments ----

  #environment(actor: Actor, name: string, doing: string): EnvironmentRow {
    if (actor.environments !== undefined && !actor.environments.includes(name)) {
      throw new Refusal('forbidden', `${doing} in environment ${name} is not allowed: ${actor.name} is limited to ${actor.environments.length === 0 ? 'no environments' : actor.environments.join(', ')}`, { environment: name });
    }
    const row = this.#environments.get(name);
    if (row === undefined) throw new Refusal('not-found', `environment ${name} does not exist`, { environment: name });
    return row;
  }

  #environmentToWire(row: EnvironmentRow): Environment {
    return {
      name: row.name,
      cluster: row.cluster,
      namespace: row.namespace,
      tier: row.tier,
      policy: structuredClone(row.policy),
      createNamespace: row.createNamespace,
      defaults: structuredClone(row.defaults),
      secretDefaults: [...row.secretDefaults].sort(),
      ...(row.ingress === undefined ? {} : { ingress: structuredClone(row.ingress) }),
      labels: { ...row.labels },
      etag: etag(row.revision),
      createdAt: row.createdAt,
      createdBy: ref(row.createdBy),
      updatedAt: row.updatedAt,
    };
  }

  listEnvironments(actor: Actor, q: PageQuery & { cluster?: string | undefined; tier?: string | undefined }): Page<Environment> {
    requireRole(actor, READ, 'listing environments');
    const rows = [...this.#environments.values()]
      .filter((e) => (q.cluster === undefined || e.cluster === q.cluster) && (q.tier === undefined || e.tier === q.tier) && (actor.environments === undefined || actor.environments.includes(e.name)))
      .sort((a, b) => ascending(a.name, b.name));
    return pageOf('environments', rows, (r) => r.name, ascending, (r) => this.#environmentToWire(r), q);
  }

  getEnvironment(actor: Actor, name: string): Environment {
    requireRole(actor, READ, 'reading an environment');
    return this.#environmentToWire(this.#environment(actor, name, 'reading an environment'));
  }

  createEnvironment(actor: Actor, input: EnvironmentCreate): Environment {
    requireRole(actor, ADMIN, 'creating an environment');
    throwIfAny([...nameErrors(input.name, '/name', 'the environment name'), ...nameErrors(input.namespace, '/namespace', 'the namespace'), ...labelsErrors(input.labels, '/labels')], 'the environment is not valid');
    if (!this.#clusters.has(input.cluster)) throw new Refusal('not-found', `cluster ${input.cluster} is not registered`);
    const taken = [...this.#environments.values()].find((e) => e.cluster === input.cluster && e.namespace === input.namespace);
    if (taken !== undefined) throw new Refusal('conflict', `namespace ${input.namespace} of cluster ${input.cluster} is already environment ${taken.name}`, { environment: taken.name });
    if (this.#environments.has(input.name)) throw new Refusal('conflict', `environment ${input.name} already exists`, { environment: input.name });
    const at = this.world.iso();
    const row: EnvironmentRow = {
      name: input.name,
      cluster: input.cluster,
      namespace: input.namespace,
      tier: input.tier,
      // The tier's default policy comes from the contract's table, as the server's does.
      policy: { allowedStates: [...(input.policy?.allowedStates ?? INSTALLABLE_STATES[input.tier])], ...(input.policy?.requiredApprovals === undefined ? {} : { requiredApprovals: input.policy.requiredApprovals }) },
      createNamespace: input.createNamespace ?? true,
      defaults: structuredClone(input.defaults ?? {}),
      secretDefaults: Object.keys(input.secretDefaults ?? {}),
      ingress: ingressOf(input.ingress),
      labels: { ...input.labels },
      revision: 1,
      createdAt: at,
      createdBy: ref(actor),
      updatedAt: at,
      namespaceCreated: false,
    };
    this.#environments.set(row.name, row);
    this.world.record(actor, { action: 'environment.create', subjectKind: 'environment', subjectName: row.name, details: { cluster: row.cluster, namespace: row.namespace, tier: row.tier } });
    return this.#environmentToWire(row);
  }

  updateEnvironment(actor: Actor, name: string, patch: EnvironmentPatch, ifMatch?: string): Environment {
    requireRole(actor, ADMIN, 'changing an environment');
    const row = this.#environment(actor, name, 'changing an environment');
    checkPrecondition(ifMatch, row.revision, `environment ${name}`);
    throwIfAny(labelsErrors(patch.labels, '/labels'), 'the change is not valid');
    if (patch.tier !== undefined) row.tier = patch.tier;
    if (patch.policy !== undefined) row.policy = { allowedStates: [...(patch.policy.allowedStates ?? INSTALLABLE_STATES[row.tier])], ...(patch.policy.requiredApprovals === undefined ? {} : { requiredApprovals: patch.policy.requiredApprovals }) };
    if (patch.createNamespace !== undefined) row.createNamespace = patch.createNamespace;
    if (patch.defaults !== undefined) row.defaults = structuredClone(patch.defaults);
    if (patch.ingress !== undefined) row.ingress = ingressOf(patch.ingress);
    if (patch.labels !== undefined) row.labels = { ...patch.labels };
    for (const [k, v] of Object.entries(patch.secretDefaults ?? {})) {
      row.secretDefaults = row.secretDefaults.filter((n) => n !== k);
      if (v !== null) row.secretDefaults.push(k);
    }
    row.revision++;
    row.updatedAt = this.world.iso();
    this.world.record(actor, { action: 'environment.update', subjectKind: 'environment', subjectName: name, details: { fields: Object.keys(patch) } });
    return this.#environmentToWire(row);
  }

  deleteEnvironment(actor: Actor, name: string, ifMatch?: string): void {
    requireRole(actor, ADMIN, 'deleting an environment');
    const row = this.#environment(actor, name, 'deleting an environment');
    checkPrecondition(ifMatch, row.revision, `environment ${name}`);
    const active = [...this.#installs.values()].filter((i) => i.environment === name && i.state !== 'uninstalled').length;
    if (active > 0) throw new Refusal('conflict', `environment ${name} still has ${active} install(s); uninstall them first`, { environment: name });
    this.#environments.delete(name);
    this.world.record(actor, { action: 'environment.delete', subjectKind: 'environment', subjectName: name });
  }

  // ---- installs ----

  #deployable(actor: Actor, env: EnvironmentRow, doing: string): void {
    const allowed = DEPLOY_BY_TIER[env.tier] ?? ADMIN;
    if (actor.roles.some((r) => allowed.includes(r))) return;
    throw new Refusal('forbidden', `${doing} in ${env.tier} environment ${env.name} needs one of the roles ${allowed.join(', ')}; ${actor.name} has ${actor.roles.join(', ') || 'no roles'}`);
  }

  #install(environment: string, name: string): InstallRow {
    const row = this.#installs.get(`${environment}/${name}`);
    if (row === undefined) throw new Refusal('not-found', `install ${name} does not exist in environment ${environment}`, { environment, install: name });
    return row;
  }

  #installToWire(row: InstallRow): Install {
    return {
      name: row.name,
      environment: row.environment,
      template: row.template,
      version: row.version,
      state: row.state,
      values: structuredClone(row.values),
      secretParameters: [...row.secretParameters],
      record: row.record,
      latestRecord: row.latestRecord,
      ...(row.operation === undefined ? {} : { operation: row.operation }),
      description: row.description,
      labels: { ...row.labels },
      etag: etag(row.revision),
      createdAt: row.createdAt,
      createdBy: ref(row.createdBy),
      updatedAt: row.updatedAt,
    };
  }

  #recordToWire(row: RecordRow): InstallRecord {
    return {
      ...structuredClone({ ...row, objects: [] }),
      objects: row.objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name, manifest: structuredClone(o.manifest) })),
    };
  }

  /** The server's policy check: deprecated and unfinished versions never, others as the environment allows. */
  #checkPolicy(env: EnvironmentRow, version: VersionRow): void {
    const state = version.state;
    if (state === 'deprecated') throw new Refusal('policy-violation', `version ${version.version} of ${version.template} is deprecated: it takes no new installs or upgrades`, { rule: 'deprecated', state });
    if (state === 'publishing' || state === 'failed') {
      throw new Refusal('policy-violation', `version ${version.version} of ${version.template} is ${state}: only drafts, published and released versions can run`, { rule: 'installable', state });
    }
    if (!env.policy.allowedStates.includes(state)) {
      throw new Refusal('policy-violation', `environment ${env.name} (${env.tier}) takes only ${env.policy.allowedStates.join(', ')} versions; ${version.version} of ${version.template} is ${state}`, {
        rule: 'allowedStates',
        state,
        allowedStates: [...env.policy.allowedStates],
      });
    }
  }

  listInstalls(actor: Actor, environment: string, q: PageQuery & { template?: string | undefined }): Page<Install> {
    requireRole(actor, READ, 'listing installs');
    this.#environment(actor, environment, 'listing installs');
    const rows = [...this.#installs.values()].filter((i) => i.environment === environment && (q.template === undefined || i.template === q.template)).sort((a, b) => ascending(a.name, b.name));
    return pageOf(`installs:${environment}`, rows, (r) => r.name, ascending, (r) => this.#installToWire(r), q);
  }

  getInstall(actor: Actor, environment: string, name: string): Install {
    requireRole(actor, READ, 'reading an install');
    this.#environment(actor, environment, 'reading an install');
    return this.#installToWire(this.#install(environment, name));
  }

  createInstall(actor: Actor, environment: string, input: InstallCreate): Operation {
    requireRole(actor, READ, 'installing');
    throwIfAny([...nameErrors(input.name, '/name', 'the install name'), ...nameErrors(input.template, '/template', 'the template name'), ...labelsErrors(input.labels, '/labels'), ...textErrors(input.description, '/description')], 'the install is not valid');
    const env = this.#environment(actor, environment, 'installing');
    this.#deployable(actor, env, 'installing');
    const version = this.#version(input.template, input.version);
    this.#checkPolicy(env, version);
    const existing = this.#installs.get(`${environment}/${input.name}`);
    if (existing !== undefined && existing.state !== 'uninstalled') {
      throw new Refusal('conflict', `install ${input.name} already exists in environment ${environment} (${existing.template} ${existing.version}, ${existing.state}); upgrade it instead`, { install: input.name });
    }
    throwIfAny(valuesErrors(version.app, input.values, '/values'), 'the install is not valid');
    const { plain, secrets } = splitSecrets(version.app, input.values);
    const at = this.world.iso();
    const row: InstallRow = existing ?? {
      environment,
      name: input.name,
      template: version.template,
      version: version.version,
      state: 'installing',
      values: plain,
      secretParameters: secrets,
      record: 0,
      latestRecord: 0,
      description: input.description ?? '',
      labels: { ...input.labels },
      revision: 0,
      createdAt: at,
      createdBy: ref(actor),
      updatedAt: at,
    };
    this.#installs.set(`${environment}/${input.name}`, row);
    return this.#deploy(actor, env, row, 'install', { version, values: plain, secrets, atomic: input.atomic === true, timeoutSeconds: input.timeoutSeconds });
  }

  updateInstall(actor: Actor, environment: string, name: string, patch: InstallPatch, ifMatch?: string): Install {
    const env = this.#environment(actor, environment, 'editing an install');
    this.#deployable(actor, env, 'editing an install');
    const row = this.#install(environment, name);
    checkPrecondition(ifMatch, row.revision, `install ${name}`);
    throwIfAny([...labelsErrors(patch.labels, '/labels'), ...textErrors(patch.description, '/description')], 'the install patch is not valid');
    if (patch.labels !== undefined) row.labels = { ...patch.labels };
    if (patch.description !== undefined) row.description = patch.description;
    row.revision++;
    row.updatedAt = this.world.iso();
    this.world.record(actor, { action: 'install.update', subjectKind: 'install', subjectName: `${environment}/${name}`, details: { fields: Object.keys(patch) } });
    return this.#installToWire(row);
  }

  uninstall(actor: Actor, environment: string, name: string, ifMatch?: string): Operation {
    const env = this.#environment(actor, environment, 'uninstalling');
    this.#deployable(actor, env, 'uninstalling');
    const row = this.#install(environment, name);
    checkPrecondition(ifMatch, row.revision, `install ${name}`);
    if (row.state === 'uninstalled') throw new Refusal('conflict', `install ${name} is already uninstalled`, { install: name });
    const version = this.#version(row.template, row.version);
    return this.#deploy(actor, env, row, 'uninstall', { version, values: row.values, secrets: [], atomic: false });
  }

  #planUpgrade(env: EnvironmentRow, row: InstallRow, input: InstallUpgrade) {
    const version = this.#version(row.template, input.version ?? row.version);
    this.#checkPolicy(env, version);
    throwIfAny(valuesErrors(version.app, input.values, '/values'), 'the values are not valid');
    const given = splitSecrets(version.app, input.values);
    const stored = input.resetValues === true ? {} : row.values;
    // Values merge over the stored ones: each parameter given replaces that one, each component's settings replace its own.
    const values: InstallValues = {
      ...((stored.parameters !== undefined || given.plain.parameters !== undefined) ? { parameters: { ...stored.parameters, ...given.plain.parameters } } : {}),
      ...((stored.components !== undefined || given.plain.components !== undefined) ? { components: { ...stored.components, ...given.plain.components } } : {}),
    };
    const secrets = [...new Set([...(input.resetValues === true ? [] : row.secretParameters), ...given.secrets])].sort();
    return { version, values, secrets };
  }

  previewUpgrade(actor: Actor, environment: string, name: string, input: InstallUpgrade): InstallPreview {
    requireRole(actor, READ, 'previewing an upgrade');
    const env = this.#environment(actor, environment, 'previewing an upgrade');
    const row = this.#install(environment, name);
    const next = this.#planUpgrade(env, row, input);
    const from = this.#version(row.template, row.version);
    const before = this.#records.get(`${environment}/${name}`)?.find((r) => r.number === row.record)?.objects ?? [];
    const after = renderObjects(next.version.app, name, env.namespace, next.values);
    const key = (o: FakeObject) => `${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`;
    const refOf = (o: FakeObject) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name });
    const beforeBy = new Map(before.map((o) => [key(o), o]));
    const afterBy = new Map(after.map((o) => [key(o), o]));
    return {
      from: row.version,
      to: next.version.version,
      ...diffApps(from.app, next.version.app),
      values: changedFields(row.values, next.values),
      objects: {
        added: after.filter((o) => !beforeBy.has(key(o))).map(refOf),
        removed: before.filter((o) => !afterBy.has(key(o))).map(refOf),
        changed: after
          .filter((o) => beforeBy.has(key(o)))
          .map((o) => ({ ...refOf(o), fields: changedFields(beforeBy.get(key(o))!.manifest, o.manifest) }))
          .filter((c) => c.fields.length > 0),
      },
    };
  }

  upgrade(actor: Actor, environment: string, name: string, input: InstallUpgrade, ifMatch?: string): Operation {
    throwIfAny(textErrors(input.reason, '/reason'), 'the upgrade is not valid');
    const env = this.#environment(actor, environment, 'upgrading');
    this.#deployable(actor, env, 'upgrading');
    const row = this.#install(environment, name);
    checkPrecondition(ifMatch, row.revision, `install ${name}`);
    if (row.state === 'uninstalled') throw new Refusal('conflict', `install ${name} is uninstalled; install it again instead`, { install: name });
    const next = this.#planUpgrade(env, row, input);
    return this.#deploy(actor, env, row, 'upgrade', { ...next, atomic: input.atomic === true, timeoutSeconds: input.timeoutSeconds, reason: input.reason });
  }

  status(actor: Actor, environment: string, name: string): InstallStatus {
    requireRole(actor, READ, 'reading an install');
    this.#environment(actor, environment, 'reading an install');
    const row = this.#install(environment, name);
    const record = this.#records.get(`${environment}/${name}`)?.find((r) => r.number === row.record);
    const components = row.state === 'uninstalled' ? [] : (record?.components ?? []);
    const health: InstallStatus['health'] =
      row.state === 'uninstalled' || record === undefined ? 'missing' : components.some((c) => c.state === 'failed') ? 'degraded' : components.every((c) => c.state === 'ready') ? 'healthy' : 'progressing';
    return { environment, install: name, ...(row.record > 0 ? { record: row.record } : {}), health, components: structuredClone(components), drift: [], checkedAt: this.world.iso() };
  }

  listRecords(actor: Actor, environment: string, install: string, q: PageQuery): Page<InstallRecord> {
    requireRole(actor, READ, 'listing records');
    this.#environment(actor, environment, 'listing records');
    this.#install(environment, install);
    const rows = [...(this.#records.get(`${environment}/${install}`) ?? [])].reverse();
    return pageOf(`records:${environment}/${install}`, rows, (r) => String(r.number), newestFirst, (r) => this.#recordToWire(r), q);
  }

  getRecord(actor: Actor, environment: string, install: string, number: number): InstallRecord {
    requireRole(actor, READ, 'reading a record');
    this.#environment(actor, environment, 'reading a record');
    this.#install(environment, install);
    const row = this.#records.get(`${environment}/${install}`)?.find((r) => r.number === number);
    if (row === undefined) throw new Refusal('not-found', `install ${install} in ${environment} has no record ${number}`, { environment, install, record: number });
    return this.#recordToWire(row);
  }

  rollback(actor: Actor, environment: string, install: string, number: number, input: RollbackRequest = {}, ifMatch?: string): Operation {
    const env = this.#environment(actor, environment, 'rolling back');
    this.#deployable(actor, env, 'rolling back');
    const row = this.#install(environment, install);
    checkPrecondition(ifMatch, row.revision, `install ${install}`);
    const target = this.#records.get(`${environment}/${install}`)?.find((r) => r.number === number);
    if (target === undefined) throw new Refusal('not-found', `install ${install} in ${environment} has no record ${number}`, { environment, install, record: number });
    if (target.action === 'uninstall') throw invalid(`record ${number} is an uninstall: it has nothing to roll back to`, [{ pointer: '/record', message: 'an uninstall record', code: 'invalid' }]);
    if (target.outcome !== 'succeeded') throw new Refusal('conflict', `record ${number} ${target.outcome === 'running' ? 'is still running' : 'failed'}: roll back to a record that succeeded`, { record: number });
    const version = this.#version(target.template, target.version);
    if (version.state === 'deprecated') {
      throw new Refusal('policy-violation', `version ${target.version} has been deprecated since record ${number}: roll back to another record or restore the version first`, { rule: 'deprecated' });
    }
    return this.#deploy(actor, env, row, 'rollback', {
      version,
      values: structuredClone(target.values),
      secrets: [...target.secretParameters],
      atomic: input.atomic === true,
      timeoutSeconds: input.timeoutSeconds,
      reason: input.reason,
      rollbackOf: number,
    });
  }

  /**
   * Starts install, upgrade, rollback or uninstall: a new running record, the install locked to the
   * operation, and the operation that "rolls out" the record's objects and ends the record.
   */
  #deploy(
    actor: Actor,
    env: EnvironmentRow,
    row: InstallRow,
    kind: 'install' | 'upgrade' | 'rollback' | 'uninstall',
    spec: { version: VersionRow; values: InstallValues; secrets: string[]; atomic: boolean; timeoutSeconds?: number | undefined; reason?: string | undefined; rollbackOf?: number },
  ): Operation {
    const key = `${row.environment}/${row.name}`;
    const timeoutMs = (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const number = row.latestRecord + 1;
    const op = this.world.start({
      kind,
      subject: { environment: row.environment, install: row.name, ...(spec.rollbackOf === undefined ? {} : { record: spec.rollbackOf }) },
      actor,
      lockKey: `install:${key}`,
      deadlineMs: (spec.atomic ? 2 * timeoutMs : timeoutMs) + 60_000,
      run: (ctx) => this.#rollout(ctx, env, row, record, previous, spec.atomic),
    });
    const previous = row.state === 'uninstalled' ? 0 : row.record;
    const objects = kind === 'uninstall' ? [] : renderObjects(spec.version.app, row.name, env.namespace, spec.values);
    const record: RecordRow = {
      number,
      action: kind,
      template: spec.version.template,
      version: spec.version.version,
      values: structuredClone(spec.values),
      secretParameters: [...spec.secrets].sort(),
      outcome: 'running',
      ...(spec.rollbackOf === undefined ? {} : { rollbackOf: spec.rollbackOf }),
      objects,
      components: [],
      operation: op.id,
      ...(spec.reason === undefined ? {} : { reason: spec.reason }),
      startedAt: this.world.iso(),
      createdBy: ref(actor),
    };
    this.#records.set(key, [...(this.#records.get(key) ?? []), record]);
    row.state = kind === 'install' ? 'installing' : kind === 'upgrade' ? 'upgrading' : kind === 'rollback' ? 'rolling-back' : 'uninstalling';
    row.latestRecord = number;
    row.operation = op.id;
    row.revision++;
    row.updatedAt = this.world.iso();
    this.world.record(actor, {
      action: `install.${kind}`,
      subjectKind: 'install',
      subjectName: key,
      template: record.template,
      version: record.version,
      reason: spec.reason,
      details: { template: record.template, version: record.version, record: number, operation: op.id, ...(spec.reason ? { reason: spec.reason } : {}) },
    });
    return this.world.operationToWire(op);
  }

  async #rollout(ctx: RunContext, env: EnvironmentRow, row: InstallRow, record: RecordRow, previous: number, atomic: boolean) {
    const kind = record.action;
    if (kind !== 'uninstall' && env.createNamespace) {
      ctx.setStep('namespace', { state: 'running' });
      await ctx.pause();
      ctx.setStep('namespace', { state: 'succeeded', message: env.namespaceCreated ? `${env.namespace} exists` : `created ${env.namespace}` });
      env.namespaceCreated = true;
    }
    const apply = `apply record ${record.number}`;
    ctx.setStep(apply, { state: 'running', message: `${record.objects.length} objects` });
    await ctx.pause();
    ctx.setStep(apply, { state: 'succeeded', message: `${record.objects.length} objects applied` });
    const before = this.#records.get(`${row.environment}/${row.name}`)?.find((r) => r.number === row.record)?.objects ?? [];
    const gone = before.filter((o) => !record.objects.some((n) => n.kind === o.kind && n.name === o.name));
    if (gone.length > 0 && row.state !== 'installing') {
      ctx.setStep(`prune record ${record.number}`, { state: 'running', message: `${gone.length} objects` });
      await ctx.pause();
      ctx.setStep(`prune record ${record.number}`, { state: 'succeeded', message: `${gone.length} objects removed` });
    }
    // Each workload "rolls out" a pod at a time, unless a test asked it to fail.
    const components: ComponentStatus[] = [];
    for (const o of record.objects.filter((x) => x.component !== undefined)) {
      const name = o.component!;
      const step = `rollout ${name}`;
      const desired = o.replicas ?? 1;
      const componentKind: ComponentStatus['kind'] = o.kind === 'StatefulSet' ? 'stateful' : o.kind === 'Job' ? 'job' : o.kind === 'CronJob' ? 'cronjob' : 'stateless';
      const failure = this.failures.rollouts.get(name);
      for (let ready = 0; ready < desired; ready++) {
        ctx.setStep(step, { state: 'running', component: name, ready, desired });
        await ctx.pause();
        if (failure !== undefined) break;
      }
      if (failure !== undefined) {
        ctx.setStep(step, { state: 'failed', component: name, ready: 0, desired, message: failure });
        components.push({ name, kind: componentKind, state: 'failed', replicas: desired, readyReplicas: 0, reason: failure, message: `${name} is not ready: ${failure}` });
        continue;
      }
      ctx.setStep(step, { state: 'succeeded', component: name, ready: desired, desired });
      components.push({ name, kind: componentKind, state: 'ready', replicas: desired, updatedReplicas: desired, readyReplicas: desired, availableReplicas: desired });
    }
    const failed = components.filter((c) => c.state === 'failed');
    const at = this.world.iso();
    if (failed.length > 0) return this.#failRollout(ctx, row, record, previous, atomic, components, failed, at);
    record.outcome = 'succeeded';
    record.components = components;
    record.finishedAt = at;
    this.#live(row, record, kind === 'uninstall' ? 'uninstalled' : 'deployed');
    this.world.record(SYSTEM_ACTOR, { action: `install.${kind}.succeeded`, subjectKind: 'install', subjectName: `${row.environment}/${row.name}`, details: { operation: ctx.op.id, record: record.number, version: record.version } });
    return { state: 'succeeded' as const, result: { record: record.number, components } };
  }

  /** The install once `record` is what runs. */
  #live(row: InstallRow, record: RecordRow, state: Install['state']): void {
    row.template = record.template;
    row.version = record.version;
    row.values = structuredClone(record.values);
    row.secretParameters = [...record.secretParameters];
    row.record = record.number;
    row.state = state;
    row.operation = undefined;
    row.revision++;
    row.updatedAt = this.world.iso();
  }

  #failRollout(ctx: RunContext, row: InstallRow, record: RecordRow, previous: number, atomic: boolean, components: ComponentStatus[], failed: ComponentStatus[], at: string) {
    const error: Problem = problem('rollout-failed', failed.map((c) => `${c.name}: ${c.reason}`).join('; '), { components: failed });
    record.outcome = 'failed';
    record.error = error;
    record.components = components;
    record.finishedAt = at;
    const target = this.#records.get(`${row.environment}/${row.name}`)?.find((r) => r.number === previous);
    if (atomic && target !== undefined) {
      // An atomic operation returns to what ran before, as a new rollback record.
      const back: RecordRow = { ...structuredClone({ ...target, objects: [] }), objects: target.objects, number: row.latestRecord + 1, action: 'rollback', outcome: 'succeeded', rollbackOf: target.number, atomicRollback: true, operation: ctx.op.id, reason: `atomic: record ${record.number} failed (${error.title})`, startedAt: at, finishedAt: at, createdBy: ref(SYSTEM_ACTOR) };
      delete back.error;
      this.#records.get(`${row.environment}/${row.name}`)!.push(back);
      row.latestRecord = back.number;
      ctx.log(`rollout of record ${record.number} failed; atomic: restoring record ${target.number} as record ${back.number}`, 'warn');
      this.#live(row, back, 'deployed');
      return { state: 'failed' as const, error, result: { record: record.number, components, rolledBackTo: back.number } };
    }
    this.#live(row, record, 'failed');
    return { state: 'failed' as const, error, result: { record: record.number, components } };
  }
}

/** A stable sha256-shaped digest of an image reference, so a "copied" image pins the same way every time. */
function fakeDigest(text: string): string {
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    let h = 2166136261 ^ round;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

/** The audit subject filter of the contract (`templates/shop`, `environments/x/installs/y`, ...). */
function auditSubject(subject: string): (row: { subjectKind: string; subjectName: string; template?: string | undefined; version?: string | undefined }) => boolean {
  const [collection, name, sub, subName, ...rest] = subject.split('/').map((p) => decodeURIComponent(p));
  const bad = () =>
    invalid(`the audit subject "${subject}" names no resource that has an audit trail`, [{ pointer: '/query/subject', message: 'must name a resource with an audit trail', code: 'audit-subject' }]);
  if (rest.length > 0 || collection === undefined) throw bad();
  if (collection === 'templates' && name !== undefined) {
    if (sub === undefined) return (r) => r.template === name;
    if (sub === 'versions' && subName !== undefined) return (r) => r.template === name && r.version === subName;
  }
  if ((collection === 'tokens' || collection === 'operations' || collection === 'clusters') && name !== undefined && sub === undefined) {
    const kind = collection.slice(0, -1);
    return (r) => r.subjectKind === kind && r.subjectName === name;
  }
  if (collection === 'environments' && name !== undefined) {
    if (sub === undefined) return (r) => (r.subjectKind === 'environment' && r.subjectName === name) || (r.subjectKind === 'install' && r.subjectName.startsWith(`${name}/`));
    if (sub === 'installs' && subName !== undefined) return (r) => r.subjectKind === 'install' && r.subjectName === `${name}/${subName}`;
  }
  if (collection === 'registry') {
    if (name === undefined) return (r) => r.subjectKind === 'registry' || r.subjectKind === 'source-registry';
    if (name === 'sources' && subName === undefined) return (r) => r.subjectKind === 'source-registry' && (sub === undefined || r.subjectName === sub);
  }
  throw bad();
}
