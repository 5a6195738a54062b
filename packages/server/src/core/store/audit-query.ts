/**
 * The audit filter and row mapping, written once against drizzle's
 * dialect-neutral operators so both adapters filter the trail identically.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type Column, type Placeholder, type SQL } from 'drizzle-orm';
import type { AuditInput, AuditQuery, AuditRow } from './port.js';

export interface AuditColumns {
  seq: Column;
  at: Column;
  actorId: Column;
  actorName: Column;
  action: Column;
  subjectKind: Column;
  subjectName: Column;
  template: Column;
  version: Column;
}

/**
 * `subject` matches a template (everything recorded with it) or one of its
 * versions through the template/version columns, or subjects of some kinds
 * (optionally one name) through the subject columns; `actor` matches the
 * actor's id; `since` is inclusive and `until` exclusive ("at or after",
 * "before", as the contract's audit query says).
 *
 * With `bind`, each value is a placeholder named as in `auditParams`, so the
 * statement can be prepared once for every query of the same shape.
 */
export function auditWhere(t: AuditColumns, q: AuditQuery, bind?: (name: string) => Placeholder): SQL | undefined {
  const v = <T>(name: string, value: T): T | Placeholder => (bind === undefined ? value : bind(name));
  const conditions: (SQL | undefined)[] = [];
  const subject = q.subject;
  if (subject !== undefined) {
    if ('template' in subject) {
      conditions.push(eq(t.template, v('template', subject.template)));
      if (subject.version !== undefined) conditions.push(eq(t.version, v('version', subject.version)));
    } else {
      conditions.push(subject.kinds.length === 0 ? sql`false` : inArray(t.subjectKind, subject.kinds.map((k, i) => v(`kind${i}`, k))));
      if (subject.name !== undefined) conditions.push(eq(t.subjectName, v('name', subject.name)));
    }
  }
  if (q.actor !== undefined) conditions.push(eq(t.actorId, v('actor', q.actor)));
  if (q.action !== undefined) conditions.push(eq(t.action, v('action', q.action)));
  if (q.since !== undefined) conditions.push(gte(t.at, v('since', q.since)));
  if (q.until !== undefined) conditions.push(lt(t.at, v('until', q.until)));
  if (q.afterSeq !== undefined) conditions.push(gt(t.seq, v('afterSeq', q.afterSeq)));
  if (q.beforeSeq !== undefined) conditions.push(lt(t.seq, v('beforeSeq', q.beforeSeq)));
  return and(...conditions);
}

/** The values `auditWhere` binds by name, and the query's shape: which of them it has, and its order. */
export function auditParams(q: AuditQuery): { shape: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const subject = q.subject;
  if (subject !== undefined) {
    if ('template' in subject) {
      values.template = subject.template;
      if (subject.version !== undefined) values.version = subject.version;
    } else {
      subject.kinds.forEach((k, i) => (values[`kind${i}`] = k));
      if (subject.name !== undefined) values.name = subject.name;
    }
  }
  for (const key of ['actor', 'action', 'since', 'until', 'afterSeq', 'beforeSeq'] as const) if (q[key] !== undefined) values[key] = q[key];
  // An empty kinds list is a condition (false) with no value; the shape names it too.
  const noKinds = subject !== undefined && !('template' in subject) && subject.kinds.length === 0;
  return { shape: `${Object.keys(values).join(',')}${noKinds ? ',nokinds' : ''}:${q.order ?? 'asc'}`, values };
}

/** The order of an audit listing. */
export function auditOrder(t: AuditColumns, q: AuditQuery): SQL {
  return q.order === 'desc' ? desc(t.seq) : asc(t.seq);
}

/** The columns of an audit row (what both schemas' `audit` tables take on insert). */
export function auditValues(entry: AuditInput) {
  return {
    at: entry.at,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    subjectKind: entry.subjectKind,
    subjectName: entry.subjectName,
    template: entry.template ?? null,
    version: entry.version ?? null,
    from: entry.from ?? null,
    to: entry.to ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? null,
  };
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  action: string;
  subjectKind: string;
  subjectName: string;
  template: string | null;
  version: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
}

/** Back to the port's shape: absent optional fields are left out rather than null. */
export function toAuditRow(r: AuditRecord): AuditRow {
  const row: AuditRow = {
    seq: Number(r.seq),
    at: r.at,
    actor: { id: r.actorId, name: r.actorName },
    action: r.action,
    subjectKind: r.subjectKind,
    subjectName: r.subjectName,
  };
  if (r.template !== null) row.template = r.template;
  if (r.version !== null) row.version = r.version;
  if (r.from !== null) row.from = r.from;
  if (r.to !== null) row.to = r.to;
  if (r.reason !== null) row.reason = r.reason;
  if (r.details !== null) row.details = r.details;
  return row;
}
