/** Shared bits of the registry-sync tests: the delivery setting for a harness registry, and blob census. */
import type { DeliveryRegistry } from '../../packages/server/src/core/registry/port.js';
import { blobsOf, type TestImage } from '../harness/src/images.js';
import { HarnessRegistryClient } from '../harness/src/registry-http.js';
import type { Reg } from '../harness/src/registry.js';

export function deliveryOf(reg: Reg, prefix = 'caravan'): DeliveryRegistry {
  return {
    url: reg.url, prefix, allowInsecureHttp: true,
    ...(reg.username !== undefined ? { credentials: { username: reg.username, password: reg.password! } } : {}),
  };
}

export const credentialsOf = (reg: Reg): { username: string; password: string } | undefined =>
  reg.username !== undefined ? { username: reg.username, password: reg.password! } : undefined;

/** Blobs of `image` that `repo` on `reg` does not have yet, and their bytes. */
export async function missingBlobs(reg: Reg, repo: string, image: TestImage): Promise<{ count: number; bytes: number }> {
  const client = new HarnessRegistryClient(reg);
  let count = 0;
  let bytes = 0;
  for (const b of blobsOf(image)) {
    if (!(await client.blobExists(repo, b.digest))) { count++; bytes += b.size; }
  }
  return { count, bytes };
}

export const totalBytes = (...images: TestImage[]): number => blobsOf(...images).reduce((n, b) => n + b.size, 0);
