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
import type { PagePromise } from '../pagination.js';
import { path } from '../path.js';
import type { CallOptions, Transport, UpdateOptions, WriteOptions } from '../transport.js';

export type ListTemplatesParams = NonNullable<operations['listTemplates']['parameters']['query']>;
export type ListVersionsParams = NonNullable<operations['listVersions']['parameters']['query']>;

export class VersionsResource {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * A template's versions in version order: await for the first page, or iterate for all.
   * @example
   * for await (const v of client.templates.versions.list('shop', { state: 'released' })) console.log(v.version);
   */
  list(template: string, params: ListVersionsParams = {}, options: CallOptions = {}): PagePromise<Version> {
    return this.#t.list<Version>(path`v1/templates/${template}/versions`, params, options);
  }

  /**
   * One version, with its app model, state, images and transitions.
   * @example
   * const v = await client.templates.versions.get('shop', '1.0');
   */
  get(template: string, version: string, options: CallOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'get', path: path`v1/templates/${template}/versions/${version}`, ...options });
  }

  /**
   * Creates a draft. A taken version number throws VersionExistsError; a bad app model throws ValidationError.
   * @example
   * const draft = await client.templates.versions.create('shop', {
   *   version: '1.0',
   *   app: { components: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] },
   * });
   */
  create(template: string, body: VersionCreate, options: WriteOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions`, json: body, ...options });
  }

  /**
   * Edits a draft (drafts only: others throw VersionImmutableError). Pass `ifMatch` to guard against concurrent edits.
   * @example
   * const v = await client.templates.versions.get('shop', '1.0');
   * await client.templates.versions.update('shop', '1.0', { description: 'first cut' }, { ifMatch: v.etag });
   */
  update(template: string, version: string, patch: VersionPatch, options: UpdateOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'patch', path: path`v1/templates/${template}/versions/${version}`, json: patch, ...options });
  }

  /**
   * What changes from `against` to `version`: components and parameters added, removed and changed, field by field.
   * @example
   * const d = await client.templates.versions.diff('shop', '1.1', '1.0');
   * for (const c of d.components.changed) console.log(c.name, c.fields.map((f) => f.path));
   */
  diff(template: string, version: string, against: string, options: CallOptions = {}): Promise<VersionDiff> {
    return this.#t.json({ method: 'get', path: path`v1/templates/${template}/versions/${version}/diff`, query: { against }, ...options });
  }

  /**
   * Publishes a draft: returns the publish Operation (wait for it with `client.operations.wait`).
   * @example
   * const op = await client.templates.versions.publish('shop', '1.0');
   * const done = await client.operations.wait(op);
   */
  publish(template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions/${version}/publish`, json: body, ...options });
  }

  /**
   * Retries a failed publish; only what is still missing is copied.
   * @example
   * const op = await client.templates.versions.retry('shop', '1.0', { reason: 'registry back' });
   */
  retry(template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}): Promise<Operation> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions/${version}/retry`, json: body, ...options });
  }

  /**
   * Marks a published version as released (tester).
   * @example
   * await client.templates.versions.release('shop', '1.0', { reason: 'passed regression suite' });
   */
  release(template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions/${version}/release`, json: body, ...options });
  }

  /**
   * Deprecates a published or released version: no new installs or upgrades to it.
   * @example
   * await client.templates.versions.deprecate('shop', '1.0', { reason: 'CVE-2026-0001' });
   */
  deprecate(template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions/${version}/deprecate`, json: body, ...options });
  }

  /**
   * Restores a deprecated version to the state it was deprecated from.
   * @example
   * await client.templates.versions.restore('shop', '1.0');
   */
  restore(template: string, version: string, body: TransitionRequest = {}, options: WriteOptions = {}): Promise<Version> {
    return this.#t.json({ method: 'post', path: path`v1/templates/${template}/versions/${version}/restore`, json: body, ...options });
  }
}

export class TemplatesResource {
  readonly #t: Transport;
  /** The versions of a template; every method takes the template name first. */
  readonly versions: VersionsResource;

  constructor(transport: Transport) {
    this.#t = transport;
    this.versions = new VersionsResource(transport);
  }

  /**
   * Templates by name: await for the first page, or iterate for all.
   * @example
   * for await (const t of client.templates.list()) console.log(t.name);
   */
  list(params: ListTemplatesParams = {}, options: CallOptions = {}): PagePromise<Template> {
    return this.#t.list<Template>('v1/templates', params, options);
  }

  /**
   * One template.
   * @example
   * const t = await client.templates.get('shop');
   */
  get(name: string, options: CallOptions = {}): Promise<Template> {
    return this.#t.json({ method: 'get', path: path`v1/templates/${name}`, ...options });
  }

  /**
   * Creates a template (its name is a DNS-1123 label).
   * @example
   * await client.templates.create({ name: 'shop', description: 'The web shop' });
   */
  create(body: TemplateCreate, options: WriteOptions = {}): Promise<Template> {
    return this.#t.json({ method: 'post', path: 'v1/templates', json: body, ...options });
  }

  /**
   * Changes a template's description or labels.
   * @example
   * const t = await client.templates.get('shop');
   * await client.templates.update('shop', { labels: { team: 'web' } }, { ifMatch: t.etag });
   */
  update(name: string, patch: TemplatePatch, options: UpdateOptions = {}): Promise<Template> {
    return this.#t.json({ method: 'patch', path: path`v1/templates/${name}`, json: patch, ...options });
  }

  /**
   * Deletes a template that has no versions beyond drafts.
   * @example
   * await client.templates.delete('scratch');
   */
  async delete(name: string, options: UpdateOptions = {}): Promise<void> {
    await this.#t.send({ method: 'delete', path: path`v1/templates/${name}`, ...options });
  }
}
