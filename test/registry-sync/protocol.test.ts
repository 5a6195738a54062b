/** The pure parts of the client: challenge parsing and where a source registry is reached. */
import { describe, expect, it } from 'vitest';
import { parseChallenge } from '../../packages/server/src/core/registry/oci/auth.js';
import { isLoopbackHost, sourceBaseUrl } from '../../packages/server/src/core/registry/oci/reference.js';

describe('reading a WWW-Authenticate challenge', () => {
  it('keeps commas inside quoted scopes', () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push repository:c:pull",error="insufficient_scope"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:a/b:pull,push repository:c:pull', error: 'insufficient_scope' },
    });
  });

  it('reads Basic with a realm and unquoted values', () => {
    expect(parseChallenge('Basic realm="test registry", charset=UTF-8')).toEqual({ scheme: 'basic', params: { realm: 'test registry', charset: 'UTF-8' } });
  });

  it('unescapes escaped quotes', () => {
    expect(parseChallenge('Bearer realm="a\\"b"')?.params.realm).toBe('a"b');
  });
});

describe('choosing how to reach a source registry', () => {
  it('uses https for named hosts and docker.io, plain http for loopback', () => {
    expect(sourceBaseUrl('registry.example.com')).toBe('https://registry.example.com');
    expect(sourceBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
    expect(sourceBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(sourceBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(isLoopbackHost('[::1]:5000')).toBe(true);
    expect(isLoopbackHost('10.0.0.1:5000')).toBe(false);
  });

  it('follows the delivery registry URL when the source is on the same host', () => {
    expect(sourceBaseUrl('registry.example.com:8443', { url: 'http://registry.example.com:8443' })).toBe('http://registry.example.com:8443');
    expect(sourceBaseUrl('other.example.com', { url: 'http://registry.example.com' })).toBe('https://other.example.com');
  });
});
