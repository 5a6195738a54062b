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
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListAuditParams = NonNullable<operations['listAudit']['parameters']['query']>;
export type ListTokensParams = NonNullable<operations['listTokens']['parameters']['query']>;

export class TokensResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Tokens (never their secrets).
   * @example
   * for await (const t of client.tokens.list()) console.log(t.name, t.roles);
   */
  list(params: ListTokensParams = {}, options: CallOptions = {}): PagePromise<Token> {
    return this.#t.list<Token>('v1/tokens', params, options);
  }

  /**
   * Creates a token; its `secret` is in this answer and never again.
   * @example
   * const { secret } = await client.tokens.create({ name: 'ci', roles: ['developer'] });
   */
  create(body: TokenCreate, options: WriteOptions = {}): Promise<TokenCreated> {
    return this.#t.json({ method: 'post', path: 'v1/tokens', json: body, ...options });
  }

  /**
   * Revokes a token by id.
   * @example
   * await client.tokens.delete(token.id);
   */
  async delete(id: string, options: WriteOptions = {}): Promise<void> {
    await this.#t.send({ method: 'delete', path: path`v1/tokens/${id}`, ...options });
  }
}

export class AuditResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * The audit trail, newest first, filtered by subject, actor, action and time.
   * @example
   * for await (const e of client.audit.list({ subject: 'templates/shop/versions/1.0' })) {
   *   console.log(e.at, e.actor.name, e.action, e.from, '->', e.to);
   * }
   */
  list(params: ListAuditParams = {}, options: CallOptions = {}): PagePromise<AuditEntry> {
    return this.#t.list<AuditEntry>('v1/audit', params, options);
  }
}

export class RegistrySourcesResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Credentials for private source registries (never the passwords).
   * @example
   * const { items } = await client.registry.sources.list();
   */
  list(options: CallOptions = {}): Promise<SourceRegistryCredentialList> {
    return this.#t.json({ method: 'get', path: 'v1/registry/sources', ...options });
  }

  /**
   * Sets the credential used to pull from a source registry host.
   * @example
   * await client.registry.sources.put('ghcr.io', { username: 'bot', password: process.env.GHCR_TOKEN! });
   */
  put(host: string, body: SourceRegistryCredentialInput, options: UpdateOptions = {}): Promise<SourceRegistryCredential> {
    return this.#t.json({ method: 'put', path: path`v1/registry/sources/${host}`, json: body, ...options });
  }

  /**
   * Forgets a host's credential.
   * @example
   * await client.registry.sources.delete('ghcr.io');
   */
  async delete(host: string, options: UpdateOptions = {}): Promise<void> {
    await this.#t.send({ method: 'delete', path: path`v1/registry/sources/${host}`, ...options });
  }
}

export class RegistryResource {
  readonly #t: Transport;
  /** Credentials for source registries, by host. */
  readonly sources: RegistrySourcesResource;
  constructor(transport: Transport) {
    this.#t = transport;
    this.sources = new RegistrySourcesResource(transport);
  }

  /**
   * The delivery registry settings; NotFoundError when none is set.
   * @example
   * const r = await client.registry.get();
   * console.log(r.url, r.hasPassword);
   */
  get(options: CallOptions = {}): Promise<RegistrySettings> {
    return this.#t.json({ method: 'get', path: 'v1/registry', ...options });
  }

  /**
   * Sets the delivery registry. An absent password keeps the stored one.
   * @example
   * await client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 's3cret' });
   */
  put(body: RegistrySettingsInput, options: UpdateOptions = {}): Promise<RegistrySettings> {
    return this.#t.json({ method: 'put', path: 'v1/registry', json: body, ...options });
  }

  /**
   * Proves push and pull rights; an unreachable registry is `ok: false` with a reason.
   * @example
   * const check = await client.registry.check();
   * if (!check.ok) console.error(check.reason);
   */
  check(options: WriteOptions = {}): Promise<RegistryCheck> {
    return this.#t.json({ method: 'post', path: 'v1/registry/check', ...options });
  }
}
