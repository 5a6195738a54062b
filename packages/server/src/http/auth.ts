/**
 * Bearer authentication: resolves `Authorization: Bearer <secret>` to an Actor
 * through the core. Missing, malformed, unknown, expired or revoked tokens all
 * get the same 401 problem with `WWW-Authenticate: Bearer`, so a caller cannot
 * probe which secrets once existed. Roles are checked by the core.
 *
 * A bad token (not a missing one: that guesses nothing) draws on its
 * address's budget (auth-budget.ts); once that is spent the answer is 429
 * with `Retry-After`. The token is checked first, so a valid one always
 * passes, whatever its address has sent before.
 *
 * A host that authenticates its callers itself (a Backstage plugin, a portal
 * behind its own login) passes `authenticate`: the Actor it names for a request
 * is the caller, and only a request it names no one for falls back to tokens.
 */
import type { MiddlewareHandler } from 'hono';
import type { Actor, CaravanCore } from '../core/index.js';
import type { AuthBudget } from './auth-budget.js';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

/** The caller a host program vouches for, or undefined to look at the bearer token. */
export type HostAuthenticate = (request: Request) => Actor | undefined | Promise<Actor | undefined>;

export function bearerAuth(core: CaravanCore, budget?: AuthBudget, hostAuthenticate?: HostAuthenticate): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const vouched = hostAuthenticate ? await hostAuthenticate(c.req.raw) : undefined;
    if (vouched) {
      c.set('actor', vouched);
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
    const actor = match?.[1] ? await core.tokens.authenticate(match[1]) : undefined;
    if (!actor) {
      const client = header && budget ? budget.clientOf(c) : undefined;
      const retryAfter = client === undefined ? undefined : budget!.fail(client);
      if (retryAfter !== undefined) {
        return problem(c, 'too-many-requests', `Too many bad tokens from your address; send a valid token, or wait ${retryAfter} s.`, undefined, { 'retry-after': String(retryAfter) });
      }
      return problem(c, 'unauthenticated', header ? 'The bearer token is not valid.' : 'Send an API token as `Authorization: Bearer <token>`.');
    }
    c.set('actor', actor);
    await next();
  };
}
