/**
 * The thin REST layer Caravan talks to one cluster through: server-side
 * apply, get, list, delete with a uid precondition, access reviews, namespace
 * creation, the server version. Objects are plain JSON in and out.
 *
 * TLS material and credentials come from @kubernetes/client-node's
 * KubeConfig (`applyToHTTPSOptions`), loaded from the normalised kubeconfig
 * that `readKubeconfig` produced (it is re-screened here, so a client can
 * never be built from a kubeconfig that runs programs or reads files).
 * KubeConfig is imported lazily: it is a heavy module that a Caravan server
 * with no clusters never needs. Requests go through one keep-alive https
 * agent per client (see transport.ts for why node:https); every request has a
 * deadline and takes an AbortSignal.
 */
import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import { ConflictError } from '../../shared/errors.js';
import {
  FieldConflictError, KubeApiError, UidPreconditionError, isUndeclaredFieldError, parseFieldConflicts, parseUidPrecondition,
} from './errors.js';
import { readKubeconfig } from './kubeconfig.js';
import {
  groupVersionPath, knownResource, refOf, resourcePath, splitApiVersion,
  type KubeObject, type ObjectRef, type ResourceInfo,
} from './resources.js';
import { Transport, parseJson, statusOf, type SendRequest, type TransportStats } from './transport.js';

export interface KubeClientOptions {
  /** Deadline of one request unless the call says otherwise; default 30 s. */
  readonly timeoutMs?: number;
  /** At most this many connections to the API server at once; default 8. */
  readonly maxSockets?: number;
  /** Default `caravan`. */
  readonly userAgent?: string;
}

/** What every call accepts. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** This call's deadline in ms, instead of the client's default. */
  readonly timeoutMs?: number;
}

export interface ServerVersion {
  readonly gitVersion: string;
  readonly major: string;
  readonly minor: string;
  readonly platform?: string;
}

export interface ListOptions extends CallOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Objects per request (`limit`); default 500. Every page is fetched either way. */
  readonly pageSize?: number;
}

export interface ListResult {
  /** Every item of every page, each with its apiVersion and kind filled in (list items come without them). */
  readonly items: KubeObject[];
  /** The list's resourceVersion (of the last page), for a later watch. */
  readonly resourceVersion: string | undefined;
}

export interface ApplyOptions extends CallOptions {
  /** Default `caravan`. */
  readonly fieldManager?: string;
  /** Take over fields other managers own instead of failing with FieldConflictError. */
  readonly force?: boolean;
  /** Run admission, defaulting and validation without persisting (`dryRun=All`). */
  readonly dryRun?: boolean;
  /**
   * How duplicate fields are treated; default the server's (`Warn`). Fields the
   * schema does not declare fail an apply whatever this says (500, mapped to
   * invalid-input).
   */
  readonly fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface ApplyResult {
  /** The object as the server holds it after the apply (or would, on a dry run). */
  readonly object: KubeObject;
  /** True when the apply created the object (201); false when it existed (200), changed or not. */
  readonly created: boolean;
  /** The server's warnings, e.g. deprecated or non-functional fields (`Warning` headers). */
  readonly warnings: readonly string[];
}

export interface DeleteOptions extends CallOptions {
  /** Delete only if the object under that name still has this uid; else UidPreconditionError. */
  readonly uid?: string;
  /** Default `Background`: the object goes now, its dependents (ReplicaSets, Pods) after it. */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly dryRun?: boolean;
}

export interface AccessQuestion {
  /** API group, '' for the core group. */
  readonly group: string;
  /** Resource (plural), e.g. `deployments`. */
  readonly resource: string;
  readonly verb: string;
  readonly name?: string;
  readonly subresource?: string;
}

export interface AccessAnswer {
  readonly allowed: boolean;
  /** True when an authorizer explicitly denied (not merely did not allow). */
  readonly denied: boolean;
  /** The authorizer's reason, when it gave one (RBAC gives one when it allows). */
  readonly reason?: string;
}

export interface EnsureNamespaceResult {
  readonly created: boolean;
  /** The namespace object; undefined when Caravan may create it but found it existing without permission to read it. */
  readonly namespace: KubeObject | undefined;
}

const PAGE_SIZE = 500;

export class KubeClient {
  /** The API server URL. */
  readonly server: string;
  /** The kubeconfig context's default namespace, if it has one. */
  readonly defaultNamespace: string | undefined;
  private readonly transport: Transport;
  private readonly discovery = new Map<string, Promise<ApiResourceList>>();

