/**
 * Checks one component of an app document, field by field, and collects the
 * facts (name, ports, aliases, env, dependencies) that the app-wide checks in
 * `validate.ts` need. Rules that need the other components (dependencies,
 * cycles, alias uniqueness, connection-variable collisions) live there.
 */
import { cronScheduleProblem } from './cron-schedule.js';
import {
  ALIAS,
  ALIAS_MAX,
  ALIAS_RULE,
  ANNOTATIONS_MAX_BYTES,
  DNS1123_LABEL_RULE,
  DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_MAX,
  ENV_NAME,
  ENV_NAME_RULE,
  isDns1123Label,
  isReservedKey,
  labelValueProblem,
  qualifiedNameProblem,
} from './formats.js';
import { tryParseImageReference } from './image-reference.js';
import { childPointer } from './json-pointer.js';
import { parseQuantity } from './quantity.js';
import type { ShapeCheck } from './shape-check.js';
import {
  ACCESS_MODES,
  COMPONENT_FIELDS,
  COMPONENT_KINDS,
  CONFIG_FILE_FIELDS,
  ENV_FIELDS,
  PORT_EXPOSES,
  PORT_FIELDS,
  PORT_PROTOCOLS,
  PROBE_HANDLERS,
  PROBE_KINDS,
  PROBE_TIMINGS,
  VOLUME_FIELDS,
} from './fields.js';
import type { ComponentKind } from './types.js';


/** What a ConfigMap can hold (Kubernetes rejects objects over 1 MiB). */
const CONFIG_FILES_MAX_BYTES = 1024 * 1024;
const INT32_MAX = 2 ** 31 - 1;
const REPLICAS_MAX = 1000;
const ENV_NAME_MAX = 256;
/** The contract's pattern for sizes: whole or decimal numbers with a binary or decimal SI suffix. */
const SIZE_PATTERN = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const DEFAULT_KIND: ComponentKind = 'stateless';
/** The contract's limits on a component's labels and annotations. */
const POD_METADATA_MAX_KEYS = 64;
const ANNOTATION_VALUE_MAX = 65536;
/** The renderer names the pod volume of config files `caravan-config`; user volumes stay out of its way. */
export const RESERVED_VOLUME_PREFIX = 'caravan-';

export interface PortFact {
  /** Undefined when the number is invalid (already reported). */
  port?: number;
  alias?: string;
  at: string;
}

export interface ComponentFacts {
  index: number;
  at: string;
  name?: string;
  kind?: ComponentKind;
  ports: PortFact[];
  env: { name: string; at: string }[];
  dependsOn: { name: string; at: string }[];
}

