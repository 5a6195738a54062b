/** Template versions: drafts, reads, diffs, and the moves of the version state machine. */
import { Hono } from 'hono';
import type { CaravanCore, Actor } from '../../core/index.js';
import { appErrors } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { precondition, setEtag } from '../etag.js';
import { pageBody, pageRequest } from '../pagination.js';
import { bodies, paths, queries } from '../schemas.js';
import { jsonBody, params, query } from '../validate.js';

const base = '/templates/:template/versions';

/** The core's app validator judges `app` (structure and meaning in one report), not the contract's zod schema alone. */
const judgeApp = (app: unknown) => appErrors(app).errors;

export function versionRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(base, params(paths.template), query(queries.versions), async (c) => {
    const { state, ...page } = c.req.valid('query');
    const result = await core.versions.list(c.get('actor'), c.req.valid('param').template, { ...pageRequest(page), ...(state ? { state } : {}) });
    return c.json(pageBody(result));
  });
  app.post(base, params(paths.template), jsonBody(bodies.versionCreate, { asWritten: true, appErrors: judgeApp }), async (c) => {
    const { template } = c.req.valid('param');
    const version = await core.versions.create(c.get('actor'), template, c.req.valid('json'));
    c.header('Location', `/v1/templates/${encodeURIComponent(template)}/versions/${encodeURIComponent(version.version)}`);
    setEtag(c, version);
    return c.json(version, 201);
  });
  app.get(`${base}/:version`, params(paths.version), async (c) => {
    const { template, version } = c.req.valid('param');
    const result = await core.versions.get(c.get('actor'), template, version);
    setEtag(c, result);
    return c.json(result);
  });
  app.patch(`${base}/:version`, params(paths.version), jsonBody(bodies.versionPatch, { mergePatch: true, asWritten: true, appErrors: judgeApp }), async (c) => {
    const { template, version } = c.req.valid('param');
    const result = await core.versions.update(c.get('actor'), template, version, c.req.valid('json'), precondition(c));
    setEtag(c, result);
    return c.json(result);
  });
  app.get(`${base}/:version/diff`, params(paths.version), query(queries.diff), async (c) => {
    const { template, version } = c.req.valid('param');
    return c.json(await core.versions.diff(c.get('actor'), template, version, c.req.valid('query').against));
  });

  // Long work: 202 with the Operation, and where to follow it.
  for (const action of ['publish', 'retry'] as const) {
    app.post(`${base}/:version/${action}`, params(paths.version), jsonBody(bodies.transition, { optional: true }), async (c) => {
      const { template, version } = c.req.valid('param');
      const operation = await core.versions[action](c.get('actor'), template, version, c.req.valid('json'));
      c.header('Location', `/v1/operations/${encodeURIComponent(operation.id)}`);
      return c.json(operation, 202);
    });
  }

  const moves: Record<'release' | 'deprecate' | 'restore', (actor: Actor, t: string, v: string, input: { reason?: string }) => ReturnType<CaravanCore['versions']['release']>> = {
    release: (a, t, v, i) => core.versions.release(a, t, v, i),
    deprecate: (a, t, v, i) => core.versions.deprecate(a, t, v, i),
    restore: (a, t, v, i) => core.versions.restore(a, t, v, i),
  };
  for (const [action, move] of Object.entries(moves)) {
    app.post(`${base}/:version/${action}`, params(paths.version), jsonBody(bodies.transition, { optional: true }), async (c) => {
      const { template, version } = c.req.valid('param');
      const result = await move(c.get('actor'), template, version, c.req.valid('json'));
      setEtag(c, result);
      return c.json(result);
    });
  }
  return app;
}
