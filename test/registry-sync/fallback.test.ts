/**
 * A registry behind a proxy that refuses large request bodies (413), as an
 * nginx with a small client_max_body_size does: the copier falls back to
 * PATCH chunks and still lands the image with its digest.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { makeImage } from '../harness/src/images.js';
import { pullImage, pushImage } from '../harness/src/registry-http.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { deliveryOf, blobBytes } from './helpers.js';

const LIMIT = 512 * 1024;
let regs: Registries;
let proxy: http.Server;
let proxyUrl: string;
const refused: string[] = [];

beforeAll(async () => {
  regs = await startRegistries();
  const upstream = new URL(regs.delivery.url);
  const forward = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const tooLarge = (req: http.IncomingMessage): boolean => Number(req.headers['content-length'] ?? 0) > LIMIT;
  const refuse = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    refused.push(`${req.method} ${req.headers['content-length']}`);
    res.writeHead(413, { 'content-type': 'text/html', connection: 'close' }).end('<html>413 Request Entity Too Large</html>');
  };
  proxy = http.createServer((req, res) => {
    if (tooLarge(req)) { req.resume(); refuse(req, res); return; }
    forward(req, res);
  });
  // Like nginx: a body over the limit is refused on its headers, before "100 Continue".
  proxy.on('checkContinue', (req, res) => {
    if (tooLarge(req)) { refuse(req, res); return; }
    res.writeContinue();
    forward(req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await regs?.stop();
});

describe('a registry behind a proxy that caps request bodies', () => {
  it('falls back from one PUT to PATCH chunks and lands the image', async () => {
    const image = makeImage({ seed: 'sync-test/capped', layers: 2, layerSize: 2 * 1024 * 1024 });
    await pushImage(regs.source, 'shop/capped', '1', image);
    const sync = createOciRegistrySync({ chunkSize: 256 * 1024 });
    try {
      const r = await sync.copyImage({
        source: `${regs.source.host}/shop/capped:1`, targetRepository: 'caravan/shop/capped', tag: '1.0',
        registry: { ...deliveryOf(regs.delivery), url: proxyUrl },
      });
      expect(refused.length).toBeGreaterThan(0);
      expect(r).toMatchObject({ digest: image.digest, blobsCopied: 3 });
      // The refused first attempt moved some bytes before the 413; the chunks then moved each blob once.
      expect(r.bytesTransferred).toBeGreaterThanOrEqual(blobBytes(image));
      await expect(pullImage(regs.delivery, 'caravan/shop/capped', '1.0')).resolves.toMatchObject({ digest: image.digest, blobs: 3 });
    } finally {
      sync.close();
    }
  });
});
