/**
 * The pod template of a component: its one container (image, command, ports,
 * env, resources, probes, mounts), its volumes, and the labels and
 * annotations that go on its pods.
 *
 * Decisions:
 * - env, in order: the app's variables (a `fromParameter` of a secret
 *   parameter is a secretKeyRef into `<install>-parameters`, of a plain one its
 *   value as a string), then connection info, then the values' overrides:
 *   an override replaces the variable of the same name where it stands, new
 *   names follow in name order. A variable whose parameter has no value (not
 *   required, no default, none given) is left out rather than set empty.
 * - `enableServiceLinks: false`: Kubernetes would otherwise inject docker-link
 *   variables (`SHOP_API_PORT=tcp://...`) for every Service of the namespace,
 *   next to and easily confused with connection info.
 * - Config files are one ConfigMap volume, each file mounted at its path with
 *   `subPath`. subPath mounts never see a ConfigMap update, so the pod template
 *   carries a checksum of the ConfigMap's data: a changed file changes the
 *   template, and the pods roll.
 * - Secret parameters reach the container through secretKeyRef, which a pod
 *   reads once at start; so the template also carries a keyed fingerprint of
 *   the secret values this container reads (when the render is given a
 *   fingerprint function): a changed password rolls the pods that use it, and
 *   only those. Keyed, because the annotation is readable by anyone who can
 *   read the Deployment, and a plain hash of a short secret can be guessed.
 * - Mounts are sorted by path: reordering files or volumes in the app changes
 *   nothing, and a parent directory is mounted before a file inside it.
 * - The component's own labels and annotations go on the pod; Caravan's are
 *   applied last, so they win even over an app that skipped validation.
 */
import { createHash } from 'node:crypto';
import { connectionEnv, type App, type Component, type Probe } from '../../app-model/index.js';
import { mergeResources } from './values.js';
import { CONFIG_CHECKSUM_ANNOTATION, CONFIG_VOLUME, SECRET_CHECKSUM_ANNOTATION, componentObjectName, compareStrings, sortedMap, stableLabels, type RenderContext } from './names.js';
import type { ComponentValues, ResolvedValues } from './types.js';

type Json = { [key: string]: unknown };

/** The ConfigMap of a component's config files: its data, and the key of each file's path. */
export interface ConfigFiles {
  readonly name: string;
  readonly data: { [key: string]: string };
  readonly keyOfPath: ReadonlyMap<string, string>;
  readonly checksum: string;
}

export interface PodInputs {
  readonly ctx: RenderContext;
  /** The app with the contract's defaults filled in. */
  readonly app: App;
  readonly component: Component;
  readonly image: string;
  readonly values: ResolvedValues;
  readonly parametersSecret: string;
  readonly pullSecret?: string;
  readonly config?: ConfigFiles;
  /** Claim names of the component's volumes; absent for a stateful component (its claims come from templates). */
  readonly claimOf?: (volume: string) => string;
  readonly restartPolicy?: 'OnFailure';
  readonly secretFingerprint?: (text: string) => string;
}

export function podTemplate(p: PodInputs): Json {
  const c = p.component;
  const annotations: { [key: string]: string } = { ...c.annotations };
  if (p.config) annotations[CONFIG_CHECKSUM_ANNOTATION] = p.config.checksum;
  const secrets = secretsRead(p);
  if (p.secretFingerprint && secrets.length > 0) annotations[SECRET_CHECKSUM_ANNOTATION] = p.secretFingerprint(JSON.stringify(secrets));
  // No version label on pods: a new version that leaves a component as it was must not restart it (a database
  // would go down on every upgrade). Pods change exactly when their spec, config checksum or image does.
  const metadata: Json = { labels: sortedMap({ ...c.labels, ...stableLabels(p.ctx, c.name) }) };
  if (Object.keys(annotations).length > 0) metadata.annotations = sortedMap(annotations);

  const spec: Json = {};
  if (p.restartPolicy) spec.restartPolicy = p.restartPolicy;
  spec.enableServiceLinks = false;
  if (p.pullSecret) spec.imagePullSecrets = [{ name: p.pullSecret }];
  spec.containers = [container(p)];
  const volumes = podVolumes(p);
  if (volumes.length > 0) spec.volumes = volumes;
  return { metadata, spec };
}

function container(p: PodInputs): Json {
  const c = p.component;
  const values: ComponentValues = p.values.components[c.name] ?? {};
  const out: Json = { name: c.name, image: p.image };
  if (c.command && c.command.length > 0) out.command = [...c.command];
  if (c.args && c.args.length > 0) out.args = [...c.args];
  if (c.ports && c.ports.length > 0) {
    out.ports = c.ports.map((port) => ({ name: portName(port.protocol ?? 'tcp', port.port), containerPort: port.port, protocol: transportOf(port.protocol ?? 'tcp') }));
  }
  const env = containerEnv(p, values);
  if (env.length > 0) out.env = env;
  const resources = mergeResources(c.resources, values.resources);
  if (resources && (resources.requests || resources.limits)) out.resources = resources;
  if (c.probes?.readiness) out.readinessProbe = probe(c.probes.readiness);
  if (c.probes?.liveness) out.livenessProbe = probe(c.probes.liveness);
  const mounts = volumeMounts(p);
  if (mounts.length > 0) out.volumeMounts = mounts;
  return out;
}

