/**
 * Blob census of test images, shared by the suites that count bytes: how many
 * bytes an image's distinct blobs hold, and which of them a repository lacks
 * (asked with HEAD by the harness's own client, not by Caravan's).
 */
import { blobsOf, type TestImage } from './images.js';
import { HarnessRegistryClient, type RegistryEndpoint } from './registry-http.js';

/** Bytes of the distinct blobs (configs and layers) of images. */
export const blobBytes = (...images: TestImage[]): number => blobsOf(...images).reduce((n, b) => n + b.size, 0);

/** Blobs of `image` that `repo` on `reg` lacks, and their bytes. */
export async function missingBlobs(reg: RegistryEndpoint, repo: string, image: TestImage): Promise<{ count: number; bytes: number }> {
  const client = new HarnessRegistryClient(reg);
  let count = 0;
  let bytes = 0;
  for (const b of blobsOf(image)) {
    if (!(await client.blobExists(repo, b.digest))) { count++; bytes += b.size; }
  }
  return { count, bytes };
}
