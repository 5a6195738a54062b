/**
 * A delivery registry behind bearer tokens (distribution's token auth with the
 * harness's token server): the administrator sets it through the SDK, the check
 * passes, and publishing copies a single-arch and a multi-arch image into it,
 * pinned by the source digests. A pull-only account is caught by the check.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, makeMultiArchImage } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { startInProcess, type InProcessCaravan } from './support/in-process.js';
import { indexEntries, rawDigest } from './support/oracle.js';
import { leaks, secretForms } from './support/recorder.js';
import { blobBytes, publishAndWait, stepBytes } from './support/story.js';

let source: Reg;
let token: Reg;
let t: InProcessCaravan;
const web = makeImage({ seed: 'story-token/web', layers: 2, layerSize: 100_000 });
const db = makeMultiArchImage({ seed: 'story-token/db', layers: 1, layerSize: 80_000, format: 'docker' });

beforeAll(async () => {
  [source, token] = await Promise.all([
    startRegistry({ auth: 'none', name: 'story-token-source' }),
    startRegistry({ auth: 'token', name: 'story-token-delivery', extraUsers: [{ username: 'reader', password: 'reader-pw', actions: ['pull'] }] }),
  ]);
  await Promise.all([pushImage(source, 'shop/web', '1.4.2', web), pushImage(source, 'library/postgres', '16', db)]);
  t = await startInProcess();
});
afterAll(async () => {
  await t?.close();
  await Promise.all([source?.destroy(), token?.destroy()]);
});
afterEach(() => {
  expect(t.checked.violations).toEqual([]);
});

describe('a bearer-token registry as the delivery registry', () => {
  it('a pull-only account fails the check on push and passes on pull', async () => {
    await t.client.registry.put({ url: token.url, prefix: 'caravan', username: 'reader', password: 'reader-pw', allowInsecureHttp: true });
    const check = await t.client.registry.check();
    expect(check).toMatchObject({ ok: false, push: false, pull: true });
    expect(check.reason).toMatch(/pushing to caravan\/caravan-check/);
  });

  it('with a pushing account the check passes and shop 1.0 is published into it, pinned by digest', async () => {
    const set = await t.client.registry.put({ url: token.url, prefix: 'caravan', username: token.username!, password: token.password!, allowInsecureHttp: true });
    expect(set).toMatchObject({ url: token.url, username: token.username, hasPassword: true });
    await expect(t.client.registry.check()).resolves.toEqual({ ok: true, push: true, pull: true, checkedAt: expect.any(String) });

    await t.client.templates.create({ name: 'shop' });
    await t.client.templates.versions.create('shop', { version: '1.0', app: { components: [
      { name: 'web', image: `${source.host}/shop/web:1.4.2` },
      { name: 'db', kind: 'stateful', image: `${source.host}/library/postgres:16` },
    ] } });
    const { op } = await publishAndWait(t.client, 'shop', '1.0');
    expect(op.state).toBe('succeeded');
    expect(stepBytes(op)).toEqual({ 'copy web': blobBytes(web), 'copy db': blobBytes(db) });

    const v = await t.client.templates.versions.get('shop', '1.0');
    expect(v.state).toBe('published');
    expect(v.app.components.map((c) => c.image)).toEqual([`${token.host}/caravan/shop/web@${web.digest}`, `${token.host}/caravan/shop/db@${db.digest}`]);
    expect(await rawDigest(source, 'shop/web:1.4.2')).toBe(web.digest);
    expect(await rawDigest(token, 'caravan/shop/web:1.0')).toBe(web.digest);
    expect(await rawDigest(token, `caravan/shop/db@${db.digest}`)).toBe(db.digest);
    expect(await indexEntries(token, 'caravan/shop/db:1.0')).toEqual(db.manifests.map((m) => ({ digest: m.digest, platform: `linux/${m.platform.architecture}` })));
    await expect(pullImage(token, 'caravan/shop/db', '1.0')).resolves.toMatchObject({ digest: db.digest, manifests: 2, blobBytes: blobBytes(db) });
  });

  it('no response body and no log line holds a password', () => {
    expect(t.recorder.responses.length).toBeGreaterThan(10);
    const texts = [...t.recorder.responses.map((r) => ({ label: r.request, text: r.body })), { label: 'server log', text: t.recorder.logLines() }];
    expect(leaks(texts, secretForms([{ username: token.username!, password: token.password! }, { username: 'reader', password: 'reader-pw' }]))).toEqual([]);
  });
});
