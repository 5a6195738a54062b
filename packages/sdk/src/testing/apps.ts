/**
 * The fake's view of app models: the checks a portal's tests meet most (names,
 * images, duplicates, dependencies, parameter references), version numbers and
 * their order, the field-level diff of two apps, and the Kubernetes objects an
 * install of an app would apply. A subset of the server's app model: the server
 * also reads YAML text and judges ports, probes, volumes, resources and cron
 * schedules, which this leaves alone. Errors carry the server's pointers and
 * codes, so a test that looks at `errors[].pointer` sees the same answers.
 */
import type { App, Component, DiffSection, FieldChange, FieldError, InstallValues, Parameter } from '@caravan/contracts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_RULE = 'a DNS-1123 label: at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit';
const COMPONENT_KINDS = ['stateless', 'stateful', 'job', 'cronjob'];
const COMPONENT_FIELDS = ['name', 'kind', 'image', 'replicas', 'schedule', 'ports', 'env', 'configFiles', 'volumes', 'dependsOn', 'resources', 'probes', 'command', 'args', 'labels', 'annotations'];
const PARAMETER_FIELDS = ['name', 'type', 'description', 'default', 'required', 'secret', 'generate'];
/** How a changed secret default shows in a diff. */
export const SECRET_MASK = '********';

/** The errors of a name (a DNS-1123 label). */
export function nameErrors(value: unknown, pointer: string, what = 'name'): FieldError[] {
  if (typeof value !== 'string' || value.length === 0) return [{ pointer, message: `${what} is required`, code: 'required' }];
  if (value.length > 63 || !DNS1123_LABEL.test(value)) return [{ pointer, message: `${what} must be ${DNS1123_RULE}`, code: 'dns-1123-label' }];
  return [];
}

/** The errors of an optional piece of free text. */
export function textErrors(value: unknown, pointer: string, max = 4096): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'string') return [{ pointer, message: 'must be a string', code: 'type' }];
  if (value.length > max) return [{ pointer, message: `at most ${max} characters`, code: 'length' }];
  return [];
}

/** The errors of optional labels. */
export function labelsErrors(value: unknown, pointer: string): FieldError[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ pointer, message: 'labels must be an object of strings', code: 'type' }];
  return Object.entries(value)
    .filter(([, v]) => typeof v !== 'string')
    .map(([k]) => ({ pointer: `${pointer}/${escape(k)}`, message: 'label values must be strings', code: 'type' }));
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ---- version numbers ---------------------------------------------------

const NUMERIC = '(0|[1-9][0-9]{0,8})';
const VERSION_RE = new RegExp(`^${NUMERIC}\\.${NUMERIC}(?:\\.${NUMERIC})?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`);

interface ParsedVersion {
  readonly parts: readonly [number, number, number];
  readonly hasPatch: boolean;
  readonly prerelease: readonly (string | number)[];
}

function parseVersion(raw: string): ParsedVersion | undefined {
  const m = raw.length <= 64 ? VERSION_RE.exec(raw) : null;
  if (!m) return undefined;
  const prerelease = (m[4]?.split('.') ?? []).map((id) => (/^[0-9]+$/.test(id) ? Number(id) : id));
  return { parts: [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)], hasPatch: m[3] !== undefined, prerelease };
}

/** Why `raw` is not a version number, or undefined when it is one. */
export function versionNumberError(raw: unknown): FieldError | undefined {
  if (typeof raw !== 'string') return { pointer: '/version', message: 'a version must be a string', code: 'version-number' };
  if (parseVersion(raw) !== undefined) return undefined;
  return {
    pointer: '/version',
    message: `"${raw}" is not a version: use MAJOR.MINOR or MAJOR.MINOR.PATCH with an optional pre-release suffix, e.g. 1.0, 1.0.3, 2.0.0-rc.1 (numbers without leading zeros, no build metadata)`,
    code: 'version-number',
  };
}

