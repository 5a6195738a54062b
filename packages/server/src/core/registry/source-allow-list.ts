/**
 * The source allow-list of the registry settings: which hosts publishing may
 * fetch images from. A developer names source images, so without a list a
 * publish reaches whatever host they write (and whatever token service or
 * redirect that host names). With a list, every host the copy of a source
 * image meets must match one of its patterns: the image's registry, the token
 * service (realm) it names, and every host a redirect leads to.
 *
 * A pattern is `host` or `host:port`, lower-cased; `*.` in front matches one
 * or more labels (`*.example.com` matches `r.example.com` and
 * `a.b.example.com`, not `example.com`). Without a port it matches the host on
 * any port; with one, on that port only. An empty list allows any host.
 */

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const PATTERN = new RegExp(`^(?:\\*\\.)?(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?$`);

export const MAX_SOURCE_PATTERNS = 100;

/** Why `pattern` is not one, or undefined when it is. */
export function sourcePatternError(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 261) return 'must be a host pattern of 1 to 261 characters';
  if (pattern !== pattern.toLowerCase()) return 'must be lower case';
  if (!PATTERN.test(pattern)) return 'must be a host, optionally with a port, and may start with *. (e.g. *.example.com, registry.internal:5000)';
  const port = /:([0-9]{1,5})$/.exec(pattern.startsWith('[') ? pattern.slice(pattern.indexOf(']')) : pattern)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return 'has a port outside 1..65535';
  return undefined;
}

/** `Host[:port]` as a URL or image reference writes it -> `{ name, port }`, lower-cased, brackets kept for IPv6. */
function split(host: string): { name: string; port: string | undefined } {
  const h = host.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    const rest = h.slice(end + 1);
    return { name: h.slice(0, end + 1), port: rest.startsWith(':') ? rest.slice(1) : undefined };
  }
  const colon = h.lastIndexOf(':');
  return colon === -1 ? { name: h, port: undefined } : { name: h.slice(0, colon), port: h.slice(colon + 1) };
}

/** The pattern of `allowList` that allows `host`, `'*'` when the list is empty, or undefined when none does. */
export function allowingPattern(host: string, allowList: readonly string[]): string | undefined {
  if (allowList.length === 0) return '*';
  const h = split(host);
  return allowList.find((pattern) => {
    const p = split(pattern);
    if (p.port !== undefined && p.port !== h.port) return false;
    if (p.name.startsWith('*.')) {
      const suffix = p.name.slice(1);
      return h.name.length > suffix.length && h.name.endsWith(suffix);
    }
    return p.name === h.name;
  });
}

/** Where the copy of a source image met a host. */
export type SourceHostVia = 'image' | 'token-realm' | 'redirect';

/** A host the allow-list refused: which one, where it was met, and the rule that refused it. */
export interface SourceHostRefusal {
  readonly host: string;
  readonly via: SourceHostVia;
  /** The rule that refused it, in words: the allow-list it matched none of. */
  readonly rule: string;
}

export function sourceAllowListRule(allowList: readonly string[]): string {
  return `sourceAllowList: ${allowList.join(', ')}`;
}

/** The refusal for `host` met `via`, or undefined when the allow-list lets it through. */
export function sourceHostRefusal(host: string, via: SourceHostVia, allowList: readonly string[]): SourceHostRefusal | undefined {
  if (allowingPattern(host, allowList) !== undefined) return undefined;
  return { host: host.toLowerCase(), via, rule: sourceAllowListRule(allowList) };
}

export function describeRefusal(r: SourceHostRefusal): string {
  const what = r.via === 'image' ? 'the source registry' : r.via === 'token-realm' ? 'the token service (realm) named by the source registry,' : 'a redirect of the source registry to';
  return `${what} ${r.host} is refused: no pattern of the registry settings' source allow-list matches it (${r.rule})`;
}
