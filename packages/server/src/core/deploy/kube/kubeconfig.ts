/**
 * Reading a kubeconfig an administrator hands to Caravan: pick one context,
 * refuse whatever would make the server run a program, read a local file or
 * send credentials in clear text, and return a normalised, self-contained
 * kubeconfig of just that context, cluster and user (inline data only). That
 * normalised text is what gets sealed and later handed to the KubeClient.
 *
 * The screening walks the YAML itself (with the `yaml` package) rather than
 * `@kubernetes/client-node`'s `KubeConfig.loadFromString`, for two reasons:
 * that loader reads `token-file` from disk while parsing, so it must never see
 * unscreened input; and it is a heavy module (about 80 MiB and half a second
 * to load) that the client loads lazily only when it talks to a cluster. The
 * output is a whitelist: fields not named here never reach `KubeConfig`.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { InvalidInputError, type FieldError } from '../../shared/errors.js';

/** The one context Caravan will use, and how to reach its cluster. */
export interface KubeconfigSelection {
  /** The API server URL, https only, without a trailing slash. */
  readonly server: string;
  /** Name of the selected context. */
  readonly context: string;
  /** The context's default namespace, when it has one. */
  readonly namespace?: string;
  /** How Caravan authenticates: a bearer token or a client certificate. */
  readonly auth: 'token' | 'client-certificate';
  /** A kubeconfig holding only that context, its cluster and its user, certificates and keys inline. */
  readonly kubeconfig: string;
}

export interface ReadKubeconfigOptions {
  /** JSON pointer of the kubeconfig text in the caller's input; default `/kubeconfig`. */
  readonly kubeconfigPointer?: string;
  /** JSON pointer of the context name in the caller's input; default `/context`. */
  readonly contextPointer?: string;
}

/** Kubeconfigs are a few KiB; anything this large is a mistake (or an attack on the YAML parser). */
const MAX_KUBECONFIG_BYTES = 1 << 20;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields of `users[].user` that are refused, each with the reason shown to the administrator. */
const REFUSED_USER_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  ['exec', 'exec-plugin', 'uses an exec credential plugin, which runs a local program on the Caravan server; give Caravan a token or a client certificate instead'],
  ['auth-provider', 'auth-provider', 'uses an auth-provider plugin, which Caravan does not run; give Caravan a token or a client certificate instead'],
  ['tokenFile', 'local-file', 'reads the token from a file on the Caravan server (tokenFile); put the token itself in `token`'],
  ['token-file', 'local-file', 'reads the token from a file on the Caravan server (token-file); put the token itself in `token`'],
  ['client-certificate', 'local-file', 'reads the client certificate from a file (client-certificate); embed it as client-certificate-data'],
  ['client-key', 'local-file', 'reads the client key from a file (client-key); embed it as client-key-data'],
  ['username', 'basic-auth', 'uses basic authentication (username/password), which Kubernetes removed in 1.19; give Caravan a token or a client certificate'],
  ['password', 'basic-auth', 'uses basic authentication (username/password), which Kubernetes removed in 1.19; give Caravan a token or a client certificate'],
  ['as', 'impersonation', 'impersonates another identity (as); Caravan does not impersonate: give it the credentials of the identity it should act as'],
  ['as-uid', 'impersonation', 'impersonates another identity (as-uid); Caravan does not impersonate: give it the credentials of the identity it should act as'],
  ['as-groups', 'impersonation', 'impersonates groups (as-groups); Caravan does not impersonate: give it the credentials of the identity it should act as'],
  ['as-user-extra', 'impersonation', 'impersonates another identity (as-user-extra); Caravan does not impersonate: give it the credentials of the identity it should act as'],
];

const REFUSED_CLUSTER_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  ['certificate-authority', 'local-file', 'reads the certificate authority from a file (certificate-authority); embed it as certificate-authority-data'],
  ['proxy-url', 'proxy', 'sends traffic through a proxy (proxy-url), which Caravan does not support; Caravan must reach the API server directly'],
];

/**
 * Parses `yamlText`, selects `contextName` (default: its current-context, or
 * its only context) and returns the normalised kubeconfig. Throws
 * InvalidInputError listing every reason the selected context cannot be used.
 */
