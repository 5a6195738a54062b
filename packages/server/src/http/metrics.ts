/**
 * The HTTP face's part of the metrics: every request counted and timed by
 * its route template, and `GET /metrics` (bearer token of any role, like any
 * read; Prometheus sends one from its scrape config).
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
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  };
}