export function checkComponent(check: ShapeCheck, value: unknown, index: number, parameterNames: ReadonlySet<string>): ComponentFacts {
  const at = childPointer('/components', index);
  const facts: ComponentFacts = { index, at, ports: [], env: [], dependsOn: [] };
  const c = check.object(value, at, `component ${index}`, COMPONENT_FIELDS, ['name', 'image']);
  if (!c) return facts;

  const name = check.string(c.name, childPointer(at, 'name'), 'the component name');
  if (name !== undefined) {
    if (isDns1123Label(name)) facts.name = name;
    else check.add(childPointer(at, 'name'), `component name "${name}" must be ${DNS1123_LABEL_RULE}`, 'format');
  }
  const label = `component "${name ?? index}"`;

  // Undefined when the kind is invalid (already reported): kind-dependent rules then stay silent.
  const kind = c.kind === undefined ? DEFAULT_KIND : check.oneOf(c.kind, childPointer(at, 'kind'), `the kind of ${label}`, COMPONENT_KINDS);
  if (kind) facts.kind = kind;
  const runsToCompletion = kind === 'job' || kind === 'cronjob';

  const image = check.string(c.image, childPointer(at, 'image'), `the image of ${label}`);
  if (image !== undefined) {
    const parsed = tryParseImageReference(image);
    if (!parsed.ok) check.add(childPointer(at, 'image'), `image "${image}" of ${label} is not an image reference: ${parsed.reason}`, 'format');
  }

  const replicas = check.integer(c.replicas, childPointer(at, 'replicas'), `replicas of ${label}`, 0, REPLICAS_MAX);
  if (replicas !== undefined && runsToCompletion) {
    check.add(childPointer(at, 'replicas'), `${label} is a ${kind}: replicas apply only to stateless and stateful components`, 'not-allowed');
  }

  const schedule = check.string(c.schedule, childPointer(at, 'schedule'), `the schedule of ${label}`);
  if (kind === 'cronjob' && c.schedule === undefined) {
    check.add(childPointer(at, 'schedule'), `${label} is a cronjob and needs a schedule, e.g. "0 3 * * *"`, 'required');
  }
  if (c.schedule !== undefined && kind !== undefined && kind !== 'cronjob') {
    check.add(childPointer(at, 'schedule'), `${label} is ${kind}: only a cronjob has a schedule`, 'not-allowed');
  } else if (schedule !== undefined) {
    const problem = cronScheduleProblem(schedule);
    if (problem) check.add(childPointer(at, 'schedule'), `schedule "${schedule}" of ${label} is not a cron schedule: ${problem}`, 'format');
  }

  checkPorts(check, c.ports, childPointer(at, 'ports'), label, kind, facts);
  checkEnv(check, c.env, childPointer(at, 'env'), label, parameterNames, facts);
  const mountPaths = new Map<string, string>();
  checkConfigFiles(check, c.configFiles, childPointer(at, 'configFiles'), label, mountPaths);
  checkVolumes(check, c.volumes, childPointer(at, 'volumes'), label, kind, mountPaths);

  const dependsOn = check.strings(c.dependsOn, childPointer(at, 'dependsOn'), `dependsOn of ${label}`);
  if (dependsOn) {
    const list = c.dependsOn as unknown[];
    list.forEach((d, i) => {
      if (typeof d === 'string') facts.dependsOn.push({ name: d, at: childPointer(at, 'dependsOn', i) });
    });
  }

  checkResources(check, c.resources, childPointer(at, 'resources'), label);
  checkProbes(check, c.probes, childPointer(at, 'probes'), label);
  check.strings(c.command, childPointer(at, 'command'), `the command of ${label}`);
  check.strings(c.args, childPointer(at, 'args'), `the args of ${label}`);
  checkPodMetadata(check, c.labels, childPointer(at, 'labels'), 'label', label);
  checkPodMetadata(check, c.annotations, childPointer(at, 'annotations'), 'annotation', label);
  return facts;
}

function checkPorts(check: ShapeCheck, value: unknown, at: string, label: string, kind: ComponentKind | undefined, facts: ComponentFacts): void {
  const ports = check.array(value, at, `ports of ${label}`);
  if (!ports) return;
  if (ports.length > 0 && (kind === 'job' || kind === 'cronjob')) {
    check.add(at, `${label} is a ${kind}: it runs to completion and gets no Service, so it cannot declare ports`, 'not-allowed');
  }
  const seen = new Map<number, string>();
  let externalHttp: string | undefined;
  ports.forEach((item, i) => {
    const p = childPointer(at, i);
    const port = check.object(item, p, `port ${i} of ${label}`, PORT_FIELDS, ['port']);
    if (!port) return;
    const number = check.integer(port.port, childPointer(p, 'port'), `port ${i} of ${label}`, 1, 65535);
    const protocol = check.oneOf(port.protocol, childPointer(p, 'protocol'), `the protocol of port ${i} of ${label}`, PORT_PROTOCOLS);
    const expose = check.oneOf(port.expose, childPointer(p, 'expose'), `expose of port ${i} of ${label}`, PORT_EXPOSES);
    // The Ingress routes each host of the install to one backend port, so a
    // second external http port would get no route at all.
    if (protocol === 'http' && expose === 'external') {
      if (externalHttp === undefined) externalHttp = p;
      else check.add(childPointer(p, 'expose'), `${label} already exposes an http port externally (at ${externalHttp}); its Ingress routes each host to one port`, 'conflict');
    }
    let alias = check.string(port.alias, childPointer(p, 'alias'), `the alias of port ${i} of ${label}`);
    if (alias !== undefined && !(ALIAS.test(alias) && alias.length <= ALIAS_MAX)) {
      check.add(childPointer(p, 'alias'), `alias "${alias}" of ${label} must be ${ALIAS_RULE}, at most ${ALIAS_MAX} characters (it names the ${alias}_HOST and ${alias}_PORT variables)`, 'format');
      alias = undefined;
    }
    if (number !== undefined) {
      const earlier = seen.get(number);
      if (earlier !== undefined) {
        check.add(childPointer(p, 'port'), `port ${number} of ${label} is declared twice (also at ${earlier})`, 'duplicate');
        return;
      }
      seen.set(number, childPointer(p, 'port'));
    }
    // A port with a bad number still carries its alias, so dependents are not reported as well.
    const fact: PortFact = { at: p };
    if (number !== undefined) fact.port = number;
    if (alias !== undefined) fact.alias = alias;
    facts.ports.push(fact);
  });
}

