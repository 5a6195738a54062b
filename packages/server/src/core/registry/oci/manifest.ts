/**
 * Manifest media types and what the copier reads from a manifest: child
 * manifests of an index, blobs of an image manifest. The raw bytes are kept
 * and pushed as they came; JSON is parsed only to find descriptors.
 */
import crypto from 'node:crypto';

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

const INDEX_TYPES = new Set<string>([MediaType.ociIndex, MediaType.dockerList]);
const IMAGE_TYPES = new Set<string>([MediaType.ociManifest, MediaType.dockerManifest]);

/** Sent on every manifest GET/HEAD: distribution 2.8 answers 404 for an index requested without it. */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.ociManifest, MediaType.dockerList, MediaType.dockerManifest].join(', ');

/** The spec's recommended ceiling; a bigger "manifest" is refused rather than buffered. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export interface Manifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  /** Child manifests (an index). */
  readonly manifests: readonly Descriptor[];
  /** Config and layers (an image manifest), plus any `blobs` of an artifact manifest. */
  readonly blobs: readonly Descriptor[];
}

export const isIndexType = (mediaType: string): boolean => INDEX_TYPES.has(mediaType);
export const isManifestType = (mediaType: string): boolean => INDEX_TYPES.has(mediaType) || IMAGE_TYPES.has(mediaType);

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
export const isSha256Digest = (d: string): boolean => DIGEST_RE.test(d);
export const sha256 = (data: Buffer): string => `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;

function descriptor(value: unknown, where: string): Descriptor {
  const d = value as Partial<Descriptor> | null;
  if (d === null || typeof d !== 'object' || typeof d.digest !== 'string' || typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw new Error(`${where} is not a valid descriptor`);
  }
  if (!isSha256Digest(d.digest)) throw new Error(`${where} has digest ${d.digest}, and only sha256 digests are supported`);
  return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest, size: d.size };
}

/**
 * Reads a manifest's descriptors. `contentType` is the registry's
 * Content-Type; the document's own `mediaType` wins when present, since the
 * target registry checks the PUT's Content-Type against it.
 */
export function parseManifest(bytes: Buffer, contentType: string | undefined, digest: string): Manifest {
  let doc: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: unknown; layers?: unknown; blobs?: unknown };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw new Error('the manifest is not JSON');
  }
  const declared = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
  const served = contentType?.split(';')[0]?.trim();
  let mediaType = declared ?? served ?? '';
  if (mediaType === '' || mediaType === 'application/json') {
    // OCI allows omitting mediaType; tell an index from an image by its fields.
    mediaType = Array.isArray(doc.manifests) ? MediaType.ociIndex : MediaType.ociManifest;
  }
  if (mediaType === MediaType.dockerSchema1 || mediaType === MediaType.dockerSchema1Signed || doc.schemaVersion === 1) {
    throw new Error('Docker schema 1 manifests are not supported; push the image again with a current client');
  }
  // Only what a registry takes as an image goes on to be PUT as one (an artifact, a config blob or a signature does not).
  if (!isManifestType(mediaType)) throw new Error(`its media type ${mediaType} is not an OCI or Docker image manifest or index`);
  const manifests = Array.isArray(doc.manifests) ? doc.manifests.map((m, i) => descriptor(m, `manifests[${i}]`)) : [];
  const blobs: Descriptor[] = [];
  if (doc.config !== undefined) blobs.push(descriptor(doc.config, 'config'));
  if (Array.isArray(doc.layers)) doc.layers.forEach((l, i) => blobs.push(descriptor(l, `layers[${i}]`)));
  if (Array.isArray(doc.blobs)) doc.blobs.forEach((l, i) => blobs.push(descriptor(l, `blobs[${i}]`)));
  return { digest, mediaType, bytes, manifests, blobs };
}
