/** `client.tokens`, `client.audit` and `client.registry`: administration and the trail. */
import type {
  AuditEntry,
  operations,
  RegistryCheck,
  RegistrySettings,
  RegistrySettingsInput,
  SourceRegistryCredential,
  SourceRegistryCredentialInput,
  SourceRegistryCredentialList,
  Token,
  TokenCreate,
  TokenCreated,
} from '@caravan/contracts';
import { call, type ApiPromise } from '../api-promise.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListAuditParams = NonNullable<operations['listAudit']['parameters']['query']>;
export type ListTokensParams = NonNullable<operations['listTokens']['parameters']['query']>;

/** `client.tokens`: API tokens (admin). */
export interface TokensResource {
  /**
   * Tokens (never their secrets).
   * @example
   * for await (const t of client.tokens.list()) console.log(t.name, t.roles);
   */
  list(params?: ListTokensParams, options?: CallOptions): PagePromise<Token>;

  /**
   * Creates a token; its `secret` is in this answer and never again.
   * @example
   * const { secret } = await client.tokens.create({ name: 'ci', roles: ['developer'] });
   */
  create(body: TokenCreate, options?: WriteOptions): ApiPromise<TokenCreated>;

  /**
   * Revokes a token by id.
   * @example
   * await client.tokens.delete(token.id);
   */
  delete(id: string, options?: WriteOptions): ApiPromise<void>;
}

/** `client.audit`: the audit trail. */
export interface AuditResource {
  /**
   * The audit trail, newest first, filtered by subject, actor, action and time.
   * @example
   * for await (const e of client.audit.list({ subject: 'templates/shop/versions/1.0' })) {
   *   console.log(e.at, e.actor.name, e.action, e.from, '->', e.to);
   * }
   */
  list(params?: ListAuditParams, options?: CallOptions): PagePromise<AuditEntry>;
}

/** `client.registry.sources`: credentials for private source registries, by host. */
export interface RegistrySourcesResource {
  /**
   * Credentials for private source registries (never the passwords).
   * @example
   * const { items } = await client.registry.sources.list();
   */
  list(options?: CallOptions): ApiPromise<SourceRegistryCredentialList>;

  /**
   * Sets the credential used to pull from a source registry host.
   * @example
   * await client.registry.sources.put('ghcr.io', { username: 'bot', password: process.env.GHCR_TOKEN! });
   */
  put(host: string, body: SourceRegistryCredentialInput, options?: UpdateOptions): ApiPromise<SourceRegistryCredential>;

  /**
   * Forgets a host's credential.
   * @example
   * await client.registry.sources.delete('ghcr.io');
   */
  delete(host: string, options?: UpdateOptions): ApiPromise<void>;
}

/** `client.registry`: the delivery registry that publishing copies images into. */
export interface RegistryResource {
  /** Credentials for source registries, by host. */
  readonly sources: RegistrySourcesResource;

  /**
   * The delivery registry settings; NotFoundError when none is set.
   * @example
   * const r = await client.registry.get();
   * console.log(r.url, r.hasPassword);
   */
  get(options?: CallOptions): ApiPromise<RegistrySettings>;

  /**
   * Sets the delivery registry. An absent password keeps the stored one.
   * @example
   * await client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 's3cret' });
   */
  put(body: RegistrySettingsInput, options?: UpdateOptions): ApiPromise<RegistrySettings>;

  /**
   * Proves push and pull rights; an unreachable registry is `ok: false` with a reason.
   * @example
   * const check = await client.registry.check();
   * if (!check.ok) console.error(check.reason);
   */
  check(options?: WriteOptions): ApiPromise<RegistryCheck>;
}

/** The client's `tokens`. Internal: the public type is TokensResource. */
export function tokensResource(t: Transport): TokensResource {
  return {
    list: (params = {}, options = {}) => t.list<Token>('v1/tokens', params, options),
    create: (body, options = {}) => call(t, { method: 'post', path: 'v1/tokens', json: body, ...options }),
    delete: (id, options = {}) => call(t, { method: 'delete', path: path`v1/tokens/${id}`, ...options }),
  };
}

/** The client's `audit`. Internal: the public type is AuditResource. */
export function auditResource(t: Transport): AuditResource {
  return { list: (params = {}, options = {}) => t.list<AuditEntry>('v1/audit', params, options) };
}

/** The client's `registry`. Internal: the public type is RegistryResource. */
export function registryResource(t: Transport): RegistryResource {
  return {
    sources: {
      list: (options = {}) => call(t, { method: 'get', path: 'v1/registry/sources', ...options }),
      put: (host, body, options = {}) => call(t, { method: 'put', path: path`v1/registry/sources/${host}`, json: body, ...options }),
      delete: (host, options = {}) => call(t, { method: 'delete', path: path`v1/registry/sources/${host}`, ...options }),
    },
    get: (options = {}) => call(t, { method: 'get', path: 'v1/registry', ...options }),
    put: (body, options = {}) => call(t, { method: 'put', path: 'v1/registry', json: body, ...options }),
    check: (options = {}) => call(t, { method: 'post', path: 'v1/registry/check', ...options }),
  };
}