function checkEnv(check: ShapeCheck, value: unknown, at: string, label: string, parameterNames: ReadonlySet<string>, facts: ComponentFacts): void {
  const env = check.array(value, at, `env of ${label}`);
  if (!env) return;
  const seen = new Map<string, string>();
  env.forEach((item, i) => {
    const p = childPointer(at, i);
    const e = check.object(item, p, `env ${i} of ${label}`, ENV_FIELDS, ['name']);
    if (!e) return;
    const name = check.string(e.name, childPointer(p, 'name'), `the name of env ${i} of ${label}`);
    const what = name === undefined ? `env ${i} of ${label}` : `env ${name} of ${label}`;
    check.string(e.value, childPointer(p, 'value'), `the value of ${what}`, ' (quote numbers and booleans in YAML, e.g. "8080")');
    const ref = check.string(e.fromParameter, childPointer(p, 'fromParameter'), `fromParameter of ${what}`);
    if ((e.value === undefined) === (e.fromParameter === undefined)) {
      check.add(p, `${what} needs exactly one of "value" and "fromParameter"`, 'conflict');
    }
    if (ref !== undefined && !parameterNames.has(ref)) {
      check.add(childPointer(p, 'fromParameter'), `${what} refers to parameter "${ref}", which the app does not declare`, 'reference');
    }
    if (name === undefined) return;
    if (!ENV_NAME.test(name) || name.length > ENV_NAME_MAX) {
      check.add(childPointer(p, 'name'), `env name "${name}" of ${label} must be ${ENV_NAME_RULE}, at most ${ENV_NAME_MAX} characters`, 'format');
      return;
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      check.add(childPointer(p, 'name'), `env ${name} of ${label} is set twice (also at ${earlier})`, 'duplicate');
      return;
    }
    seen.set(name, childPointer(p, 'name'));
    facts.env.push({ name, at: childPointer(p, 'name') });
  });
}

/** An absolute, normalised file path: no `.`/`..` segments, no `//`, no trailing `/`. */
function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must be an absolute path';
  if (path === '/') return 'cannot be the root directory';
  if (path.endsWith('/')) return 'must not end with "/"';
  if (path.split('/').slice(1).some((s) => s === '' || s === '.' || s === '..')) return 'must be normalised (no empty, "." or ".." segments)';
  return undefined;
}

function checkMountPath(check: ShapeCheck, value: unknown, at: string, what: string, mountPaths: Map<string, string>): void {
  const path = check.string(value, at, `the path of ${what}`);
  if (path === undefined) return;
  const problem = pathProblem(path);
  if (problem) {
    check.add(at, `path "${path}" of ${what} ${problem}`, 'format');
    return;
  }
  const earlier = mountPaths.get(path);
  if (earlier !== undefined) {
    check.add(at, `path "${path}" of ${what} is already mounted (at ${earlier})`, 'duplicate');
    return;
  }
  mountPaths.set(path, at);
}