/** The form two writings of one version share (`1.0` and `1.0.0`): a number is never used twice in either. */
export function versionIdentity(raw: string): string {
  const v = parseVersion(raw);
  return v === undefined ? raw : `${v.parts.join('.')}${v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : ''}`;
}

/** Semver precedence; `1.0` just before `1.0.0`, so the order is total. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return x.parts[i]! - y.parts[i]!;
  if (x.prerelease.length === 0 || y.prerelease.length === 0) {
    if (x.prerelease.length !== y.prerelease.length) return x.prerelease.length === 0 ? 1 : -1;
  } else {
    for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
      const p = x.prerelease[i];
      const q = y.prerelease[i];
      if (p === undefined) return -1;
      if (q === undefined) return 1;
      if (p === q) continue;
      if (typeof p === 'number' && typeof q === 'number') return p - q;
      if (typeof p === 'number') return -1;
      if (typeof q === 'number') return 1;
      return p < q ? -1 : 1;
    }
  }
  return Number(x.hasPatch) - Number(y.hasPatch);
}

// ---- apps ---------------------------------------------------------------

/** The app of a request: an object, or JSON text (the fake reads no YAML), with its errors under `/app`. */
export function readApp(input: unknown, prefix = '/app'): { app?: App; errors: FieldError[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { errors: [{ pointer: prefix, message: 'the fake client reads an app given as text only when it is JSON; give it as an object', code: 'yaml' }] };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { errors: [{ pointer: prefix, message: 'the app must be an object', code: 'type' }] };
  const app = value as App;
  const errors: FieldError[] = [];
  const at = (...tokens: (string | number)[]) => [prefix, ...tokens.map((t) => escape(String(t)))].join('/');
  if (!Array.isArray(app.components) || app.components.length === 0) {
    errors.push({ pointer: at('components'), message: 'an app has at least one component', code: 'required' });
    return { errors };
  }
  const names = new Map<string, number>();
  app.components.forEach((c: Component, i) => {
    errors.push(...nameErrors(c?.name, at('components', i, 'name'), `the name of component ${i}`));
    if (typeof c?.name === 'string') {
      if (names.has(c.name)) errors.push({ pointer: at('components', i, 'name'), message: `component "${c.name}" is already defined at ${at('components', names.get(c.name)!)}`, code: 'duplicate' });
      else names.set(c.name, i);
    }
    if (typeof c?.image !== 'string' || c.image.length === 0) errors.push({ pointer: at('components', i, 'image'), message: 'the image is required', code: 'required' });
    if (c?.kind !== undefined && !COMPONENT_KINDS.includes(c.kind)) errors.push({ pointer: at('components', i, 'kind'), message: `must be one of ${COMPONENT_KINDS.join(', ')}`, code: 'enum' });
  });
  const parameters = new Set((app.parameters ?? []).map((p) => p.name));
  app.components.forEach((c, i) => {
    const label = `component "${c.name ?? i}"`;
    const seen = new Set<string>();
    (c.dependsOn ?? []).forEach((d, j) => {
      const p = at('components', i, 'dependsOn', j);
      if (seen.has(d)) errors.push({ pointer: p, message: `${label} lists dependency "${d}" twice`, code: 'duplicate' });
      else if (d === c.name) errors.push({ pointer: p, message: `${label} depends on itself`, code: 'reference' });
      else if (!names.has(d)) errors.push({ pointer: p, message: `${label} depends on "${d}", which is not a component of the app`, code: 'reference' });
      seen.add(d);
    });
    (c.env ?? []).forEach((e, j) => {
      if (e.fromParameter !== undefined && !parameters.has(e.fromParameter)) {
        errors.push({ pointer: at('components', i, 'env', j, 'fromParameter'), message: `parameter "${e.fromParameter}" is not declared in parameters`, code: 'reference' });
      }
    });
  });
  return errors.length > 0 ? { errors } : { app, errors };
}

/** The images of an app, one record per component, not yet copied. */
export function imagesOf(app: App): { component: string; source: string }[] {
  return app.components.map((c) => ({ component: c.name, source: c.image }));
}

// ---- diff ---------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Keyed {
  readonly keyed: Map<string, Json>;
  readonly numeric: boolean;
}

