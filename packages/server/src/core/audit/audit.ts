/**
 * The audit trail, read side: filterable, paginated newest first by sequence
 * (as the contract says). A token limited to environments does not see the
 * entries of environments (and their installs) it is not granted.
 */
import type { AuditApi } from '../api.js';
import type { AuditRow } from '../store/port.js';
import type { CoreContext } from '../shared/context.js';
import { InvalidInputError } from '../shared/errors.js';
import { decodeCursor, encodeCursor, filteredQuery, pageLimit } from '../shared/paging.js';
import { seesEnvironment } from '../shared/scope.js';
import { auditToWire } from '../shared/wire.js';
import { auditSubjectFilter } from './audit-subject.js';

function time(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidInputError(`${name} must be an RFC 3339 date-time`, [{ pointer: `/query/${name}`, message: 'must be an RFC 3339 date-time', code: 'date-time' }]);
  return new Date(t).toISOString();
}

/** The environment an entry is about, for the subjects that have one. */
function environmentOf(row: AuditRow): string | undefined {
  if (row.subjectKind === 'environment') return row.subjectName;
  if (row.subjectKind === 'install') return row.subjectName.split('/')[0];
  return undefined;
}

export function createAuditService(ctx: CoreContext): AuditApi {
  return {
    async list(actor, query) {
      const limit = pageLimit(query);
      const after = decodeCursor('audit', query?.cursor);
      const since = time(query?.since, 'since');
      const until = time(query?.until, 'until');
      const subject = query?.subject === undefined ? undefined : auditSubjectFilter(query.subject);
      const read = async (before: string | undefined, n: number) =>
        ctx.store.audit.list({
          ...(subject === undefined ? {} : { subject }),
          ...(query?.actor === undefined ? {} : { actor: query.actor }),
          ...(query?.action === undefined ? {} : { action: query.action }),
          ...(since === undefined ? {} : { since }),
          ...(until === undefined ? {} : { until }),
          ...(before === undefined ? {} : { beforeSeq: Number(before) }),
          order: 'desc',
          limit: n,
        });
      const seq = (r: AuditRow) => String(r.seq);
      // One more than a page, to know whether another follows; entries the caller may not see are skipped.
      const rows =
        actor.environments === undefined ? await read(after, limit + 1) : await filteredQuery(read, (r) => seesEnvironment(actor, environmentOf(r)), seq)(after, limit + 1);
      const more = rows.length > limit;
      const items = (more ? rows.slice(0, limit) : rows).map(auditToWire);
      const last = items[items.length - 1];
      return more && last !== undefined ? { items, nextCursor: encodeCursor('audit', last.id) } : { items };
    },
  };
}
