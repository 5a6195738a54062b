/**
 * The audit filter and row mapping, written once against drizzle's
 * dialect-neutral operators so both adapters filter the trail identically.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, sql, type Column, type SQL } from 'drizzle-orm';
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
 */
export function auditWhere(t: AuditColumns, q: AuditQuery): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  const subject = q.subject;
  if (subject !== undefined) {
    if ('template' in subject) {
      conditions.push(eq(t.template, subject.template));
      if (subject.version !== undefined) conditions.push(eq(t.version, subject.version));
    } else {
      conditions.push(subject.kinds.length === 0 ? sql`false` : inArray(t.subjectKind, [...subject.kinds]));
      if (subject.name !== undefined) conditions.push(eq(t.subjectName, subject.name));
    }
  }
  if (q.actor !== undefined) conditions.push(eq(t.actorId, q.actor));
  if (q.action !== undefined) conditions.push(eq(t.action, q.action));
  if (q.since !== undefined) conditions.push(gte(t.at, q.since));
  if (q.until !== undefined) conditions.push(lt(t.at, q.until));
  if (q.afterSeq !== undefined) conditions.push(gt(t.seq, q.afterSeq));
  if (q.beforeSeq !== undefined) conditions.push(lt(t.seq, q.beforeSeq));
  return and(...conditions);
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