export function readKubeconfig(yamlText: string, contextName?: string, opts: ReadKubeconfigOptions = {}): KubeconfigSelection {
  const at = opts.kubeconfigPointer ?? '/kubeconfig';
  const ctxAt = opts.contextPointer ?? '/context';
  const refuse = (errors: FieldError[]): never => {
    throw new InvalidInputError(`The kubeconfig cannot be used: ${errors.map((e) => e.message).join('; ')}`, errors);
  };

  if (typeof yamlText !== 'string' || yamlText.trim() === '') refuse([{ pointer: at, code: 'required', message: 'the kubeconfig is empty' }]);
  if (Buffer.byteLength(yamlText, 'utf8') > MAX_KUBECONFIG_BYTES) {
    refuse([{ pointer: at, code: 'too-large', message: `the kubeconfig is larger than ${MAX_KUBECONFIG_BYTES >> 20} MiB` }]);
  }
  let doc: unknown;
  try {
    // Merge keys on, as client-go's YAML reader (go-yaml) has them: a `<<:` must not hide a field from the screening.
    doc = parseYaml(yamlText, { merge: true, prettyErrors: true, maxAliasCount: 50 });
  } catch (e) {
    refuse([{ pointer: at, code: 'yaml', message: `the kubeconfig is not valid YAML: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (!isObj(doc)) refuse([{ pointer: at, code: 'type', message: 'the kubeconfig is not a YAML mapping (expected apiVersion, clusters, users, contexts)' }]);
  const root = doc as Obj;

  const contexts = namedEntries(root.contexts, 'context');
  const clusters = namedEntries(root.clusters, 'cluster');
  const users = namedEntries(root.users, 'user');

  // Which context.
  const current = typeof root['current-context'] === 'string' && root['current-context'] !== '' ? root['current-context'] : undefined;
  const named = contextName === '' ? undefined : contextName;
  const wanted = named ?? current ?? (contexts.size === 1 ? [...contexts.keys()][0] : undefined);
  const known = contexts.size > 0 ? `; it has ${[...contexts.keys()].map((n) => JSON.stringify(n)).join(', ')}` : '; it has no contexts';
  if (wanted === undefined) {
    refuse([{ pointer: ctxAt, code: 'context-required', message: `the kubeconfig has no current-context: name the context to use${known}` }]);
  }
  const ctx = contexts.get(wanted!);
  if (!ctx) {
    refuse([{
      pointer: named !== undefined ? ctxAt : at,
      code: 'unknown-context',
      message: `the kubeconfig has no context ${JSON.stringify(wanted)}${known}`,
    }]);
  }
  const context = wanted!;
  const errors: FieldError[] = [];
  const clusterName = typeof ctx!.cluster === 'string' ? ctx!.cluster : undefined;
  const userName = typeof ctx!.user === 'string' && ctx!.user !== '' ? ctx!.user : undefined;
  const namespace = typeof ctx!.namespace === 'string' && ctx!.namespace !== '' ? ctx!.namespace : undefined;
  const cluster = clusterName !== undefined ? clusters.get(clusterName) : undefined;
  const user = userName !== undefined ? users.get(userName) : undefined;
  if (clusterName === undefined) errors.push({ pointer: at, code: 'invalid-context', message: `context ${JSON.stringify(context)} names no cluster` });
  else if (!cluster) errors.push({ pointer: at, code: 'unknown-cluster', message: `context ${JSON.stringify(context)} names cluster ${JSON.stringify(clusterName)}, which the kubeconfig does not define` });
  if (userName === undefined) errors.push({ pointer: at, code: 'no-credentials', message: `context ${JSON.stringify(context)} names no user, so Caravan would have no credentials` });
  else if (!user) errors.push({ pointer: at, code: 'unknown-user', message: `context ${JSON.stringify(context)} names user ${JSON.stringify(userName)}, which the kubeconfig does not define` });

  // The cluster.
  const outCluster: Obj = {};
  let server = '';
  if (cluster) {
    const where = `cluster ${JSON.stringify(clusterName)}`;
    for (const [field, code, why] of REFUSED_CLUSTER_FIELDS) {
      if (present(cluster[field])) errors.push({ pointer: at, code, message: `${where} ${why}` });
    }
    if (cluster['insecure-skip-tls-verify'] === true) {
      errors.push({ pointer: at, code: 'insecure', message: `${where} sets insecure-skip-tls-verify, which would send Caravan's credentials to any server answering at that address; give its certificate-authority-data instead` });
    }
    const s = checkServer(cluster.server);
    if (typeof s === 'string') {
      server = s;
      outCluster.server = s;
    } else {
      errors.push({ pointer: at, code: s.code, message: `${where}: ${s.message}` });
    }
    if (present(cluster['certificate-authority-data'])) {
      const pem = decodePem(cluster['certificate-authority-data']);
      if (pem === undefined || !isCertificate(pem)) {
        errors.push({ pointer: at, code: 'invalid-certificate', message: `${where}: certificate-authority-data is not a base64-encoded PEM certificate` });
      } else {
        outCluster['certificate-authority-data'] = cluster['certificate-authority-data'];
      }
    }
    if (typeof cluster['tls-server-name'] === 'string' && cluster['tls-server-name'] !== '') outCluster['tls-server-name'] = cluster['tls-server-name'];
  }

  // The user.
  const outUser: Obj = {};
  let auth: KubeconfigSelection['auth'] | undefined;
  if (user) {
    const where = `user ${JSON.stringify(userName)}`;
    for (const [field, code, why] of REFUSED_USER_FIELDS) {
      // Basic auth is reported once, not once per field.
      if (field === 'password' && present(user.username)) continue;
      if (present(user[field])) errors.push({ pointer: at, code, message: `${where} ${why}` });
    }
    const hasCert = present(user['client-certificate-data']);
    const hasKey = present(user['client-key-data']);
    const hasToken = present(user.token);
    if (hasToken) {
      if (typeof user.token !== 'string' || !/^[\x21-\x7e]+$/.test(user.token)) {
        errors.push({ pointer: at, code: 'invalid-token', message: `${where}: token must be one line of printable characters` });
      } else {
        outUser.token = user.token;
        auth = 'token';
      }
    }
    if (hasCert || hasKey) {
      const cert = decodePem(user['client-certificate-data']);
      const key = decodePem(user['client-key-data']);
      if (!hasCert || !hasKey) {
        errors.push({ pointer: at, code: 'incomplete-certificate', message: `${where} has ${hasCert ? 'client-certificate-data but no client-key-data' : 'client-key-data but no client-certificate-data'}; both are needed` });
      } else if (cert === undefined || !isCertificate(cert)) {
        errors.push({ pointer: at, code: 'invalid-certificate', message: `${where}: client-certificate-data is not a base64-encoded PEM certificate` });
      } else if (key === undefined || !isPrivateKey(key)) {
        errors.push({ pointer: at, code: 'invalid-key', message: `${where}: client-key-data is not a base64-encoded PEM private key` });
      } else {
        outUser['client-certificate-data'] = user['client-certificate-data'];
        outUser['client-key-data'] = user['client-key-data'];
        auth ??= 'client-certificate';
      }
    }
    if (!hasToken && !hasCert && !hasKey && !errors.some((e) => e.message.startsWith(where))) {
      errors.push({ pointer: at, code: 'no-credentials', message: `${where} has no credentials: give a token, or client-certificate-data and client-key-data` });
    }
  }

  if (errors.length > 0) refuse(errors);

  const normalised = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster: outCluster }],
    users: [{ name: userName, user: outUser }],
    contexts: [{ name: context, context: { cluster: clusterName, user: userName, ...(namespace ? { namespace } : {}) } }],
    'current-context': context,
  };
  return {
    server,
    context,
    ...(namespace ? { namespace } : {}),
    auth: auth!,
    kubeconfig: stringifyYaml(normalised, { lineWidth: 0 }),
  };
}

