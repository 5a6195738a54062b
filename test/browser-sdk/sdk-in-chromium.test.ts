/**
 * Issue 2: "the SDK's published code also runs in current browsers". The
 * SDK's dist build, bundled for the browser, runs Caravan's story in headless
 * Chromium against the real app served on the page's own origin; the page
 * hands back a JSON summary and the test checks exact values, plus what the
 * browser put on the wire.
 */
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserOptions, bundleSdk, bundleStory, REPO, type Bundle } from './support/bundle.js';
import { startChromium, type Browser } from './support/chromium.js';
import { PAGE_PATH, SDK_PATH, startOrigin, type Origin } from './support/origin.js';
import type { StorySummary } from './page/story.js';

interface Seen {
  method: string;
  path: string;
  origin: string;
  accept: string | undefined;
  status: number;
  contentType: string | undefined;
}

let sdk: Bundle;
let story: Bundle;
let origin: Origin;
let browser: Browser | undefined;
// Why Chromium could not start: the browser tests fail with it (counted as failures, not skipped).
let browserError: unknown;
let page: Page;
const seen: Seen[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  sdk = await bundleSdk();
  story = await bundleStory(SDK_PATH);
  origin = await startOrigin({ sdk: sdk.code, story: story.code });
  try {
    browser = await startChromium();
  } catch (e) {
    browserError = e;
    return;
  }
  console.log(`browser-sdk: ${browser.version}; SDK bundle ${sdk.bytes} bytes from ${sdk.inputs.length} files`);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(String(e.stack ?? e)));
  // Chromium logs every 4xx as a console error; those are checked from the network side instead.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource: the server responded with a status of 4')) pageErrors.push(`console: ${m.text()}`);
  });
  page.on('response', (res) => {
    const req = res.request();
    const url = new URL(req.url());
    seen.push({ method: req.method(), path: url.pathname, origin: url.origin, accept: req.headers().accept, status: res.status(), contentType: res.headers()['content-type'] });
  });
});

afterAll(async () => {
  await browser?.close();
  await origin?.close();
});

function requireBrowser(): void {
  if (!browser) throw browserError;
}

/**
 * Opens the page and runs the story in it, against its own origin or (`api`) another server; a page that failed
 * to load its scripts fails here with the reason.
 */
async function runStoryInPage(api?: Origin): Promise<StorySummary> {
  requireBrowser();
  await page.goto(origin.url + PAGE_PATH);
  await page.waitForFunction(() => 'caravanStory' in globalThis || 'caravanLoadError' in globalThis, undefined, { timeout: 30_000 });
  const loadError = await page.evaluate(() => (globalThis as { caravanLoadError?: string }).caravanLoadError);
  if (loadError) throw new Error(`the page could not load the SDK: ${loadError}`);
  return page.evaluate(
    ([token, baseUrl]) => (globalThis as unknown as { caravanStory: (t: string, b?: string) => Promise<StorySummary> }).caravanStory(token, baseUrl),
    [api?.token ?? origin.token, api?.url ?? origin.url] as const,
  );
}

