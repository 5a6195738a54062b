/**
 * The delivery registry setting and the credentials for private source
 * registries. Passwords are sealed with the SecretBox before they reach the
 * store and are never returned (the wire says `hasPassword`), never put in
 * errors or logs. `loadDeliveryRegistry` / `loadSourceCredentials` open them
 * for the publish operation only.
 */
import { X509Certificate } from 'node:crypto';
import type { RegistryCheck, RegistrySettings, RegistrySettingsInput, SourceRegistryCredential, SourceRegistryCredentialInput } from '@caravan/contracts';
import type { Actor, RegistryApi } from '../api.js';
import { actorRef, SYSTEM_ACTOR, type CoreContext } from '../shared/context.js';
import { CaravanError, ConflictError, InvalidInputError, NotFoundError, PreconditionFailedError, type FieldError } from '../shared/errors.js';
import { checkPrecondition, etagOf } from '../shared/etag.js';
import type { SettingRow, SourceCredentialRow } from '../store/port.js';
import { throwIfAny } from '../shared/validate.js';
import { isoNow } from '../shared/clock.js';
import type { DeliveryRegistry, RegistryCredentials, RegistrySync } from './port.js';
import { MAX_SOURCE_PATTERNS, sourcePatternError } from './source-allow-list.js';

const SETTING_KEY = 'registry';
/** Sealed before passwords were bound to their registry; opened only once, at start, to seal again bound (`rebindRegistryPassword`). */
const LEGACY_PASSWORD_AAD = 'registry.password';
/**
 * What the delivery registry password is sealed to: the registry's origin
 * (scheme, host and port), so it opens only for the registry it was given
 * for, and a value copied into another row or setting does not open.
 */
export const registryPasswordBinding = (url: string) => `registry:${url}`;
/** What a source registry password is sealed to: its host. */
export const sourcePasswordBinding = (host: string) => `source-registry:${host}`;
const REPOSITORY_PATH = /^([a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*)?$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;

/** What the store keeps under the `registry` setting; the password sealed. */
interface StoredRegistry {
  url: string;
  prefix: string;
  username: string | null;
  passwordEnc: string | null;
  caBundle?: string;
  allowInsecureHttp: boolean;
  /** Absent in settings stored before the allow-list existed: any host. */
  sourceAllowList?: string[];
}

export const NO_REGISTRY_REASON = 'no delivery registry is configured: PUT /v1/registry first';

export function registryNotConfigured(): CaravanError {
  return new CaravanError('registry-not-configured', NO_REGISTRY_REASON);
}

function toWire(row: SettingRow): RegistrySettings {
  const s = row.value as StoredRegistry;
  return {
    url: s.url,
    prefix: s.prefix,
    username: s.username,
    hasPassword: s.passwordEnc !== null,
    ...(s.caBundle === undefined ? {} : { caBundle: s.caBundle }),
    allowInsecureHttp: s.allowInsecureHttp,
    sourceAllowList: [...(s.sourceAllowList ?? [])],
    etag: etagOf(row.revision),
    updatedAt: row.updatedAt,
  };
}

function sourceToWire(row: SourceCredentialRow): SourceRegistryCredential {
  return { host: row.host, username: row.username, hasPassword: row.passwordEnc !== '', etag: etagOf(row.revision), updatedAt: row.updatedAt };
}

function caBundleErrors(pem: string): FieldError[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (blocks === null) return [{ pointer: '/caBundle', message: 'must hold PEM certificates (-----BEGIN CERTIFICATE-----)', code: 'pem' }];
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return [{ pointer: '/caBundle', message: `certificate ${i + 1} in the bundle cannot be read`, code: 'pem' }];
    }
  }
  return [];
}