const isKeyed = (v: unknown): v is Keyed => typeof v === 'object' && v !== null && (v as Keyed).keyed instanceof Map;
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v) && !isKeyed(v);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function keyed<T>(items: readonly T[], keyOf: (item: T) => string, numeric: boolean): Keyed {
  return { keyed: new Map(items.map((i) => [keyOf(i), i as unknown as Json])), numeric };
}

function componentView(c: Component): Record<string, Json | Keyed> {
  const view: Record<string, Json | Keyed> = { ...(c as unknown as Record<string, Json>) };
  // The contract's defaults, so leaving one out and writing it are no change.
  view.kind ??= 'stateless';
  if (c.ports) view.ports = keyed(c.ports.map((p) => ({ protocol: 'tcp', expose: 'internal', ...p })), (p) => String(p.port), true);
  if (c.env) view.env = keyed(c.env, (e) => e.name, false);
  if (c.volumes) view.volumes = keyed(c.volumes.map((v) => ({ accessMode: 'ReadWriteOnce', ...v })), (v) => v.name, false);
  if (c.configFiles) view.configFiles = keyed(c.configFiles, (f) => f.path, false);
  if (c.dependsOn) view.dependsOn = [...c.dependsOn].sort(byString);
  return view;
}

function parameterView(p: Parameter): Record<string, Json | Keyed> {
  return { type: 'string', required: false, secret: false, generate: false, ...(p as unknown as Record<string, Json>) };
}

function orderKeys(a: readonly string[], b: readonly string[], order: readonly string[]): string[] {
  const all = new Set([...a, ...b]);
  return [...order.filter((k) => all.has(k)), ...[...all].filter((k) => !order.includes(k)).sort(byString)];
}

function diffValue(a: Json | Keyed | undefined, b: Json | Keyed | undefined, path: string, out: FieldChange[]): void {
  if (isKeyed(a) || isKeyed(b)) {
    const ma = isKeyed(a) ? a.keyed : new Map<string, Json>();
    const mb = isKeyed(b) ? b.keyed : new Map<string, Json>();
    const numeric = (isKeyed(a) && a.numeric) || (isKeyed(b) && b.numeric);
    const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort(numeric ? (x, y) => Number(x) - Number(y) : byString);
    for (const key of keys) diffValue(ma.get(key), mb.get(key), `${path}/${escape(key)}`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of orderKeys(Object.keys(a), Object.keys(b), [])) diffValue(a[key], b[key], `${path}/${escape(key)}`, out);
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const change: FieldChange = { path };
  if (a !== undefined && a !== null) change.old = a;
  if (b !== undefined && b !== null) change.new = b;
  out.push(change);
}

function diffNamed<T extends { name: string }>(from: readonly T[], to: readonly T[], view: (x: T) => Record<string, Json | Keyed>, order: readonly string[], mask?: (c: FieldChange, a: T, b: T) => FieldChange): DiffSection {
  const a = new Map(from.map((x) => [x.name, x]));
  const b = new Map(to.map((x) => [x.name, x]));
  const changed: DiffSection['changed'] = [];
  for (const name of [...a.keys()].filter((n) => b.has(n)).sort(byString)) {
    const fields: FieldChange[] = [];
    const va = view(a.get(name)!);
    const vb = view(b.get(name)!);
    for (const key of orderKeys(Object.keys(va), Object.keys(vb), order)) diffValue(va[key], vb[key], `/${escape(key)}`, fields);
    if (fields.length > 0) changed.push({ name, fields: mask ? fields.map((f) => mask(f, a.get(name)!, b.get(name)!)) : fields });
  }
  return {
    added: [...b.keys()].filter((n) => !a.has(n)).sort(byString),
    removed: [...a.keys()].filter((n) => !b.has(n)).sort(byString),
    changed,
  };
}

/** Components and parameters added, removed and changed from `from` to `to`, field by field (secret defaults masked). */
export function diffApps(from: App, to: App): { components: DiffSection; parameters: DiffSection } {
  return {
    components: diffNamed(from.components, to.components, componentView, COMPONENT_FIELDS),
    parameters: diffNamed(from.parameters ?? [], to.parameters ?? [], parameterView, PARAMETER_FIELDS, (change, a, b) => {
      if (change.path !== '/default') return change;
      const masked: FieldChange = { path: change.path };
      if ('old' in change) masked.old = a.secret === true ? SECRET_MASK : change.old;
      if ('new' in change) masked.new = b.secret === true ? SECRET_MASK : change.new;
      return masked;
    }),
  };
}

/** JSON pointers of the leaves that differ between two documents. */
/** As the server's preview: leaves with old and new (absent for an addition or removal), same-length lists item by item. */
export function changedFields(a: unknown, b: unknown, path = ''): { path: string; old?: unknown; new?: unknown }[] {
  if (a === undefined && b === undefined) return [];
  if (isObject(a) && isObject(b)) return orderKeys(Object.keys(a), Object.keys(b), []).flatMap((k) => changedFields(a[k], b[k], `${path}/${escape(k)}`));
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((v, i) => changedFields(v, b[i], `${path}/${i}`));
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path: path || '/', ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) }];
}

