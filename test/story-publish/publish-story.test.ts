/**
 * Story step 5 through the SDK (in-process) against real registries: a
 * developer publishes `shop@1.0` (web and api single-arch, db multi-arch) from
 * an anonymous "CI" registry into the Basic-auth delivery registry; every image
 * lands pinned by the digest skopeo reads at the source; `1.1` with the same
 * images moves no blob bytes; a missing image fails the version naming it; a
 * private source needs its stored credential; a bearer-token registry works as
 * a source. Nothing secret ever shows in a response or a log line.
 */
import { randomBytes } from 'node:crypto';
import type { App } from '@caravan/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeImage, makeLayer, makeMultiArchImage, type ImageIndex, type ImageManifest } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { startRegistries, startRegistry, type Reg, type Registries } from '../harness/src/registry.js';
import { startInProcess, type InProcessCaravan } from './support/in-process.js';
import { indexEntries, rawDigest } from './support/oracle.js';
import { leaks, secretForms } from './support/recorder.js';
import { blobBytes, lastStepEvents, publishAndWait, stepBytes } from './support/story.js';

let regs: Registries;
let privateSource: Reg;
let t: InProcessCaravan;
const privatePassword = `ci-${randomBytes(12).toString('hex')}`;

const base = makeLayer('story-publish/base', { size: 200_000 });
const web: ImageManifest = makeImage({ seed: 'story-publish/web', base: [base], layers: 2, layerSize: 150_000 });
const api: ImageManifest = makeImage({ seed: 'story-publish/api', base: [base], layers: 1, layerSize: 120_000, format: 'docker' });
const db: ImageIndex = makeMultiArchImage({ seed: 'story-publish/db', layers: 2, layerSize: 100_000 });
const ledger: ImageManifest = makeImage({ seed: 'story-publish/ledger', layers: 1, layerSize: 90_000 });
const report: ImageManifest = makeImage({ seed: 'story-publish/report', layers: 1, layerSize: 70_000 });

beforeAll(async () => {
  [regs, privateSource] = await Promise.all([
    startRegistries(),
    startRegistry({ auth: 'basic', name: 'story-private-source', username: 'ci', password: privatePassword }),
  ]);
  await Promise.all([
    pushImage(regs.source, 'shop/web', '1.4.2', web),
    pushImage(regs.source, 'shop/api', '2.1.0', api),
    pushImage(regs.source, 'library/postgres', '16', db),
    pushImage(privateSource, 'ci/ledger', '3', ledger),
    pushImage(regs.token, 'ci/report', '5', report),
  ]);
  t = await startInProcess();
  await t.client.registry.put({ url: regs.delivery.url, prefix: 'caravan', username: regs.delivery.username!, password: regs.delivery.password!, allowInsecureHttp: true });
});
afterAll(async () => {
  await t?.close();
  await Promise.all([regs?.stop(), privateSource?.destroy()]);
});
afterEach(() => {
  expect(t.checked.violations).toEqual([]);
});

const shopApp = (): App => ({
  components: [
    { name: 'web', image: `${regs.source.host}/shop/web:1.4.2`, ports: [{ port: 8080, protocol: 'http', expose: 'external' }], dependsOn: ['api'] },
    { name: 'api', image: `${regs.source.host}/shop/api:2.1.0`, ports: [{ port: 9000, protocol: 'http', alias: 'API' }], dependsOn: ['db'] },
    { name: 'db', kind: 'stateful', image: `${regs.source.host}/library/postgres:16`, ports: [{ port: 5432, protocol: 'tcp', alias: 'DB' }], volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '1Gi' }] },
  ],
});
const images = { web, api, db } as const;
const sourceRefs = { web: 'shop/web:1.4.2', api: 'shop/api:2.1.0', db: 'library/postgres:16' } as const;
const pinned = (template: string, component: string, digest: string) => `${regs.delivery.host}/caravan/${template}/${component}@${digest}`;

