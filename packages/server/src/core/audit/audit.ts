/** The audit trail, read side: filterable, paginated newest first by sequence (as the contract says). */
import type { AuditApi } from '../api.js';
import type { CoreContext } from '../shared/context.js';
import { InvalidInputError } from '../shared/errors.js';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/paging.js';
import { auditToWire } from '../shared/wire.js';
import { auditSubjectFilter } from './audit-subject.js';

function time(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidInputError(`${name} must be an RFC 3339 date-time`, [{ pointer: `/query/${name}`, message: 'must be an RFC 3339 date-time', code: 'date-time' }]);
  return new Date(t).toISOString();
}

export function createAuditService(ctx: CoreContext): AuditApi {
  return {
    async list(_actor, query) {
      const limit = pageLimit(query);
      const after = decodeCursor('audit', query?.cursor);
      const since = time(query?.since, 'since');
      const until = time(query?.until, 'until');
      const subject = query?.subject === undefined ? undefined : auditSubjectFilter(query.subject);
      const rows = await ctx.store.audit.list({
        ...(subject === undefined ? {} : { subject }),
        ...(query?.actor === undefined ? {} : { actor: query.actor }),
        ...(query?.action === undefined ? {} : { action: query.action }),
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(after === undefined ? {} : { beforeSeq: Number(after) }),
        order: 'desc',
        limit: limit + 1,
      });
      const more = rows.length > limit;
      const items = (more ? rows.slice(0, limit) : rows).map(auditToWire);
      const last = items[items.length - 1];
      return more && last !== undefined ? { items, nextCursor: encodeCursor('audit', last.id) } : { items };
    },
  };
}