/** Normalised URL (no trailing slash) or field errors. */
function urlErrors(raw: unknown, allowInsecureHttp: boolean): { url?: string; errors: FieldError[] } {
  if (typeof raw !== 'string' || raw === '') return { errors: [{ pointer: '/url', message: 'the registry URL is required', code: 'required' }] };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { errors: [{ pointer: '/url', message: 'must be an absolute http(s) URL, e.g. https://registry.example.com', code: 'url' }] };
  }
  const errors: FieldError[] = [];
  if (u.protocol !== 'https:' && u.protocol !== 'http:') errors.push({ pointer: '/url', message: 'must be an http(s) URL', code: 'url-scheme' });
  if (u.protocol === 'http:' && !allowInsecureHttp) {
    errors.push({ pointer: '/url', message: 'plain http is refused unless allowInsecureHttp is true', code: 'insecure-http' });
  }
  if (u.username !== '' || u.password !== '') errors.push({ pointer: '/url', message: 'put credentials in username and password, not in the URL', code: 'url-credentials' });
  if ((u.pathname !== '/' && u.pathname !== '') || u.search !== '' || u.hash !== '') {
    errors.push({ pointer: '/url', message: 'must be the registry root (scheme, host and port only); put repository paths in prefix', code: 'url-path' });
  }
  return errors.length > 0 ? { errors } : { url: `${u.protocol}//${u.host}`, errors };
}

/**
 * Seals a delivery registry password stored before passwords were bound to
 * their registry again, bound to the registry URL stored with it. Run at every
 * start (cheap when there is nothing to do); compare-and-set, so replicas
 * starting together do it once. Afterwards the unbound form is never opened
 * again. A password that opens neither way (the master key changed) is left
 * alone: using it says so.
 */
export async function rebindRegistryPassword(ctx: CoreContext): Promise<boolean> {
  const row = await ctx.store.settings.get(SETTING_KEY);
  const s = row?.value as StoredRegistry | undefined;
  if (row === undefined || s === undefined || s.passwordEnc === null) return false;
  const binding = registryPasswordBinding(s.url);
  let password: string;
  try {
    ctx.box.open(s.passwordEnc, binding);
    return false;
  } catch {
    try {
      password = ctx.box.open(s.passwordEnc, LEGACY_PASSWORD_AAD);
    } catch {
      ctx.logger.warn('the stored delivery registry password does not open with this master key', { registry: s.url });
      return false;
    }
  }
  const at = isoNow(ctx.clock);
  const value: StoredRegistry = { ...s, passwordEnc: ctx.box.seal(password, binding) };
  const moved = await ctx.store.settings.put(SETTING_KEY, value, at, row.revision, {
    at,
    actor: actorRef(SYSTEM_ACTOR),
    action: 'registry.password.bind',
    subjectKind: 'registry',
    subjectName: 'delivery',
    details: { url: s.url },
  });
  if (moved !== undefined) ctx.logger.info('sealed the delivery registry password again, bound to its registry', { registry: s.url });
  return moved !== undefined;
}

