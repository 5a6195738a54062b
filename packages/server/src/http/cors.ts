/**
 * Cross-origin access for browser pages served from other origins (a portal,
 * a developer's localhost), off unless origins are named. Callers send bearer
 * tokens, never cookies, so no credentials mode is needed: a page from a named
 * origin can call Caravan with the token its user gave it, and a page from
 * anywhere else cannot read an answer. Hono's cors middleware does the work;
 * this file says what Caravan's contract needs of it: the request headers its
 * clients send, and the response headers they read (ETag for If-Match,
 * Location after a create, Retry-After on 429 and 503, Idempotency-Replayed).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';

export const CORS_ALLOW_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Last-Event-ID', 'Accept'];
export const CORS_EXPOSE_HEADERS = ['ETag', 'Location', 'Retry-After', 'Idempotency-Replayed'];

/** Why `origin` is not an origin (`https://portal.example.com`, `http://localhost:5173`), or undefined when it is one. */
export function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https origins';
  if (url.origin !== origin) return `an origin is scheme, host and port alone, as the browser sends it: ${url.origin}`;
  return undefined;
}

/**
 * Requests from a named origin get Hono's cors handling (preflights answered, headers added); every other
 * request, a browser's from elsewhere or a script's with no Origin at all, is served exactly as without CORS
 * (an OPTIONS stays a 405 with Allow). Every answer varies by Origin, so a shared cache keeps them apart.
 */
export function corsFor(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  const handle = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) return handle(c, next);
    await next();
    c.res.headers.append('Vary', 'Origin');
  };
}