  private constructor(server: string, defaultNamespace: string | undefined, transport: Transport) {
    this.server = server;
    this.defaultNamespace = defaultNamespace;
    this.transport = transport;
  }

  /**
   * A client for the kubeconfig's context (`context`, default its current
   * context). Throws InvalidInputError for kubeconfigs `readKubeconfig`
   * refuses. Makes no request.
   */
  static async create(kubeconfig: string, opts: KubeClientOptions & { readonly context?: string } = {}): Promise<KubeClient> {
    const sel = readKubeconfig(kubeconfig, opts.context);
    const { KubeConfig } = await import('@kubernetes/client-node');
    const kc = new KubeConfig();
    kc.loadFromString(sel.kubeconfig);
    const https: HttpsRequestOptions = {};
    await kc.applyToHTTPSOptions(https);
    // applyToHTTPSOptions also made an https.Agent of its own (without keep-alive); it is never used.
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(https.headers ?? {})) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const transport = new Transport(sel.server, {
      ca: https.ca as Buffer | undefined,
      cert: https.cert as Buffer | undefined,
      key: https.key as Buffer | undefined,
      servername: https.servername ?? undefined,
      headers,
    }, {
      timeoutMs: opts.timeoutMs ?? 30_000,
      maxSockets: opts.maxSockets ?? 8,
      userAgent: opts.userAgent ?? 'caravan',
    });
    return new KubeClient(sel.server, sel.namespace, transport);
  }

  /** Connections opened and requests sent so far. */
  stats(): TransportStats {
    return this.transport.stats();
  }

  /** Closes the pooled connections. The client stays usable (it reconnects). */
  close(): void {
    this.transport.close();
  }

  /** GET /version. */
  async version(opts: CallOptions = {}): Promise<ServerVersion> {
    const res = await this.transport.sendOk({ method: 'GET', path: '/version', ...call(opts) });
    const v = parseJson<Partial<ServerVersion>>(res, 'GET /version', this.server);
    return { gitVersion: v.gitVersion ?? '', major: v.major ?? '', minor: v.minor ?? '', ...(v.platform ? { platform: v.platform } : {}) };
  }

