/**
 * A delivery registry on https with a certificate from a private CA: trusted through the CA bundle
 * (for its token service too), refused without it; a plain-http token service never gets the credentials.
 */
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

describe('an https registry with a token service', () => {
  let tokened: Reg;
  let clearText: Reg;
  beforeAll(async () => {
    [tokened, clearText] = await Promise.all([
      startRegistry({ auth: 'token', name: 'tls-token', tls: true }),
      startRegistry({ auth: 'token', name: 'tls-token-http-realm', tls: true, plainHttpTokenRealm: true }),
    ]);
  });
  afterAll(async () => { await Promise.all([tokened?.destroy(), clearText?.destroy()]); });

  it('trusts the CA bundle for the token service too, when it sits behind the same private CA', async () => {
    expect(tokened.tokenServer!.realm.startsWith('https://')).toBe(true);
    const registry = { ...deliveryOf(tokened), allowInsecureHttp: false, caBundle: tokened.caPem! };
    await expect(sync.check(registry)).resolves.toEqual({ ok: true, push: true, pull: true });
    const image = makeImage({ seed: 'sync-test/tls-token', layers: 1 });
    await pushImage(source, 'shop/tls-token', '1', image);
    const r = await sync.copyImage({ source: `${source.host}/shop/tls-token:1`, targetRepository: 'caravan/shop/tls-token', tag: '1.0', registry });
    expect(r.digest).toBe(image.digest);
  });

  it('never sends the credentials to a plain-http token service, and says why', async () => {
    expect(clearText.tokenServer!.realm.startsWith('http://')).toBe(true);
    const registry = { ...deliveryOf(clearText), allowInsecureHttp: false, caBundle: clearText.caPem! };
    const check = await sync.check(registry);
    expect(check).toMatchObject({ ok: false, push: false, pull: false });
    expect(check.reason).toMatch(/token service at http:\/\/127\.0\.0\.1:\d+, and credentials are sent to a token service only over https/);
    const image = makeImage({ seed: 'sync-test/tls-token-http', layers: 1 });
    await pushImage(source, 'shop/tls-token-http', '1', image);
    const err = await sync.copyImage({ source: `${source.host}/shop/tls-token-http:1`, targetRepository: 'caravan/shop/tls-token-http', tag: '1.0', registry })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegistrySyncError);
    expect(err).toMatchObject({ retryable: false });
    expect((err as Error).message).toMatch(/only over https/);
    expect(clearText.tokenServer!.requests).toHaveLength(0);
  });
});
