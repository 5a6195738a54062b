/**
 * Store rows to the contract's wire objects. The core returns exactly what the
 * contract describes (the HTTP face only serialises), so every field that the
 * contract does not know stays behind here: secret hashes, leases, attempts.
 */
import type { AuditEntry, Operation, OperationEvent, Problem, Template, Token, Version } from '@caravan/contracts';
import { PROBLEM_TYPES, type ProblemKind } from '@caravan/contracts';
import type { ActorRef, AuditRow, EventRow, OperationRow, TemplateRow, TokenRow, VersionRow } from '../store/port.js';
import { etagOf } from './etag.js';

/**
 * Every kind of problem the core can put into an Operation's `error`. Each is
 * in the contract's problem table, which gives its type URI, title and status.
 */
export const OPERATION_ERROR_KINDS = [
  'not-found',
  'invalid-input',
  'invalid-transition',
  'registry-not-configured',
  'unavailable',
  'registry-sync-failed',
  'operation-not-started',
  'operation-cancelled',
  'operation-failed',
  'operation-abandoned',
  'operation-deadline-exceeded',
  'unknown-operation-kind',
  'conflict',
  'policy-violation',
  'field-conflict',
  'cluster-unreachable',
  'kubernetes-error',
  'rollout-failed',
  'rollout-deadline-exceeded',
] as const;

export type OperationErrorKind = (typeof OPERATION_ERROR_KINDS)[number];

// A kind the contract's table does not know would reach clients as a type nobody can look up; this makes it a compile error.
const everyOperationErrorKindIsInTheContract: OperationErrorKind extends ProblemKind ? true : never = true;
void everyOperationErrorKindIsInTheContract;

/** A problem document (RFC 9457) for an operation's `error`, typed and titled by the contract's table. */
export function problem(kind: OperationErrorKind, detail?: string, extra?: Record<string, unknown>): Problem {
  const { type, title, status } = PROBLEM_TYPES[kind];
  return { type, title, status, ...(detail === undefined ? {} : { detail }), ...extra } as Problem;
}

function ref(a: ActorRef): ActorRef {
  return { id: a.id, name: a.name };
}

export function templateToWire(row: TemplateRow): Template {
  return {
    name: row.name,
    description: row.description,
    labels: { ...row.labels },
    etag: etagOf(row.revision),
    createdAt: row.createdAt,
    createdBy: ref(row.createdBy),
    updatedAt: row.updatedAt,
  };
}

export function versionToWire(row: VersionRow): Version {
  return {
    template: row.template,
    version: row.version,
    description: row.description,
    state: row.state as Version['state'],
    app: row.app as Version['app'],
    etag: etagOf(row.revision),
    createdAt: row.createdAt,
    createdBy: ref(row.createdBy),
    updatedAt: row.updatedAt,
    images: row.images.map((i) => ({
      component: i.component,
      source: i.source,
      ...(i.reference === undefined ? {} : { reference: i.reference }),
      ...(i.digest === undefined ? {} : { digest: i.digest }),
    })),
    transitions: row.transitions.map((t) => ({
      action: t.action as Version['transitions'][number]['action'],
      // A version is created as a draft, not moved into it, so `from` is always set; `draft` covers old rows.
      from: (t.from ?? 'draft') as Version['state'],
      to: t.to as Version['state'],
      actor: ref(t.actor),
      at: t.at,
      ...(t.reason === undefined ? {} : { reason: t.reason }),
    })),
    failure: row.failure === null ? null : { reason: row.failure.reason, images: row.failure.images.map((i) => ({ ...i })) },
  };
}

export function operationToWire(row: OperationRow): Operation {
  const subject: Operation['subject'] = {};
  for (const key of ['template', 'version', 'environment', 'install'] as const) if (row.subject[key] !== undefined) subject[key] = row.subject[key];
  if (row.subject.record !== undefined) subject.record = Number(row.subject.record);
  return {
    id: row.id,
    kind: row.kind as Operation['kind'],
    state: row.state,
    subject,
    steps: row.steps.map((s) => ({
      name: s.name,
      state: s.state as Operation['state'],
      bytes: s.bytes ?? 0,
      ...(s.totalBytes === undefined ? {} : { totalBytes: s.totalBytes }),
      ...(s.component === undefined ? {} : { component: s.component }),
      ...(s.ready === undefined ? {} : { ready: s.ready }),
      ...(s.desired === undefined ? {} : { desired: s.desired }),
      ...(s.message === undefined ? {} : { message: s.message }),
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.startedAt === null ? {} : { startedAt: row.startedAt }),
    ...(row.finishedAt === null ? {} : { finishedAt: row.finishedAt }),
    ...(row.deadlineAt === null || row.deadlineAt === undefined ? {} : { deadline: row.deadlineAt }),
    createdBy: ref(row.createdBy),
    error: (row.error ?? null) as Operation['error'],
    result: (row.result ?? null) as Operation['result'],
  };
}

export function eventToWire(row: EventRow): OperationEvent {
  return {
    id: String(row.seq),
    operation: row.operationId ?? '',
    type: row.type as OperationEvent['type'],
    at: row.at,
    data: (row.data ?? {}) as OperationEvent['data'],
  };
}

export function auditToWire(row: AuditRow): AuditEntry {
  return {
    id: String(row.seq),
    at: row.at,
    actor: ref(row.actor),
    action: row.action,
    subject: {
      kind: row.subjectKind,
      name: row.subjectName,
      ...(row.template === undefined || row.template === null ? {} : { template: row.template }),
      ...(row.version === undefined || row.version === null ? {} : { version: row.version }),
      ...(row.subjectKind === 'environment' ? { environment: row.subjectName } : {}),
      ...(row.subjectKind === 'install' ? { environment: row.subjectName.split('/')[0]!, install: row.subjectName.split('/').slice(1).join('/') } : {}),
    },
    ...(row.from == null ? {} : { from: row.from }),
    ...(row.to == null ? {} : { to: row.to }),
    ...(row.reason == null ? {} : { reason: row.reason }),
    ...(row.details == null ? {} : { details: row.details }),
  };
}

export function tokenToWire(row: TokenRow): Token {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles as Token['roles'],
    ...(row.environments === null ? {} : { environments: [...row.environments] }),
    createdAt: row.createdAt,
    createdBy: ref(row.createdBy),
    ...(row.expiresAt === null ? {} : { expiresAt: row.expiresAt }),
    ...(row.lastUsedAt === null ? {} : { lastUsedAt: row.lastUsedAt }),
  };
}
