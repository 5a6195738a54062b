/**
 * Clusters, environments, installs and their records: the delivering half of
 * the resource map. Long work (install, upgrade, rollback, uninstall) answers
 * 202 with its Operation.
 */
import { Hono, type Context } from 'hono';
import type { Operation } from '@caravan/contracts';
import type { CaravanCore } from '../../core/index.js';
import type { AppEnv } from '../env.js';
import { precondition, setEtag } from '../etag.js';
import { pageBody, pageRequest } from '../pagination.js';
import { bodies, paths, queries } from '../schemas.js';
import { jsonBody, params, query } from '../validate.js';

const enc = encodeURIComponent;

function accepted(c: Context<AppEnv>, operation: Operation, location = `/v1/operations/${enc(operation.id)}`) {
  c.header('Location', location);
  return c.json(operation, 202);
}

export function clusterRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/clusters', query(queries.clusters), async (c) => c.json(pageBody(await core.clusters.list(c.get('actor'), pageRequest(c.req.valid('query'))))));
  app.post('/clusters', jsonBody(bodies.clusterCreate), async (c) => {
    const cluster = await core.clusters.create(c.get('actor'), c.req.valid('json'));
    c.header('Location', `/v1/clusters/${enc(cluster.name)}`);
    setEtag(c, cluster);
    return c.json(cluster, 201);
  });
  app.get('/clusters/:cluster', params(paths.cluster), async (c) => {
    const cluster = await core.clusters.get(c.get('actor'), c.req.valid('param').cluster);
    setEtag(c, cluster);
    return c.json(cluster);
  });
  app.patch('/clusters/:cluster', params(paths.cluster), jsonBody(bodies.clusterPatch, { mergePatch: true }), async (c) => {
    const cluster = await core.clusters.update(c.get('actor'), c.req.valid('param').cluster, c.req.valid('json'), precondition(c));
    setEtag(c, cluster);
    return c.json(cluster);
  });
  app.delete('/clusters/:cluster', params(paths.cluster), async (c) => {
    await core.clusters.delete(c.get('actor'), c.req.valid('param').cluster, precondition(c));
    return c.body(null, 204);
  });
  app.post('/clusters/:cluster/probe', params(paths.cluster), async (c) => {
    const cluster = await core.clusters.probe(c.get('actor'), c.req.valid('param').cluster);
    setEtag(c, cluster);
    return c.json(cluster);
  });
  return app;
}

export function environmentRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/environments', query(queries.environments), async (c) => {
    const q = c.req.valid('query');
    return c.json(pageBody(await core.environments.list(c.get('actor'), { ...pageRequest(q), ...(q.cluster ? { cluster: q.cluster } : {}), ...(q.tier ? { tier: q.tier } : {}) })));
  });
  app.post('/environments', jsonBody(bodies.environmentCreate), async (c) => {
    const env = await core.environments.create(c.get('actor'), c.req.valid('json'));
    c.header('Location', `/v1/environments/${enc(env.name)}`);
    setEtag(c, env);
    return c.json(env, 201);
  });
  app.get('/environments/:environment', params(paths.environment), async (c) => {
    const env = await core.environments.get(c.get('actor'), c.req.valid('param').environment);
    setEtag(c, env);
    return c.json(env);
  });
  app.patch('/environments/:environment', params(paths.environment), jsonBody(bodies.environmentPatch, { mergePatch: true }), async (c) => {
    const env = await core.environments.update(c.get('actor'), c.req.valid('param').environment, c.req.valid('json'), precondition(c));
    setEtag(c, env);
    return c.json(env);
  });
  app.delete('/environments/:environment', params(paths.environment), async (c) => {
    await core.environments.delete(c.get('actor'), c.req.valid('param').environment, precondition(c));
    return c.body(null, 204);
  });
  return app;
}

export function installRoutes(core: CaravanCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const base = '/environments/:environment/installs';
  const one = `${base}/:install`;
  app.get(base, params(paths.installs), query(queries.installs), async (c) => {
    const q = c.req.valid('query');
    return c.json(pageBody(await core.installs.list(c.get('actor'), c.req.valid('param').environment, { ...pageRequest(q), ...(q.template ? { template: q.template } : {}) })));
  });
  app.post(base, params(paths.installs), jsonBody(bodies.installCreate), async (c) => {
    const { environment } = c.req.valid('param');
    const body = c.req.valid('json');
    const operation = await core.installs.create(c.get('actor'), environment, body);
    return accepted(c, operation, `/v1/environments/${enc(environment)}/installs/${enc(body.name)}`);
  });
  app.get(one, params(paths.install), async (c) => {
    const { environment, install } = c.req.valid('param');
    const row = await core.installs.get(c.get('actor'), environment, install);
    setEtag(c, row);
    return c.json(row);
  });
  app.patch(one, params(paths.install), jsonBody(bodies.installPatch, { mergePatch: true }), async (c) => {
    const { environment, install } = c.req.valid('param');
    const row = await core.installs.update(c.get('actor'), environment, install, c.req.valid('json'), precondition(c));
    setEtag(c, row);
    return c.json(row);
  });
  app.delete(one, params(paths.install), async (c) => {
    const { environment, install } = c.req.valid('param');
    return accepted(c, await core.installs.uninstall(c.get('actor'), environment, install, {}, precondition(c)));
  });
  app.post(`${one}/preview`, params(paths.install), jsonBody(bodies.installPreview, { optional: true }), async (c) => {
    const { environment, install } = c.req.valid('param');
    return c.json(await core.installs.preview(c.get('actor'), environment, install, c.req.valid('json') ?? {}));
  });
  app.post(`${one}/upgrade`, params(paths.install), jsonBody(bodies.installUpgrade, { optional: true }), async (c) => {
    const { environment, install } = c.req.valid('param');
    return accepted(c, await core.installs.upgrade(c.get('actor'), environment, install, c.req.valid('json') ?? {}, precondition(c)));
  });
  app.get(`${one}/status`, params(paths.install), async (c) => {
    const { environment, install } = c.req.valid('param');
    return c.json(await core.installs.status(c.get('actor'), environment, install));
  });
  app.get(`${one}/records`, params(paths.install), query(queries.records), async (c) => {
    const { environment, install } = c.req.valid('param');
    return c.json(pageBody(await core.installs.records.list(c.get('actor'), environment, install, pageRequest(c.req.valid('query')))));
  });
  app.get(`${one}/records/:record`, params(paths.record), async (c) => {
    const { environment, install, record } = c.req.valid('param');
    return c.json(await core.installs.records.get(c.get('actor'), environment, install, record));
  });
  app.post(`${one}/records/:record/rollback`, params(paths.record), jsonBody(bodies.rollback, { optional: true }), async (c) => {
    const { environment, install, record } = c.req.valid('param');
    return accepted(c, await core.installs.records.rollback(c.get('actor'), environment, install, record, c.req.valid('json') ?? {}, precondition(c)));
  });
  return app;
}
