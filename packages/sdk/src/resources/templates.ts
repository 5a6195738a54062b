/** `client.templates` and `client.templates.versions`: templates, their versions, and the version state machine. */
import type {
  Operation,
  operations,
  Template,
  TemplateCreate,
  TemplatePatch,
  TransitionRequest,
  Version,
  VersionCreate,
  VersionDiff,
  VersionPatch,
} from '@caravan/contracts';
import { call, type ApiPromise } from '../api-promise.js';
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListTemplatesParams = NonNullable<operations['listTemplates']['parameters']['query']>;
export type ListVersionsParams = NonNullable<operations['listVersions']['parameters']['query']>;

/** `client.templates.versions`: a template's versions and the moves of the version state machine. */
export interface VersionsResource {
  /**
   * A template's versions in version order: await for the first page, or iterate for all.
   * @example
   * for await (const v of client.templates.versions.list('shop', { state: 'released' })) console.log(v.version);
   */
  list(template: string, params?: ListVersionsParams, options?: CallOptions): PagePromise<Version>;

  /**
   * One version, with its app model, state, images and transitions.
   * @example
   * const v = await client.templates.versions.get('shop', '1.0');
   */
  get(template: string, version: string, options?: CallOptions): ApiPromise<Version>;

  /**
   * Creates a draft. A taken version number throws VersionExistsError; a bad app model throws ValidationError.
   * @example
   * const draft = await client.templates.versions.create('shop', {
   *   version: '1.0',
   *   app: { components: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] },
   * });
   */
  create(template: string, body: VersionCreate, options?: WriteOptions): ApiPromise<Version>;

  /**
   * Edits a draft (drafts only: others throw VersionImmutableError). Pass `ifMatch` to guard against concurrent edits.
   * @example
   * const v = await client.templates.versions.get('shop', '1.0');
   * await client.templates.versions.update('shop', '1.0', { description: 'first cut' }, { ifMatch: v.etag });
   */
  update(template: string, version: string, patch: VersionPatch, options?: UpdateOptions): ApiPromise<Version>;

  /**
   * What changes from `against` to `version`: components and parameters added, removed and changed, field by field.
   * @example
   * const d = await client.templates.versions.diff('shop', '1.1', '1.0');
   * for (const c of d.components.changed) console.log(c.name, c.fields.map((f) => f.path));
   */
  diff(template: string, version: string, against: string, options?: CallOptions): ApiPromise<VersionDiff>;

  /**
   * Publishes a draft: returns the publish Operation (wait for it with `client.operations.wait`).
   * @example
   * const op = await client.templates.versions.publish('shop', '1.0');
   * const done = await client.operations.wait(op);
   */
  publish(template: string, version: string, body?: TransitionRequest, options?: WriteOptions): ApiPromise<Operation>;

  /**
   * Retries a failed publish; only what is still missing is copied.
   * @example
   * const op = await client.templates.versions.retry('shop', '1.0', { reason: 'registry back' });
   */
  retry(template: string, version: string, body?: TransitionRequest, options?: WriteOptions): ApiPromise<Operation>;

  /**
   * Marks a published version as released (tester).
   * @example
   * await client.templates.versions.release('shop', '1.0', { reason: 'passed regression suite' });
   */
  release(template: string, version: string, body?: TransitionRequest, options?: WriteOptions): ApiPromise<Version>;

  /**
   * Deprecates a published or released version: no new installs or upgrades to it.
   * @example
   * await client.templates.versions.deprecate('shop', '1.0', { reason: 'CVE-2026-0001' });
   */
  deprecate(template: string, version: string, body?: TransitionRequest, options?: WriteOptions): ApiPromise<Version>;

  /**
   * Restores a deprecated version to the state it was deprecated from.
   * @example
   * await client.templates.versions.restore('shop', '1.0');
   */
  restore(template: string, version: string, body?: TransitionRequest, options?: WriteOptions): ApiPromise<Version>;
}

/** `client.templates`: templates (named applications) and, under `versions`, their versions. */
export interface TemplatesResource {
  /** The versions of a template; every method takes the template name first. */
  readonly versions: VersionsResource;

  /**
   * Templates by name: await for the first page, or iterate for all.
   * @example
   * for await (const t of client.templates.list()) console.log(t.name);
   */
  list(params?: ListTemplatesParams, options?: CallOptions): PagePromise<Template>;

  /**
   * One template.
   * @example
   * const t = await client.templates.get('shop');
   */
  get(name: string, options?: CallOptions): ApiPromise<Template>;

  /**
   * Creates a template (its name is a DNS-1123 label).
   * @example
   * await client.templates.create({ name: 'shop', description: 'The web shop' });
   */
  create(body: TemplateCreate, options?: WriteOptions): ApiPromise<Template>;

  /**
   * Changes a template's description or labels.
   * @example
   * const t = await client.templates.get('shop');
   * await client.templates.update('shop', { labels: { team: 'web' } }, { ifMatch: t.etag });
   */
  update(name: string, patch: TemplatePatch, options?: UpdateOptions): ApiPromise<Template>;

  /**
   * Deletes a template that has no versions beyond drafts.
   * @example
   * await client.templates.delete('scratch');
   */
  delete(name: string, options?: UpdateOptions): ApiPromise<void>;
}

function versionsResource(t: Transport): VersionsResource {
  const at = (template: string, version: string) => path`v1/templates/${template}/versions/${version}`;
  const move = <T>(action: string) => (template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}) =>
    call<T>(t, { method: 'post', path: `${at(template, version)}/${action}`, json: body, ...options });
  return {
    list: (template, params = {}, options = {}) => t.list<Version>(path`v1/templates/${template}/versions`, params, options),
    get: (template, version, options = {}) => call(t, { method: 'get', path: at(template, version), ...options }),
    create: (template, body, options = {}) => call(t, { method: 'post', path: path`v1/templates/${template}/versions`, json: body, ...options }),
    update: (template, version, patch, options = {}) => call(t, { method: 'patch', path: at(template, version), json: patch, ...options }),
    diff: (template, version, against, options = {}) => call(t, { method: 'get', path: `${at(template, version)}/diff`, query: { against }, ...options }),
    publish: move<Operation>('publish'),
    retry: move<Operation>('retry'),
    release: move<Version>('release'),
    deprecate: move<Version>('deprecate'),
    restore: move<Version>('restore'),
  };
}

/** The client's `templates`. Internal: the public type is TemplatesResource. */
export function templatesResource(t: Transport): TemplatesResource {
  return {
    versions: versionsResource(t),
    list: (params = {}, options = {}) => t.list<Template>('v1/templates', params, options),
    get: (name, options = {}) => call(t, { method: 'get', path: path`v1/templates/${name}`, ...options }),
    create: (body, options = {}) => call(t, { method: 'post', path: 'v1/templates', json: body, ...options }),
    update: (name, patch, options = {}) => call(t, { method: 'patch', path: path`v1/templates/${name}`, json: patch, ...options }),
    delete: (name, options = {}) => call(t, { method: 'delete', path: path`v1/templates/${name}`, ...options }),
  };
}
