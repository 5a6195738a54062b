/**
 * An install's values, resolved against the app of the version it runs:
 * template parameter defaults < environment defaults < install values, and
 * `generate: true` parameters from the values the caller generated and keeps.
 *
 * Decisions:
 * - Install values are checked against the app: unknown parameters and
 *   components, wrong types, replicas on a job, hosts on a component without
 *   an external http port are refused, each at its pointer under `/values`.
 * - Environment defaults serve every template installed in the environment,
 *   so they may name parameters and components this app lacks, or set fields
 *   that do not apply to a component here (replicas of what is a job in this
 *   app): those are skipped, not refused. Their shape is checked when the
 *   environment is saved (`valuesShapeErrors`). A default of the wrong type
 *   for a parameter this app declares is refused, at `/defaults/...` (the
 *   field of the environment that holds it): silently falling back to the
 *   template's default would surprise, and the install can give its own value.
 * - Any value given (environment or install) wins over a generated one: a
 *   generated value stands in for "none given".
 * - `null` is not "unset": a value is a value of the parameter's type.
 * - Lists replace, maps merge: `hosts` of the install replace the
 *   environment's; `env` and `resources` merge entry by entry.
 */
import {
  checkResources,
  childPointer,
  DNS1123_SUBDOMAIN,
  DNS1123_SUBDOMAIN_MAX,
  ENV_NAME,
  parseQuantity,
  ShapeCheck,
  withDefaults,
  type App,
  type Component,
  type Parameter,
  type ResourceList,
  type Resources,
} from '../../app-model/index.js';
import { InvalidInputError, type FieldError } from '../../shared/errors.js';
import type { ComponentValues, InstallValues, ParameterValue, ResolvedValues } from './types.js';

const VALUES_FIELDS = ['parameters', 'components'] as const;
const COMPONENT_VALUES_FIELDS = ['replicas', 'env', 'hosts', 'resources'] as const;
const REPLICAS_MAX = 1000;
const ENV_NAME_MAX = 256;

/**
 * The values of `installValues` over `environmentDefaults` over the app's
 * defaults. `generated` holds a value for each parameter `parametersToGenerate`
 * names (the caller generates and persists them, so an upgrade keeps them).
 * Throws InvalidInputError listing every problem, with pointers into the
 * install request (`/values/...`) or the environment (`/defaults/...`).
 */
export function resolveValues(
  app: App,
  environmentDefaults: InstallValues | undefined,
  installValues: InstallValues | undefined,
  generated: { readonly [parameter: string]: string } = {},
): ResolvedValues {
  const full = withDefaults(app);
  const check = new ShapeCheck();
  const install = checkValues(check, full, installValues, '/values', 'strict');
  const environment = checkValues(check, full, environmentDefaults, '/defaults', 'lenient');

  const parameters: ResolvedValues['parameters'] = {};
  const notGenerated: string[] = [];
  for (const p of full.parameters ?? []) {
    const value = install.parameters[p.name] ?? environment.parameters[p.name] ?? p.default ?? (p.generate ? generated[p.name] : undefined);
    if (value !== undefined) {
      parameters[p.name] = value as ParameterValue;
    } else if (p.generate) {
      notGenerated.push(p.name);
    } else if (p.required) {
      check.add(childPointer('/values/parameters', p.name), `parameter "${p.name}" is required and has no value: give it in the install's values`, 'required');
    }
  }

  const components: ResolvedValues['components'] = {};
  for (const c of full.components) {
    const merged = mergeComponentValues(environment.components[c.name], install.components[c.name]);
    if (merged === undefined) continue;
    checkMergedResources(check, c, merged.resources, childPointer('/values/components', c.name, 'resources'));
    components[c.name] = merged;
  }

  if (check.errors.length > 0) {
    throw new InvalidInputError(`The install's values have ${check.errors.length} problem${check.errors.length === 1 ? '' : 's'}`, check.errors);
  }
  // The caller's mistake, not the user's; reported only once the values themselves are sound
  // (a given value of the wrong type is dropped above, and must be reported as such).
  if (notGenerated.length > 0) throw new TypeError(`generated parameters without a generated value: ${notGenerated.join(', ')} (ask parametersToGenerate)`);
  return { parameters: sortKeys(parameters), components: sortKeys(components) };
}

/**
 * The `generate: true` parameters that get no value from the environment's
 * defaults or the install's values, so the caller must generate (and keep)
 * one for each before `resolveValues`.
 */
