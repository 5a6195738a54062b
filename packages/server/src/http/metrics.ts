/**
 * The HTTP face's part of the metrics: every request counted and timed by
 * its route template, and `GET /metrics` (bearer token of any role, like any
 * read; Prometheus sends one from its scrape config).
 *
 * A token limited to environments gets the samples of its environments and
 * of none (requests, operations, clusters), not those of other environments.
 *
 * The route label is the template Hono matched (`/v1/templates/:template`),
 * never the request's path, so names in URLs neither leak into the metrics
 * nor multiply their series. A request a middleware answered (401, 413)
 * carries the route it was addressed to; a path no route has is `unmatched`.
 */
import type { Context, Handler, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from './env.js';

/** What the app needs of a metrics implementation (src/metrics/prometheus.ts is Caravan's). */
export interface AppMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Middleware (`app.use`) match every method as `ALL`; routes carry their own method. */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  // The route that answered, or, when a middleware answered first, the one the request was addressed to.
  for (let i = Math.max(0, c.req.routeIndex); i < routes.length; i++) {
    if (routes[i]!.method !== 'ALL') return routes[i]!.path;
  }
  return 'unmatched';
}

export function httpMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      metrics.observeRequest(c.req.method, routeOf(c), c.res.status, (performance.now() - started) / 1000);
    }
  };
}

export function metricsRoute(metrics: AppMetrics): Handler<AppEnv> {
  return async (c) => {
    const { contentType, body } = await metrics.scrape();
    const granted = c.get('actor').environments;
    return c.body(granted === undefined ? body : withinEnvironments(body, granted), 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  };
}

const ENVIRONMENT_LABEL = /[{,]environment="((?:[^"\\]|\\.)*)"/;

/**
 * A token limited to environments sees nothing of the others, in metrics as in the API: samples labelled
 * with another environment are left out (their HELP and TYPE lines stay; the series are simply absent).
 */
export function withinEnvironments(body: string, granted: readonly string[]): string {
  const allowed = new Set(granted);
  return body
    .split('\n')
    .filter((line) => {
      if (line.startsWith('#')) return true;
      const m = ENVIRONMENT_LABEL.exec(line);
      return m === null || allowed.has(m[1]!.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch)));
    })
    .join('\n');
}