// ---- rendering ----------------------------------------------------------

/** A Kubernetes object an install applies. */
export interface FakeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The component it runs, for workloads. */
  readonly component?: string;
  /** Pods it wants, for workloads. */
  readonly replicas?: number;
  readonly manifest: Record<string, unknown>;
}

const WORKLOADS: Record<string, { apiVersion: string; kind: string }> = {
  stateless: { apiVersion: 'apps/v1', kind: 'Deployment' },
  stateful: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  job: { apiVersion: 'batch/v1', kind: 'Job' },
  cronjob: { apiVersion: 'batch/v1', kind: 'CronJob' },
};

/**
 * The objects an install of `app` with `values` applies: a workload per component and a Service per
 * component with ports, named `<install>-<component>`. Much simpler than the server's rendering; what
 * a portal shows of a record (kinds, names, the workload's image and replicas) reads the same way.
 */
export function renderObjects(app: App, install: string, namespace: string, values: InstallValues): FakeObject[] {
  const objects: FakeObject[] = [];
  for (const c of app.components) {
    const kind = c.kind ?? 'stateless';
    const { apiVersion, kind: objectKind } = WORKLOADS[kind]!;
    const own = values.components?.[c.name];
    const replicas = kind === 'job' || kind === 'cronjob' ? 1 : (own?.replicas ?? c.replicas ?? 1);
    const name = `${install}-${c.name}`;
    const labels = { 'app.kubernetes.io/name': c.name, 'app.kubernetes.io/instance': install, 'app.kubernetes.io/managed-by': 'caravan' };
    const env = [...(c.env ?? []).map((e) => ({ name: e.name, value: e.value ?? `<${e.fromParameter ?? ''}>` })), ...Object.entries(own?.env ?? {}).map(([k, v]) => ({ name: k, value: v }))];
    const pod = { metadata: { labels }, spec: { containers: [{ name: c.name, image: c.image, ...(env.length > 0 ? { env } : {}) }] } };
    const spec = kind === 'cronjob' ? { schedule: c.schedule ?? '', jobTemplate: { spec: { template: pod } } } : kind === 'job' ? { template: pod } : { replicas, selector: { matchLabels: labels }, template: pod };
    objects.push({ apiVersion, kind: objectKind, namespace, name, component: c.name, replicas, manifest: { apiVersion, kind: objectKind, metadata: { name, namespace, labels }, spec } });
    if ((c.ports ?? []).length > 0) {
      const ports = c.ports!.map((p) => ({ name: `p${p.port}`, port: p.port, protocol: p.protocol === 'udp' ? 'UDP' : 'TCP' }));
      objects.push({ apiVersion: 'v1', kind: 'Service', namespace, name, manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { selector: labels, ports } } });
    }
  }
  return objects;
}