/** `[{name, <key>: {...}}]` as a map from name to the inner object; later duplicates lose, as in client-go. */
function namedEntries(list: unknown, key: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    if (!isObj(item) || typeof item.name !== 'string' || item.name === '') continue;
    if (out.has(item.name)) continue;
    out.set(item.name, isObj(item[key]) ? item[key] : {});
  }
  return out;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

function checkServer(value: unknown): string | { code: string; message: string } {
  if (typeof value !== 'string' || value === '') return { code: 'no-server', message: 'server is missing' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'invalid-server', message: `server ${JSON.stringify(value)} is not a URL` };
  }
  if (url.protocol !== 'https:') {
    return { code: 'not-https', message: `server ${JSON.stringify(value)} is not https: Caravan talks to API servers over https only, so credentials never travel in clear text` };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { code: 'invalid-server', message: `server ${JSON.stringify(value)} must not carry credentials, a query or a fragment` };
  }
  // A path prefix is kept: some proxies (Rancher, for one) serve a cluster's API under one.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function decodePem(value: unknown): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const buf = Buffer.from(compact, 'base64');
  return buf.toString('latin1').includes('-----BEGIN ') ? buf : undefined;
}

function isCertificate(pem: Buffer): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

function isPrivateKey(pem: Buffer): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return false;
  }
}
