/** The audit trail: filterable, newest first, paginated. */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/api.js';
import type { AppEnv } from '../env.js';
import { pageBody, pageRequest } from '../pagination.js';
import { queries } from '../schemas.js';
import { query } from '../validate.js';

/**
 * The contract names subjects by resource path (`templates/shop`,
 * `templates/shop/versions/1.0`); the core's filter takes `shop` and
 * `shop@1.0`. Anything else (a token id, `registry`) passes as it is.
 */
export function coreSubject(subject: string): string {
  const version = /^templates\/([^/]+)\/versions\/([^/]+)$/.exec(subject);
  if (version) return `${decodeURIComponent(version[1]!)}@${decodeURIComponent(version[2]!)}`;
  const template = /^templates\/([^/]+)$/.exec(subject);
  if (template) return decodeURIComponent(template[1]!);
  return subject;
}

export function auditRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/audit', query(queries.audit), async (c) => {
    const { cursor, limit, subject, ...filters } = c.req.valid('query');
    const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return c.json(pageBody(await core.audit.list(c.get('actor'), { ...pageRequest({ cursor, limit }), ...defined, ...(subject ? { subject: coreSubject(subject) } : {}) })));
  });
  return app;
}
