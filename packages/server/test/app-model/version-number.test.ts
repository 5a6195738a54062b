import { describe, expect, test } from 'vitest';
import {
  comparePrecedence,
  compareVersions,
  equivalentVersions,
  isValidVersionNumber,
  parseVersionNumber,
  tryParseVersionNumber,
  versionSortKey,
} from '../../src/core/app-model/index.js';

describe('version numbers', () => {
  test('MAJOR.MINOR and MAJOR.MINOR.PATCH with an optional pre-release are accepted', () => {
    for (const v of ['1.0', '1.0.3', '2.0.0-rc.1', '0.1', '10.20.30', '1.0-beta', '1.0.0-alpha-1.x-y.0', '999999999.0']) {
      expect(isValidVersionNumber(v), v).toBe(true);
    }
    expect(parseVersionNumber('2.0.0-rc.1')).toEqual({ major: 2, minor: 0, patch: 0, hasPatch: true, prerelease: ['rc', 1], raw: '2.0.0-rc.1' });
    expect(parseVersionNumber('1.4')).toMatchObject({ major: 1, minor: 4, patch: 0, hasPatch: false, prerelease: [] });
  });

  test('anything else is refused with a reason', () => {
    const cases: [string, RegExp][] = [
      ['1', /is not a version/],
      ['v1.0', /is not a version/],
      ['1.0.0.0', /is not a version/],
      ['01.0', /is not a version/],
      ['1.0.0+build.5', /no build metadata/],
      ['1.0-', /is not a version/],
      ['1.0-rc..1', /is not a version/],
      ['1.0-rc.01', /pre-release identifier "01" is numeric and must not have leading zeros/],
      ['1234567890.0', /at most 9 digits/],
      ['1.0-rc.1234567890', /more than 9 digits/],
      [`1.0-${'a'.repeat(70)}`, /at most 64 characters/],
      ['', /is not a version/],
    ];
    for (const [v, reason] of cases) {
      const r = tryParseVersionNumber(v);
      expect(r.ok, v).toBe(false);
      if (!r.ok) expect(r.reason, v).toMatch(reason);
    }
    expect(() => parseVersionNumber('latest')).toThrow(TypeError);
  });

  test('numbers order numerically: 1.9 < 1.10', () => {
    expect(compareVersions('1.9', '1.10')).toBeLessThan(0);
    expect(compareVersions('1.10', '1.9')).toBeGreaterThan(0);
    expect(compareVersions('2.0', '10.0')).toBeLessThan(0);
    expect(compareVersions('1.0.9', '1.0.10')).toBeLessThan(0);
  });

  test('a pre-release sorts before its release: 2.0.0-rc.1 < 2.0.0', () => {
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('2.0-rc.1', '2.0')).toBeLessThan(0);
    expect(compareVersions('1.9', '2.0.0-rc.1')).toBeLessThan(0);
  });

  test('pre-releases follow semver precedence', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
    for (let i = 1; i < ordered.length; i++) expect(compareVersions(ordered[i - 1]!, ordered[i]!), `${ordered[i - 1]} < ${ordered[i]}`).toBeLessThan(0);
    expect(compareVersions('1.0.0-RC', '1.0.0-rc')).toBeLessThan(0); // ASCII: upper case first
  });

  test('1.0 has the precedence of 1.0.0 but is a distinct version that sorts just before it', () => {
    expect(comparePrecedence('1.0', '1.0.0')).toBe(0);
    expect(equivalentVersions('1.0', '1.0.0')).toBe(true);
    expect(equivalentVersions('1.0', '1.0.1')).toBe(false);
    expect(compareVersions('1.0', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.1')).toBeLessThan(0);
    expect(compareVersions('1.0', '1.0')).toBe(0);
  });

  test('sort keys order exactly like compareVersions, for a shuffled list', () => {
    const ordered = [
      '0.1',
      '0.9',
      '0.10',
      '1.0-alpha',
      '1.0.0-alpha',
      '1.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0',
      '1.0.0',
      '1.0.3',
      '1.9',
      '1.10',
      '1.10.1-0',
      '1.10.1-1',
      '1.10.1-a',
      '1.10.1',
      '2.0.0-rc.1',
      '2.0.0-rc.1.x',
      '2.0.0',
      '10.0',
      '999999999.999999999.999999999',
    ];
    // A fixed shuffle (seeded LCG) so a failure reproduces.
    let seed = 42;
    const shuffled = [...ordered];
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(shuffled).not.toEqual(ordered);
    expect([...shuffled].sort(compareVersions)).toEqual(ordered);
    const byKey = [...shuffled].sort((a, b) => (versionSortKey(a) < versionSortKey(b) ? -1 : versionSortKey(a) > versionSortKey(b) ? 1 : 0));
    expect(byKey).toEqual(ordered);
    // Every pair agrees, and distinct versions have distinct keys.
    for (const a of ordered) {
      for (const b of ordered) {
        const ka = versionSortKey(a);
        const kb = versionSortKey(b);
        expect(Math.sign(compareVersions(a, b)), `${a} vs ${b}`).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
      }
    }
  });

  test('sort keys use only digits and lower-case letters, so any collation keeps their order', () => {
    for (const v of ['1.0', '2.0.0-rc.1', '1.0.0-Alpha-1.x-Y.0']) expect(versionSortKey(v)).toMatch(/^[0-9a-z]+$/);
    expect(versionSortKey('1.10')).toBe('000000001000000010000000000z2');
  });
});
