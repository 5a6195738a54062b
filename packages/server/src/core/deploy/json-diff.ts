/**
 * Differences between JSON documents as JSON pointers (RFC 6901), for what an
 * upgrade would change (objects and the install's values) and for drift
 * (applied fields against the live object). The version diff of two apps has
 * its own rules (lists keyed by name or port: app-model/diff.ts).
 *
 * - `changes`: objects are compared key by key, arrays of the same length
 *   item by item (one changed env variable is one change, not the whole
 *   container list); anything else that differs is one change at its path,
 *   with `old` absent for an addition and `new` absent for a removal.
 * - `drift`: only what was applied counts; fields the API server or others
 *   added are not drift. Values compare as text, since the API server
 *   normalises quantities ("0.5" comes back as "500m").
 */
type Json = unknown;

export interface JsonChange {
  readonly path: string;
  readonly old?: Json;
  readonly new?: Json;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** One reference token of a JSON pointer (`a/b` -> `a~1b`). */
export const pointerToken = (key: string | number): string => String(key).replaceAll('~', '~0').replaceAll('/', '~1');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function changes(before: Json, after: Json, at = ''): JsonChange[] {
  if (before === undefined && after === undefined) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compare);
    return keys.flatMap((k) => changes(before[k], after[k], `${at}/${pointerToken(k)}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((v, i) => changes(v, after[i], `${at}/${i}`));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: at === '' ? '/' : at, ...(before === undefined ? {} : { old: before }), ...(after === undefined ? {} : { new: after }) }];
}

export function drift(applied: Json, live: Json, at = ''): string[] {
  if (isObject(applied)) {
    if (!isObject(live)) return [at];
    return Object.keys(applied)
      .sort(compare)
      .flatMap((k) => drift(applied[k], live[k], `${at}/${pointerToken(k)}`));
  }
  if (Array.isArray(applied)) {
    if (!Array.isArray(live) || live.length !== applied.length) return [at];
    return applied.flatMap((v, i) => drift(v, live[i], `${at}/${i}`));
  }
  return String(applied) === String(live) ? [] : [at];
}
