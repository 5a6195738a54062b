/** Operations: list, read, cancel, and their event streams (SSE). */
import { Hono } from 'hono';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { pageBody, pageRequest } from '../pagination.js';
import { paths, queries } from '../schemas.js';
import { lastEventId, streamEvents, type SseOptions } from '../sse.js';
import { params, query } from '../validate.js';

export function operationRoutes(core: CaravanCore, sse: SseOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/operations', query(queries.operations), async (c) => {
    const { state, kind, ...page } = c.req.valid('query');
    const result = await core.operations.list(c.get('actor'), { ...pageRequest(page), ...(state ? { state } : {}), ...(kind ? { kind } : {}) });
    return c.json(pageBody(result));
  });
  app.get('/operations/:operation', params(paths.operation), async (c) => {
    return c.json(await core.operations.get(c.get('actor'), c.req.valid('param').operation));
  });
  app.post('/operations/:operation/cancel', params(paths.operation), async (c) => {
    return c.json(await core.operations.cancel(c.get('actor'), c.req.valid('param').operation));
  });
  app.get('/operations/:operation/events', params(paths.operation), async (c) => {
    const actor = c.get('actor');
    lastEventId(c); // a bad Last-Event-ID is a 400 before anything is looked up
    // Resolve the operation first, so an unknown id is a 404 problem rather than an empty stream.
    const operation = await core.operations.get(actor, c.req.valid('param').operation);
    return streamEvents(c, core, actor, operation.id, sse);
  });
  app.get('/events', (c) => streamEvents(c, core, c.get('actor'), undefined, sse));
  return app;
}
