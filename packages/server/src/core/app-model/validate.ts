/**
 * Validates an app document and reports every problem, each at its JSON
 * pointer. Per-component rules are in `validate-component.ts`; here are the
 * document's top level, the parameters, and the rules across components:
 * unique names and aliases, dependencies that exist, are not the component
 * itself, form no cycle and carry connection info, and injected connection
 * variables that do not collide with a component's own env.
 *
 * Decisions (see also the module comment of each rule's code):
 * - A dependency whose ports have no alias injects its first port under its
 *   name in upper snake case (`connection-info.ts`). One without any port is
 *   an error: `dependsOn` exists to inject `<ALIAS>_HOST`/`<ALIAS>_PORT`, it
 *   gets no Service, and Kubernetes has no start order, so such a dependency
 *   would silently do nothing. So is a name that makes no variable name
 *   (`1cache` would give `1CACHE_HOST`), and two dependencies that would
 *   inject the same variable (a name in upper snake case equal to another
 *   dependency's alias).
 * - A dependency on a job or cronjob is an error: they get no Service.
 * - A secret parameter has no `default`: the app model is readable by every
 *   viewer and copied into every version, so a secret there is not secret.
 *   Use `generate: true` or `required: true` instead.
 * - `generate` is for string secrets only, and contradicts `default` and
 *   `required`; `required` contradicts `default` (it would never be used).
 * - Aliases are unique across the app, not only per component: two
 *   dependencies with the same alias would inject the same variables.
 * - Fields the contract defaults (`kind: stateless`, parameter `type:
 *   string`, ...) may be left out; the rules apply to the defaulted value.
 *
 * Per component (validate-component.ts): ReadWriteOnce volumes only on
 * stateful components (and jobs, one pod at a time); probe ports are numbers
 * that need not be Service ports; jobs and cronjobs have no ports and no
 * replicas; memory in "m" (milli-bytes) is refused as the typo it always is.
 */
import { InvalidInputError, type FieldError } from '../shared/errors.js';
import { checkComponent, type ComponentFacts } from './validate-component.js';
import { APP_FIELDS, PARAMETER_FIELDS, PARAMETER_TYPES } from './fields.js';
import { connectionAliases } from './connection-info.js';
import { ALIAS, PARAMETER_NAME, PARAMETER_NAME_MAX, PARAMETER_NAME_RULE } from './formats.js';
import { childPointer } from './json-pointer.js';
import { tryParseApp } from './parse.js';
import { ShapeCheck } from './shape-check.js';
import type { App, ParameterType } from './types.js';


/** Every problem of the app document `app` (already parsed), in document order per rule. */
export function validateApp(app: unknown): FieldError[] {
  const check = new ShapeCheck();
  const doc = check.object(app, '', 'the app', APP_FIELDS, ['components']);
  if (!doc) return check.errors;

  const parameterNames = checkParameters(check, doc.parameters);

  const components = check.array(doc.components, '/components', 'components');
  if (components && components.length === 0) check.add('/components', 'an app needs at least one component', 'required');
  const facts = (components ?? []).map((c, i) => checkComponent(check, c, i, parameterNames));

  const byName = new Map<string, ComponentFacts>();
  for (const f of facts) {
    if (f.name === undefined) continue;
    const first = byName.get(f.name);
    if (first) check.add(childPointer(f.at, 'name'), `component name "${f.name}" is already used by ${first.at}`, 'duplicate');
    else byName.set(f.name, f);
  }

  checkAliases(check, facts);
  checkDependencies(check, facts, byName);
  checkCycles(check, facts, byName);
  checkConnectionCollisions(check, facts, byName);
  return check.errors;
}

/** Parses (object, JSON or YAML string) and validates; the App, or InvalidInputError with every problem. */
export function assertValidApp(input: unknown): App {
  const parsed = tryParseApp(input);
  if (!parsed.ok) throw new InvalidInputError('The app document does not parse', parsed.errors);
  const errors = validateApp(parsed.value);
  if (errors.length > 0) {
    throw new InvalidInputError(`The app document has ${errors.length} problem${errors.length === 1 ? '' : 's'}`, errors);
  }
  return parsed.value as App;
}