export function createRegistryService(ctx: CoreContext, sync: RegistrySync | undefined): RegistryApi & {
  loadDeliveryRegistry(): Promise<DeliveryRegistry | undefined>;
  loadSourceCredentials(host: string): Promise<RegistryCredentials | undefined>;
  loadSourceAllowList(): Promise<readonly string[]>;
} {
  const { store, box, clock } = ctx;

  /** Opens a sealed password for where it is about to be sent; a seal made for elsewhere is a conflict the admin resolves by giving it again. */
  function openSealed(sealed: string, binding: string, what: string): string {
    try {
      return box.open(sealed, binding);
    } catch (cause) {
      const error = new ConflictError(`${what} does not open for it: it was sealed for another registry (or the master key changed); give the password again`);
      error.cause = cause;
      throw error;
    }
  }

  async function loadDeliveryRegistry(): Promise<DeliveryRegistry | undefined> {
    const row = await store.settings.get(SETTING_KEY);
    if (row === undefined) return undefined;
    const s = row.value as StoredRegistry;
    const password = s.passwordEnc === null ? undefined : openSealed(s.passwordEnc, registryPasswordBinding(s.url), `the stored password of the delivery registry ${s.url}`);
    const credentials = s.username === null && password === undefined ? undefined : { ...(s.username === null ? {} : { username: s.username }), ...(password === undefined ? {} : { password }) };
    return {
      url: s.url,
      prefix: s.prefix,
      ...(credentials === undefined ? {} : { credentials }),
      ...(s.caBundle === undefined ? {} : { caBundle: s.caBundle }),
      allowInsecureHttp: s.allowInsecureHttp,
    };
  }

  async function loadSourceCredentials(host: string): Promise<RegistryCredentials | undefined> {
    const row = await store.sourceCredentials.get(host);
    if (row === undefined) return undefined;
    return { username: row.username, ...(row.passwordEnc === '' ? {} : { password: openSealed(row.passwordEnc, sourcePasswordBinding(row.host), `the stored password for source registry ${row.host}`) }) };
  }

  /** The source host patterns publishing must keep to; empty: any host. */
  async function loadSourceAllowList(): Promise<readonly string[]> {
    const row = await store.settings.get(SETTING_KEY);
    return (row?.value as StoredRegistry | undefined)?.sourceAllowList ?? [];
  }

  return {
    loadDeliveryRegistry,
    loadSourceCredentials,
    loadSourceAllowList,

    async get(_actor) {
      const row = await store.settings.get(SETTING_KEY);
      return row === undefined ? undefined : toWire(row);
    },

    async put(actor: Actor, input: RegistrySettingsInput, pre) {
      const allowInsecureHttp = input.allowInsecureHttp === true;
      const { url, errors } = urlErrors(input.url, allowInsecureHttp);
      const prefix = input.prefix ?? '';
      if (typeof prefix !== 'string' || prefix.length > 255 || !REPOSITORY_PATH.test(prefix)) {
        errors.push({ pointer: '/prefix', message: 'must be a repository path: lower-case path components separated by /, e.g. caravan or teams/shop', code: 'repository-path' });
      }
      if (input.username !== undefined && (typeof input.username !== 'string' || input.username.length > 256)) {
        errors.push({ pointer: '/username', message: 'must be a string of at most 256 characters', code: 'type' });
      }
      if (input.password !== undefined && (typeof input.password !== 'string' || input.password.length > 4096)) {
        errors.push({ pointer: '/password', message: 'must be a string of at most 4096 characters', code: 'type' });
      }
      if (input.caBundle !== undefined && input.caBundle !== '') errors.push(...caBundleErrors(input.caBundle));
      const sourceAllowList = input.sourceAllowList ?? [];
      if (!Array.isArray(sourceAllowList) || sourceAllowList.length > MAX_SOURCE_PATTERNS) {
        errors.push({ pointer: '/sourceAllowList', message: `must be a list of at most ${MAX_SOURCE_PATTERNS} host patterns`, code: 'type' });
      } else {
        for (const [i, pattern] of sourceAllowList.entries()) {
          const why = sourcePatternError(pattern);
          if (why !== undefined) errors.push({ pointer: `/sourceAllowList/${i}`, message: why, code: 'host-pattern' });
        }
      }
      throwIfAny(errors, 'the registry settings are not valid');

      const current = await store.settings.get(SETTING_KEY);
      if (current !== undefined) checkPrecondition(pre, current.revision, 'the registry settings');
      else if (pre?.ifMatch !== undefined && pre.ifMatch !== '' && pre.ifMatch !== '*') {
        throw new PreconditionFailedError('the registry settings do not exist yet, so no ETag can match');
      }
      const previous = current?.value as StoredRegistry | undefined;
      // An absent password keeps the stored one (clients cannot read it back to resend it), but only
      // for the registry it was given for: pointing the URL elsewhere must not send it there.
      if (input.password === undefined && previous?.passwordEnc != null && previous.url !== url) {
        throw new InvalidInputError(`the stored password was given for ${previous.url}; give the password for ${url} again (or "" to store none)`, [
          { pointer: '/password', message: `is required when the url moves from ${previous.url} to another registry`, code: 'required' },
        ]);
      }
      const passwordEnc =
        input.password === undefined ? (previous?.passwordEnc ?? null) : input.password === '' ? null : box.seal(input.password, registryPasswordBinding(url!));
      const value: StoredRegistry = {
        url: url!,
        prefix,
        username: input.username === undefined || input.username === '' ? null : input.username,
        passwordEnc,
        ...(input.caBundle === undefined || input.caBundle === '' ? {} : { caBundle: input.caBundle }),
        allowInsecureHttp,
        sourceAllowList: [...new Set(sourceAllowList)],
      };
      const at = isoNow(clock);
      const row = await store.settings.put(SETTING_KEY, value, at, current?.revision ?? 0, {
        at,
        actor: actorRef(actor),
        action: 'registry.put',
        subjectKind: 'registry',
        subjectName: 'delivery',
        details: { url: value.url, prefix, username: value.username, passwordChanged: input.password !== undefined, sourceAllowList: value.sourceAllowList },
      });
      if (row === undefined) throw new PreconditionFailedError('the registry settings changed while you were writing them; read them again and retry');
      return toWire(row);
    },

    async check(_actor): Promise<RegistryCheck> {
      const registry = await loadDeliveryRegistry();
      if (registry === undefined) throw registryNotConfigured();
      const checkedAt = () => isoNow(clock);
      if (sync === undefined) return { ok: false, push: false, pull: false, reason: 'this server has no registry client configured', checkedAt: checkedAt() };
      try {
        const r = await sync.check(registry);
        return { ok: r.ok, push: r.push, pull: r.pull, ...(r.reason === undefined ? {} : { reason: r.reason }), checkedAt: checkedAt() };
      } catch (e) {
        return { ok: false, push: false, pull: false, reason: `the registry could not be checked: ${(e as Error).message}`, checkedAt: checkedAt() };
      }
    },

    sources: {
      async list(_actor) {
        return (await store.sourceCredentials.list()).map(sourceToWire);
      },

      async put(actor, host: string, input: SourceRegistryCredentialInput, pre) {
        const errors: FieldError[] = [];
        if (typeof host !== 'string' || !HOST.test(host)) errors.push({ pointer: '/path/host', message: 'must be a registry host, optionally with a port (registry.example.com:5000)', code: 'host' });
        if (typeof input.username !== 'string' || input.username.length < 1 || input.username.length > 256) {
          errors.push({ pointer: '/username', message: 'is required (1 to 256 characters)', code: 'required' });
        }
        if (typeof input.password !== 'string' || input.password.length > 4096) errors.push({ pointer: '/password', message: 'is required (at most 4096 characters)', code: 'required' });
        throwIfAny(errors, 'the credential is not valid');
        const what = `the credential for source registry ${host.toLowerCase()}`;
        const current = pre?.ifMatch === undefined ? undefined : await store.sourceCredentials.get(host.toLowerCase());
        if (current !== undefined) checkPrecondition(pre, current.revision, what);
        else if (pre?.ifMatch !== undefined && pre.ifMatch.trim() !== '' && pre.ifMatch.trim() !== '*') {
          throw new PreconditionFailedError(`${what} does not exist, so no ETag can match`);
        }
        const at = isoNow(clock);
        const row: Omit<SourceCredentialRow, 'revision'> = {
          host: host.toLowerCase(),
          username: input.username,
          passwordEnc: input.password === '' ? '' : box.seal(input.password, sourcePasswordBinding(host.toLowerCase())),
          updatedAt: at,
        };
        // With If-Match, the write is compare-and-set on the revision just checked; without, last write wins.
        const stored = await store.sourceCredentials.put(
          row,
          { at, actor: actorRef(actor), action: 'registry.source.put', subjectKind: 'source-registry', subjectName: row.host, details: { username: row.username } },
          pre?.ifMatch === undefined ? undefined : (current?.revision ?? 0),
        );
        if (stored === undefined) throw new PreconditionFailedError(`${what} changed while you were writing it; list it again and retry`);
        return sourceToWire(stored);
      },

      async delete(actor, host, pre) {
        const h = host.toLowerCase();
        const notFound = () => new NotFoundError(`no credential is stored for source registry ${h}`, { host: h });
        let expected: number | undefined;
        if (pre?.ifMatch !== undefined) {
          const current = await store.sourceCredentials.get(h);
          if (current === undefined) throw notFound();
          checkPrecondition(pre, current.revision, `the credential for source registry ${h}`);
          expected = current.revision;
        }
        const at = isoNow(clock);
        const gone = await store.sourceCredentials.delete(h, { at, actor: actorRef(actor), action: 'registry.source.delete', subjectKind: 'source-registry', subjectName: h }, expected);
        if (gone) return;
        if (expected !== undefined && (await store.sourceCredentials.get(h)) !== undefined) {
          throw new PreconditionFailedError(`the credential for source registry ${h} changed while you were deleting it; list it again and retry`);
        }
        throw notFound();
      },
    },
  };
}
