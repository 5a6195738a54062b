/** A delivery registry on https with a certificate from a private CA: trusted through the CA bundle, refused without it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync, type OciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { RegistrySyncError } from '../../packages/server/src/core/registry/port.js';
import { makeImage, sha256 } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { skopeoInspectRaw } from '../harness/src/registry-oracle.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { deliveryOf } from './helpers.js';

let source: Reg;
let secure: Reg;
let sync: OciRegistrySync;
beforeAll(async () => {
  [source, secure] = await Promise.all([startRegistry({ auth: 'none', name: 'tls-source' }), startRegistry({ auth: 'basic', name: 'tls-delivery', tls: true })]);
  sync = createOciRegistrySync({ retry: { attempts: 2, baseDelayMs: 20 } });
});
afterAll(async () => {
  sync?.close();
  await Promise.all([source?.destroy(), secure?.destroy()]);
});

describe('a delivery registry with a private CA', () => {
  it('is checked and written to when its CA bundle is configured', async () => {
    expect(secure.url.startsWith('https://')).toBe(true);
    const registry = { ...deliveryOf(secure), allowInsecureHttp: false, caBundle: secure.caPem! };
    await expect(sync.check(registry)).resolves.toEqual({ ok: true, push: true, pull: true });
    const image = makeImage({ seed: 'sync-test/tls', layers: 2 });
    await pushImage(source, 'shop/tls', '1', image);
    const r = await sync.copyImage({ source: `${source.host}/shop/tls:1`, targetRepository: 'caravan/shop/tls', tag: '1.0', registry });
    expect(r.digest).toBe(image.digest);
    expect(sha256(await skopeoInspectRaw(secure, 'caravan/shop/tls:1.0'))).toBe(image.digest);
  });

  it('is refused with a TLS reason when the CA bundle is missing', async () => {
    const registry = { ...deliveryOf(secure), allowInsecureHttp: false };
    const check = await sync.check(registry);
    expect(check).toMatchObject({ ok: false, push: false, pull: false });
    expect(check.reason).toMatch(/TLS .*failed/);
    const image = makeImage({ seed: 'sync-test/tls-refused', layers: 1 });
    await pushImage(source, 'shop/tls-refused', '1', image);
    const err = await sync.copyImage({ source: `${source.host}/shop/tls-refused:1`, targetRepository: 'caravan/shop/tls-refused', tag: '1.0', registry })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrySyncError);
    expect(err).toMatchObject({ retryable: false });
    expect((err as Error).message).toMatch(/TLS failed/);
  });
});