export function parametersToGenerate(app: App, environmentDefaults: InstallValues | undefined, installValues: InstallValues | undefined): string[] {
  const given = (values: InstallValues | undefined, name: string) => isRecord(values) && isRecord(values.parameters) && values.parameters[name] !== undefined;
  return (app.parameters ?? []).filter((p) => p.generate === true && !given(installValues, p.name) && !given(environmentDefaults, p.name)).map((p) => p.name);
}

/**
 * Shape errors of values without knowing the app (parameter values are
 * strings, numbers or booleans; component values have their four fields):
 * what an environment's `defaults` can be checked against when it is saved.
 */
export function valuesShapeErrors(values: unknown, at: string): FieldError[] {
  const check = new ShapeCheck();
  const v = values === undefined ? undefined : check.object(values, at, 'the values', VALUES_FIELDS);
  if (v) {
    for (const [name, value] of entries(check, v.parameters, childPointer(at, 'parameters'), 'parameters')) {
      if (!['string', 'number', 'boolean'].includes(typeof value)) check.add(childPointer(at, 'parameters', name), `the value of parameter "${name}" must be a string, a number or true or false`, 'type');
    }
    for (const [name, value] of entries(check, v.components, childPointer(at, 'components'), 'components')) {
      checkComponentValues(check, value, childPointer(at, 'components', name), `component "${name}"`, undefined, 'strict');
    }
  }
  return check.errors;
}

type Mode = 'strict' | 'lenient';

interface CheckedValues {
  parameters: { [name: string]: ParameterValue };
  components: { [name: string]: ComponentValues };
}

/** The usable part of `values` for this app; problems recorded (strict: all of them; lenient: wrong types of declared parameters only). */
function checkValues(check: ShapeCheck, app: App, values: unknown, at: string, mode: Mode): CheckedValues {
  const out: CheckedValues = { parameters: {}, components: {} };
  if (values === undefined || values === null) return out;
  const v = check.object(values, at, mode === 'strict' ? "the install's values" : "the environment's defaults", VALUES_FIELDS);
  if (!v) return out;
  const declared = new Map((app.parameters ?? []).map((p) => [p.name, p]));
  for (const [name, value] of entries(check, v.parameters, childPointer(at, 'parameters'), 'parameters')) {
    const pAt = childPointer(at, 'parameters', name);
    const parameter = declared.get(name);
    if (!parameter) {
      if (mode === 'strict') check.add(pAt, `the app declares no parameter "${name}"`, 'reference');
      continue;
    }
    const problem = typeProblem(value, parameter);
    if (problem) {
      check.add(pAt, `${mode === 'strict' ? 'the value' : "the environment's default"} of parameter "${name}" must be ${problem}, like its type`, 'type');
      continue;
    }
    out.parameters[name] = value as ParameterValue;
  }
  const byName = new Map(app.components.map((c) => [c.name, c]));
  for (const [name, value] of entries(check, v.components, childPointer(at, 'components'), 'components')) {
    const component = byName.get(name);
    if (!component) {
      if (mode === 'strict') check.add(childPointer(at, 'components', name), `the app has no component "${name}"`, 'reference');
      continue;
    }
    const checked = checkComponentValues(mode === 'strict' ? check : new ShapeCheck(), value, childPointer(at, 'components', name), `component "${name}"`, component, mode);
    if (checked) out.components[name] = checked;
  }
  return out;
}

