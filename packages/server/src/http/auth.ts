/**
 * Bearer authentication: resolves `Authorization: Bearer <secret>` to an Actor
 * through the core. Missing, malformed, unknown, expired or revoked tokens all
 * get the same 401 problem with `WWW-Authenticate: Bearer`, so a caller cannot
 * probe which secrets once existed. Roles are checked by the core.
 */
import type { MiddlewareHandler } from 'hono';
import type { CaravanCore } from '../core/index.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

export function bearerAuth(core: CaravanCore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
    const actor = match?.[1] ? await core.tokens.authenticate(match[1]) : undefined;
    if (!actor) return problem(c, 'unauthenticated', header ? 'The bearer token is not valid.' : 'Send an API token as `Authorization: Bearer <token>`.');
    c.set('actor', actor);
    await next();
  };
}