describe('publishing shop 1.0 (story step 5)', () => {
  it('copies web, api and the multi-arch db into the delivery registry and publishes the version pinned by digest', async () => {
    await t.client.templates.create({ name: 'shop', description: 'web, api, db' });
    const draft = await t.client.templates.versions.create('shop', { version: '1.0', app: shopApp() });
    expect(draft.state).toBe('draft');

    const { op, events } = await publishAndWait(t.client, 'shop', '1.0');
    expect(op).toMatchObject({ kind: 'publish', state: 'succeeded', error: null, subject: { template: 'shop', version: '1.0' } });
    expect(op.steps.map((s) => [s.name, s.state])).toEqual([['copy web', 'succeeded'], ['copy api', 'succeeded'], ['copy db', 'succeeded']]);

    // Per-image bytes: db alone; web and api share a base layer that moves once (the other copy finds or mounts it).
    const bytes = stepBytes(op);
    expect(bytes['copy db']).toBe(blobBytes(db));
    expect(bytes['copy web']! + bytes['copy api']!).toBe(blobBytes(web, api));
    expect([blobBytes(web), blobBytes(web) - base.size]).toContain(bytes['copy web']);
    expect([blobBytes(api), blobBytes(api) - base.size]).toContain(bytes['copy api']);
    // The SDK's onProgress saw every step finish with those bytes, and the operation's states.
    const stepped = lastStepEvents(events);
    expect(Object.keys(stepped).sort()).toEqual(['copy api', 'copy db', 'copy web']);
    for (const [name, step] of Object.entries(stepped)) expect(step).toMatchObject({ state: 'succeeded', bytes: bytes[name] });
    expect(events.filter((e) => e.type === 'state').map((e) => e.data.state)).toEqual(expect.arrayContaining(['running', 'succeeded']));

    const v = await t.client.templates.versions.get('shop', '1.0');
    expect(v.state).toBe('published');
    expect(v.failure).toBeNull();
    expect(v.app.components.map((c) => [c.name, c.image])).toEqual([
      ['web', pinned('shop', 'web', web.digest)],
      ['api', pinned('shop', 'api', api.digest)],
      ['db', pinned('shop', 'db', db.digest)],
    ]);
    expect(v.images).toEqual((['web', 'api', 'db'] as const).map((c) => ({
      component: c, source: `${regs.source.host}/${sourceRefs[c]}`, reference: pinned('shop', c, images[c].digest), digest: images[c].digest,
    })));
  });

  it('each pinned digest is the one skopeo reads at the source, and the target is tagged 1.0', async () => {
    for (const c of ['web', 'api', 'db'] as const) {
      const atSource = await rawDigest(regs.source, sourceRefs[c]);
      expect(atSource).toBe(images[c].digest);
      expect(await rawDigest(regs.delivery, `caravan/shop/${c}@${atSource}`)).toBe(atSource);
      expect(await rawDigest(regs.delivery, `caravan/shop/${c}:1.0`)).toBe(atSource);
    }
  });

  it('the multi-arch db keeps its index digest and every platform', async () => {
    const expected = db.manifests.map((m) => ({ digest: m.digest, platform: `${m.platform.os}/${m.platform.architecture}` }));
    expect(expected.map((e) => e.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(await indexEntries(regs.source, sourceRefs.db)).toEqual(expected);
    expect(await indexEntries(regs.delivery, `caravan/shop/db@${db.digest}`)).toEqual(expected);
    for (const child of expected) expect(await rawDigest(regs.delivery, `caravan/shop/db@${child.digest}`)).toBe(child.digest);
    // Every blob of both platforms is really there, byte for byte.
    await expect(pullImage(regs.delivery, 'caravan/shop/db', '1.0')).resolves.toMatchObject({ digest: db.digest, manifests: 2, blobs: 6, blobBytes: blobBytes(db) });
  });

  it('the version and the audit trail record draft -> publishing -> published', async () => {
    const v = await t.client.templates.versions.get('shop', '1.0');
    expect(v.transitions.map((tr) => [tr.action, tr.from, tr.to])).toEqual([['publish', 'draft', 'publishing'], ['synced', 'publishing', 'published']]);
    const trail = await t.client.audit.list({ subject: 'templates/shop/versions/1.0' }).toArray();
    // Read in time order: the core lists the trail oldest first while the contract says newest first (reported, not ours to fix).
    const moves = trail.filter((e) => e.from !== undefined).sort((a, b) => a.at.localeCompare(b.at)).map((e) => [e.action, e.from, e.to]);
    expect(moves).toEqual([['version.publish', 'draft', 'publishing'], ['version.synced', 'publishing', 'published']]);
  });

  it('publishing 1.1 with unchanged images moves zero blob bytes and pins the same digests', async () => {
    await t.client.templates.versions.create('shop', { version: '1.1', app: shopApp() });
    const { op } = await publishAndWait(t.client, 'shop', '1.1');
    expect(op.state).toBe('succeeded');
    expect(stepBytes(op)).toEqual({ 'copy web': 0, 'copy api': 0, 'copy db': 0 });
    expect(op.steps.reduce((n, s) => n + s.bytes, 0)).toBe(0);
    const v = await t.client.templates.versions.get('shop', '1.1');
    expect(v.state).toBe('published');
    expect(v.images.map((i) => [i.component, i.digest])).toEqual([['web', web.digest], ['api', api.digest], ['db', db.digest]]);
    expect(v.app.components.map((c) => c.image)).toEqual([pinned('shop', 'web', web.digest), pinned('shop', 'api', api.digest), pinned('shop', 'db', db.digest)]);
    for (const c of ['web', 'api', 'db'] as const) expect(await rawDigest(regs.delivery, `caravan/shop/${c}:1.1`)).toBe(images[c].digest);
  });
});

describe('when publishing cannot finish', () => {
  it('a missing source image fails the version with the image named and why; the operation is failed', async () => {
    const ghost = `${regs.source.host}/shop/ghost:0.0.1`;
    const app = { components: [{ name: 'web', image: `${regs.source.host}/shop/web:1.4.2` }, { name: 'ghost', image: ghost }] };
    await t.client.templates.versions.create('shop', { version: '1.2', app });
    const { op } = await publishAndWait(t.client, 'shop', '1.2');
    expect(op.state).toBe('failed');
    expect(op.error?.type).toBe('https://caravan.dev/problems/registry-sync-failed');
    expect(op.error?.detail).toContain(ghost);
    expect(op.steps.map((s) => [s.name, s.state, s.bytes])).toEqual([['copy web', 'succeeded', 0], ['copy ghost', 'failed', 0]]);

    const v = await t.client.templates.versions.get('shop', '1.2');
    expect(v.state).toBe('failed');
    expect(v.failure?.images).toEqual([{ component: 'ghost', image: ghost, reason: `source image ${ghost} does not exist (MANIFEST_UNKNOWN)` }]);
    expect(v.failure?.reason).toContain(ghost);
    expect(v.transitions.map((tr) => [tr.action, tr.from, tr.to])).toEqual([['publish', 'draft', 'publishing'], ['syncFailed', 'publishing', 'failed']]);
    // The image that could be copied is pinned already; the app keeps its source references until every image is in place.
    expect(v.images.find((i) => i.component === 'web')).toMatchObject({ digest: web.digest, reference: pinned('shop', 'web', web.digest) });
    expect(v.app.components.map((c) => c.image)).toEqual([`${regs.source.host}/shop/web:1.4.2`, ghost]);
  });

  it('an image in a private source fails without a stored credential, naming the image; with it, a retry publishes', async () => {
    const image = `${privateSource.host}/ci/ledger:3`;
    await t.client.templates.create({ name: 'ledger' });
    await t.client.templates.versions.create('ledger', { version: '1.0', app: { components: [{ name: 'ledger', image }] } });
    const first = await publishAndWait(t.client, 'ledger', '1.0');
    expect(first.op.state).toBe('failed');
    const failed = await t.client.templates.versions.get('ledger', '1.0');
    expect(failed.state).toBe('failed');
    expect(failed.failure?.images).toEqual([{ component: 'ledger', image, reason: expect.stringContaining(image) }]);
    expect(failed.failure?.images[0]?.reason).toMatch(/401|credential|unauthori[sz]ed/i);

    const stored = await t.client.registry.sources.put(privateSource.host, { username: 'ci', password: privatePassword });
    expect(stored).toEqual({ host: privateSource.host, username: 'ci', hasPassword: true, etag: expect.stringMatching(/^"\d+"$/), updatedAt: expect.any(String) });
    await expect(t.client.registry.sources.list()).resolves.toEqual({ items: [stored] });

    const again = await publishAndWait(t.client, 'ledger', '1.0', 'retry');
    expect(again.op.state).toBe('succeeded');
    expect(stepBytes(again.op)).toEqual({ 'copy ledger': blobBytes(ledger) });
    const v = await t.client.templates.versions.get('ledger', '1.0');
    expect(v.state).toBe('published');
    expect(v.failure).toBeNull();
    expect(v.app.components[0]!.image).toBe(pinned('ledger', 'ledger', ledger.digest));
    expect(await rawDigest(privateSource, 'ci/ledger:3')).toBe(ledger.digest);
    expect(await rawDigest(regs.delivery, 'caravan/ledger/ledger:1.0')).toBe(ledger.digest);
    expect(v.transitions.map((tr) => [tr.action, tr.from, tr.to])).toEqual([
      ['publish', 'draft', 'publishing'], ['syncFailed', 'publishing', 'failed'], ['retry', 'failed', 'publishing'], ['synced', 'publishing', 'published'],
    ]);
  });

  it('a bearer-token registry works as a source with a pull-only credential', async () => {
    const image = `${regs.token.host}/ci/report:5`;
    await t.client.registry.sources.put(regs.token.host, { username: 'reader', password: 'reader-pw' });
    await t.client.templates.create({ name: 'report' });
    await t.client.templates.versions.create('report', { version: '1.0', app: { components: [{ name: 'report', image }] } });
    const { op } = await publishAndWait(t.client, 'report', '1.0');
    expect(op.state).toBe('succeeded');
    expect(stepBytes(op)).toEqual({ 'copy report': blobBytes(report) });
    const v = await t.client.templates.versions.get('report', '1.0');
    expect(v.state).toBe('published');
    expect(v.images).toEqual([{ component: 'report', source: image, reference: pinned('report', 'report', report.digest), digest: report.digest }]);
    expect(await rawDigest(regs.token, 'ci/report:5')).toBe(report.digest);
    expect(await rawDigest(regs.delivery, `caravan/report/report@${report.digest}`)).toBe(report.digest);
  });
});

describe('secrets', () => {
  it('no registry or source password appears in any response body or log line', () => {
    expect(t.recorder.responses.length).toBeGreaterThan(40);
    // Event streams were recorded too, not just JSON answers.
    expect(t.recorder.responses.some((r) => r.body.includes('event: step') || r.body.includes('"type":"step"'))).toBe(true);
    expect(t.recorder.logLines()).toContain('"path":"/v1/registry/sources/');
    const texts = [
      ...t.recorder.responses.map((r) => ({ label: `${r.request} ${r.status}`, text: r.body })),
      { label: 'server log', text: t.recorder.logLines() },
    ];
    const secrets = secretForms([
      { username: regs.delivery.username!, password: regs.delivery.password! },
      { username: 'ci', password: privatePassword },
      { username: 'reader', password: 'reader-pw' },
    ]);
    expect(leaks(texts, secrets)).toEqual([]);
  });
});
