/** `withResponse()`: a call's body together with its raw Response, for ETag, Location and the status. */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isNotFoundError, isVersionExistsError } from '../src/index.js';
import { BASE, client, json, operation, problem, server } from './msw.js';

const template = { name: 'shop', description: '', labels: {}, etag: '"1"', createdAt: '2026-11-26T10:00:00Z', updatedAt: '2026-11-26T10:00:00Z', createdBy: { id: 't', name: 'dev' } };

describe('withResponse', () => {
  it('gives a create’s body with its status, Location and ETag', async () => {
    server.use(http.post(`${BASE}/v1/templates`, () => json(template, 201, { location: '/v1/templates/shop', etag: '"1"' })));
    const { data, response } = await client().templates.create({ name: 'shop' }).withResponse();
    expect(data).toEqual(template);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/v1/templates/shop');
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('sends the request once, whether the promise is awaited, asked for its response, or both', async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/v1/templates/shop`, () => {
        requests++;
        return json(template, 200, { etag: '"7"' });
      }),
    );
    const call = client().templates.get('shop');
    const [body, { data, response }] = await Promise.all([call, call.withResponse()]);
    expect(body).toEqual(data);
    expect(response.headers.get('etag')).toBe('"7"');
    expect(requests).toBe(1);
  });

  it('gives a publish’s Operation with the Location to follow it', async () => {
    server.use(http.post(`${BASE}/v1/templates/shop/versions/1.0/publish`, () => json(operation('op_9', 'pending'), 202, { location: '/v1/operations/op_9' })));
    const { data, response } = await client().templates.versions.publish('shop', '1.0').withResponse();
    expect(data.id).toBe('op_9');
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toBe('/v1/operations/op_9');
  });

  it('gives undefined and the 204 of a delete', async () => {
    server.use(http.delete(`${BASE}/v1/templates/shop`, () => new Response(null, { status: 204 })));
    const { data, response } = await client().templates.delete('shop').withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(204);
  });

  it('rejects with the typed error of a refusal, like the call itself', async () => {
    server.use(
      http.post(`${BASE}/v1/templates/shop/versions`, () => problem('version-exists', 409)),
      http.get(`${BASE}/v1/templates/gone`, () => problem('not-found', 404)),
    );
    const c = client();
    expect(isVersionExistsError(await c.templates.versions.create('shop', { version: '1.0', app: 'components: []' }).withResponse().catch((e: unknown) => e))).toBe(true);
    // Asking only for the response leaves no unobserved rejection of the body behind (vitest fails on one).
    expect(isNotFoundError(await c.templates.get('gone').withResponse().catch((e: unknown) => e))).toBe(true);
  });

  it('is a Promise: then, catch and finally work as on any other', async () => {
    server.use(http.get(`${BASE}/v1/whoami`, () => json({ id: 't1', name: 'ci', roles: ['viewer'] })));
    const call = client().whoami();
    expect(call).toBeInstanceOf(Promise);
    let finished = false;
    const name = await call.then((me) => me.name).finally(() => (finished = true));
    expect(name).toBe('ci');
    expect(finished).toBe(true);
  });
});
