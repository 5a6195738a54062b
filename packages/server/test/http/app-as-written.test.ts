/** A version's app reads back exactly as written, whether it was sent as a JSON object or as YAML text. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

// Leaves out every field the contract gives a default: kind, protocol, expose, accessMode, parameter type/required/secret/generate.
const app = {
  components: [
    { name: 'web', image: 'example.com/shop/web:1.0', ports: [{ port: 8080 }], env: [{ name: 'GREETING', fromParameter: 'greeting' }], dependsOn: ['db'] },
    { name: 'db', kind: 'stateful', image: 'example.com/shop/postgres:16', ports: [{ port: 5432, alias: 'DB' }], volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '1Gi' }] },
  ],
  parameters: [{ name: 'greeting', default: 'hello' }],
};

const yaml = `components:
  - name: web
    image: example.com/shop/web:1.0
    ports:
      - port: 8080
    env:
      - name: GREETING
        fromParameter: greeting
    dependsOn: [db]
  - name: db
    kind: stateful
    image: example.com/shop/postgres:16
    ports:
      - { port: 5432, alias: DB }
    volumes:
      - name: data
        path: /var/lib/postgresql/data
        size: 1Gi
parameters:
  - name: greeting
    default: hello
`;

async function appOf(res: Response): Promise<unknown> {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return ((await res.json()) as { app: unknown }).app;
}

describe('the app of a version', () => {
  it('reads back the same, as written, from a JSON object and from YAML text', async () => {
    expect((await server.call('POST', '/v1/templates', { body: { name: 'written' } })).status).toBe(201);
    const fromJson = await appOf(await server.call('POST', '/v1/templates/written/versions', { body: { version: '1.0', app } }));
    const fromYaml = await appOf(await server.call('POST', '/v1/templates/written/versions', { body: { version: '1.1', app: yaml } }));
    expect(fromJson).toEqual(app);
    expect(fromYaml).toEqual(app);
    expect(await appOf(await server.call('GET', '/v1/templates/written/versions/1.0'))).toEqual(await appOf(await server.call('GET', '/v1/templates/written/versions/1.1')));
    // Defaults are still what the app means: the two versions do not differ.
    const diff = (await (await server.call('GET', '/v1/templates/written/versions/1.1/diff?against=1.0')).json()) as { components: { added: unknown[]; removed: unknown[]; changed: unknown[] } };
    expect(diff.components).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('edited as a JSON object or as YAML text, also reads back as written', async () => {
    expect((await server.call('POST', '/v1/templates', { body: { name: 'edited' } })).status).toBe(201);
    const first = { components: [{ name: 'web', image: 'example.com/web:1' }] };
    expect((await server.call('POST', '/v1/templates/edited/versions', { body: { version: '1.0', app: first } })).status).toBe(201);
    expect((await server.call('POST', '/v1/templates/edited/versions', { body: { version: '2.0', app: first } })).status).toBe(201);
    const patchedJson = await appOf(await server.call('PATCH', '/v1/templates/edited/versions/1.0', { body: { app } }));
    const patchedYaml = await appOf(await server.call('PATCH', '/v1/templates/edited/versions/2.0', { body: { app: yaml }, headers: { 'content-type': 'application/merge-patch+json' } }));
    expect(patchedJson).toEqual(app);
    expect(patchedYaml).toEqual(app);
  });
});