function containerEnv(p: PodInputs, values: ComponentValues): Json[] {
  const parameters = new Map((p.app.parameters ?? []).map((x) => [x.name, x]));
  const env = new Map<string, Json>();
  for (const e of p.component.env ?? []) {
    if (e.fromParameter === undefined) {
      env.set(e.name, { name: e.name, value: e.value ?? '' });
      continue;
    }
    const parameter = parameters.get(e.fromParameter);
    const value = p.values.parameters[e.fromParameter];
    if (!parameter || value === undefined) continue;
    if (parameter.secret) env.set(e.name, { name: e.name, valueFrom: { secretKeyRef: { name: p.parametersSecret, key: parameter.name } } });
    else env.set(e.name, { name: e.name, value: String(value) });
  }
  for (const v of connectionEnv(p.app, p.component, (dependency) => componentObjectName(p.ctx, dependency.name))) {
    env.set(v.name, { name: v.name, value: v.value });
  }
  for (const name of Object.keys(values.env ?? {}).sort(compareStrings)) env.set(name, { name, value: values.env![name]! });
  return [...env.values()];
}

/** The secret parameters the container reads, with their values, in name order. */
function secretsRead(p: PodInputs): [string, string][] {
  const secret = new Set((p.app.parameters ?? []).filter((x) => x.secret === true).map((x) => x.name));
  const read = new Set((p.component.env ?? []).map((e) => e.fromParameter).filter((name): name is string => name !== undefined && secret.has(name)));
  return [...read]
    .filter((name) => p.values.parameters[name] !== undefined)
    .sort(compareStrings)
    .map((name) => [name, String(p.values.parameters[name])]);
}

function probe(model: Probe): Json {
  const out: Json = {};
  if (model.http) out.httpGet = { path: model.http.path, port: model.http.port };
  if (model.tcp) out.tcpSocket = { port: model.tcp.port };
  if (model.exec) out.exec = { command: [...model.exec.command] };
  for (const timing of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
    if (model[timing] !== undefined) out[timing] = model[timing];
  }
  return out;
}

function podVolumes(p: PodInputs): Json[] {
  const out: Json[] = [];
  if (p.config) {
    const items = [...p.config.keyOfPath.values()].sort(compareStrings).map((key) => ({ key, path: key }));
    out.push({ name: CONFIG_VOLUME, configMap: { name: p.config.name, items } });
  }
  if (p.claimOf) {
    for (const v of [...(p.component.volumes ?? [])].sort((a, b) => compareStrings(a.name, b.name))) {
      out.push({ name: v.name, persistentVolumeClaim: { claimName: p.claimOf(v.name) } });
    }
  }
  return out;
}

function volumeMounts(p: PodInputs): Json[] {
  const mounts: Json[] = [];
  for (const [path, key] of p.config?.keyOfPath ?? []) mounts.push({ name: CONFIG_VOLUME, mountPath: path, subPath: key, readOnly: true });
  for (const v of p.component.volumes ?? []) mounts.push({ name: v.name, mountPath: v.path });
  return mounts.sort((a, b) => compareStrings(a.mountPath as string, b.mountPath as string));
}

/**
 * The component's config files as ConfigMap data. A key is the file's path
 * without the leading "/" and with "/" as "_" (`etc_api_config.yaml`),
 * readable in `kubectl describe`; when that is taken, too long, or not a
 * valid key, a hash of the path makes it unique.
 */
export function configFiles(ctx: RenderContext, component: Component): ConfigFiles | undefined {
  const files = [...(component.configFiles ?? [])].sort((a, b) => compareStrings(a.path, b.path));
  if (files.length === 0) return undefined;
  const keyOfPath = new Map<string, string>();
  const taken = new Set<string>();
  const data: { [key: string]: string } = {};
  for (const f of files) {
    let key = f.path.slice(1).replace(/\//g, '_').replace(/[^-._a-zA-Z0-9]/g, '-');
    if (key.startsWith('..')) key = `_${key.slice(1)}`;
    if (taken.has(key) || key.length > 253) key = `${key.slice(0, 200)}-${sha256(f.path).slice(0, 12)}`;
    taken.add(key);
    keyOfPath.set(f.path, key);
    data[key] = f.content;
  }
  const sorted = sortedMap(data);
  return { name: componentObjectName(ctx, component.name), data: sorted, keyOfPath, checksum: sha256(JSON.stringify(sorted)) };
}

/** Port names: IANA service names (at most 15 characters), led by the protocol so meshes pick it up (`http-8080`). */
export function portName(protocol: string, port: number): string {
  return `${protocol}-${port}`;
}

/** The transport Kubernetes speaks of: http, grpc and tcp ride on TCP. */
export function transportOf(protocol: string): 'TCP' | 'UDP' {
  return protocol === 'udp' ? 'UDP' : 'TCP';
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
