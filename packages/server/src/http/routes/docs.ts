/**
 * The API reference at `/docs`: the served contract rendered in the browser
 * by Redoc's standalone bundle, which Caravan serves itself from the `redoc`
 * npm package, so the page loads nothing from any other host and works
 * offline. Its Content-Security-Policy holds the browser to that: scripts,
 * styles, fonts, images and requests from this origin only (Redoc injects
 * its styles and starts its search worker from a blob, hence those two).
 *
 * Links are relative (`openapi.json`, `docs/redoc.standalone.js`), so the
 * page works where Caravan's app is mounted under a prefix too.
 *
 * Redoc (2.x) over Scalar: one self-contained file of 1 MB that fetches
 * nothing but the contract (and its vendor's logo, see below), against
 * Scalar's 5 MB and some 280 packages, which by default loads fonts from its
 * vendor's hosts and offers proxies, sign-ins and an agent there; and no
 * try-it console that invites pasting tokens into a page. Redoc 3, weeks
 * old, is a new major that adds an OpenTelemetry dependency: not yet.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

const SCRIPT = 'redoc.standalone.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Caravan API reference</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; }</style>
</head>
<body>
<redoc spec-url="openapi.json" hide-hostname="true" required-props-first="true" sort-props-alphabetically="false" expand-responses="200,201,202"></redoc>
<script src="docs/${SCRIPT}"></script>
</body>
</html>
`;

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Redoc 2's menu shows its vendor's logo from this address, unconditionally;
 * the served copy points it at an empty image instead, which Redoc then hides
 * (the "API docs by Redocly" link stays). The only change made to the bundle.
 */
const VENDOR_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';

let script: Uint8Array<ArrayBuffer> | undefined;
/** Read once, at the first request: a server that never serves the page never reads 1 MB. */
function redocScript(): Uint8Array<ArrayBuffer> {
  script ??= new TextEncoder().encode(readFileSync(createRequire(import.meta.url).resolve(`redoc/bundles/${SCRIPT}`), 'utf8').replaceAll(VENDOR_LOGO, 'data:,'));
  return script;
}

/** Public like the contract itself; registered before authentication. */
export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/docs', (c) => c.html(PAGE, 200, { 'content-security-policy': CSP, 'cache-control': 'no-cache' }));
  app.get(`/docs/${SCRIPT}`, (c) =>
    c.body(redocScript(), 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' }),
  );
  return app;
}
