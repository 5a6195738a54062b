/**
 * Row builders for the store tests: complete, valid rows with the few fields a
 * test cares about overridden.
 */
import type {
  AuditInput,
  ClusterRow,
  EnvironmentRow,
  InstallRow,
  OperationRow,
  RecordRow,
  TemplateRow,
  TokenRow,
  VersionRow,
} from '../../src/core/store/port.js';

export const alice = { id: 'tok-alice', name: 'alice' } as const;
export const bob = { id: 'tok-bob', name: 'bob' } as const;

/** An ISO time `minutes` after a fixed origin, so tests compare times exactly. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + minutes * 60_000).toISOString();
}

export function templateRow(name: string, overrides: Partial<TemplateRow> = {}): TemplateRow {
  return {
    name,
    description: `the ${name} app`,
    labels: { team: 'platform' },
    revision: 1,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    ...overrides,
  };
}

export function versionRow(template: string, version: string, overrides: Partial<VersionRow> = {}): VersionRow {
  return {
    template,
    version,
    sortKey: version
      .split('.')
      .map((part) => part.padStart(6, '0'))
      .join('.'),
    description: `${template} ${version}`,
    state: 'draft',
    app: { components: [{ name: 'web', image: 'nginx:1.27', kind: 'stateless', replicas: 2 }] },
    images: [{ component: 'web', source: 'nginx:1.27' }],
    transitions: [{ action: 'create', from: null, to: 'draft', actor: alice, at: at(0) }],
    failure: null,
    revision: 1,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    ...overrides,
  };
}

export function operationRow(id: string, overrides: Partial<OperationRow> = {}): OperationRow {
  return {
    id,
    kind: 'publish',
    state: 'pending',
    subject: { template: 'shop', version: '1.0' },
    input: { template: 'shop', version: '1.0' },
    lockKey: null,
    deadlineAt: null,
    steps: [{ name: 'copy images', state: 'pending' }],
    result: null,
    error: null,
    cancelRequested: false,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

export function clusterRow(name: string, overrides: Partial<ClusterRow> = {}): ClusterRow {
  return {
    name,
    server: `https://${name}.example:6443`,
    context: `${name}-admin`,
    labels: { region: 'qingdao' },
    credentialsEnc: `sealed:${name}`,
    health: null,
    revision: 1,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    ...overrides,
  };
}

export function environmentRow(name: string, overrides: Partial<EnvironmentRow> = {}): EnvironmentRow {
  return {
    name,
    cluster: 'east',
    namespace: `caravan-${name}`,
    tier: 'staging',
    policy: { allowedStates: ['published', 'released'] },
    createNamespace: true,
    defaults: { replicas: 1 },
    secretDefaultsEnc: null,
    ingress: null,
    labels: { team: 'platform' },
    revision: 1,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    ...overrides,
  };
}

export function installRow(environment: string, name: string, overrides: Partial<InstallRow> = {}): InstallRow {
  return {
    environment,
    name,
    template: 'shop',
    version: '1.0',
    state: 'installing',
    values: { web: { replicas: 2 } },
    secretValuesEnc: 'sealed:{"password":"x"}',
    secretParameters: ['password'],
    record: 0,
    latestRecord: 1,
    operationId: '01JOP',
    description: `${name} in ${environment}`,
    labels: { owner: 'alice' },
    revision: 1,
    createdAt: at(0),
    createdBy: alice,
    updatedAt: at(0),
    ...overrides,
  };
}

export function recordRow(environment: string, install: string, number: number, overrides: Partial<RecordRow> = {}): RecordRow {
  return {
    environment,
    install,
    number,
    action: number === 1 ? 'install' : 'upgrade',
    template: 'shop',
    version: '1.0',
    values: { web: { replicas: 2 } },
    secretParameters: ['password'],
    objectsEnc: `sealed:objects-${number}`,
    applied: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: `caravan-${environment}`, name: `${install}-web`, uid: `uid-${number}` }],
    outcome: 'running',
    components: [{ name: 'web', ready: false }],
    operationId: `01JOP${number}`,
    rollbackOf: null,
    atomicRollback: false,
    error: null,
    reason: null,
    startedAt: at(number),
    finishedAt: null,
    createdBy: alice,
    ...overrides,
  };
}

export function tokenRow(id: string, overrides: Partial<TokenRow> = {}): TokenRow {
  return {
    id,
    name: `token ${id}`,
    secretHash: `hash-of-${id}`,
    roles: ['developer'],
    environments: null,
    createdAt: at(0),
    createdBy: alice,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function auditEntry(overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    at: at(0),
    actor: alice,
    action: 'template.create',
    subjectKind: 'template',
    subjectName: 'shop',
    template: 'shop',
    ...overrides,
  };
}