describe('the SDK in a browser', () => {
  it("bundles the SDK's published build for the browser without any Node built-in", () => {
    expect(sdk.inputs).toContain('packages/sdk/dist/index.js');
    // What it is made of: the SDK's build, its contracts' build, and ky; nothing from the SDK's sources.
    expect(sdk.inputs.filter((f) => f.startsWith('packages/sdk/src/'))).toEqual([]);
    expect(sdk.inputs.some((f) => f.startsWith('packages/contracts/dist/'))).toBe(true);
    expect(sdk.inputs.some((f) => f.includes('node_modules/ky/'))).toBe(true);
    expect(sdk.inputs.filter((f) => f.startsWith('node:'))).toEqual([]);
    expect(story.inputs).toEqual(['test/browser-sdk/page/story.ts']);
  });

  it('refuses to bundle code that imports a Node built-in', async () => {
    const bundling = build({ ...browserOptions, absWorkingDir: REPO, stdin: { contents: "import { readFileSync } from 'node:fs'; console.log(readFileSync);", resolveDir: REPO, sourcefile: 'uses-fs.js' } });
    await expect(bundling).rejects.toThrow(/node:fs is imported by uses-fs\.js: a Node built-in has no place in browser code/);
  });

  it('runs the story in headless Chromium against the real server: whoami, template, drafts, a typed validation error, lists, publish failing without a registry, events, audit', async () => {
    const s = await runStoryInPage();

    expect(s.realm).toMatchObject({ processType: 'undefined', hasDocument: true });
    expect(s.realm.userAgent).toMatch(/HeadlessChrome\/\d+/);
    expect(s.whoami).toEqual({ name: 'bootstrap admin', roles: ['admin'] });
    expect(s.template).toEqual({ name: 'browser-shop', description: 'made in a browser' });
    expect(s.draft).toEqual({ version: '1.0', state: 'draft', components: ['web', 'api'], hasEtag: true });
    expect(s.invalid).toEqual({
      isValidationError: true,
      isVersionExistsError: false,
      instanceOfValidationError: true,
      name: 'ValidationError',
      status: 400,
      type: 'https://caravan.dev/problems/invalid-input',
      pointers: ['/app/components/0/dependsOn/0', '/app/components/1/ports/1/port'],
    });
    expect(s.listed).toEqual(['1.0:draft', '1.1:draft', '1.2:draft']);
    expect(s.templates).toEqual(['browser-shop']);
    expect(s.publish).toEqual({
      operationKind: 'publish',
      streamed: [
        { type: 'state', state: 'pending' },
        { type: 'state', state: 'running' },
        { type: 'step', state: 'failed' },
        { type: 'step', state: 'failed' },
        { type: 'state', state: 'failed' },
      ],
      streamedIdsDistinct: true,
      resumedIsTheRest: true,
      waited: { id: true, state: 'failed', errorType: 'https://caravan.dev/problems/registry-not-configured' },
      version: { state: 'failed', failureMentionsRegistry: true },
    });
    // Newest first.
    expect(s.audit).toEqual(['version.syncFailed', 'version.publish', 'version.create', 'version.create', 'version.create', 'template.create']);
    expect(s.errors).toEqual({ unauthorized: true, forbidden: true, forbiddenIsNotValidation: true });
    expect(pageErrors).toEqual([]);
  });

  it('talked to the server on its own origin only, and streamed operation events over fetch', () => {
    requireBrowser();
    const api = seen.filter((r) => r.path.startsWith('/v1/'));
    expect(new Set(seen.map((r) => r.origin))).toEqual(new Set([origin.url]));
    expect(seen.filter((r) => r.path.startsWith('/browser-sdk/')).map((r) => `${r.path} ${r.status} ${r.contentType}`)).toEqual([
      '/browser-sdk/ 200 text/html; charset=utf-8',
      '/browser-sdk/story.js 200 text/javascript; charset=utf-8',
      '/browser-sdk/sdk.js 200 text/javascript; charset=utf-8',
    ]);
    // No preflight: nothing cross-origin. The only failures are the three the story provoked.
    expect(api.filter((r) => r.method === 'OPTIONS')).toEqual([]);
    expect(api.filter((r) => r.status >= 300).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /v1/templates/browser-shop/versions 400',
      'GET /v1/whoami 401',
      'POST /v1/templates 403',
    ]);
    // The live stream and the resumed one, both read as a fetch stream of server-sent events.
    const streams = api.filter((r) => /^\/v1\/operations\/op_[^/]+\/events$/.test(r.path));
    expect(streams.map((r) => [r.accept, r.status, r.contentType])).toEqual([
      ['text/event-stream', 200, 'text/event-stream'],
      ['text/event-stream', 200, 'text/event-stream'],
    ]);
  });
});

/**
 * The page on its origin, the API on another: a server that names the page's origin (`corsOrigins`) answers the
 * browser's preflights and the story runs as on one origin; a server that names none is refused by the browser.
 */
describe('the SDK in Chromium against another origin', () => {
  let api: Origin;
  let lone: Origin;
  beforeAll(async () => {
    [api, lone] = await Promise.all([startOrigin({ sdk: sdk.code, story: story.code }, [origin.url]), startOrigin({ sdk: sdk.code, story: story.code })]);
  });
  afterAll(async () => {
    await Promise.all([api?.close(), lone?.close()]);
  });

  it("runs the story against a server that names the page's origin, the browser asking first with preflights", async () => {
    const from = seen.length;
    const s = await runStoryInPage(api);
    expect(s.whoami).toEqual({ name: 'bootstrap admin', roles: ['admin'] });
    expect(s.draft).toEqual({ version: '1.0', state: 'draft', components: ['web', 'api'], hasEtag: true });
    expect(s.invalid).toMatchObject({ isValidationError: true, status: 400 });
    expect(s.publish).toMatchObject({ streamedIdsDistinct: true, resumedIsTheRest: true, waited: { id: true, state: 'failed' } });
    expect(s.errors).toEqual({ unauthorized: true, forbidden: true, forbiddenIsNotValidation: true });

    const cross = seen.slice(from).filter((r) => r.origin === api.url);
    expect(cross.length).toBeGreaterThan(10);
    expect(cross.filter((r) => r.path.startsWith('/v1/') && r.status >= 300).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /v1/templates/browser-shop/versions 400',
      'GET /v1/whoami 401',
      'POST /v1/templates 403',
    ]);
    // Requests with the SDK's headers are not "simple": the browser asked first. Chromium answers preflights in its
    // network service, out of the page's sight, so the server's own count of them is the witness.
    const metrics = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${api.token}` } }).then((r) => r.text());
    const preflights = [...metrics.matchAll(/^caravan_http_requests_total\{[^}]*method="OPTIONS"[^}]*status="(\d+)"[^}]*\} (\d+)/gm)];
    expect(preflights.length).toBeGreaterThan(0);
    expect(preflights.every(([, status]) => status === '204')).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('is refused by the browser against a server that names no origin', async () => {
    const failure = await runStoryInPage(lone).then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(failure).toMatch(/CaravanConnectionError: Could not reach the Caravan server: Request failed due to a network error/);
    expect(pageErrors.some((e) => /CORS policy/.test(e))).toBe(true);
  });
});
