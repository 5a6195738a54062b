/** Shared bits of the registry-sync tests: the delivery setting for a harness registry; the blob census is the harness's. */
import type { DeliveryRegistry } from '../../packages/server/src/core/registry/port.js';
import type { Reg } from '../harness/src/registry.js';

export function deliveryOf(reg: Reg, prefix = 'caravan'): DeliveryRegistry {
  return {
    url: reg.url, prefix, allowInsecureHttp: true,
    ...(reg.username !== undefined ? { credentials: { username: reg.username, password: reg.password! } } : {}),
  };
}

export const credentialsOf = (reg: Reg): { username: string; password: string } | undefined =>
  reg.username !== undefined ? { username: reg.username, password: reg.password! } : undefined;

export { blobBytes, missingBlobs } from '../harness/src/registry-blobs.js';
