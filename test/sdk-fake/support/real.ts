/**
 * A real Caravan in this process for the fake's comparison: a fresh SQLite file,
 * the operation worker running, and a RegistrySync seam that "copies" every
 * image at once (as packages/server/test/http/every-operation.test.ts does), so
 * publishing can succeed without a registry. No cluster: the scenarios that use
 * this stop before anything would need one.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type CaravanClient } from '@caravan/sdk';
import { createCaravan, type Caravan } from '@caravan/server';
import type { CopyImageRequest, CopyImageResult, RegistrySync } from '@caravan/server/core';

/** A RegistrySync that copies nothing and says the image was there already; `slow` images wait to be cancelled. */
export const instantSync: RegistrySync = {
  async copyImage(req: CopyImageRequest): Promise<CopyImageResult> {
    if (req.source.includes('/slow:')) {
      await new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    }
    const digest = 'sha256:' + 'cd'.repeat(32);
    return { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', pinnedReference: `registry.example.com/${req.targetRepository}@${digest}`, bytesTransferred: 0, blobsCopied: 0, blobsSkipped: 1, blobsMounted: 0 };
  },
  async check() {
    return { ok: true, push: true, pull: true };
  },
};

export interface RealCaravan {
  readonly caravan: Caravan;
  /** The bootstrap admin's client. */
  readonly client: CaravanClient;
  /** A client of the same server with another token. */
  as(secret: string): CaravanClient;
  /** A client whose requests go through `wrap` before the app (to break streams, say). */
  through(wrap: (request: Request, next: (r: Request) => Promise<Response>) => Promise<Response>): CaravanClient;
  close(): Promise<void>;
}

export async function startReal(options: { registrySync?: RegistrySync } = {}): Promise<RealCaravan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-sdk-fake-'));
  const token = `cvn_${randomBytes(24).toString('base64url')}`;
  const caravan = await createCaravan({
    databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
    masterKey: randomBytes(32).toString('base64'),
    bootstrapToken: token,
    registrySync: options.registrySync ?? instantSync,
    // Progress of a publish is written at once, so its events come in a fixed order.
    operations: { pollMs: 50 },
  });
  await caravan.core.start();
  const appFetch = async (request: Request) => caravan.app.fetch(request);
  const as = (secret: string) => createCaravanClient({ baseUrl: 'http://caravan.local', token: secret, fetch: appFetch, retry: 0 });
  return {
    caravan,
    client: as(token),
    as,
    through: (wrap) => createCaravanClient({ baseUrl: 'http://caravan.local', token, fetch: (r) => wrap(r, appFetch), retry: 0 }),
    async close() {
      await caravan.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
