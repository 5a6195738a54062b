/**
 * Image references, parsed by the grammar of the distribution project
 * (github.com/distribution/reference, `reference.go` / `normalize.go`):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 *   domain    := host [ ":" port ]
 *
 * plus Docker's normalisation: a first component is a registry host only when
 * it contains "." or ":" or is "localhost"; otherwise the image lives on
 * docker.io, and a single-component name there is under "library/".
 */

export interface ImageReference {
  /** Registry host with optional port, e.g. `docker.io`, `registry.example.com:5000`. */
  registry: string;
  /** Path inside the registry, e.g. `library/postgres`, `shop/web`. */
  repository: string;
  tag?: string;
  digest?: string;
}

export type ImageReferenceResult = { ok: true; reference: ImageReference } | { ok: false; reason: string };

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_RE = new RegExp(`^(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };
const NAME_MAX_LENGTH = 255;

const DEFAULT_REGISTRY = 'docker.io';
const LEGACY_DEFAULT_REGISTRY = 'index.docker.io';

/** Parses `ref`, or says why it is not an image reference. */
export function tryParseImageReference(ref: string): ImageReferenceResult {
  if (typeof ref !== 'string' || ref.length === 0) return fail('an image reference must be a non-empty string');
  if (ref.trim() !== ref) return fail('an image reference must not have leading or trailing whitespace');

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const colon = digest.indexOf(':');
    const algorithm = colon > 0 ? digest.slice(0, colon) : '';
    const hex = colon > 0 ? digest.slice(colon + 1) : '';
    const length = DIGEST_HEX_LENGTH[algorithm];
    if (length === undefined) return fail(`digest "${digest}" must be sha256:<64 hex digits> or sha512:<128 hex digits>`);
    if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) return fail(`digest "${digest}" must be ${algorithm}:<${length} lower-case hex digits>`);
  }

  // A tag is after the last ":" that comes after the last "/" (a ":" before it is a registry port).
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_RE.test(tag)) return fail(`tag "${tag}" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`);
  }

  const name = rest;
  if (name.length === 0) return fail('an image reference needs a repository name');
  if (name.length > NAME_MAX_LENGTH) return fail(`the repository name is longer than ${NAME_MAX_LENGTH} characters`);

  const slash = name.indexOf('/');
  let registry = DEFAULT_REGISTRY;
  let path = name;
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      if (!DOMAIN_RE.test(first)) return fail(`registry "${first}" is not a host name with an optional port`);
      registry = first === LEGACY_DEFAULT_REGISTRY ? DEFAULT_REGISTRY : first;
      path = name.slice(slash + 1);
    }
  }

  const components = path.split('/');
  for (const component of components) {
    if (!PATH_COMPONENT_RE.test(component)) {
      return fail(
        component === ''
          ? `repository "${path}" has an empty path component`
          : `repository path component "${component}" must be lower-case letters and digits, separated by ".", "_", "__" or "-"`,
      );
    }
  }
  if (registry === DEFAULT_REGISTRY && components.length === 1) path = `library/${path}`;

  const reference: ImageReference = { registry, repository: path };
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return { ok: true, reference };
}

/** Parses `ref`; throws a TypeError saying why when it is not an image reference. */
export function parseImageReference(ref: string): ImageReference {
  const result = tryParseImageReference(ref);
  if (!result.ok) throw new TypeError(`invalid image reference "${ref}": ${result.reason}`);
  return result.reference;
}

/** A repository path as the reference grammar allows it (`team/app`): lower-case components, at most 255 characters. */
export function isRepositoryPath(path: string): boolean {
  return path.length > 0 && path.length <= NAME_MAX_LENGTH && path.split('/').every((c) => PATH_COMPONENT_RE.test(c));
}

/** A tag as the reference grammar allows it: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. */
export const isTag = (tag: string): boolean => TAG_RE.test(tag);

/** The fully qualified form, e.g. `docker.io/library/postgres:16`. */
export function formatImageReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

function fail(reason: string): ImageReferenceResult {
  return { ok: false, reason };
}
