/**
 * Issue 10: "a platform engineer can read the API in a browser". The built
 * server, listening on a real port, serves `/docs`; headless Chromium opens
 * it, Redoc renders the contract the server serves, and every operation of
 * openapi/caravan.yaml (read here, not listed by hand) appears in the page,
 * by its operationId (Redoc's section anchors) and its summary (the menu).
 * Everything the browser asked for came from the server itself: the page
 * works offline. Screenshots are left in test/.artifacts/ to look at.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createCaravan, type Caravan } from '@caravan/server';
import { startChromium, type Browser } from '../browser-sdk/support/chromium.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(REPO, 'test/.artifacts');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface DocumentedOperation {
  operationId: string;
  summary: string;
  method: string;
  path: string;
}

/** Every operation of the contract as written. */
function documentedOperations(): DocumentedOperation[] {
  const doc = YAML.parse(fs.readFileSync(path.join(REPO, 'openapi/caravan.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId: string; summary: string }>> };
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => ({ operationId: op.operationId, summary: op.summary, method: m, path: p })),
  );
}

let dir: string;
let caravan: Caravan;
let origin: string;
let browser: Browser | undefined;
let browserError: unknown;
let page: Page;
const requested: string[] = [];
const failed: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-api-reference-'));
  caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, port: 0, host: '127.0.0.1', bootstrapToken: 'caravan-test-admin-0123456789abcdef' });
  origin = (await caravan.start()).url;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  try {
    browser = await startChromium();
  } catch (e) {
    browserError = e;
    return;
  }
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  page.on('request', (r) => requested.push(r.url()));
  page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText ?? '?'}`));
  page.on('pageerror', (e) => pageErrors.push(String(e.stack ?? e)));
  // A blocked load (the page's Content-Security-Policy) shows up here too.
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`console ${m.type()}: ${m.text()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await caravan?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function requireBrowser(): void {
  if (!browser) throw browserError;
}

describe('the API reference at /docs', () => {
  it('is served without a token, as HTML that may load from its own origin only, with its script', async () => {
    const res = await fetch(`${origin}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('<redoc spec-url="openapi.json"');
    expect(html).toContain('<script src="docs/redoc.standalone.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);

    const script = await fetch(`${origin}/docs/redoc.standalone.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await script.text();
    expect(code.length).toBeGreaterThan(500_000);
    // Redoc's vendor logo, the one address its bundle would load from elsewhere, is not in the served copy.
    expect(code.includes('cdn.redoc.ly'), 'the served bundle still names cdn.redoc.ly').toBe(false);
  });

  it('renders in Chromium and lists every operation of the contract, by operationId and by summary', async () => {
    requireBrowser();
    const operations = documentedOperations();
    expect(operations.length).toBeGreaterThan(40);
    await page.goto(`${origin}/docs`);
    // Rendered: Redoc has built a section for each operation it read from /openapi.json.
    await page.waitForFunction((n) => document.querySelectorAll('[data-section-id*="/operation/"]').length >= n, operations.length, { timeout: 60_000 });

    const sections = await page.$$eval('[data-section-id*="/operation/"]', (els) => els.map((e) => e.getAttribute('data-section-id') ?? ''));
    const listedIds = new Set(sections.map((s) => s.slice(s.lastIndexOf('/operation/') + '/operation/'.length)));
    expect([...listedIds].sort()).toEqual(operations.map((o) => o.operationId).sort());

    // The menu: one entry per operation, its label the operation's summary.
    const menu = new Map(
      await page.$$eval('li[data-item-id*="/operation/"]', (els) => els.map((e) => [e.getAttribute('data-item-id') ?? '', e.textContent ?? ''] as [string, string])),
    );
    const missing = operations.filter((o) => ![...menu].some(([id, label]) => id.endsWith(`/operation/${o.operationId}`) && label.includes(o.summary)));
    expect(missing.map((o) => `${o.method.toUpperCase()} ${o.path} (${o.operationId}: ${o.summary})`)).toEqual([]);

    await page.screenshot({ path: path.join(ARTIFACTS, 'api-reference.png') });
    // One operation opened, as a reader who clicked it in the menu sees it.
    await page.click('li[data-item-id="tag/templates"] > label');
    await page.click('li[data-item-id="tag/templates/operation/createTemplate"] > label');
    await page.waitForFunction(() => location.hash === '#tag/templates/operation/createTemplate');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'api-reference-operation.png') });
    expect(fs.statSync(path.join(ARTIFACTS, 'api-reference.png')).size).toBeGreaterThan(20_000);
  });

  it('made no request to any host but the server, and no error in the page', () => {
    requireBrowser();
    const elsewhere = requested.filter((u) => {
      const url = new URL(u);
      // Redoc's search index runs in a worker started from a blob of the page's own making.
      if (url.protocol === 'blob:') return new URL(url.pathname).origin !== origin;
      if (url.protocol === 'data:') return false;
      return url.origin !== origin;
    });
    expect(elsewhere).toEqual([]);
    expect(requested.map((u) => new URL(u)).filter((u) => u.protocol.startsWith('http')).map((u) => u.pathname)).toEqual(
      expect.arrayContaining(['/docs', '/docs/redoc.standalone.js', '/openapi.json']),
    );
    expect(failed).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
