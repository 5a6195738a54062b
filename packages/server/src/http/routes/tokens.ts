/** API tokens (admin): list, create (secret shown once), revoke. */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { pageBody, pageRequest } from '../pagination.js';
import { bodies, paths, queries } from '../schemas.js';
import { jsonBody, params, query } from '../validate.js';

export function tokenRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/tokens', query(queries.tokens), async (c) => {
    return c.json(pageBody(await core.tokens.list(c.get('actor'), pageRequest(c.req.valid('query')))));
  });
  app.post('/tokens', jsonBody(bodies.tokenCreate), async (c) => {
    const created = await core.tokens.create(c.get('actor'), c.req.valid('json'));
    c.header('Location', `/v1/tokens/${encodeURIComponent(created.id)}`);
    c.header('Cache-Control', 'no-store');
    return c.json(created, 201);
  });
  app.delete('/tokens/:token', params(paths.token), async (c) => {
    await core.tokens.delete(c.get('actor'), c.req.valid('param').token);
    return c.body(null, 204);
  });
  return app;
}
