/**
 * 405 for a method a known path does not have, with `Allow` naming the ones
 * it has (RFC 9110 §15.5.6), instead of the router's 404. The paths and their
 * methods are read from the contract itself, so a route added to the contract
 * is known here without a list to keep in step. HEAD is allowed wherever GET
 * is, as Hono answers it with the GET route.
 */
import type { MiddlewareHandler } from 'hono';
import { openapiDocument } from '@caravan/contracts';
import { problem } from './problem.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

interface KnownPath {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/** Every path of the contract as a pattern (a `{param}` is one segment), with its methods. */
export function contractPaths(paths: Record<string, object> = openapiDocument.paths as Record<string, object>): KnownPath[] {
  return Object.entries(paths).map(([template, item]) => {
    const methods = Object.keys(item).filter((m) => HTTP_METHODS.includes(m)).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const source = template
      .split('/')
      .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { pattern: new RegExp(`^${source}$`), methods };
  });
}

export function methodNotAllowed(known: readonly KnownPath[] = contractPaths()): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    // Every template the path fits, not only the most specific: a method any of them has may route.
    const allowed = new Set(known.filter((k) => k.pattern.test(path)).flatMap((k) => k.methods));
    if (allowed.size > 0 && !allowed.has(c.req.method)) {
      const allow = [...allowed].join(', ');
      return problem(c, 'method-not-allowed', `${path} answers ${allow}, not ${c.req.method}.`, undefined, { allow });
    }
    await next();
  };
}
