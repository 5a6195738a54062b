/**
 * The OCI distribution implementation of the RegistrySync port: a streaming
 * registry-to-registry copier over node:http/https. See `copy.ts` for the
 * algorithm and `reference.ts` for how a registry's scheme is chosen.
 *
 * @example
 *   const sync = createOciRegistrySync({ concurrency: 4 });
 *   const r = await sync.copyImage({ source: '127.0.0.1:5000/shop/web:1.4.2', targetRepository: 'caravan/shop/web', tag: '1.0', registry });
 *   r.pinnedReference; // '127.0.0.1:5001/caravan/shop/web@sha256:…'
 */
import type { RegistrySync } from '../port.js';
import { checkRegistry } from './check.js';
import { copyImage } from './copy.js';
import { Engine, type OciRegistrySyncOptions } from './engine.js';

export type { OciRegistrySyncOptions } from './engine.js';
export { parseImageReference, tryParseImageReference, formatImageReference, type ImageReference } from './reference.js';
export { parseChallenge } from './auth.js';

export interface OciRegistrySync extends RegistrySync {
  /** Closes kept-alive connections (idle sockets never hold the process open anyway). */
  close(): void;
}

export function createOciRegistrySync(options: OciRegistrySyncOptions = {}): OciRegistrySync {
  const engine = new Engine(options);
  return {
    copyImage: (req) => copyImage(engine, req),
    check: (registry) => checkRegistry(engine, registry),
    close: () => engine.close(),
  };
}