function checkConfigFiles(check: ShapeCheck, value: unknown, at: string, label: string, mountPaths: Map<string, string>): void {
  const files = check.array(value, at, `configFiles of ${label}`);
  if (!files) return;
  let bytes = 0;
  files.forEach((item, i) => {
    const p = childPointer(at, i);
    const f = check.object(item, p, `config file ${i} of ${label}`, CONFIG_FILE_FIELDS, ['path', 'content']);
    if (!f) return;
    checkMountPath(check, f.path, childPointer(p, 'path'), `config file ${i} of ${label}`, mountPaths);
    const content = check.string(f.content, childPointer(p, 'content'), `the content of config file ${i} of ${label}`);
    if (content !== undefined) bytes += new TextEncoder().encode(content).length;
  });
  if (bytes > CONFIG_FILES_MAX_BYTES) {
    check.add(at, `the config files of ${label} hold ${bytes} bytes; a ConfigMap holds at most 1 MiB (${CONFIG_FILES_MAX_BYTES} bytes)`, 'range');
  }
}

function checkVolumes(check: ShapeCheck, value: unknown, at: string, label: string, kind: ComponentKind | undefined, mountPaths: Map<string, string>): void {
  const volumes = check.array(value, at, `volumes of ${label}`);
  if (!volumes) return;
  const names = new Map<string, string>();
  volumes.forEach((item, i) => {
    const p = childPointer(at, i);
    const v = check.object(item, p, `volume ${i} of ${label}`, VOLUME_FIELDS, ['name', 'path', 'size']);
    if (!v) return;
    const name = check.string(v.name, childPointer(p, 'name'), `the name of volume ${i} of ${label}`);
    if (name !== undefined) {
      if (!isDns1123Label(name)) check.add(childPointer(p, 'name'), `volume name "${name}" of ${label} must be ${DNS1123_LABEL_RULE}`, 'format');
      else if (name.startsWith(RESERVED_VOLUME_PREFIX)) check.add(childPointer(p, 'name'), `volume name "${name}" of ${label} starts with "${RESERVED_VOLUME_PREFIX}", which names Caravan's own volumes (config files)`, 'not-allowed');
      else if (names.has(name)) check.add(childPointer(p, 'name'), `volume name "${name}" of ${label} is used twice (also at ${names.get(name)})`, 'duplicate');
      else names.set(name, childPointer(p, 'name'));
    }
    const what = `volume ${name ?? i} of ${label}`;
    checkMountPath(check, v.path, childPointer(p, 'path'), what, mountPaths);
    const size = check.string(v.size, childPointer(p, 'size'), `the size of ${what}`, ' such as "10Gi"');
    if (size !== undefined) {
      const q = parseQuantity(size);
      if (!SIZE_PATTERN.test(size) || !q || q.value < 1 || !Number.isInteger(q.value)) {
        check.add(childPointer(p, 'size'), `size "${size}" of ${what} must be a positive whole number of bytes as a Kubernetes quantity, e.g. 512Mi or 10Gi`, 'format');
      }
    }
    const mode = check.oneOf(v.accessMode, childPointer(p, 'accessMode'), `the accessMode of ${what}`, ACCESS_MODES);
    const storageClass = check.string(v.storageClass, childPointer(p, 'storageClass'), `the storageClass of ${what}`);
    if (storageClass !== undefined && !(DNS1123_SUBDOMAIN.test(storageClass) && storageClass.length <= DNS1123_SUBDOMAIN_MAX)) {
      check.add(childPointer(p, 'storageClass'), `storage class "${storageClass}" of ${what} must be a DNS-1123 subdomain (lower-case letters, digits, "-" and ".")`, 'format');
    }
    // A stateful component gets one claim per replica (volumeClaimTemplates).
    // A stateless one shares one claim among all its pods, which a
    // ReadWriteOnce volume allows on one node only: a pod on another node (a
    // second replica, or the new pod of a rolling update) never starts. A job
    // or cronjob runs one pod at a time, so it may use one.
    const effectiveMode = mode ?? (v.accessMode === undefined ? 'ReadWriteOnce' : undefined);
    if (kind === 'stateless' && effectiveMode === 'ReadWriteOnce') {
      check.add(
        v.accessMode === undefined ? p : childPointer(p, 'accessMode'),
        `${what} is ReadWriteOnce${v.accessMode === undefined ? ' (the default)' : ''}, which needs a stateful component (one claim per replica); a stateless component's pods share one claim, so use ReadWriteMany or ReadOnlyMany, or make the component stateful`,
        'not-allowed',
      );
    }
  });
}

