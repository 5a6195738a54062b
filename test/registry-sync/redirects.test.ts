/**
 * What the client will not follow or copy from a source: redirects that
 * downgrade to plain http or lead to link-local (cloud metadata) or, from a
 * public registry, private addresses; credentials sent to another host; a top
 * document that is not an image manifest or index.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync, type OciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { guardedLookup, redirectRefusal } from '../../packages/server/src/core/registry/oci/redirects.js';
import { RegistrySyncError } from '../../packages/server/src/core/registry/port.js';
import { makeImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { makeTestTls } from '../harness/src/registry-tls.js';
import { startRegistries, startRegistry, type Reg, type Registries } from '../harness/src/registry.js';
import { credentialsOf, deliveryOf } from './helpers.js';
import { startProxy, type Proxy } from './proxy.js';

let regs: Registries;
let sync: OciRegistrySync;
beforeAll(async () => {
  regs = await startRegistries();
  sync = createOciRegistrySync({ timeoutMs: 3000, retry: { attempts: 1 } });
});
afterAll(async () => {
  sync?.close();
  await regs?.stop();
});

const failure = (p: Promise<unknown>): Promise<Error> => p.then(() => { throw new Error('the copy succeeded'); }, (e: unknown) => e as Error);
const isManifestGet = (req: http.IncomingMessage, repo: string): boolean => req.method === 'GET' && (req.url ?? '').startsWith(`/v2/${repo}/manifests/`);

describe('redirects from a source registry', () => {
  it('refuses a redirect from https to plain http', async () => {
    const image = makeImage({ seed: 'sync-test/downgrade', layers: 1 });
    await pushImage(regs.source, 'shop/downgrade', '1', image);
    const tls = makeTestTls(fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-redirect-tls-')));
    // An https front whose manifest GET sends the client to the same registry over plain http.
    const front = await startProxy(regs.source.url, {
      tls: { cert: fs.readFileSync(tls.certPath, 'utf8'), key: fs.readFileSync(tls.keyPath, 'utf8') },
      intercept: (req, res) => {
        if (!isManifestGet(req, 'shop/downgrade')) return false;
        res.writeHead(307, { location: `${regs.source.url}${req.url}` }).end();
        return true;
      },
    });
    try {
      const err = await failure(sync.copyImage({
        source: `${front.host}/shop/downgrade:1`, targetRepository: 'caravan/shop/downgrade', tag: '1.0',
        registry: { url: front.url, prefix: 'caravan', caBundle: tls.caPem },
      }));
      expect(err).toBeInstanceOf(RegistrySyncError);
      expect(err).toMatchObject({ retryable: false });
      expect(err.message).toMatch(/redirect refused: the redirect goes from https to plain http/);
    } finally {
      await front.close();
    }
  });

  it('refuses a redirect to a link-local address such as a cloud metadata service', async () => {
    const front = await startProxy(regs.source.url, {
      intercept: (req, res) => {
        if (!isManifestGet(req, 'shop/metadata')) return false;
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end();
        return true;
      },
    });
    try {
      const err = await failure(sync.copyImage({ source: `${front.host}/shop/metadata:1`, targetRepository: 'caravan/shop/metadata', tag: '1.0', registry: deliveryOf(regs.delivery) }));
      expect(err).toMatchObject({ retryable: false });
      expect(err.message).toMatch(/redirect refused: the redirect points at the link-local address 169\.254\.169\.254/);
    } finally {
      await front.close();
    }
  });

  it('refuses redirects from a public registry to private and loopback addresses, and lets private registries use them', () => {
    const from = new URL('https://registry.example.com/v2/a/blobs/sha256:00');
    expect(redirectRefusal(from, new URL('https://10.1.2.3/blob'), true)).toMatch(/private or loopback address 10\.1\.2\.3/);
    expect(redirectRefusal(from, new URL('https://127.0.0.1:9000/blob'), true)).toMatch(/loopback/);
    expect(redirectRefusal(from, new URL('https://[::1]/blob'), true)).toMatch(/::1/);
    expect(redirectRefusal(from, new URL('https://[::ffff:192.168.1.1]/blob'), true)).toMatch(/private/);
    expect(redirectRefusal(from, new URL('https://[fe80::1]/blob'), false)).toMatch(/link-local/);
    expect(redirectRefusal(from, new URL('https://storage.example.net/blob?sig=1'), true)).toBeUndefined();
    expect(redirectRefusal(from, new URL('https://10.1.2.3/blob'), false)).toBeUndefined();
    expect(redirectRefusal(from, new URL('file:///etc/passwd'), false)).toMatch(/file:/);
  });

  it('checks where the name a redirect points at resolves to, not only literal addresses', async () => {
    const resolve = (publicOrigin: boolean): Promise<NodeJS.ErrnoException | null> => new Promise((done) => {
      guardedLookup(publicOrigin)('localhost', { all: true }, (err) => done(err));
    });
    expect(await resolve(true)).toMatchObject({ code: 'EREDIRECTREFUSED', message: expect.stringMatching(/loopback/) });
    expect(await resolve(false)).toBeNull();
  });
});

describe('blobs served from another host', () => {
  let privateSource: Reg;
  let storage: http.Server;
  let front: Proxy;
  const storageAuthorizations: Array<string | undefined> = [];
  beforeAll(async () => {
    privateSource = await startRegistry({ auth: 'basic', name: 'redirect-private' });
    const basic = `Basic ${Buffer.from(`${privateSource.username}:${privateSource.password}`).toString('base64')}`;
    const upstream = new URL(privateSource.url);
    // "Object storage": another origin that serves blobs without the registry's credentials, as a presigned URL does.
    storage = http.createServer((req, res) => {
      storageAuthorizations.push(req.headers.authorization);
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { authorization: basic } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end();
    });
    await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
    const storageUrl = `http://127.0.0.1:${(storage.address() as { port: number }).port}`;
    front = await startProxy(privateSource.url, {
      intercept: (req, res) => {
        if (req.method !== 'GET' || !/\/blobs\/sha256:/.test(req.url ?? '') || req.headers.authorization === undefined) return false;
        res.writeHead(307, { location: `${storageUrl}${req.url}` }).end();
        return true;
      },
    });
  });
  afterAll(async () => {
    await front?.close();
    storage?.closeAllConnections();
    await new Promise<void>((resolve) => (storage ? storage.close(() => resolve()) : resolve()));
    await privateSource?.destroy();
  });

  it('follows a redirect to another host without sending it the credentials', async () => {
    const image = makeImage({ seed: 'sync-test/redirected-blobs', layers: 2 });
    await pushImage(privateSource, 'team/stored', '1', image);
    const r = await sync.copyImage({
      source: `${front.host}/team/stored:1`, sourceCredentials: credentialsOf(privateSource)!,
      targetRepository: 'caravan/team/stored', tag: '1.0', registry: deliveryOf(regs.delivery),
    });
    expect(r).toMatchObject({ digest: image.digest, blobsCopied: 3 });
    expect(storageAuthorizations).toHaveLength(3);
    expect(storageAuthorizations.every((a) => a === undefined)).toBe(true);
  });
});

describe('what a source may offer as an image', () => {
  it('refuses a top document that is not an image manifest or index, instead of pushing it as one', async () => {
    const artifact = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.example.signature.v1+json', layers: [] }));
    const front = await startProxy(regs.source.url, {
      intercept: (req, res) => {
        if (!isManifestGet(req, 'shop/artifact')) return false;
        res.writeHead(200, { 'content-type': 'application/vnd.example.signature.v1+json', 'content-length': String(artifact.length) }).end(artifact);
        return true;
      },
    });
    try {
      const err = await failure(sync.copyImage({ source: `${front.host}/shop/artifact:1`, targetRepository: 'caravan/shop/artifact', tag: '1.0', registry: deliveryOf(regs.delivery) }));
      expect(err).toMatchObject({ retryable: false });
      expect(err.message).toMatch(/media type application\/vnd\.example\.signature\.v1\+json is not an OCI or Docker image manifest or index/);
    } finally {
      await front.close();
    }
  });
});