/** One component's values; with `component` known, fields that do not apply are refused (strict) or dropped (lenient). */
function checkComponentValues(check: ShapeCheck, value: unknown, at: string, label: string, component: Component | undefined, mode: Mode): ComponentValues | undefined {
  const v = check.object(value, at, `the values of ${label}`, COMPONENT_VALUES_FIELDS);
  if (!v) return undefined;
  const out: ComponentValues = {};
  const runsToCompletion = component?.kind === 'job' || component?.kind === 'cronjob';

  const replicas = check.integer(v.replicas, childPointer(at, 'replicas'), `replicas of ${label}`, 0, REPLICAS_MAX);
  if (replicas !== undefined) {
    if (!runsToCompletion) out.replicas = replicas;
    else if (mode === 'strict') check.add(childPointer(at, 'replicas'), `${label} is a ${component!.kind}: replicas apply only to stateless and stateful components`, 'not-allowed');
  }

  if (v.env !== undefined) {
    const env: { [name: string]: string } = {};
    for (const [name, text] of entries(check, v.env, childPointer(at, 'env'), `env of ${label}`)) {
      const eAt = childPointer(at, 'env', name);
      if (!ENV_NAME.test(name) || name.length > ENV_NAME_MAX) {
        check.add(eAt, `env name "${name}" of ${label} must be letters, digits and "_", not starting with a digit, at most ${ENV_NAME_MAX} characters`, 'format');
      } else if (check.string(text, eAt, `the value of env ${name} of ${label}`, ' (quote numbers and booleans in YAML, e.g. "8080")') !== undefined) {
        env[name] = text as string;
      }
    }
    out.env = env;
  }

  const hosts = check.strings(v.hosts, childPointer(at, 'hosts'), `hosts of ${label}`);
  if (hosts) {
    const seen = new Set<string>();
    hosts.forEach((host, i) => {
      const hAt = childPointer(at, 'hosts', i);
      if (!isHostName(host)) check.add(hAt, `host "${host}" of ${label} must be a DNS name such as shop.example.com, in lower case, optionally starting with "*."`, 'format');
      else if (seen.has(host)) check.add(hAt, `host "${host}" of ${label} is listed twice`, 'duplicate');
      seen.add(host);
    });
    const routed = component === undefined || (component.ports ?? []).some((p) => p.protocol === 'http' && p.expose === 'external');
    if (routed) out.hosts = hosts;
    else if (mode === 'strict') check.add(childPointer(at, 'hosts'), `${label} has no external http port, so it gets no Ingress for hosts to route to`, 'not-allowed');
  }

  if (v.resources !== undefined) {
    const before = check.errors.length;
    checkResources(check, v.resources, childPointer(at, 'resources'), label);
    if (check.errors.length === before) out.resources = v.resources as Resources;
  }
  return out;
}

function mergeComponentValues(lower: ComponentValues | undefined, upper: ComponentValues | undefined): ComponentValues | undefined {
  if (lower === undefined && upper === undefined) return undefined;
  const out: ComponentValues = {};
  const replicas = upper?.replicas ?? lower?.replicas;
  if (replicas !== undefined) out.replicas = replicas;
  if (lower?.env !== undefined || upper?.env !== undefined) out.env = sortKeys({ ...lower?.env, ...upper?.env });
  const hosts = upper?.hosts ?? lower?.hosts;
  if (hosts !== undefined) out.hosts = [...hosts];
  const resources = mergeResources(lower?.resources, upper?.resources);
  if (resources !== undefined) out.resources = resources;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `upper` over `lower`, each of requests/limits cpu/memory on its own; undefined when both are. */
export function mergeResources(lower: Resources | undefined, upper: Resources | undefined): Resources | undefined {
  if (lower === undefined && upper === undefined) return undefined;
  const out: Resources = {};
  for (const group of ['requests', 'limits'] as const) {
    const merged: ResourceList = { ...lower?.[group], ...upper?.[group] };
    const list: ResourceList = {};
    if (merged.cpu !== undefined) list.cpu = merged.cpu;
    if (merged.memory !== undefined) list.memory = merged.memory;
    if (list.cpu !== undefined || list.memory !== undefined) out[group] = list;
  }
  return out;
}

/** Requests may not exceed limits once the values are merged over the app (Kubernetes refuses the pod otherwise). */
function checkMergedResources(check: ShapeCheck, component: Component, values: Resources | undefined, at: string): void {
  if (values === undefined) return;
  const merged = mergeResources(component.resources, values);
  for (const resource of ['cpu', 'memory'] as const) {
    const request = merged?.requests?.[resource];
    const limit = merged?.limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    const r = parseQuantity(request);
    const l = parseQuantity(limit);
    if (r && l && r.value > l.value) {
      check.add(at, `with these values, requests.${resource} of component "${component.name}" (${request}) is above limits.${resource} (${limit})`, 'range');
    }
  }
}

function typeProblem(value: unknown, parameter: Parameter): string | undefined {
  if (parameter.type === 'integer') return typeof value === 'number' && Number.isSafeInteger(value) ? undefined : 'a whole number';
  if (parameter.type === 'boolean') return typeof value === 'boolean' ? undefined : 'true or false';
  return typeof value === 'string' ? undefined : 'a string';
}

/** Ingress hosts: a DNS-1123 subdomain, or one with a leading `*.` label (networking/v1 allows that wildcard). */
function isHostName(host: string): boolean {
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name.length > 0 && host.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(name);
}

/** The entries of a map-shaped field, or none (recording a type error) when it is not a map. */
function entries(check: ShapeCheck, value: unknown, at: string, what: string): [string, unknown][] {
  if (value === undefined) return [];
  if (!isRecord(value)) {
    check.add(at, `${what} must be a map of names to values`, 'type');
    return [];
  }
  return Object.entries(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortKeys<T>(record: { [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
