/**
 * One log line per request: method, path, status, duration, caller id.
 * Deliberately never headers (Authorization), query strings or bodies, which
 * may carry tokens and registry passwords.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.js';
import type { AppEnv } from './env.js';

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      actor: c.get('actor')?.id,
    });
  };
}
