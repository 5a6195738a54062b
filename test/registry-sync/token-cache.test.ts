/** Bearer tokens are reused until they expire, then fetched again. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { makeImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { deliveryOf } from './helpers.js';

let source: Reg;
let tokened: Reg;
beforeAll(async () => {
  [source, tokened] = await Promise.all([
    startRegistry({ auth: 'none', name: 'cache-source' }),
    startRegistry({ auth: 'token', name: 'cache-token', tokenExpiresIn: 4 }),
  ]);
});
afterAll(async () => { await Promise.all([source?.destroy(), tokened?.destroy()]); });

describe('the bearer token cache', () => {
  it('reuses a token within its lifetime and fetches a new one after it expires', async () => {
    const image = makeImage({ seed: 'sync-test/token-cache', layers: 1 });
    await pushImage(source, 'shop/cached', '1', image);
    const sync = createOciRegistrySync();
    try {
      const req = { source: `${source.host}/shop/cached:1`, targetRepository: 'caravan/shop/cached', registry: deliveryOf(tokened) };
      await sync.copyImage({ ...req, tag: '1.0' });
      await sync.copyImage({ ...req, tag: '1.1' });
      expect(tokened.tokenServer!.requests).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 4100));
      await sync.copyImage({ ...req, tag: '1.2' });
      expect(tokened.tokenServer!.requests).toHaveLength(2);
    } finally {
      sync.close();
    }
  });
});