  /** Where a kind lives: the static table first, then the cluster's discovery document (cached per client). */
  async resource(apiVersion: string, kind: string, opts: CallOptions = {}): Promise<ResourceInfo> {
    const known = knownResource(apiVersion, kind);
    if (known) return known;
    const { group, version } = splitApiVersion(apiVersion);
    let list = this.discovery.get(apiVersion);
    if (!list) {
      const path = groupVersionPath(group, version);
      list = (async () => {
        const req: SendRequest = { method: 'GET', path, ...call(opts) };
        const res = await this.transport.send(req);
        if (res.status === 404) {
          throw new KubeApiError(this.transport.info(req), 404, { reason: 'NotFound', message: `the cluster does not serve apiVersion ${apiVersion}` });
        }
        if (res.status >= 400) throw this.transport.apiError(req, res);
        return parseJson<ApiResourceList>(res, `GET ${path}`, this.server);
      })();
      this.discovery.set(apiVersion, list);
      // A failure is not remembered: the next call asks again (a CRD may have been installed meanwhile).
      list.catch(() => this.discovery.delete(apiVersion));
    }
    const found = (await list).resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      throw new KubeApiError({ server: this.server, method: 'GET', path: groupVersionPath(group, version) }, 404,
        { reason: 'NotFound', message: `the cluster serves apiVersion ${apiVersion} but no kind ${kind} in it` });
    }
    return { group, version, plural: found.name, namespaced: found.namespaced };
  }

  /** The object, or undefined when there is none under that name. */
  async get(ref: ObjectRef, opts: CallOptions = {}): Promise<KubeObject | undefined> {
    const info = await this.resource(ref.apiVersion, ref.kind, opts);
    const req: SendRequest = { method: 'GET', path: resourcePath(info, ref.kind, ref.namespace, ref.name), ...call(opts) };
    const res = await this.transport.send(req);
    if (res.status === 404) return undefined;
    if (res.status >= 400) throw this.transport.apiError(req, res);
    return parseJson<KubeObject>(res, `GET ${req.path}`, this.server);
  }

  /** Every object of a kind in `namespace` (undefined: all namespaces), page by page. */
  async list(apiVersion: string, kind: string, namespace: string | undefined, opts: ListOptions = {}): Promise<ListResult> {
    const info = await this.resource(apiVersion, kind, opts);
    const path = resourcePath(info, kind, namespace);
    const items: KubeObject[] = [];
    let cont: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const res = await this.transport.sendOk({
        method: 'GET', path, ...call(opts),
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: String(opts.pageSize ?? PAGE_SIZE), continue: cont },
      });
      const page = parseJson<{ items?: KubeObject[]; metadata?: { continue?: string; resourceVersion?: string } }>(res, `GET ${path}`, this.server);
      for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind });
      cont = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion;
    } while (cont);
    return { items, resourceVersion };
  }

  /**
   * Server-side apply of `obj` (created when absent). A conflict with other
   * field managers throws FieldConflictError listing them, unless `force`.
   * `metadata.managedFields` is dropped from the body (the server refuses it).
   */
  async apply(obj: KubeObject, opts: ApplyOptions = {}): Promise<ApplyResult> {
    const ref = refOf(obj);
    if (!ref.name) throw new TypeError(`cannot apply a ${obj.kind} without metadata.name`);
    const info = await this.resource(obj.apiVersion, obj.kind, opts);
    const { managedFields: _dropped, ...metadata } = obj.metadata;
    const req: SendRequest = {
      method: 'PATCH',
      path: resourcePath(info, ref.kind, ref.namespace, ref.name),
      query: {
        fieldManager: opts.fieldManager ?? 'caravan',
        force: opts.force ? 'true' : undefined,
        dryRun: opts.dryRun ? 'All' : undefined,
        fieldValidation: opts.fieldValidation,
      },
      // JSON is YAML, so the apply patch type takes it as is.
      contentType: 'application/apply-patch+yaml',
      body: { ...obj, metadata },
      ...call(opts),
    };
    const res = await this.transport.send(req);
    if (res.status === 409) {
      const body = statusOf(res);
      const conflicts = parseFieldConflicts(body);
      if (conflicts) throw new FieldConflictError(this.transport.info(req), body!, conflicts);
    }
    if (isUndeclaredFieldError(res.status, statusOf(res))) {
      throw new KubeApiError(this.transport.info(req), res.status, statusOf(res), res.text, 'invalid-input');
    }
    if (res.status >= 400) throw this.transport.apiError(req, res);
    return { object: parseJson<KubeObject>(res, `PATCH ${req.path}`, this.server), created: res.status === 201, warnings: res.warnings };
  }

  /**
   * Deletes the object. True when the server accepted the delete; false when
   * it was already gone. With `uid`, an object recreated under the same name
   * (another uid) is left alone and UidPreconditionError is thrown.
   */
  async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<boolean> {
    const info = await this.resource(ref.apiVersion, ref.kind, opts);
    const req: SendRequest = {
      method: 'DELETE',
      path: resourcePath(info, ref.kind, ref.namespace, ref.name),
      body: {
        apiVersion: 'v1', kind: 'DeleteOptions',
        propagationPolicy: opts.propagationPolicy ?? 'Background',
        ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}),
        ...(opts.dryRun ? { dryRun: ['All'] } : {}),
      },
      ...call(opts),
    };
    const res = await this.transport.send(req);
    if (res.status === 404) return false;
    if (res.status === 409 && opts.uid) {
      const body = statusOf(res);
      const uids = parseUidPrecondition(body);
      if (uids) throw new UidPreconditionError(this.transport.info(req), body!, opts.uid, uids.actual);
    }
    if (res.status >= 400) throw this.transport.apiError(req, res);
    return true;
  }

  /** May Caravan's identity do `verb` on `resource` in `namespace`? (SelfSubjectAccessReview; needs no permission of its own.) */
  async accessReview(namespace: string | undefined, q: AccessQuestion, opts: CallOptions = {}): Promise<AccessAnswer> {
    const res = await this.transport.sendOk({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            ...(namespace ? { namespace } : {}),
            group: q.group, resource: q.resource, verb: q.verb,
            ...(q.name ? { name: q.name } : {}), ...(q.subresource ? { subresource: q.subresource } : {}),
          },
        },
      },
      ...call(opts),
    });
    const status = parseJson<{ status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string } }>(res, 'SelfSubjectAccessReview', this.server).status ?? {};
    const reason = status.reason || status.evaluationError || undefined;
    return { allowed: status.allowed === true, denied: status.denied === true, ...(reason ? { reason } : {}) };
  }

  /**
   * Creates namespace `name` with `labels` when it does not exist; an existing
   * one is left as it is. A namespace being deleted is a ConflictError; no
   * permission to read nor create namespaces is a KubeApiError (403) saying so.
   */
  async ensureNamespace(name: string, labels: Readonly<Record<string, string>> = {}, opts: CallOptions & { readonly fieldManager?: string } = {}): Promise<EnsureNamespaceResult> {
    const ref = { apiVersion: 'v1', kind: 'Namespace', name } as const;
    const getReq: SendRequest = { method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(name)}`, ...call(opts) };
    const got = await this.transport.send(getReq);
    if (got.status === 200) return { created: false, namespace: this.usable(parseJson<KubeObject>(got, 'GET namespace', this.server)) };
    if (got.status !== 404 && got.status !== 403) throw this.transport.apiError(getReq, got);

    // Absent, or not ours to read: try to create it. Creation is authorised before existence is checked,
    // so a 409 here also tells an identity that may create but not read namespaces that it exists.
    const createReq: SendRequest = {
      method: 'POST', path: '/api/v1/namespaces',
      query: { fieldManager: opts.fieldManager ?? 'caravan' },
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(Object.keys(labels).length ? { labels } : {}) } },
      ...call(opts),
    };
    const created = await this.transport.send(createReq);
    if (created.status === 201) return { created: true, namespace: parseJson<KubeObject>(created, 'POST namespace', this.server) };
    if (created.status === 409) {
      const again = got.status === 403 ? undefined : await this.get(ref, opts);
      return { created: false, namespace: again ? this.usable(again) : undefined };
    }
    if (created.status === 403) {
      const body = statusOf(created);
      const cannotRead = got.status === 403;
      throw new KubeApiError(this.transport.info(createReq), 403, {
        ...body,
        reason: 'Forbidden',
        message: `Caravan's identity may not ${cannotRead ? 'read or create' : 'create'} namespace ${JSON.stringify(name)}`
          + `${cannotRead ? '' : ', which does not exist'}: create it beforehand or grant that identity "create" on namespaces`
          + ` (the API server said: ${body?.message ?? 'forbidden'})`,
      });
    }
    throw this.transport.apiError(createReq, created);
  }

  /** A namespace Caravan can deploy into: not being deleted. */
  private usable(ns: KubeObject): KubeObject {
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    if (ns.metadata.deletionTimestamp || phase === 'Terminating') {
      throw new ConflictError(`Namespace ${JSON.stringify(ns.metadata.name)} on ${this.server} is being deleted; wait until it is gone, then try again`, {
        server: this.server, namespace: ns.metadata.name, reason: 'NamespaceTerminating',
      });
    }
    return ns;
  }
}

interface ApiResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

const call = (opts: CallOptions): Pick<SendRequest, 'signal' | 'timeoutMs'> => ({ signal: opts.signal, timeoutMs: opts.timeoutMs });
