/**
 * The registry client keeps a source to its allow-list on its own (whatever
 * calls it): the image's registry is checked before it is reached, and a blob
 * download a registry redirects to storage elsewhere (as registries behind
 * object storage do) is refused unless that host is allowed too.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync, type OciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { RegistrySyncError } from '../../packages/server/src/core/registry/port.js';
import { makeImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { deliveryOf } from './helpers.js';
import { startProxy, type Proxy } from './proxy.js';

let regs: Registries;
let sync: OciRegistrySync;
let front: Proxy;
let blobRedirects = 0;
beforeAll(async () => {
  regs = await startRegistries();
  sync = createOciRegistrySync({ timeoutMs: 3000, retry: { attempts: 1 } });
  await pushImage(regs.source, 'shop/allow', '1', makeImage({ seed: 'sync-test/allow-list', layers: 2 }));
  // Blobs live "in object storage": the source itself (another origin than the front the image names).
  front = await startProxy(regs.source.url, {
    intercept: (req, res) => {
      if (req.method !== 'GET' || !/^\/v2\/shop\/allow\/blobs\//.test(req.url ?? '')) return false;
      blobRedirects++;
      res.writeHead(307, { location: `${regs.source.url}${req.url}` }).end();
      return true;
    },
  });
}, 120_000);
afterAll(async () => {
  sync?.close();
  await front?.close();
  await regs?.stop();
});

const failure = (p: Promise<unknown>): Promise<RegistrySyncError> =>
  p.then(() => { throw new Error('the copy succeeded'); }, (e: unknown) => e as RegistrySyncError);

describe('a source allow-list given to the copy', () => {
  it('refuses an image whose registry it does not allow, before reaching it', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => { hits++; res.writeHead(500).end(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const err = await failure(sync.copyImage({
        source: `${host}/shop/allow:1`, targetRepository: 'caravan/allow/stray', tag: '1', registry: deliveryOf(regs.delivery), sourceAllowList: ['*.example.com', regs.source.host],
      }));
      expect(err).toBeInstanceOf(RegistrySyncError);
      expect(err).toMatchObject({ retryable: false, refused: { host, via: 'image', rule: `sourceAllowList: *.example.com, ${regs.source.host}` } });
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a blob download redirected to a host it does not allow, and follows it once that host is allowed', async () => {
    const err = await failure(sync.copyImage({
      source: `${front.host}/shop/allow:1`, targetRepository: 'caravan/allow/web', tag: '1', registry: deliveryOf(regs.delivery), sourceAllowList: [front.host],
    }));
    expect(err).toMatchObject({ retryable: false, refused: { host: regs.source.host, via: 'redirect' } });
    expect(err.message).toMatch(/blobs\/sha256:[0-9a-f]+: a redirect of the source registry to 127\.0\.0\.1:\d+ is refused/);
    expect(blobRedirects).toBeGreaterThan(0);

    const copied = await sync.copyImage({
      source: `${front.host}/shop/allow:1`, targetRepository: 'caravan/allow/web', tag: '1', registry: deliveryOf(regs.delivery), sourceAllowList: [front.host, regs.source.host],
    });
    expect(copied.blobsCopied).toBeGreaterThan(0);
  });

  it('leaves the delivery registry itself alone when it is the source', async () => {
    await pushImage(regs.delivery, 'caravan/allow/base', '1', makeImage({ seed: 'sync-test/allow-list-base', layers: 1 }));
    const copied = await sync.copyImage({
      source: `${regs.delivery.host}/caravan/allow/base:1`, targetRepository: 'caravan/allow/again', tag: '1', registry: deliveryOf(regs.delivery), sourceAllowList: ['*.example.com'],
    });
    expect(copied.digest).toMatch(/^sha256:/);
  });
});