/** Requests and limits of cpu and memory; also the check of install values' `resources` (deploy/render). */
export function checkResources(check: ShapeCheck, value: unknown, at: string, label: string): void {
  if (value === undefined) return;
  const r = check.object(value, at, `resources of ${label}`, ['requests', 'limits']);
  if (!r) return;
  const parsed: Record<string, Record<string, number>> = {};
  for (const group of ['requests', 'limits'] as const) {
    if (r[group] === undefined) continue;
    const gAt = childPointer(at, group);
    const list = check.object(r[group], gAt, `resources.${group} of ${label}`, ['cpu', 'memory']);
    if (!list) continue;
    parsed[group] = {};
    for (const resource of ['cpu', 'memory'] as const) {
      const rAt = childPointer(gAt, resource);
      const example = resource === 'cpu' ? '"100m" or "0.5"' : '"128Mi" or "1Gi"';
      const text = check.string(list[resource], rAt, `${group}.${resource} of ${label}`, ` such as ${example}`);
      if (text === undefined) continue;
      const q = parseQuantity(text);
      if (!q || q.value <= 0) {
        check.add(rAt, `${group}.${resource} "${text}" of ${label} is not a positive Kubernetes quantity such as ${example}`, 'format');
        continue;
      }
      if (resource === 'memory' && q.suffix === 'm') {
        check.add(rAt, `${group}.memory "${text}" of ${label} means ${q.value} bytes ("m" is milli); write Mi for mebibytes`, 'format');
        continue;
      }
      parsed[group][resource] = q.value;
    }
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const request = parsed.requests?.[resource];
    const limit = parsed.limits?.[resource];
    if (request !== undefined && limit !== undefined && request > limit) {
      check.add(
        childPointer(at, 'requests', resource),
        `requests.${resource} of ${label} (${String((r.requests as Record<string, unknown>)[resource])}) is above limits.${resource} (${String((r.limits as Record<string, unknown>)[resource])})`,
        'range',
      );
    }
  }
}

