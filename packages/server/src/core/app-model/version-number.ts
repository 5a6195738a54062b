/**
 * Template version numbers: `MAJOR.MINOR` or `MAJOR.MINOR.PATCH` with an
 * optional pre-release suffix (`1.0`, `1.0.3`, `2.0.0-rc.1`), ordered by
 * semver precedence, and a sort key whose plain string order is that order
 * (the store sorts version rows by it).
 *
 * Decisions:
 * - `1.0` has the precedence of `1.0.0`, but they are distinct strings. To give
 *   a total order (and distinct sort keys) the two-part form sorts just before
 *   the three-part one. `equivalentVersions` tells the two apart from "same
 *   precedence", and `versionPrecedenceKey` is what the store keeps unique per
 *   template, so `1.0.0` is refused when `1.0` exists or existed.
 * - Build metadata (`+build.5`) is not accepted: it does not take part in
 *   precedence, so two distinct version strings would compare equal.
 * - Every number (core parts and numeric pre-release identifiers) has at most
 *   9 digits, so the sort key can zero-pad it to a fixed width.
 */

export interface VersionNumber {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Whether the PATCH part was written (`1.0.0`) or not (`1.0`). */
  readonly hasPatch: boolean;
  /** Dot-separated identifiers after `-`; empty for a release. */
  readonly prerelease: readonly (string | number)[];
  readonly raw: string;
}

export type VersionNumberResult = { ok: true; version: VersionNumber } | { ok: false; reason: string };

const MAX_DIGITS = 9;
const MAX_LENGTH = 64;
const NUMERIC = '(0|[1-9][0-9]*)';
const VERSION_RE = new RegExp(`^${NUMERIC}\\.${NUMERIC}(?:\\.${NUMERIC})?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`);

/** Parses a version string, or says why it is not one. */
export function tryParseVersionNumber(raw: string): VersionNumberResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'a version must be a string' };
  if (raw.length > MAX_LENGTH) return { ok: false, reason: `a version is at most ${MAX_LENGTH} characters` };
  const m = VERSION_RE.exec(raw);
  if (!m) {
    return {
      ok: false,
      reason: `"${raw}" is not a version: use MAJOR.MINOR or MAJOR.MINOR.PATCH with an optional pre-release suffix, e.g. 1.0, 1.0.3, 2.0.0-rc.1 (numbers without leading zeros, no build metadata)`,
    };
  }
  const numbers = [m[1], m[2], m[3]].filter((s): s is string => s !== undefined);
  if (numbers.some((s) => s.length > MAX_DIGITS)) return { ok: false, reason: `each number in a version has at most ${MAX_DIGITS} digits` };
  const prerelease: (string | number)[] = [];
  for (const id of m[4]?.split('.') ?? []) {
    if (/^[0-9]+$/.test(id)) {
      if (id.length > 1 && id.startsWith('0')) return { ok: false, reason: `pre-release identifier "${id}" is numeric and must not have leading zeros` };
      if (id.length > MAX_DIGITS) return { ok: false, reason: `numeric pre-release identifier "${id}" has more than ${MAX_DIGITS} digits` };
      prerelease.push(Number(id));
    } else {
      prerelease.push(id);
    }
  }
  return {
    ok: true,
    version: {
      major: Number(m[1]),
      minor: Number(m[2]),
      patch: m[3] === undefined ? 0 : Number(m[3]),
      hasPatch: m[3] !== undefined,
      prerelease,
      raw,
    },
  };
}

/** Parses a version string; throws a TypeError saying why when it is not one. */
export function parseVersionNumber(raw: string): VersionNumber {
  const result = tryParseVersionNumber(raw);
  if (!result.ok) throw new TypeError(result.reason);
  return result.version;
}

export function isValidVersionNumber(raw: string): boolean {
  return tryParseVersionNumber(raw).ok;
}

/** Semver precedence only: `1.0` and `1.0.0` are 0 here. */
export function comparePrecedence(a: string, b: string): number {
  return precedence(parseVersionNumber(a), parseVersionNumber(b));
}

/**
 * A total order for sorting: precedence first; for equal precedence (only
 * `1.0` against `1.0.0`) the two-part form first. 0 only for identical strings.
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersionNumber(a);
  const vb = parseVersionNumber(b);
  return precedence(va, vb) || Number(va.hasPatch) - Number(vb.hasPatch);
}

/** True when the two strings name the same version (`1.0` and `1.0.0`, or the same string). */
export function equivalentVersions(a: string, b: string): boolean {
  return comparePrecedence(a, b) === 0;
}

/**
 * A key whose plain string order (byte order, as SQLite's BINARY and
 * PostgreSQL's "C" collation compare) equals `compareVersions` order.
 *
 * It uses only digits and lower-case letters, so even a locale collation that
 * skips punctuation keeps the order:
 *   - the three core numbers, zero-padded to 9 digits;
 *   - `z` for a release, or `p` then the pre-release identifiers, each as
 *     `1` + 9-digit number (numeric) or `2` + hex-like letters + `0`
 *     (alphanumeric: each byte as two letters from g..v, so the `0` that ends
 *     it sorts before any longer identifier sharing its prefix), then `0` to
 *     end the list (a shorter list sorts first, as semver requires);
 *   - `2` or `3`: the written form, so `1.0` sorts just before `1.0.0`.
 */
export function versionSortKey(raw: string): string {
  const v = parseVersionNumber(raw);
  let key = pad(v.major) + pad(v.minor) + pad(v.patch);
  if (v.prerelease.length === 0) {
    key += 'z';
  } else {
    key += 'p';
    for (const id of v.prerelease) key += typeof id === 'number' ? `1${pad(id)}` : `2${letters(id)}0`;
    key += '0';
  }
  return key + (v.hasPatch ? '3' : '2');
}

/**
 * `versionSortKey` without its last character (the written form): equal for
 * exactly the versions `equivalentVersions` calls the same (`1.0` and
 * `1.0.0`), so a unique key on it refuses the other spelling of a version.
 */
export function versionPrecedenceKey(raw: string): string {
  return versionSortKey(raw).slice(0, -1);
}

function precedence(a: VersionNumber, b: VersionNumber): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // A pre-release has lower precedence than its release.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const x = a.prerelease[i]!;
    const y = b.prerelease[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1; // numeric identifiers sort before alphanumeric ones
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1; // ASCII order
  }
  return Math.sign(a.prerelease.length - b.prerelease.length);
}

function pad(n: number): string {
  return String(n).padStart(MAX_DIGITS, '0');
}

function letters(id: string): string {
  let out = '';
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    out += String.fromCharCode(103 + (code >> 4)) + String.fromCharCode(103 + (code & 15)); // 103 = 'g'
  }
  return out;
}
