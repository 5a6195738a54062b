/**
 * A RegistrySync test double that behaves like a registry copy, kept in a
 * folder so that several processes (a server killed mid-copy and the one that
 * resumes) see the same state:
 *
 *   <root>/sources.json                     image reference -> { layers: [{ digest, size }] }
 *   <root>/target/<repository>/blobs/<d>    blobs already in the delivery registry
 *   <root>/target/<repository>/tags/<tag>   manifest digest
 *   <root>/calls.log                        one JSON line per copyImage call and per blob moved
 *
 * Like a real copy it skips blobs that already exist, moves the others one by
 * one (optionally slowly), reports byte progress, honours the abort signal,
 * and fails for missing sources (not retryable). Failures can be injected per
 * source image.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RegistrySyncError, type CopyImageRequest, type CopyImageResult, type DeliveryRegistry, type RegistryCheckResult, type RegistrySync } from '../../../src/core/registry/port.js';

export interface FakeImage {
  layers: { digest: string; size: number }[];
}

export interface FileRegistryOptions {
  /** Pause per blob moved, to make copies slow enough to interrupt. */
  blobDelayMs?: number;
}

export type CallLine = { type: 'copy'; source: string; target: string; pid: number; sourceUser?: string; sourceHasPassword?: boolean; targetUser?: string } | { type: 'blob'; source: string; digest: string; size: number; pid: number };

function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A made-up image with `n` layers of `size` bytes; `shared` layers are identical across images. */
export function fakeImage(name: string, n = 3, size = 1000, shared = 0): FakeImage {
  return {
    layers: Array.from({ length: n }, (_, i) => ({ digest: digestOf(i < shared ? `shared-${i}` : `${name}-${i}`), size })),
  };
}

export class FileRegistry implements RegistrySync {
  readonly root: string;
  readonly #options: FileRegistryOptions;

  constructor(root: string, options: FileRegistryOptions = {}) {
    this.root = root;
    this.#options = options;
    mkdirSync(path.join(root, 'target'), { recursive: true });
    if (!existsSync(this.#sourcesFile)) writeFileSync(this.#sourcesFile, '{}');
    if (!existsSync(this.#failuresFile)) writeFileSync(this.#failuresFile, '{}');
  }

  get #sourcesFile() {
    return path.join(this.root, 'sources.json');
  }
  get #failuresFile() {
    return path.join(this.root, 'failures.json');
  }

  addSource(reference: string, image: FakeImage): void {
    const sources = JSON.parse(readFileSync(this.#sourcesFile, 'utf8')) as Record<string, FakeImage>;
    sources[reference] = image;
    writeFileSync(this.#sourcesFile, JSON.stringify(sources));
  }

  /** The next `times` copies of `source` fail with `message`. */
  failSource(source: string, options: { retryable: boolean; times?: number; message?: string }): void {
    const failures = JSON.parse(readFileSync(this.#failuresFile, 'utf8')) as Record<string, unknown>;
    failures[source] = { retryable: options.retryable, times: options.times ?? Number.MAX_SAFE_INTEGER, message: options.message ?? 'registry answered 503' };
    writeFileSync(this.#failuresFile, JSON.stringify(failures));
  }

  clearFailures(): void {
    writeFileSync(this.#failuresFile, '{}');
  }

  calls(): CallLine[] {
    const file = path.join(this.root, 'calls.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as CallLine);
  }

  #log(line: CallLine): void {
    appendFileSync(path.join(this.root, 'calls.log'), `${JSON.stringify(line)}\n`);
  }

  tagOf(repository: string, tag: string): string | undefined {
    const file = path.join(this.root, 'target', repository, 'tags', tag);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    // Who it would log in as, never the passwords themselves.
    this.#log({
      type: 'copy',
      source: req.source,
      target: req.targetRepository,
      pid: process.pid,
      ...(req.sourceCredentials?.username === undefined ? {} : { sourceUser: req.sourceCredentials.username, sourceHasPassword: req.sourceCredentials.password !== undefined }),
      ...(req.registry.credentials?.username === undefined ? {} : { targetUser: req.registry.credentials.username }),
    });
    const failures = JSON.parse(readFileSync(this.#failuresFile, 'utf8')) as Record<string, { retryable: boolean; times: number; message: string }>;
    const failure = failures[req.source];
    if (failure !== undefined && failure.times > 0) {
      failures[req.source] = { ...failure, times: failure.times - 1 };
      writeFileSync(this.#failuresFile, JSON.stringify(failures));
      throw new RegistrySyncError(req.source, `${req.source}: ${failure.message}`, failure.retryable);
    }
    const sources = JSON.parse(readFileSync(this.#sourcesFile, 'utf8')) as Record<string, FakeImage>;
    const image = sources[req.source];
    if (image === undefined) throw new RegistrySyncError(req.source, `${req.source}: manifest unknown (the image does not exist)`, false);
    const blobs = path.join(this.root, 'target', req.targetRepository, 'blobs');
    mkdirSync(blobs, { recursive: true });
    let bytesTransferred = 0;
    let blobsCopied = 0;
    let blobsSkipped = 0;
    for (const [i, layer] of image.layers.entries()) {
      req.signal?.throwIfAborted();
      const file = path.join(blobs, layer.digest.replace(':', '_'));
      if (existsSync(file)) {
        blobsSkipped++;
      } else {
        if (this.#options.blobDelayMs) await delay(this.#options.blobDelayMs, undefined, { signal: req.signal });
        writeFileSync(file, String(layer.size));
        this.#log({ type: 'blob', source: req.source, digest: layer.digest, size: layer.size, pid: process.pid });
        bytesTransferred += layer.size;
        blobsCopied++;
      }
      req.onProgress?.({ bytesTransferred, blobsDone: i + 1, blobsTotal: image.layers.length });
    }
    const manifestDigest = digestOf(JSON.stringify(image));
    mkdirSync(path.join(this.root, 'target', req.targetRepository, 'tags'), { recursive: true });
    writeFileSync(path.join(this.root, 'target', req.targetRepository, 'tags', req.tag), manifestDigest);
    const host = new URL(req.registry.url).host;
    return {
      digest: manifestDigest,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      pinnedReference: `${host}/${req.targetRepository}@${manifestDigest}`,
      bytesTransferred,
      blobsCopied,
      blobsSkipped,
      blobsMounted: 0,
    };
  }

  async check(registry: DeliveryRegistry): Promise<RegistryCheckResult> {
    if (registry.credentials?.password !== 'right-password') return { ok: false, push: false, pull: true, reason: 'push refused: 401 unauthorized' };
    return { ok: true, push: true, pull: true };
  }
}
