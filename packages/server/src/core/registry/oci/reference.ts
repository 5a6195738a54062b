/**
 * Where an image reference's registry is reached. Parsing itself is the app
 * model's (`parseImageReference`, re-exported here); this file adds the
 * endpoint rules of the copier:
 *
 * - an image reference has no scheme, so a source registry is reached over
 *   https, except loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`), which
 *   are reached over plain http, as Docker and crane treat them as insecure by
 *   default; a source on the delivery registry's host uses the delivery URL's
 *   scheme and CA bundle;
 * - `docker.io` is served from `registry-1.docker.io`;
 * - the delivery registry is reached at its configured URL, and a plain
 *   `http://` URL only when `allowInsecureHttp` is set.
 */
import { formatImageReference, isRepositoryPath, isTag, parseImageReference, tryParseImageReference, type ImageReference } from '../../app-model/image-reference.js';

export { formatImageReference, isRepositoryPath, isTag, parseImageReference, tryParseImageReference, type ImageReference };

/** `host[:port]` compared case-insensitively; `index.docker.io` and `docker.io` are one. */
export function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  return h === 'index.docker.io' || h === 'registry-1.docker.io' ? 'docker.io' : h;
}

export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Base URL (`scheme://host[:port]`) for a source registry host named in an image reference. */
export function sourceBaseUrl(registry: string, delivery?: { url: string }): string {
  const host = normalizeHost(registry);
  if (delivery !== undefined) {
    const d = new URL(delivery.url);
    if (normalizeHost(d.host) === host) return `${d.protocol}//${d.host}`;
  }
  if (host === 'docker.io') return 'https://registry-1.docker.io';
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
