/** The audit trail: filterable, newest first, paginated. */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { pageBody, pageRequest } from '../pagination.js';
import { queries } from '../schemas.js';
import { query } from '../validate.js';

export function auditRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/audit', query(queries.audit), async (c) => {
    const { cursor, limit, ...filters } = c.req.valid('query');
    // Subjects go to the core as the contract names them; the core reads them.
    const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, string>;
    return c.json(pageBody(await core.audit.list(c.get('actor'), { ...pageRequest({ cursor, limit }), ...defined })));
  });
  return app;
}
