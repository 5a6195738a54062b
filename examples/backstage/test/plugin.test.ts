/**
 * The plugin in Backstage's test backend, on SQLite: it starts, answers
 * through Backstage's HTTP router with Backstage's authentication, gives each
 * caller the Caravan role app-config grants it, streams events through
 * Backstage's compression, and runs a publish against real registries.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { isForbiddenError } from '@caravan/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../../../test/harness/src/images.js';
import { pushImage } from '../../../test/harness/src/registry-http.js';
import { startRegistries, type Registries } from '../../../test/harness/src/registry.js';
import { masterKey, startCaravanBackstage, type CaravanBackstage } from './support.js';

let regs: Registries;
let b: CaravanBackstage;

const web = makeImage({ seed: 'backstage/web', layers: 1, layerSize: 50_000 });
const api = makeImage({ seed: 'backstage/api', layers: 1, layerSize: 40_000 });

beforeAll(async () => {
  regs = await startRegistries();
  await Promise.all([pushImage(regs.source, 'shop/web', '1', web), pushImage(regs.source, 'shop/api', '1', api)]);
  b = await startCaravanBackstage({
    caravan: {
      masterKey: masterKey(),
      access: {
        grants: [
          { role: 'admin', principals: ['group:platform'] },
          { role: 'developer', principals: ['external:test-service'] },
          { role: 'operator', principals: ['group:default/sre'], environments: ['production-qingdao'] },
        ],
      },
    },
  });
});
afterAll(async () => {
  await b?.stop();
  await regs?.stop();
});

describe('through Backstage\'s router', () => {
  it('serves Caravan at /api/caravan: whoami names the Backstage user with the role granted to their group', async () => {
    expect(await b.asUser('user:default/alice').whoami()).toEqual({ id: 'user:default/alice', name: 'user:default/alice', roles: ['admin', 'viewer'] });
  });

  it('refuses a request without Backstage credentials, or with a bad token (401, from Backstage)', async () => {
    // (Backstage's mock httpAuth takes a request with no header at all for its default user: this header says "nobody".)
    const none = await fetch(`${b.caravanUrl}/v1/templates`, { headers: { authorization: mockCredentials.none.header() } });
    expect(none.status).toBe(401);
    const bad = await fetch(`${b.caravanUrl}/v1/templates`, { headers: { authorization: mockCredentials.user.invalidHeader() } });
    expect(bad.status).toBe(401);
  });

  it('every signed-in user reads, but writes only with a granted role', async () => {
    const jane = b.asUser('user:default/jane');
    expect(await jane.whoami()).toMatchObject({ roles: ['viewer'] });
    await expect(jane.templates.list()).resolves.toMatchObject({ items: expect.any(Array) });
    const refused = await jane.templates.create({ name: 'by-jane' }).catch((e: unknown) => e);
    expect(isForbiddenError(refused)).toBe(true);
    await expect(b.asUser('user:default/alice').templates.get('by-jane')).rejects.toMatchObject({ status: 404 });
  });

  it('a service gets the role granted to its subject, and an operator grant limits its group to its environments', async () => {
    expect(await b.asService().whoami()).toMatchObject({ id: 'external:test-service', roles: expect.arrayContaining(['developer']) });
    expect(await b.asUser('user:default/olga').whoami()).toMatchObject({ roles: expect.arrayContaining(['operator']), environments: ['production-qingdao'] });
  });
});

describe('publishing through Backstage', () => {
  it('a developer service publishes shop 1.0 from CI\'s registry into the delivery registry; the audit trail names who did what', async () => {
    const admin = b.asUser('user:default/alice');
    await admin.registry.put({ url: regs.delivery.url, prefix: 'caravan', username: regs.delivery.username!, password: regs.delivery.password!, allowInsecureHttp: true });

    const ci = b.asService();
    await ci.templates.create({ name: 'shop', description: 'web and api' });
    await ci.templates.versions.create('shop', {
      version: '1.0',
      app: { components: [{ name: 'web', image: `${regs.source.host}/shop/web:1`, dependsOn: ['api'] }, { name: 'api', image: `${regs.source.host}/shop/api:1`, ports: [{ port: 9000, protocol: 'http' }] }] },
    });
    const op = await ci.templates.versions.publish('shop', '1.0');
    const done = await ci.operations.wait(op);
    expect(done).toMatchObject({ kind: 'publish', state: 'succeeded', error: null });

    const version = await b.asUser('user:default/jane').templates.versions.get('shop', '1.0');
    expect(version.state).toBe('published');
    expect(version.images.map((i) => [i.component, i.digest])).toEqual([['web', web.digest], ['api', api.digest]]);
    expect(version.app.components.map((c) => c.image)).toEqual([
      `${regs.delivery.host}/caravan/shop/web@${web.digest}`,
      `${regs.delivery.host}/caravan/shop/api@${api.digest}`,
    ]);

    const trail = await admin.audit.list({ subject: 'templates/shop/versions/1.0' }).toArray();
    expect(trail.find((e) => e.action === 'version.publish')?.actor).toEqual({ id: 'external:test-service', name: 'external:test-service' });
    const registry = await admin.audit.list({ subject: 'registry' }).toArray();
    expect(registry.map((e) => e.actor.name)).toContain('user:default/alice');
  });

  it('streams events as they happen, uncompressed, through Backstage\'s compression middleware', async () => {
    const headers = { authorization: mockCredentials.user.header('user:default/jane'), 'accept-encoding': 'gzip' };
    const stream = await fetch(`${b.caravanUrl}/v1/events`, { headers });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('content-encoding')).toBeNull();
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();

    // A live event only arrives while the stream stays open: a buffered stream would hold it back until the test times out.
    const ci = b.asService();
    await ci.templates.versions.create('shop', { version: '1.1', app: { components: [{ name: 'web', image: `${regs.source.host}/shop/web:1` }] } });
    const op = await ci.templates.versions.publish('shop', '1.1');
    let text = '';
    while (!text.includes(op.id)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before an event of ${op.id}: ${text}`);
      text += value;
    }
    await reader.cancel();
    expect(text).toMatch(/^id: /m);
    await ci.operations.wait(op);
  });
});
