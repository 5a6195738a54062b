/** The contract as served, liveness, readiness, and the caller. */
import { Hono } from 'hono';
import { openapiDocument } from '@caravan/contracts';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';

export interface MetaOptions {
  version: string;
  /** True while the server is shutting down: readiness says so before the listener closes. */
  draining: () => boolean;
}

/** Routes that need no token; registered before authentication. */
export function publicRoutes(core: CaravanCore, options: MetaOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/openapi.json', (c) => c.json(openapiDocument as object));
  app.get('/v1/healthz', (c) => c.json({ status: 'ok' as const, version: options.version }));
  app.get('/v1/readyz', async (c) => {
    const store = await core.ready().catch(() => false);
    const ok = store && !options.draining();
    const checks = { store: store ? ('ok' as const) : ('unavailable' as const), ...(options.draining() ? { server: 'unavailable' as const } : {}) };
    return c.json({ status: ok ? ('ok' as const) : ('unavailable' as const), version: options.version, checks }, ok ? 200 : 503);
  });
  return app;
}

export function whoamiRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/whoami', async (c) => c.json(await core.tokens.whoami(c.get('actor'))));
  return app;
}
