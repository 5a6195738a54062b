import { describe, expect, test } from 'vitest';
import { formatImageReference, parseImageReference, tryParseImageReference } from '../../src/core/app-model/index.js';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

describe('image references', () => {
  test('a bare name is a Docker Hub official image', () => {
    expect(parseImageReference('postgres:16')).toEqual({ registry: 'docker.io', repository: 'library/postgres', tag: '16' });
    expect(parseImageReference('postgres')).toEqual({ registry: 'docker.io', repository: 'library/postgres' });
  });

  test('a two-part name without a host is on Docker Hub, not under library/', () => {
    expect(parseImageReference('bitnami/redis:7.2')).toEqual({ registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' });
  });

  test('index.docker.io is docker.io', () => {
    expect(parseImageReference('index.docker.io/library/nginx:1.27').registry).toBe('docker.io');
  });

  test('a registry host, with a port, and a nested path', () => {
    expect(parseImageReference('registry.example.com/shop/web:1.4.2')).toEqual({ registry: 'registry.example.com', repository: 'shop/web', tag: '1.4.2' });
    expect(parseImageReference('127.0.0.1:5000/a/b/c:v1')).toEqual({ registry: '127.0.0.1:5000', repository: 'a/b/c', tag: 'v1' });
    expect(parseImageReference('localhost/app')).toEqual({ registry: 'localhost', repository: 'app' });
    expect(parseImageReference('[::1]:5000/app:1')).toEqual({ registry: '[::1]:5000', repository: 'app', tag: '1' });
  });

  test('a registry port without a tag is not taken for a tag', () => {
    expect(parseImageReference('registry.example.com:5000/shop/web')).toEqual({ registry: 'registry.example.com:5000', repository: 'shop/web' });
  });

  test('digests, with or without a tag', () => {
    expect(parseImageReference(`registry.example.com/shop/web@${DIGEST}`)).toEqual({ registry: 'registry.example.com', repository: 'shop/web', digest: DIGEST });
    expect(parseImageReference(`postgres:16@${DIGEST}`)).toEqual({ registry: 'docker.io', repository: 'library/postgres', tag: '16', digest: DIGEST });
    const sha512 = `sha512:${'f'.repeat(128)}`;
    expect(parseImageReference(`app@${sha512}`).digest).toBe(sha512);
  });

  test('separators inside path components follow the grammar', () => {
    expect(parseImageReference('a/b_c/d__e/f.g/h---i:x').repository).toBe('a/b_c/d__e/f.g/h---i');
  });

  test('bad references say what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /non-empty/],
      [' postgres', /whitespace/],
      ['Postgres', /path component "Postgres" must be lower-case/],
      ['registry.example.com/Shop/web', /path component "Shop"/],
      ['shop//web', /empty path component/],
      ['shop/web_', /path component "web_"/],
      ['shop/___web', /path component "___web"/],
      ['web:', /tag "" must match/],
      ['web:-1', /tag "-1" must match/],
      [`web:${'a'.repeat(129)}`, /tag ".*" must match/],
      ['web@sha256:abc', /digest "sha256:abc" must be sha256:<64 lower-case hex digits>/],
      [`web@sha256:${'A'.repeat(64)}`, /lower-case hex/],
      [`web@md5:${'a'.repeat(32)}`, /must be sha256:<64 hex digits> or sha512/],
      ['-bad.example.com/app', /registry "-bad.example.com" is not a host name/],
      [`${'a'.repeat(256)}`, /longer than 255/],
      [':tag', /needs a repository name/],
    ];
    for (const [ref, reason] of cases) {
      const result = tryParseImageReference(ref);
      expect(result.ok, ref).toBe(false);
      if (!result.ok) expect(result.reason, ref).toMatch(reason);
    }
    expect(() => parseImageReference('UPPER')).toThrow(/invalid image reference "UPPER"/);
  });

  test('formatting gives the fully qualified form', () => {
    expect(formatImageReference(parseImageReference('postgres:16'))).toBe('docker.io/library/postgres:16');
    expect(formatImageReference(parseImageReference(`127.0.0.1:5000/a:b@${DIGEST}`))).toBe(`127.0.0.1:5000/a:b@${DIGEST}`);
  });
});
