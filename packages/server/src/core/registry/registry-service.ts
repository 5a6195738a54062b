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
import { actorRef, type CoreContext } from '../shared/context.js';
import { CaravanError, NotFoundError, PreconditionFailedError, type FieldError } from '../shared/errors.js';
import { checkPrecondition, etagOf } from '../shared/etag.js';
import type { SettingRow, SourceCredentialRow } from '../store/port.js';
import { throwIfAny } from '../shared/validate.js';
import { isoNow } from '../shared/clock.js';
import type { DeliveryRegistry, RegistryCredentials, RegistrySync } from './port.js';

const SETTING_KEY = 'registry';
const PASSWORD_AAD = 'registry.password';
const sourceAad = (host: string) => `source-registry:${host}`;
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
    etag: etagOf(row.revision),
    updatedAt: row.updatedAt,
  };
}

function sourceToWire(row: SourceCredentialRow): SourceRegistryCredential {
  return { host: row.host, username: row.username, hasPassword: row.passwordEnc !== '', updatedAt: row.updatedAt };
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

export function createRegistryService(ctx: CoreContext, sync: RegistrySync | undefined): RegistryApi & {
  loadDeliveryRegistry(): Promise<DeliveryRegistry | undefined>;
  loadSourceCredentials(host: string): Promise<RegistryCredentials | undefined>;
} {
  const { store, box, clock } = ctx;

  async function loadDeliveryRegistry(): Promise<DeliveryRegistry | undefined> {
    const row = await store.settings.get(SETTING_KEY);
    if (row === undefined) return undefined;
    const s = row.value as StoredRegistry;
    const password = s.passwordEnc === null ? undefined : box.open(s.passwordEnc, PASSWORD_AAD);
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
    return { username: row.username, ...(row.passwordEnc === '' ? {} : { password: box.open(row.passwordEnc, sourceAad(row.host)) }) };
  }

  return {
    loadDeliveryRegistry,
    loadSourceCredentials,

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
      throwIfAny(errors, 'the registry settings are not valid');

      const current = await store.settings.get(SETTING_KEY);
      if (current !== undefined) checkPrecondition(pre, current.revision, 'the registry settings');
      else if (pre?.ifMatch !== undefined && pre.ifMatch !== '' && pre.ifMatch !== '*') {
        throw new PreconditionFailedError('the registry settings do not exist yet, so no ETag can match');
      }
      const previous = current?.value as StoredRegistry | undefined;
      // An absent password keeps the stored one (clients cannot read it back to resend it); '' removes it.
      const passwordEnc =
        input.password === undefined ? (previous?.passwordEnc ?? null) : input.password === '' ? null : box.seal(input.password, PASSWORD_AAD);
      const value: StoredRegistry = {
        url: url!,
        prefix,
        username: input.username === undefined || input.username === '' ? null : input.username,
        passwordEnc,
        ...(input.caBundle === undefined || input.caBundle === '' ? {} : { caBundle: input.caBundle }),
        allowInsecureHttp,
      };
      const at = isoNow(clock);
      const row = await store.settings.put(SETTING_KEY, value, at, current?.revision ?? 0, {
        at,
        actor: actorRef(actor),
        action: 'registry.put',
        subjectKind: 'registry',
        subjectName: 'delivery',
        details: { url: value.url, prefix, username: value.username, passwordChanged: input.password !== undefined },
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

      async put(actor, host: string, input: SourceRegistryCredentialInput) {
        const errors: FieldError[] = [];
        if (typeof host !== 'string' || !HOST.test(host)) errors.push({ pointer: '/path/host', message: 'must be a registry host, optionally with a port (registry.example.com:5000)', code: 'host' });
        if (typeof input.username !== 'string' || input.username.length < 1 || input.username.length > 256) {
          errors.push({ pointer: '/username', message: 'is required (1 to 256 characters)', code: 'required' });
        }
        if (typeof input.password !== 'string' || input.password.length > 4096) errors.push({ pointer: '/password', message: 'is required (at most 4096 characters)', code: 'required' });
        throwIfAny(errors, 'the credential is not valid');
        const at = isoNow(clock);
        const row: SourceCredentialRow = {
          host: host.toLowerCase(),
          username: input.username,
          passwordEnc: input.password === '' ? '' : box.seal(input.password, sourceAad(host.toLowerCase())),
          updatedAt: at,
        };
        await store.sourceCredentials.put(row, {
          at,
          actor: actorRef(actor),
          action: 'registry.source.put',
          subjectKind: 'source-registry',
          subjectName: row.host,
          details: { username: row.username },
        });
        return sourceToWire(row);
      },

      async delete(actor, host) {
        const h = host.toLowerCase();
        const gone = await store.sourceCredentials.delete(h, {
          at: isoNow(clock),
          actor: actorRef(actor),
          action: 'registry.source.delete',
          subjectKind: 'source-registry',
          subjectName: h,
        });
        if (!gone) throw new NotFoundError(`no credential is stored for source registry ${h}`, { host: h });
      },
    },
  };
}
