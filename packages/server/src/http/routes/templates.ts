/** Templates: list, create, read, change, delete. */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { precondition, setEtag } from '../etag.js';
import { pageBody, pageRequest } from '../pagination.js';
import { bodies, paths, queries } from '../schemas.js';
import { jsonBody, params, query } from '../validate.js';

export function templateRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/templates', query(queries.templates), async (c) => {
    return c.json(pageBody(await core.templates.list(c.get('actor'), pageRequest(c.req.valid('query')))));
  });
  app.post('/templates', jsonBody(bodies.templateCreate), async (c) => {
    const template = await core.templates.create(c.get('actor'), c.req.valid('json'));
    c.header('Location', `/v1/templates/${encodeURIComponent(template.name)}`);
    setEtag(c, template);
    return c.json(template, 201);
  });
  app.get('/templates/:template', params(paths.template), async (c) => {
    const template = await core.templates.get(c.get('actor'), c.req.valid('param').template);
    setEtag(c, template);
    return c.json(template);
  });
  app.patch('/templates/:template', params(paths.template), jsonBody(bodies.templatePatch, { mergePatch: true }), async (c) => {
    const template = await core.templates.update(c.get('actor'), c.req.valid('param').template, c.req.valid('json'), precondition(c));
    setEtag(c, template);
    return c.json(template);
  });
  app.delete('/templates/:template', params(paths.template), async (c) => {
    await core.templates.delete(c.get('actor'), c.req.valid('param').template, precondition(c));
    return c.body(null, 204);
  });
  return app;
}
