/**
 * Test images built in Node without Docker: ustar layer tarballs (gzip'd), an
 * image config, OCI or Docker schema 2 manifests, and multi-arch indexes.
 * Content is deterministic from a seed (AES-CTR keystream, so it is
 * incompressible and fast to make), layers can be shared between images, and
 * every digest is computed, never hard-coded: gzip output may change with the
 * zlib version.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export type ImageFormat = 'oci' | 'docker';

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** Every manifest type a registry may answer with; send it as Accept or distribution 2.8 404s on an index. */
export const MANIFEST_ACCEPT = [MediaTypes.ociIndex, MediaTypes.ociManifest, MediaTypes.dockerList, MediaTypes.dockerManifest].join(', ');

export interface Blob {
  readonly digest: string;
  readonly size: number;
  readonly data: Buffer;
}

export interface Layer extends Blob {
  /** sha256 of the uncompressed tar, as listed in the config's rootfs. */
  readonly diffId: string;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
}

export interface ImageManifest {
  readonly kind: 'manifest';
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  /** The exact bytes to push; the digest is over these. */
  readonly bytes: Buffer;
  readonly config: Blob;
  readonly layers: readonly Layer[];
  readonly platform: Platform;
}

export interface ImageIndex {
  readonly kind: 'index';
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly bytes: Buffer;
  readonly manifests: readonly ImageManifest[];
}

export type TestImage = ImageManifest | ImageIndex;

export const sha256 = (data: Buffer | string): string => `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;

/** `size` deterministic, incompressible bytes derived from `seed`. */
export function seededBytes(seed: string, size: number): Buffer {
  const key = crypto.createHash('sha256').update(`caravan-test:${seed}`).digest();
  const cipher = crypto.createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number): void => { h.write(value, offset, length, 'ascii'); };
  const octal = (n: number, length: number): string => `${n.toString(8).padStart(length - 1, '0')}\0`;
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(1767225600, 12), 136, 12); // 2026-01-01: fixed mtime keeps layers reproducible
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

/** A ustar archive of the given files, with the two zero blocks that end it. */
export function tarball(files: ReadonlyArray<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(tarHeader(f.name, f.data.length), f.data);
    const pad = (512 - (f.data.length % 512)) % 512;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export interface LayerOptions {
  /** Approximate size of the layer in bytes (default 4 KiB); the content is incompressible, so the blob is about this big. */
  readonly size?: number;
  /** zlib level; 1 by default since the content does not compress anyway. */
  readonly gzipLevel?: number;
}

export function makeLayer(seed: string, opts: LayerOptions = {}): Layer {
  const size = opts.size ?? 4096;
  const tar = tarball([
    { name: `caravan/${seed.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 60)}.txt`, data: Buffer.from(`layer ${seed}\n`) },
    { name: `caravan/${crypto.createHash('sha256').update(seed).digest('hex').slice(0, 16)}.bin`, data: seededBytes(seed, size) },
  ]);
  const data = zlib.gzipSync(tar, { level: opts.gzipLevel ?? 1 });
  return { digest: sha256(data), size: data.length, data, diffId: sha256(tar) };
}

export interface ImageOptions {
  readonly seed: string;
  /** Layers shared with other images, placed first (bottom of the stack). */
  readonly base?: readonly Layer[];
  /** Number of layers of its own on top of `base` (default 2). */
  readonly layers?: number;
  readonly layerSize?: number;
  readonly gzipLevel?: number;
  readonly format?: ImageFormat;
  readonly platform?: Platform;
}

export function makeImage(opts: ImageOptions): ImageManifest {
  const format = opts.format ?? 'oci';
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' };
  const own = Array.from({ length: opts.layers ?? 2 }, (_, i) => makeLayer(`${opts.seed}/layer-${i}`, {
    ...(opts.layerSize !== undefined ? { size: opts.layerSize } : {}),
    ...(opts.gzipLevel !== undefined ? { gzipLevel: opts.gzipLevel } : {}),
  }));
  const layers = [...(opts.base ?? []), ...own];
  const configJson = {
    architecture: platform.architecture,
    os: platform.os,
    created: '2026-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], Labels: { 'caravan.test/seed': opts.seed } },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
  };
  const configData = Buffer.from(JSON.stringify(configJson));
  const config: Blob = { digest: sha256(configData), size: configData.length, data: configData };
  const mediaType = format === 'oci' ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
  const layerType = format === 'oci' ? MediaTypes.ociLayerGzip : MediaTypes.dockerLayerGzip;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: format === 'oci' ? MediaTypes.ociConfig : MediaTypes.dockerConfig, digest: config.digest, size: config.size },
    layers: layers.map((l) => ({ mediaType: layerType, digest: l.digest, size: l.size })),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 2));
  return { kind: 'manifest', mediaType, digest: sha256(bytes), size: bytes.length, bytes, config, layers, platform };
}

export function makeIndex(images: readonly ImageManifest[], format: ImageFormat = 'oci'): ImageIndex {
  const mediaType = format === 'oci' ? MediaTypes.ociIndex : MediaTypes.dockerList;
  const index = {
    schemaVersion: 2,
    mediaType,
    manifests: images.map((m) => ({ mediaType: m.mediaType, digest: m.digest, size: m.size, platform: m.platform })),
  };
  const bytes = Buffer.from(JSON.stringify(index, null, 2));
  return { kind: 'index', mediaType, digest: sha256(bytes), size: bytes.length, bytes, manifests: images };
}

export interface MultiArchOptions extends Omit<ImageOptions, 'platform' | 'base'> {
  /** Shared base layers per architecture. */
  readonly base?: { readonly amd64?: readonly Layer[]; readonly arm64?: readonly Layer[] };
}

/** A two-platform (linux/amd64 + linux/arm64) index; each platform has its own layers. */
export function makeMultiArchImage(opts: MultiArchOptions): ImageIndex {
  const arches = ['amd64', 'arm64'] as const;
  const { base, ...rest } = opts;
  const images = arches.map((architecture) => makeImage({
    ...rest,
    seed: `${opts.seed}/${architecture}`,
    platform: { os: 'linux', architecture },
    ...(base?.[architecture] !== undefined ? { base: base[architecture] } : {}),
  }));
  return makeIndex(images, opts.format ?? 'oci');
}

/** Image manifests of an image: itself, or the children of an index. */
export function manifestsOf(image: TestImage): readonly ImageManifest[] {
  return image.kind === 'index' ? image.manifests : [image];
}

/** Distinct blobs (configs and layers) of one or more images. */
export function blobsOf(...images: TestImage[]): Blob[] {
  const seen = new Map<string, Blob>();
  for (const image of images) {
    for (const m of manifestsOf(image)) {
      for (const b of [m.config, ...m.layers]) if (!seen.has(b.digest)) seen.set(b.digest, b);
    }
  }
  return [...seen.values()];
}
