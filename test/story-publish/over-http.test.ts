/**
 * Over a real socket: the built `caravan-server` bin as a child process, and
 * `examples/story-publish.ts` run against it as a user would (env vars in,
 * printed references out), publishing from an anonymous and a private source
 * into the Basic-auth delivery registry. Then the SDK over HTTP reads what the
 * example did. Neither the server's output, nor the example's, nor any
 * response body holds a password.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type CaravanClient } from '@caravan/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startBin, type RunningBin } from '../e2e/support/bin.js';
import { makeImage, makeMultiArchImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { indexEntries, rawDigest } from './support/oracle.js';
import { createRecorder, leaks, secretForms } from './support/recorder.js';
import { blobBytes } from './support/story.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const TOKEN = randomBytes(24).toString('base64url');
const privatePassword = `ci-${randomBytes(12).toString('hex')}`;

const web = makeImage({ seed: 'story-http/web', layers: 2, layerSize: 120_000 });
const api = makeImage({ seed: 'story-http/api', layers: 1, layerSize: 90_000, format: 'docker' });
const db = makeMultiArchImage({ seed: 'story-http/db', layers: 1, layerSize: 70_000 });

let source: Reg;
let privateSource: Reg;
let delivery: Reg;
let bin: RunningBin;
let dir: string;
const recorder = createRecorder();
let client: CaravanClient;

beforeAll(async () => {
  [source, privateSource, delivery] = await Promise.all([
    startRegistry({ auth: 'none', name: 'story-http-source' }),
    startRegistry({ auth: 'basic', name: 'story-http-private', username: 'ci', password: privatePassword }),
    startRegistry({ auth: 'basic', name: 'story-http-delivery' }),
  ]);
  await Promise.all([
    pushImage(source, 'shop/web', '1.4.2', web),
    pushImage(source, 'shop/api', '2.1.0', api),
    pushImage(privateSource, 'library/postgres', '16', db),
  ]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-story-http-'));
  bin = await startBin({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, env: { CARAVAN_BOOTSTRAP_TOKEN: TOKEN } });
  client = createCaravanClient({ baseUrl: bin.url, token: TOKEN, fetch: recorder.wrap((r) => fetch(r)) });
});
afterAll(async () => {
  await bin?.kill('SIGTERM');
  await Promise.all([source?.destroy(), privateSource?.destroy(), delivery?.destroy()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function runExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(CARAVAN_|DELIVERY_REGISTRY_|SOURCE_IMAGE_|SOURCE_REGISTRY_|TEMPLATE$|VERSION$)/.test(k))) as Record<string, string>;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, path.join(REPO, 'examples/story-publish.ts')], { cwd: REPO, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let exampleOutput = '';

describe('examples/story-publish.ts against the caravan-server bin', () => {
  it('sets the registry, publishes shop 1.0 and prints the references pinned by digest', async () => {
    const { code, stdout, stderr } = await runExample({
      CARAVAN_URL: bin.url,
      CARAVAN_TOKEN: TOKEN,
      DELIVERY_REGISTRY_URL: delivery.url,
      DELIVERY_REGISTRY_USERNAME: delivery.username!,
      DELIVERY_REGISTRY_PASSWORD: delivery.password!,
      DELIVERY_REGISTRY_ALLOW_HTTP: 'true',
      SOURCE_IMAGE_WEB: `${source.host}/shop/web:1.4.2`,
      SOURCE_IMAGE_API: `${source.host}/shop/api:2.1.0`,
      SOURCE_IMAGE_DB: `${privateSource.host}/library/postgres:16`,
      SOURCE_REGISTRY_HOST: privateSource.host,
      SOURCE_REGISTRY_USERNAME: 'ci',
      SOURCE_REGISTRY_PASSWORD: privatePassword,
      TEMPLATE: 'shop',
    });
    exampleOutput = stdout + stderr;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`1. delivery registry: ${delivery.url}/caravan as caravan (password stored: yes)`);
    expect(lines[1]).toBe('2. check: ok (push yes, pull yes)');
    expect(lines[2]).toBe(`3. source registry ${privateSource.host}: pulling as ci`);
    expect(lines[3]).toBe('4. draft shop@1.0 with components api, db, web');
    expect(lines[4]).toMatch(/^5\. publishing shop@1\.0 as operation \S+$/);
    // Step lines come in the order the copies finish.
    expect(lines.slice(5, 8).sort()).toEqual([
      `   copy api: succeeded, ${blobBytes(api)} bytes`,
      `   copy db: succeeded, ${blobBytes(db)} bytes`,
      `   copy web: succeeded, ${blobBytes(web)} bytes`,
    ]);
    expect(lines.slice(8)).toEqual([
      `6. shop@1.0 is published; ${blobBytes(web, api, db)} bytes copied`,
      '7. pinned references:',
      `   api ${delivery.host}/caravan/shop/api@${api.digest}`,
      `   db ${delivery.host}/caravan/shop/db@${db.digest}`,
      `   web ${delivery.host}/caravan/shop/web@${web.digest}`,
    ]);
  });

  it('the printed digests are what skopeo reads at the sources and in the delivery registry', async () => {
    expect(await rawDigest(source, 'shop/web:1.4.2')).toBe(web.digest);
    expect(await rawDigest(source, 'shop/api:2.1.0')).toBe(api.digest);
    expect(await rawDigest(privateSource, 'library/postgres:16')).toBe(db.digest);
    for (const [c, image] of [['web', web], ['api', api], ['db', db]] as const) expect(await rawDigest(delivery, `caravan/shop/${c}:1.0`)).toBe(image.digest);
    expect((await indexEntries(delivery, `caravan/shop/db@${db.digest}`)).map((e) => e.platform)).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('the SDK over HTTP reads the published version, the registry and the source credential', async () => {
    const v = await client.templates.versions.get('shop', '1.0');
    expect(v.state).toBe('published');
    expect(v.images.map((i) => [i.component, i.digest])).toEqual([['api', api.digest], ['db', db.digest], ['web', web.digest]]);
    await expect(client.registry.get()).resolves.toMatchObject({ url: delivery.url, username: 'caravan', hasPassword: true });
    await expect(client.registry.sources.list()).resolves.toEqual({ items: [{ host: privateSource.host, username: 'ci', hasPassword: true, etag: expect.stringMatching(/^"\d+"$/), updatedAt: expect.any(String) }] });
    const [op] = (await client.operations.list()).items;
    expect(op).toMatchObject({ kind: 'publish', state: 'succeeded', subject: { template: 'shop', version: '1.0' } });
    const events = [];
    for await (const e of client.operations.events(op!)) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'state', data: { state: 'succeeded' } });
  });

  it('without the registry variables it says what to set', async () => {
    const { code, stderr } = await runExample({ CARAVAN_URL: bin.url, CARAVAN_TOKEN: TOKEN });
    expect(code).toBe(2);
    expect(stderr).toContain('DELIVERY_REGISTRY_URL');
    expect(stderr).toContain('SOURCE_IMAGE_<NAME>');
  });

  it('no password appears in the server output, the example output or any response body', () => {
    // The scans only mean something if there was traffic: the server logged the example's calls.
    expect(bin.stderr()).toContain('"path":"/v1/registry"');
    expect(bin.stderr()).toContain('"path":"/v1/registry/sources/');
    expect(recorder.responses.length).toBe(5);
    const texts = [
      { label: 'server stdout', text: bin.stdout() },
      { label: 'server stderr', text: bin.stderr() },
      { label: 'example output', text: exampleOutput },
      ...recorder.responses.map((r) => ({ label: r.request, text: r.body })),
    ];
    expect(leaks(texts, secretForms([{ username: delivery.username!, password: delivery.password! }, { username: 'ci', password: privatePassword }]))).toEqual([]);
  });
});
