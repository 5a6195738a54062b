/** What a malformed request meets: contract validation, size and media-type limits; none of it changes state. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, threeComponentApp, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ bodyLimitBytes: 64 * 1024 }); });
afterAll(async () => { await server.close(); });
afterEach(() => { expect(server.http.violations).toEqual([]); });

async function names(): Promise<string[]> {
  const res = await server.call('GET', '/v1/templates?limit=200');
  return ((await res.json()) as { items: { name: string }[] }).items.map((t) => t.name);
}

describe('request validation', () => {
  it('an unknown field is rejected with a pointer to it, and nothing is created', async () => {
    const res = await server.call('POST', '/v1/templates', { body: { name: 'val-a', colour: 'blue' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { type: string; errors: { pointer: string }[] };
    expect(problem.type).toBe('https://caravan.dev/problems/invalid-input');
    expect(problem.errors.map((e) => e.pointer)).toContain('/colour');
    expect(await names()).not.toContain('val-a');
  });

  it('every error comes with a JSON pointer into the body', async () => {
    const res = await server.call('POST', '/v1/tokens', { body: { name: '', roles: ['wizard'] } });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { pointer: string; message: string }[] };
    const pointers = errors.map((e) => e.pointer);
    expect(pointers).toContain('/name');
    expect(pointers).toContain('/roles/0');
    for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('a template name that is not a DNS label is invalid input at /name', async () => {
    const res = await server.call('POST', '/v1/templates', { body: { name: 'Not_A_Label' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '/name' }] });
    expect(await names()).not.toContain('Not_A_Label');
  });

  it('a bad draft gets every app-model error with its pointer, and no version is created', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'val-app' } });
    const app = threeComponentApp();
    app.components[0]!.dependsOn = ['nowhere'];
    app.components[1]!.ports!.push({ port: 9000, protocol: 'http', alias: 'API2' });
    const res = await server.call('POST', '/v1/templates/val-app/versions', { body: { version: '1.0', app } });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { pointer: string }[] };
    const pointers = errors.map((e) => e.pointer);
    expect(pointers.some((p) => p.startsWith('/app/components/0/dependsOn'))).toBe(true);
    expect(pointers.some((p) => p.startsWith('/app/components/1/ports'))).toBe(true);
    const list = (await (await server.call('GET', '/v1/templates/val-app/versions')).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('one draft with a bad component name and a missing dependsOn target reports both, with the body\u2019s other errors', async () => {
    await server.call('POST', '/v1/templates', { body: { name: 'val-both' } });
    const app = threeComponentApp();
    app.components[1]!.name = 'API_Server';
    app.components[2]!.dependsOn = ['nowhere'];
    const res = await server.call('POST', '/v1/templates/val-both/versions', { body: { version: '1.0', app, colour: 'blue' } });
    expect(res.status).toBe(400);
    const pointers = ((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(pointers).toContain('/app/components/1/name');
    expect(pointers.some((p) => p.startsWith('/app/components/2/dependsOn'))).toBe(true);
    expect(pointers).toContain('/colour');
    expect(((await (await server.call('GET', '/v1/templates/val-both/versions')).json()) as { items: unknown[] }).items).toEqual([]);

    // The same app in an edit of a draft.
    expect((await server.call('POST', '/v1/templates/val-both/versions', { body: { version: '1.0', app: threeComponentApp() } })).status).toBe(201);
    const patched = await server.call('PATCH', '/v1/templates/val-both/versions/1.0', { body: { app } });
    expect(patched.status).toBe(400);
    const patchPointers = ((await patched.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
    expect(patchPointers).toContain('/app/components/1/name');
    expect(patchPointers.some((p) => p.startsWith('/app/components/2/dependsOn'))).toBe(true);
  });

  it('a query parameter out of range is invalid input at /query/<name>', async () => {
    const res = await server.call('GET', '/v1/templates?limit=0');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ pointer: '/query/limit' }] });
    const wrongState = await server.call('GET', '/v1/operations?state=sleeping');
    expect(wrongState.status).toBe(400);
    expect(await wrongState.json()).toMatchObject({ errors: [{ pointer: '/query/state' }] });
  });

  it('a path parameter that no resource could have is a 404', async () => {
    const res = await server.call('GET', '/v1/templates/NOT_VALID');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/not-found' });
  });

  it('malformed JSON is invalid input, not a crash', async () => {
    const res = await server.call('POST', '/v1/templates', { body: '{"name": "val-json",' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/invalid-input' });
  });

  it('a missing body where one is required is invalid input', async () => {
    const res = await server.call('POST', '/v1/templates', { headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });
});

describe('limits', () => {
  it('with the default limit, the largest app string the contract allows still fits, and anything beyond 2 MiB is refused', async () => {
    const defaults = await startTestServer();
    try {
      await defaults.call('POST', '/v1/templates', { body: { name: 'big-app' } });
      // A YAML app padded with a comment to the contract's 1 MiB maximum.
      const yaml = 'components:\n  - name: web\n    image: example.com/web:1\n#';
      const app = yaml + 'x'.repeat(1_048_576 - yaml.length);
      const fits = await defaults.call('POST', '/v1/templates/big-app/versions', { body: { version: '1.0', app } });
      expect(fits.status).toBe(201);
      const tooBig = await defaults.call('POST', '/v1/templates/big-app/versions', { body: { version: '1.1', app, description: 'y'.repeat(1_100_000) } });
      expect(tooBig.status).toBe(413);
      expect(defaults.http.violations).toEqual([]);
    } finally {
      await defaults.close();
    }
  });

  it('a body larger than the limit gets 413 payload-too-large and changes nothing', async () => {
    const res = await server.call('POST', '/v1/templates', { body: { name: 'val-big', description: 'x'.repeat(70 * 1024) } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/payload-too-large', status: 413 });
    expect(await names()).not.toContain('val-big');
  });

  it('a body that is not JSON gets 415 unsupported-media-type', async () => {
    const res = await server.call('POST', '/v1/templates', { body: 'name: val-yaml', headers: { 'content-type': 'application/yaml' } });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ type: 'https://caravan.dev/problems/unsupported-media-type', status: 415 });
    expect(await names()).not.toContain('val-yaml');
  });
});