function checkProbes(check: ShapeCheck, value: unknown, at: string, label: string): void {
  if (value === undefined) return;
  const probes = check.object(value, at, `probes of ${label}`, PROBE_KINDS);
  if (!probes) return;
  for (const probeKind of PROBE_KINDS) {
    if (probes[probeKind] === undefined) continue;
    const pAt = childPointer(at, probeKind);
    const what = `the ${probeKind} probe of ${label}`;
    const probe = check.object(probes[probeKind], pAt, what, [...PROBE_HANDLERS, ...PROBE_TIMINGS]);
    if (!probe) continue;
    const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined);
    if (handlers.length !== 1) {
      check.add(pAt, `${what} needs exactly one of http, tcp and exec${handlers.length > 1 ? `, not ${handlers.join(' and ')}` : ''}`, 'conflict');
    }
    if (probe.http !== undefined) {
      const hAt = childPointer(pAt, 'http');
      const http = check.object(probe.http, hAt, `the http check of ${what}`, ['path', 'port'], ['path', 'port']);
      if (http) {
        const path = check.string(http.path, childPointer(hAt, 'path'), `the path of ${what}`);
        if (path !== undefined && !path.startsWith('/')) check.add(childPointer(hAt, 'path'), `the path of ${what} must start with "/"`, 'format');
        checkProbePort(check, http.port, childPointer(hAt, 'port'), what);
      }
    }
    if (probe.tcp !== undefined) {
      const tAt = childPointer(pAt, 'tcp');
      const tcp = check.object(probe.tcp, tAt, `the tcp check of ${what}`, ['port'], ['port']);
      if (tcp) checkProbePort(check, tcp.port, childPointer(tAt, 'port'), what);
    }
    if (probe.exec !== undefined) {
      const eAt = childPointer(pAt, 'exec');
      const exec = check.object(probe.exec, eAt, `the exec check of ${what}`, ['command'], ['command']);
      const command = exec ? check.strings(exec.command, childPointer(eAt, 'command'), `the command of ${what}`) : undefined;
      if (command && command.length === 0) check.add(childPointer(eAt, 'command'), `the command of ${what} must not be empty`, 'required');
    }
    check.integer(probe.initialDelaySeconds, childPointer(pAt, 'initialDelaySeconds'), `initialDelaySeconds of ${what}`, 0, INT32_MAX);
    for (const timing of ['periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const) {
      check.integer(probe[timing], childPointer(pAt, timing), `${timing} of ${what}`, 1, INT32_MAX);
    }
  }
}

/**
 * A probe port is a number: any port the container listens on, since a health
 * port need not be one of the component's (Service) ports.
 */
function checkProbePort(check: ShapeCheck, value: unknown, at: string, what: string): void {
  check.integer(value, at, `the port of ${what}`, 1, 65535);
}

/**
 * Labels or annotations for the component's pods: a map of Kubernetes keys
 * to strings. Keys under `app.kubernetes.io/` and `caravan.dev/` are refused,
 * since Caravan sets those itself (its selectors depend on them); any other
 * prefix, a subdomain of caravan.dev included, is the user's.
 */
function checkPodMetadata(check: ShapeCheck, value: unknown, at: string, kind: 'label' | 'annotation', label: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    check.add(at, `the ${kind}s of ${label} must be a map of keys to strings`, 'type');
    return;
  }
  const all = Object.entries(value as Record<string, unknown>);
  if (all.length > POD_METADATA_MAX_KEYS) check.add(at, `${label} has ${all.length} ${kind}s; at most ${POD_METADATA_MAX_KEYS}`, 'range');
  let bytes = 0;
  for (const [key, v] of all) {
    const kAt = childPointer(at, key);
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) check.add(kAt, `${kind} key "${key}" of ${label} is not a Kubernetes ${kind} key: ${keyProblem}`, 'format');
    else if (isReservedKey(key)) check.add(kAt, `${kind} key "${key}" of ${label} is Caravan's own: app.kubernetes.io/* and caravan.dev/* are set by Caravan`, 'not-allowed');
    if (typeof v !== 'string') {
      check.add(kAt, `the value of ${kind} "${key}" of ${label} must be a string (quote numbers and booleans in YAML, e.g. "true")`, 'type');
      continue;
    }
    bytes += new TextEncoder().encode(key).length + new TextEncoder().encode(v).length;
    const valueProblem = kind === 'label' ? labelValueProblem(v) : undefined;
    if (valueProblem) check.add(kAt, `the value "${v}" of label "${key}" of ${label} is not a label value: ${valueProblem}`, 'format');
    if (kind === 'annotation' && v.length > ANNOTATION_VALUE_MAX) {
      check.add(kAt, `the value of annotation "${key}" of ${label} is ${v.length} characters; at most ${ANNOTATION_VALUE_MAX}`, 'range');
    }
  }
  if (kind === 'annotation' && bytes > ANNOTATIONS_MAX_BYTES) {
    check.add(at, `the annotations of ${label} hold ${bytes} bytes; Kubernetes allows at most 256 KiB (${ANNOTATIONS_MAX_BYTES} bytes) of annotations on an object`, 'range');
  }
}