function checkParameters(check: ShapeCheck, value: unknown): Set<string> {
  const names = new Set<string>();
  const list = check.array(value, '/parameters', 'parameters');
  if (!list) return names;
  const seen = new Map<string, string>();
  list.forEach((item, i) => {
    const at = childPointer('/parameters', i);
    const p = check.object(item, at, `parameter ${i}`, PARAMETER_FIELDS, ['name']);
    if (!p) return;
    const name = check.string(p.name, childPointer(at, 'name'), `the name of parameter ${i}`);
    if (name !== undefined) {
      // A reference to a badly named parameter still resolves, so one mistake is reported once.
      names.add(name);
      if (!(PARAMETER_NAME.test(name) && name.length <= PARAMETER_NAME_MAX)) {
        check.add(childPointer(at, 'name'), `parameter name "${name}" must be ${PARAMETER_NAME_RULE}`, 'format');
      } else if (seen.has(name)) {
        check.add(childPointer(at, 'name'), `parameter "${name}" is declared twice (also at ${seen.get(name)})`, 'duplicate');
      } else {
        seen.set(name, childPointer(at, 'name'));
      }
    }
    const what = `parameter "${name ?? i}"`;
    // Undefined when the type is invalid (already reported): type-dependent rules then stay silent.
    const type = p.type === undefined ? 'string' : check.oneOf(p.type, childPointer(at, 'type'), `the type of ${what}`, PARAMETER_TYPES);
    check.string(p.description, childPointer(at, 'description'), `the description of ${what}`);
    const required = check.boolean(p.required, childPointer(at, 'required'), `required of ${what}`);
    const secret = check.boolean(p.secret, childPointer(at, 'secret'), `secret of ${what}`);
    const generate = check.boolean(p.generate, childPointer(at, 'generate'), `generate of ${what}`);

    if (p.default !== undefined) {
      const dAt = childPointer(at, 'default');
      if (secret) {
        check.add(dAt, `${what} is secret, so it has no default in the template (every reader of the version would see it); use generate: true or required: true`, 'not-allowed');
      } else if (type && !matchesType(p.default, type)) {
        check.add(dAt, `the default of ${what} must be ${type === 'integer' ? 'a whole number' : type === 'boolean' ? 'true or false' : 'a string'}, like its type`, 'type');
      }
      if (required) check.add(childPointer(at, 'required'), `${what} is required and has a default, which would never be used; drop one of them`, 'conflict');
    }
    if (generate) {
      const gAt = childPointer(at, 'generate');
      if ((type !== undefined && type !== 'string') || !secret) check.add(gAt, `${what} cannot be generated: generate is for secret string parameters`, 'not-allowed');
      if (p.default !== undefined && !secret) check.add(gAt, `${what} has both generate and a default; drop one of them`, 'conflict');
      if (required) check.add(gAt, `${what} is both required and generated; a generated value means an install need not give one, so drop one of them`, 'conflict');
    }
  });
  return names;
}

function matchesType(value: unknown, type: ParameterType): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isSafeInteger(value);
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

/** Aliases name app-wide variables, so they are unique across the whole app. */
function checkAliases(check: ShapeCheck, facts: readonly ComponentFacts[]): void {
  const seen = new Map<string, string>();
  for (const f of facts) {
    for (const p of f.ports) {
      if (p.alias === undefined) continue;
      const first = seen.get(p.alias);
      if (first !== undefined) check.add(childPointer(p.at, 'alias'), `alias "${p.alias}" is already used at ${first}; aliases are unique across the app`, 'duplicate');
      else seen.set(p.alias, childPointer(p.at, 'alias'));
    }
  }
}

