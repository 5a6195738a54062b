/**
 * The field-level difference between two app documents (two versions of a
 * template): components and parameters added, removed and changed, and for
 * each changed one the fields with their old and new values.
 *
 * Scheme:
 * - Components and parameters are matched by name (a rename is a removal
 *   plus an addition).
 * - Field paths are JSON pointers relative to the component or parameter.
 *   Nested objects (resources, probes) are compared leaf by leaf:
 *   `/resources/limits/memory`, `/probes/readiness/http/path`.
 * - Lists whose items have a natural key are compared by key, so reordering
 *   them is not a change: `ports` by port number (`/ports/8080/protocol`),
 *   `env` by name (`/env/LOG_LEVEL/value`), `volumes` by name
 *   (`/volumes/data/size`), `configFiles` by path
 *   (`/configFiles/~1etc~1api~1config.yaml/content`, RFC 6901 escaping).
 *   An item added or removed is one change at its key (`/env/NEW`), with the
 *   whole item as the new (or old) value.
 * - `dependsOn` is a set: compared sorted, reported whole. `command` and
 *   `args` are ordered: reported whole when they differ.
 * - An absent value is left out: a change without `old` is an addition, one
 *   without `new` a removal (as the contract's FieldChange says).
 * - Both apps get the contract's defaults first (`defaults.ts`): leaving out
 *   `expose` and writing `expose: internal` is no change, and an added item
 *   shows its defaults (`{ port: 9090, protocol: tcp, expose: internal }`).
 * - The `default` of a secret parameter never appears: it shows as
 *   SECRET_MASK (judged on each side's own `secret` flag). Defaults are
 *   compared before masking, so a changed secret default is still listed.
 * - Output is deterministic: names sorted, fields in schema order, keys sorted
 *   (port numbers numerically).
 */
import { withDefaults } from './defaults.js';
import { COMPONENT_FIELDS, PARAMETER_FIELDS } from './fields.js';
import { escapePointerToken } from './json-pointer.js';
import type { App, AppDiff, Component, DiffChange, DiffSection, FieldChange, Parameter } from './types.js';

export const SECRET_MASK = '********';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Keyed = { kind: 'keyed'; numeric: boolean; items: Map<string, Json> };

export function diffApps(from: App, to: App): AppDiff {
  const a = withDefaults({ components: from.components ?? [], parameters: from.parameters ?? [] });
  const b = withDefaults({ components: to.components ?? [], parameters: to.parameters ?? [] });
  return {
    components: diffNamed(a.components, b.components, componentView, COMPONENT_FIELDS),
    parameters: diffNamed(a.parameters ?? [], b.parameters ?? [], parameterView, PARAMETER_FIELDS, maskSecretDefault),
  };
}

function diffNamed<T extends { name: string }>(
  from: readonly T[],
  to: readonly T[],
  view: (item: T) => Record<string, Json | Keyed>,
  fieldOrder: readonly string[],
  mask: (change: FieldChange, from: T, to: T) => FieldChange = (change) => change,
): DiffSection {
  const a = new Map(from.map((x) => [x.name, x]));
  const b = new Map(to.map((x) => [x.name, x]));
  const added = [...b.keys()].filter((n) => !a.has(n)).sort(compareStrings);
  const removed = [...a.keys()].filter((n) => !b.has(n)).sort(compareStrings);
  const changed: DiffChange[] = [];
  for (const name of [...a.keys()].filter((n) => b.has(n)).sort(compareStrings)) {
    const fields: FieldChange[] = [];
    const va = view(a.get(name)!);
    const vb = view(b.get(name)!);
    for (const key of orderKeys(Object.keys(va), Object.keys(vb), fieldOrder)) {
      diffValue(va[key], vb[key], `/${escapePointerToken(key)}`, fields);
    }
    if (fields.length > 0) changed.push({ name, fields: fields.map((f) => mask(f, a.get(name)!, b.get(name)!)) });
  }
  return { added, removed, changed };
}

function componentView(c: Component): Record<string, Json | Keyed> {
  const view: Record<string, Json | Keyed> = { ...(toJson(c) as Record<string, Json>) };
  if (c.ports) view.ports = keyed(c.ports, (p) => String(p.port), true);
  if (c.env) view.env = keyed(c.env, (e) => e.name, false);
  if (c.volumes) view.volumes = keyed(c.volumes, (v) => v.name, false);
  if (c.configFiles) view.configFiles = keyed(c.configFiles, (f) => f.path, false);
  if (c.dependsOn) view.dependsOn = [...c.dependsOn].sort(compareStrings);
  return view;
}

function parameterView(p: Parameter): Record<string, Json | Keyed> {
  return { ...(toJson(p) as Record<string, Json>) };
}

/**
 * Compared in the clear (so a changed secret default still shows as changed),
 * masked on output, each side by its own `secret` flag.
 */
function maskSecretDefault(change: FieldChange, from: Parameter, to: Parameter): FieldChange {
  if (change.path !== '/default') return change;
  const masked: FieldChange = { path: change.path };
  if ('old' in change) masked.old = from.secret === true ? SECRET_MASK : change.old;
  if ('new' in change) masked.new = to.secret === true ? SECRET_MASK : change.new;
  return masked;
}

function keyed<T>(items: readonly T[], keyOf: (item: T) => string, numeric: boolean): Keyed {
  const map = new Map<string, Json>();
  for (const item of items) {
    // A valid app has unique keys; a duplicate still shows up rather than vanishing.
    let key = keyOf(item);
    for (let n = 2; map.has(key); n++) key = `${keyOf(item)}#${n}`;
    map.set(key, toJson(item));
  }
  return { kind: 'keyed', numeric, items: map };
}

function diffValue(a: Json | Keyed | undefined, b: Json | Keyed | undefined, path: string, out: FieldChange[]): void {
  if (isKeyed(a) || isKeyed(b)) {
    const ma = isKeyed(a) ? a.items : new Map<string, Json>();
    const mb = isKeyed(b) ? b.items : new Map<string, Json>();
    const numeric = (isKeyed(a) && a.numeric) || (isKeyed(b) && b.numeric);
    const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort(numeric ? (x, y) => Number(x) - Number(y) || compareStrings(x, y) : compareStrings);
    for (const key of keys) diffValue(ma.get(key), mb.get(key), `${path}/${escapePointerToken(key)}`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of orderKeys(Object.keys(a), Object.keys(b), [])) diffValue(a[key], b[key], `${path}/${escapePointerToken(key)}`, out);
    return;
  }
  if (canonical(a) === canonical(b)) return;
  const change: FieldChange = { path };
  if (a !== undefined && a !== null) change.old = a;
  if (b !== undefined && b !== null) change.new = b;
  out.push(change);
}

/** Keys of both sides: those in `order` first, in that order, then the rest sorted. */
function orderKeys(a: readonly string[], b: readonly string[], order: readonly string[]): string[] {
  const all = new Set([...a, ...b]);
  return [...order.filter((k) => all.has(k)), ...[...all].filter((k) => !order.includes(k)).sort(compareStrings)];
}

function isKeyed(v: unknown): v is Keyed {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind?: unknown }).kind === 'keyed' && (v as Keyed).items instanceof Map;
}

function isObject(v: unknown): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON copy without undefined members, so a field set to undefined equals one left out. */
function toJson(v: unknown): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

/** JSON with sorted keys: equal values give equal strings whatever their key order. */
function canonical(v: Json | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object') {
    return `{${Object.keys(v)
      .sort(compareStrings)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
