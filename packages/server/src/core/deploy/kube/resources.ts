/**
 * Kubernetes objects as plain JSON (the typed models of @kubernetes/client-node
 * drop fields they do not know, so the deployer never uses them), references
 * to objects, and the mapping from apiVersion + kind to a REST path: a static
 * table for the kinds Caravan renders, discovery (in the client) for the rest.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  managedFields?: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

/** Any Kubernetes object, exactly as the API server sent it (or as it will be sent). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Which object: cluster-scoped kinds take no namespace. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Where a kind lives in the API. */
export interface ResourceInfo {
  /** '' for the core group. */
  readonly group: string;
  readonly version: string;
  /** The resource (plural) name in the path, e.g. `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

/** `apps/v1` -> { group: 'apps', version: 'v1' }; `v1` -> { group: '', version: 'v1' }. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

const entry = (apiVersion: string, kind: string, plural: string, namespaced = true): [string, ResourceInfo] =>
  [`${apiVersion}|${kind}`, { ...splitApiVersion(apiVersion), plural, namespaced }];

/** The kinds Caravan renders or reads while deploying: no discovery round trip for these. */
const KNOWN: ReadonlyMap<string, ResourceInfo> = new Map([
  entry('v1', 'Namespace', 'namespaces', false),
  entry('v1', 'Secret', 'secrets'),
  entry('v1', 'ConfigMap', 'configmaps'),
  entry('v1', 'Service', 'services'),
  entry('v1', 'ServiceAccount', 'serviceaccounts'),
  entry('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  entry('v1', 'Pod', 'pods'),
  entry('v1', 'Event', 'events'),
  entry('apps/v1', 'Deployment', 'deployments'),
  entry('apps/v1', 'StatefulSet', 'statefulsets'),
  entry('apps/v1', 'ReplicaSet', 'replicasets'),
  entry('apps/v1', 'ControllerRevision', 'controllerrevisions'),
  entry('batch/v1', 'Job', 'jobs'),
  entry('batch/v1', 'CronJob', 'cronjobs'),
  entry('networking.k8s.io/v1', 'Ingress', 'ingresses'),
]);

/** The static entry for a kind, if it has one. */
export function knownResource(apiVersion: string, kind: string): ResourceInfo | undefined {
  return KNOWN.get(`${apiVersion}|${kind}`);
}

/** `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/**
 * The REST path of a collection (no name) or of one object. A namespaced kind
 * needs a namespace for a single object; for a collection, none means all
 * namespaces. A namespace given for a cluster-scoped kind is an error, as it
 * almost certainly means the caller has the wrong kind in mind.
 */
export function resourcePath(info: ResourceInfo, kind: string, namespace: string | undefined, name?: string): string {
  if (!info.namespaced && namespace !== undefined && namespace !== '') {
    throw new TypeError(`${kind} is cluster-scoped: it takes no namespace (got ${JSON.stringify(namespace)})`);
  }
  if (info.namespaced && name !== undefined && (namespace === undefined || namespace === '')) {
    throw new TypeError(`${kind} ${JSON.stringify(name)} is namespaced: a namespace is required`);
  }
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const one = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  return `${groupVersionPath(info.group, info.version)}${ns}/${info.plural}${one}`;
}

/** `Deployment caravan-apps/web`, for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The reference of an object. */
export function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata?.name ?? '',
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
  };
}