function checkDependencies(check: ShapeCheck, facts: readonly ComponentFacts[], byName: ReadonlyMap<string, ComponentFacts>): void {
  for (const f of facts) {
    const label = `component "${f.name ?? f.index}"`;
    const seen = new Set<string>();
    for (const d of f.dependsOn) {
      if (seen.has(d.name)) {
        check.add(d.at, `${label} lists dependency "${d.name}" twice`, 'duplicate');
        continue;
      }
      seen.add(d.name);
      if (d.name === f.name) {
        check.add(d.at, `${label} depends on itself`, 'reference');
        continue;
      }
      const target = byName.get(d.name);
      if (!target) {
        check.add(d.at, `${label} depends on "${d.name}", which is not a component of the app`, 'reference');
        continue;
      }
      if (target.kind === 'job' || target.kind === 'cronjob') {
        check.add(d.at, `${label} depends on "${d.name}", a ${target.kind}, which runs to completion and has no Service to connect to`, 'reference');
        continue;
      }
      if (target.ports.length === 0) {
        check.add(d.at, `${label} depends on "${d.name}", which has no ports, so there is nothing to connect to and ${label} would receive no connection info`, 'reference');
        continue;
      }
      const [first] = connectionAliases({ name: d.name, ports: target.ports });
      if (first?.defaulted && !ALIAS.test(first.alias)) {
        check.add(
          d.at,
          `${label} depends on "${d.name}", whose ports have no alias, and its name does not make a variable name (${first.alias}_HOST); give a port of "${d.name}" an alias`,
          'reference',
        );
      }
    }
  }
}

/** Each dependency cycle once, at the `dependsOn` entry of its first component (in document order). */
function checkCycles(check: ShapeCheck, facts: readonly ComponentFacts[], byName: ReadonlyMap<string, ComponentFacts>): void {
  const edges = (f: ComponentFacts) =>
    f.dependsOn.flatMap((d) => {
      const t = byName.get(d.name);
      return t && t !== f ? [t] : [];
    });
  const state = new Map<ComponentFacts, 'open' | 'done'>();
  const stack: ComponentFacts[] = [];
  const reported = new Set<string>();

  const visit = (f: ComponentFacts): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of edges(f)) {
      if (state.get(t) === 'open') report(stack.slice(stack.indexOf(t)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };

  const report = (cycle: ComponentFacts[]): void => {
    // Rotate to start at the component that comes first in the document, so the same cycle reads the same.
    const start = cycle.indexOf(cycle.reduce((a, b) => (b.index < a.index ? b : a)));
    const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
    const key = ordered.map((c) => c.index).join(',');
    if (reported.has(key)) return;
    reported.add(key);
    const first = ordered[0]!;
    const next = ordered[1] ?? first;
    const entry = first.dependsOn.find((d) => d.name === next.name)!;
    const path = [...ordered, first].map((c) => c.name).join(' -> ');
    check.add(entry.at, `dependency cycle: ${path}`, 'cycle');
  };

  for (const f of facts) if (f.name !== undefined && byName.get(f.name) === f && !state.has(f)) visit(f);
}

function checkConnectionCollisions(check: ShapeCheck, facts: readonly ComponentFacts[], byName: ReadonlyMap<string, ComponentFacts>): void {
  for (const f of facts) {
    const injected = new Map<string, { from: string; alias: string; defaulted: boolean }>();
    for (const d of f.dependsOn) {
      const t = byName.get(d.name);
      if (!t || t === f) continue;
      for (const { alias, defaulted } of connectionAliases({ name: t.name!, ports: t.ports })) {
        const earlier = injected.get(`${alias}_HOST`);
        if (earlier && earlier.from !== t.name) {
          // Aliases are unique app-wide, so only a name-made alias can meet another dependency's: that one needs an alias.
          const fix = defaulted ? d.name : earlier.from;
          check.add(
            d.at,
            `dependency "${d.name}" of component "${f.name ?? f.index}" would inject ${alias}_HOST and ${alias}_PORT, which dependency "${earlier.from}" injects too (alias ${earlier.alias}); give a port of "${fix}" an alias`,
            'conflict',
          );
          continue;
        }
        injected.set(`${alias}_HOST`, { from: t.name!, alias, defaulted });
        injected.set(`${alias}_PORT`, { from: t.name!, alias, defaulted });
      }
    }
    for (const e of f.env) {
      const hit = injected.get(e.name);
      if (hit) {
        check.add(
          e.at,
          `env ${e.name} of component "${f.name ?? f.index}" collides with the connection variable injected from dependency "${hit.from}" (alias ${hit.alias}); rename the env var or the alias`,
          'conflict',
        );
      }
    }
  }
}
