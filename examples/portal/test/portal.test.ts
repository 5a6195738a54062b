/**
 * Issue 10, item 5: the portal page, built with Vite and served by `vite
 * preview` (its proxy forwarding /v1 to a real Caravan server on loopback),
 * driven in headless Chromium. Caravan deploys to the harness's real
 * Kubernetes cluster `intranet`: `shop@1.0` is installed into a test
 * environment beforehand; in the page a user connects with a token, reads the
 * templates, environments and the install's records, upgrades to 1.1 and
 * watches the rollout until it succeeds.
 *
 * 1.1 adds a worker whose pods start but are not Ready (the harness's kwok
 * never-ready stage) until the test marks them Ready, as a kubelet would once
 * a readiness probe passes: so the page is seen showing the rollout in flight
 * while the operation is really running, with no race against the cluster.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type App, type CaravanClient } from '@caravan/sdk';
import { createCaravan, type Caravan } from '@caravan/server';
import type { V1Pod } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEVER_READY_LABEL } from '../../../test/harness/src/k8s.js';
import { startChromium, type Browser } from '../../../test/browser-sdk/support/chromium.js';
import { clusters, kube, type Kube } from '../../../test/story-deploy/support.js';
import { buildPortal, REPO, servePortal, type BuiltPortal, type ServedPortal } from './support.js';

const ENV = 'test-intranet';
const ns = `portal-${randomBytes(3).toString('hex')}`;
const token = randomBytes(24).toString('base64url');

function app(version: '1.0' | '1.1' | '1.2'): App {
  // Any image will do: kwok plays the kubelet and pulls nothing.
  const web = { name: 'web', image: `registry.example.com/shop/web:${version === '1.0' ? '1.0' : '1.1'}`, replicas: 2, ports: [{ port: 8080, protocol: 'http' as const }], dependsOn: ['api'] };
  const api = { name: 'api', image: 'registry.example.com/shop/api:1.0', ports: [{ port: 9000, protocol: 'http' as const }] };
  const worker = { name: 'worker', image: `registry.example.com/shop/worker:${version}`, labels: { [NEVER_READY_LABEL]: 'true' } };
  return { components: version === '1.0' ? [web, api] : [web, api, worker] };
}

let dir: string;
let caravan: Caravan;
let client: CaravanClient;
let built: BuiltPortal;
let portal: ServedPortal;
let browser: Browser;
let page: Page;
let intranet: Kube;
const pageErrors: string[] = [];
const responses: Array<{ url: URL; status: number; contentType: string | undefined }> = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-portal-test-'));
  caravan = await createCaravan({
    databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
    bootstrapToken: token,
    host: '127.0.0.1',
    port: 0,
    // Rollouts looked at every 250 ms; no periodic probe of the clusters.
    deploy: { pollMs: 250 },
    clusterProbeMs: 0,
  });
  const { url } = await caravan.start();
  client = createCaravanClient({ baseUrl: url, token });

  const cluster = clusters().find((c) => c.name === 'intranet')!;
  intranet = kube(cluster);
  await client.clusters.create({ name: 'intranet', kubeconfig: fs.readFileSync(cluster.kubeconfigPath, 'utf8') });
  await client.environments.create({ name: ENV, cluster: 'intranet', namespace: ns, tier: 'test' });
  await client.environments.create({ name: 'production-intranet', cluster: 'intranet', namespace: `${ns}-prod`, tier: 'production' });
  await client.templates.create({ name: 'shop', description: 'the shop' });
  await client.templates.versions.create('shop', { version: '1.0', app: app('1.0') });
  await client.templates.versions.create('shop', { version: '1.1', app: app('1.1') });
  const installed = await client.operations.wait(await client.environments.installs.create(ENV, { name: 'shop', template: 'shop', version: '1.0', timeoutSeconds: 120 }), { timeoutMs: 150_000 });
  expect(installed.state, JSON.stringify(installed.error)).toBe('succeeded');

  built = await buildPortal();
  portal = await servePortal(built.outDir, url);
  browser = await startChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  watch(page);
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await caravan?.stop();
  // Leave the shared cluster as it was.
  await intranet?.core.deleteNamespace({ name: ns }).catch(() => undefined);
  if (built) fs.rmSync(built.outDir, { recursive: true, force: true });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function watch(p: Page): void {
  p.on('pageerror', (e) => pageErrors.push(String(e.stack ?? e)));
  // Chromium logs every 4xx as a console error; the page shows those itself, and the tests check it does.
  p.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) pageErrors.push(`console: ${m.text()}`);
  });
  p.on('response', (r) => responses.push({ url: new URL(r.url()), status: r.status(), contentType: r.headers()['content-type'] }));
}

const texts = (p: Page, selector: string) => p.locator(selector).allInnerTexts();

/** Waits for something on the cluster, up to a deadline. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 60_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const isReady = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Marks a component's pods that are not Ready as Ready, as a kubelet would once their readiness probe passes. */
async function makeReady(component: string): Promise<number> {
  const selector = `app.kubernetes.io/instance=shop,app.kubernetes.io/name=${component}`;
  // kwok has run its never-ready stage once a pod is Running: a Ready pod after that stays Ready.
  const pods = await until(`${component}'s new pods to run`, async () => {
    const waiting = (await intranet.core.listNamespacedPod({ namespace: ns, labelSelector: selector })).items.filter((p) => !isReady(p));
    return waiting.length > 0 && waiting.every((p) => p.status?.phase === 'Running') ? waiting : undefined;
  });
  for (const pod of pods) {
    const now = new Date();
    const status = pod.status!;
    status.conditions = status.conditions?.map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { type: c.type, status: 'True', lastTransitionTime: now } : c));
    status.containerStatuses = status.containerStatuses?.map((s) => ({ ...s, ready: true }));
    await intranet.core.replaceNamespacedPodStatus({ namespace: ns, name: pod.metadata!.name!, body: pod });
  }
  return pods.length;
}

