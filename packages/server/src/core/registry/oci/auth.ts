/**
 * Registry authentication: the `WWW-Authenticate` challenge parser, and a
 * per-registry authenticator that answers Basic and Bearer challenges, with a
 * token cache keyed by scope set and kept until the token expires. Secrets
 * stay inside this file's closures: nothing here puts them in a message.
 */
import type { RegistryCredentials } from '../port.js';

export interface Challenge {
  /** Lower-cased: `basic`, `bearer`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses `Bearer realm="https://auth/token",service="reg",scope="repository:a/b:pull,push",error="insufficient_scope"`.
 * Quoted values may contain commas and escaped quotes, so this is a small tokenizer, not a split on ",".
 */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header);
  if (m === null) return undefined;
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  const rest = m[2] ?? '';
  let p: RegExpExecArray | null;
  while ((p = re.exec(rest)) !== null && p[0] !== '') {
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/** `repository:<name>:<actions>` */
export const repositoryScope = (repository: string, actions: string): string => `repository:${repository}:${actions}`;

/** Thrown when credentials are refused, or the token service fails; `status` is the HTTP status seen. */
export class AuthError extends Error {
  readonly status: number | undefined;
  readonly retryable: boolean;
  constructor(message: string, status: number | undefined, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuthError';
    this.status = status;
    this.retryable = retryable;
  }
}

/** Fetches a token from a realm: injected so the authenticator does not depend on the transport. */
export type TokenFetcher = (url: URL, authorization: string | undefined) => Promise<{ status: number; body: string }>;

interface CachedToken { readonly value: string; readonly expiresAt: number }

/**
 * Decides the Authorization header for requests to one registry with one set
 * of credentials. It learns the scheme from the first challenge; Bearer
 * tokens are cached per scope set until shortly before they expire.
 */
export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<string>>();

  /**
   * `plainHttpRegistry`: the registry itself is reached over plain http, so a plain-http token
   * service adds no exposure; for an https registry one is refused (Basic credentials would go out
   * in clear text).
   */
  constructor(
    private readonly credentials: RegistryCredentials | undefined,
    private readonly fetchToken: TokenFetcher,
    private readonly plainHttpRegistry: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  private basic(): string | undefined {
    const c = this.credentials;
    if (c?.username === undefined) return undefined;
    return `Basic ${Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64')}`;
  }

  get hasCredentials(): boolean {
    return this.credentials?.username !== undefined || this.credentials?.token !== undefined;
  }

  /** The header to send before any challenge is known (none), or what the known scheme needs. */
  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    if (this.credentials?.token !== undefined && this.challenge === undefined) return `Bearer ${this.credentials.token}`;
    const ch = this.challenge;
    if (ch === undefined) return undefined;
    if (ch.scheme === 'basic') return this.basic();
    if (ch.scheme === 'bearer') {
      if (this.credentials?.token !== undefined && ch.params.realm === undefined) return `Bearer ${this.credentials.token}`;
      return `Bearer ${await this.token(scopes)}`;
    }
    return undefined;
  }

  /**
   * Takes a 401's challenge and forgets the token that was refused. Returns
   * true when a retry may help; the caller bounds how often it retries, so a
   * token refused for `insufficient_scope` is fetched again once, not forever.
   */
  onChallenge(header: string | undefined, scopes: readonly string[], hadAuthorization: boolean): boolean {
    const ch = header === undefined ? undefined : parseChallenge(header);
    if (ch === undefined) return false;
    this.challenge = ch;
    if (ch.scheme === 'bearer') {
      this.tokens.delete(this.key(scopes));
      return true;
    }
    if (ch.scheme === 'basic') return !hadAuthorization && this.basic() !== undefined;
    return false;
  }

  private key(scopes: readonly string[]): string {
    return [...new Set(scopes)].sort().join(' ');
  }

  private async token(scopes: readonly string[]): Promise<string> {
    const key = this.key(scopes);
    const cached = this.tokens.get(key);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.value;
    const inflight = this.pending.get(key);
    if (inflight !== undefined) return inflight;
    const p = this.requestToken(scopes).finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  private async requestToken(scopes: readonly string[]): Promise<string> {
    const ch = this.challenge!;
    const realm = ch.params.realm;
    if (realm === undefined) throw new AuthError('the registry asked for a bearer token but named no token service (realm)', 401, false);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError('the registry named a token service whose address cannot be read', 401, false);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.plainHttpRegistry)) {
      // No status: this is the registry's setup, not a refusal of the credentials.
      throw new AuthError(`the registry names a token service at ${url.protocol}//${url.host}, and credentials are sent to a token service only over https when the registry is on https`, undefined, false);
    }
    if (ch.params.service !== undefined) url.searchParams.set('service', ch.params.service);
    for (const s of new Set(scopes)) url.searchParams.append('scope', s);
    if (this.credentials?.username !== undefined) url.searchParams.set('account', this.credentials.username);
    const started = this.now();
    const res = await this.fetchToken(url, this.basic());
    if (res.status === 401 || res.status === 403) {
      throw new AuthError(`the token service at ${url.host} refused the credentials (${res.status})`, res.status, false);
    }
    if (res.status !== 200) throw new AuthError(`the token service at ${url.host} answered ${res.status}`, res.status, res.status >= 500 || res.status === 429);
    let body: { token?: string; access_token?: string; expires_in?: number };
    try {
      body = JSON.parse(res.body) as typeof body;
    } catch {
      throw new AuthError(`the token service at ${url.host} answered with something that is not JSON`, res.status, false);
    }
    const value = body.token ?? body.access_token;
    if (typeof value !== 'string' || value === '') throw new AuthError(`the token service at ${url.host} answered without a token`, res.status, false);
    // Spec default lifetime is 60 s; keep a margin so a token does not expire between check and use.
    const lifetime = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60) * 1000;
    this.tokens.set(this.key(scopes), { value, expiresAt: started + lifetime - Math.min(10_000, lifetime / 4) });
    return value;
  }
}
