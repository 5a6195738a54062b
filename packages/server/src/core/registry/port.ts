/**
 * The RegistrySync port: how the publish operation copies images into the
 * delivery registry. The OCI implementation lives beside it (`oci/`); tests of
 * the operation engine may pass their own.
 */
import type { SourceHostRefusal } from './source-allow-list.js';

export interface RegistryCredentials {
  readonly username?: string;
  readonly password?: string;
  /** A bearer token to send as-is (some registries hand out long-lived ones). */
  readonly token?: string;
}

/** The delivery registry, with its secrets decrypted (never leaves the core). */
export interface DeliveryRegistry {
  /** e.g. `https://registry.example.com` or `http://127.0.0.1:5001` */
  readonly url: string;
  /** Repository prefix under which `<template>/<component>` live, e.g. `caravan`. */
  readonly prefix: string;
  readonly credentials?: RegistryCredentials;
  readonly caBundle?: string;
  readonly allowInsecureHttp?: boolean;
}

export interface CopyProgress {
  /** Bytes of blob content moved so far by this copy (skipped and mounted blobs count zero). */
  readonly bytesTransferred: number;
  readonly blobsDone: number;
  readonly blobsTotal: number;
}

export interface CopyImageRequest {
  /** Source reference as written in the app model, e.g. `127.0.0.1:5000/shop/web:1.4.2` or `...@sha256:...`. */
  readonly source: string;
  /** Target repository path under the delivery registry, without host: `<prefix>/<template>/<component>`. */
  readonly targetRepository: string;
  /** Tag to set on the target (the version string). */
  readonly tag: string;
  readonly registry: DeliveryRegistry;
  /** Credentials for the source registry host, if any are configured. */
  readonly sourceCredentials?: RegistryCredentials;
  /**
   * Host patterns (see `source-allow-list.ts`) every host the source side
   * meets must match: the image's registry, its token service, redirects.
   * Absent or empty: any host. The delivery registry itself is always allowed.
   */
  readonly sourceAllowList?: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: CopyProgress) => void;
}

export interface CopyImageResult {
  /** Digest of the top manifest or index; identical to the source's. */
  readonly digest: string;
  readonly mediaType: string;
  /** `<registry host>/<targetRepository>@<digest>`: what the version's component image becomes. */
  readonly pinnedReference: string;
  readonly bytesTransferred: number;
  readonly blobsCopied: number;
  readonly blobsSkipped: number;
  readonly blobsMounted: number;
}

export interface RegistryCheckResult {
  readonly ok: boolean;
  readonly push: boolean;
  readonly pull: boolean;
  /** Why not, in words an administrator can act on. */
  readonly reason?: string;
}

export interface RegistrySync {
  copyImage(req: CopyImageRequest): Promise<CopyImageResult>;
  check(registry: DeliveryRegistry): Promise<RegistryCheckResult>;
}

/**
 * Thrown by copyImage. `retryable` tells the operation engine whether a later
 * retry may succeed (registry down) or not (image does not exist).
 */
export class RegistrySyncError extends Error {
  readonly image: string;
  readonly retryable: boolean;
  /** Set when the source allow-list refused a host the copy met. */
  readonly refused: SourceHostRefusal | undefined;
  constructor(image: string, message: string, retryable: boolean, options?: { cause?: unknown; refused?: SourceHostRefusal }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistrySyncError';
    this.image = image;
    this.retryable = retryable;
    this.refused = options?.refused;
  }
}