describe('the portal page', () => {
  it('builds with Vite into one page, one script and one stylesheet, the SDK bundled in', () => {
    expect(built.warnings).toEqual([]);
    expect(built.files.map((f) => f.file.replace(/-[\w-]{8}\./, '-[hash].')).sort()).toEqual(['assets/index-[hash].css', 'assets/index-[hash].js', 'index.html']);
    const script = built.files.find((f) => f.file.endsWith('.js'))!;
    // The SDK is in the bundle (its error classes keep their names as data), not left for the browser to import.
    expect(script.text.includes('CaravanApiError')).toBe(true);
    expect(/\bfrom\s*["'`]@caravan\//.test(script.text)).toBe(false);
    expect(script.gzipBytes).toBeLessThan(40_000);
    console.log(`portal bundle: ${built.files.map((f) => `${f.file} ${f.bytes} B (gzip ${f.gzipBytes} B)`).join(', ')}`);
  });

  it("shows the server's problem when the token is wrong", async () => {
    await page.goto(portal.url);
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.innerText()).toBe('401 Authentication required: The bearer token is not valid. https://caravan.dev/problems/unauthenticated');
    expect(await page.locator('#whoami').innerText()).toBe('');
  });

  it('connects with the token from the address, and lists templates with their versions and environments with their installs', async () => {
    await page.goto(`${portal.url}#token=${token}`);
    await page.locator('[data-install="shop"]').waitFor();
    // The token is taken out of the address.
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.getByRole('alert').isHidden()).toBe(true);
    expect(await page.locator('#whoami').innerText()).toBe('Signed in as bootstrap admin (admin)');
    expect(await texts(page, '[data-template="shop"] [data-version]')).toEqual(['1.0 draft', '1.1 draft']);
    expect(await page.locator('[data-template="shop"] > .muted').innerText()).toBe('the shop');
    expect(await page.locator(`[data-environment="${ENV}"] > .muted`).innerText()).toBe(`test · intranet/${ns}`);
    expect(await page.locator(`[data-environment="${ENV}"] .installs li`).innerText()).toBe('shop shop@1.0 deployed record #1');
    expect(await page.locator('[data-environment="production-intranet"] p').innerText()).toBe('Nothing installed.');
  });

  it("shows an install's records", async () => {
    await page.locator('[data-install="shop"]').click();
    await page.locator('#install [data-record="1"]').waitFor();
    expect(await page.locator('#install h2').innerText()).toBe(`${ENV} / shop`);
    const cells = await texts(page, '#install [data-record="1"] td');
    expect([cells[0], cells[1], cells[2], cells[3], cells[6]]).toEqual(['#1', 'install', '1.0', 'succeeded', 'api 1/1 ready, web 2/2 ready']);
    expect(await texts(page, '#install select option')).toEqual(['1.1 (draft)']);
  });

  it('upgrades to 1.1 and follows the rollout live from the event stream until it succeeds', async () => {
    await page.getByLabel('Version').selectOption('1.1');
    await page.getByRole('button', { name: 'Upgrade' }).click();

    // In flight: the worker's pods run but none is Ready, so the operation cannot end before the test lets it.
    await page.locator('#progress tr[data-step="rollout worker"][data-state="running"]').waitFor({ timeout: 60_000 });
    const opId = (await page.locator('#progress').getAttribute('data-operation'))!;
    expect((await client.operations.get(opId)).state).toBe('running');
    expect(await page.locator('#operation-state').innerText()).toBe('running');
    expect(await texts(page, '#progress tr[data-step="rollout worker"] td')).toEqual(['rollout worker', '0 of 1 ready', 'running', expect.any(String)]);

    expect(await makeReady('worker')).toBe(1);
    await page.waitForFunction(() => ['succeeded', 'failed', 'cancelled'].includes(document.querySelector('#operation-state')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const problem = await page.locator('#progress .problem').allInnerTexts();
    expect(await page.locator('#operation-state').innerText(), problem.join()).toBe('succeeded');

    // The course of the rollout, as it came: the worker waiting, then ready; every other step started and finished.
    const log = await texts(page, '#progress .log li');
    const at = (re: RegExp) => log.findIndex((l) => re.test(l));
    expect(at(/^apply record 2 \(\d+ objects\) running$/), log.join('\n')).toBeGreaterThanOrEqual(0);
    expect(at(/^worker: 0 of 1 ready( \(.+\))? running$/), log.join('\n')).toBeGreaterThanOrEqual(0);
    expect(at(/^worker: 1 of 1 ready( \(.+\))? succeeded$/)).toBeGreaterThan(at(/^worker: 0 of 1 ready/));
    expect(at(/^web: 2 of 2 ready( \(.+\))? succeeded$/), log.join('\n')).toBeGreaterThanOrEqual(0);
    expect(await texts(page, '#progress tbody tr')).toEqual((await client.operations.get(opId)).steps.map((s) => expect.stringMatching(new RegExp(`^${s.name}\\t`))));
    expect(await page.locator('#progress tbody [data-state]:not([data-state="succeeded"])').count()).toBe(0);

    // It streamed: the page opened the operation's server-sent events through the preview's proxy.
    const streams = responses.filter((r) => r.url.pathname === `/v1/operations/${opId}/events`);
    expect(streams.length).toBeGreaterThan(0);
    expect(streams.every((r) => r.url.origin === new URL(portal.url).origin && r.status === 200 && r.contentType?.startsWith('text/event-stream'))).toBe(true);

    // What the upgrade changed is reloaded: a new record for 1.1, and the install's version.
    await page.locator('#install [data-record="2"] [data-state="succeeded"]').waitFor();
    const record = await texts(page, '#install [data-record="2"] td');
    expect([record[0], record[1], record[2], record[3], record[6]]).toEqual(['#2', 'upgrade', '1.1', 'succeeded', 'api 1/1 ready, web 2/2 ready, worker 1/1 ready']);
    expect(await page.locator(`[data-environment="${ENV}"] .installs li`).innerText()).toBe('shop shop@1.1 deployed record #2');
    fs.mkdirSync(path.join(REPO, 'test/.artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(REPO, 'test/.artifacts/portal-upgrade.png'), fullPage: true });
  });

  it('a viewer opening an install follows the upgrade under way on it, and is refused one of its own with the 403 problem', async () => {
    // Someone else upgrades to 1.2, whose new worker pod is held not Ready.
    await client.templates.versions.create('shop', { version: '1.2', app: app('1.2') });
    const op = await client.environments.installs.upgrade(ENV, 'shop', { version: '1.2' });
    const viewer = await client.tokens.create({ name: 'portal viewer', roles: ['viewer'] });
    const other = await browser.context.newPage();
    watch(other);
    try {
      await other.goto(`${portal.url}#token=${viewer.secret}`);
      expect(await other.locator('#whoami').innerText()).toBe('Signed in as portal viewer (viewer)');
      await other.locator('[data-install="shop"]').click();
      await other.locator(`#progress[data-operation="${op.id}"] tr[data-step="rollout worker"][data-state="running"]`).waitFor({ timeout: 60_000 });
      expect(await other.locator('#progress h3').innerText()).toBe('Upgrade of shop, under way running');

      expect(await makeReady('worker')).toBe(1);
      await other.waitForFunction(() => ['succeeded', 'failed', 'cancelled'].includes(document.querySelector('#operation-state')?.textContent ?? ''), undefined, { timeout: 120_000 });
      expect(await other.locator('#operation-state').innerText()).toBe('succeeded');
      // The record was on screen while it ran: it is redrawn once the upgrade ends.
      await other.locator('#install [data-record="3"] [data-state="succeeded"]').waitFor();
      expect((await texts(other, '#install [data-record="3"] td')).slice(0, 4)).toEqual(['#3', 'upgrade', '1.2', 'succeeded']);

      // Back to 1.1: the viewer may look, not change.
      await other.getByLabel('Version').selectOption('1.1');
      await other.getByRole('button', { name: 'Upgrade' }).click();
      const error = other.getByRole('alert');
      await error.waitFor();
      expect(await error.innerText()).toMatch(/^403 Forbidden: .+ https:\/\/caravan\.dev\/problems\/forbidden$/);
      expect((await client.environments.installs.get(ENV, 'shop')).latestRecord).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('talked to its own origin only, with no page errors', () => {
    expect(new Set(responses.map((r) => r.url.origin))).toEqual(new Set([new URL(portal.url).origin]));
    expect(responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url.pathname}`)).toEqual([
      '401 /v1/whoami',
      `403 /v1/environments/${ENV}/installs/shop/upgrade`,
    ]);
    expect(pageErrors).toEqual([]);
  });
});
