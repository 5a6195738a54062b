/** The delivery registry and source-registry credentials (admin). Passwords go in, never out. */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/index.js';
import { NotFoundError } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { precondition, setEtag } from '../etag.js';
import { bodies, paths } from '../schemas.js';
import { jsonBody, params } from '../validate.js';

export function registryRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/registry', async (c) => {
    const settings = await core.registry.get(c.get('actor'));
    if (!settings) throw new NotFoundError('No delivery registry is configured yet; PUT /v1/registry sets one.');
    setEtag(c, settings);
    return c.json(settings);
  });
  app.put('/registry', jsonBody(bodies.registryInput), async (c) => {
    const settings = await core.registry.put(c.get('actor'), c.req.valid('json'), precondition(c));
    setEtag(c, settings);
    return c.json(settings);
  });
  app.post('/registry/check', async (c) => c.json(await core.registry.check(c.get('actor'))));
  app.get('/registry/sources', async (c) => c.json({ items: await core.registry.sources.list(c.get('actor')) }));
  app.put('/registry/sources/:host', params(paths.host), jsonBody(bodies.sourceCredentialInput), async (c) => {
    const credential = await core.registry.sources.put(c.get('actor'), c.req.valid('param').host, c.req.valid('json'), precondition(c));
    setEtag(c, credential);
    return c.json(credential);
  });
  app.delete('/registry/sources/:host', params(paths.host), async (c) => {
    await core.registry.sources.delete(c.get('actor'), c.req.valid('param').host, precondition(c));
    return c.body(null, 204);
  });
  return app;
}
