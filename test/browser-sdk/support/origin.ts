/**
 * One origin for the browser: a Node http server on 127.0.0.1 (a port the OS
 * picks) that serves the test page and its scripts under /browser-sdk/, and
 * hands every other request to the real Caravan app (`createCaravan` on a
 * temporary SQLite file, with a known bootstrap token). Page and API share
 * the origin, so no CORS is involved.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createCaravan, type Caravan } from '@caravan/server';

export const PAGE_PATH = '/browser-sdk/';
export const SDK_PATH = '/browser-sdk/sdk.js';
export const STORY_PATH = '/browser-sdk/story.js';

// Loads the story and exposes it to the test; a failed load (say, an SDK that touches `process` at import)
// is kept as text so the test can show it instead of waiting in vain.
const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Caravan SDK in the browser</title>
<link rel="icon" href="data:,">
<script type="module">
  import(${JSON.stringify(STORY_PATH)}).then(
    (m) => { globalThis.caravanStory = m.runStory; },
    (e) => { globalThis.caravanLoadError = String((e && e.stack) || e); },
  );
</script>
</html>
`;

export interface Origin {
  readonly url: string;
  readonly token: string;
  readonly caravan: Caravan;
  close(): Promise<void>;
}

/** `corsOrigins`: other origins whose pages may call this one's API (the cross-origin case). */
export async function startOrigin(scripts: { sdk: string; story: string }, corsOrigins?: readonly string[]): Promise<Origin> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-browser-sdk-'));
  const token = randomBytes(24).toString('base64url');
  const caravan = await createCaravan({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, bootstrapToken: token, ...(corsOrigins ? { corsOrigins } : {}) });
  // The same adapter `caravan.start()` listens with; here it shares a server with the page.
  const api = getRequestListener(caravan.app.fetch);
  const files: Record<string, { type: string; body: string }> = {
    [PAGE_PATH]: { type: 'text/html; charset=utf-8', body: PAGE },
    [SDK_PATH]: { type: 'text/javascript; charset=utf-8', body: scripts.sdk },
    [STORY_PATH]: { type: 'text/javascript; charset=utf-8', body: scripts.story },
  };
  const server = http.createServer((req, res) => {
    const file = req.method === 'GET' ? files[new URL(req.url ?? '/', 'http://x').pathname] : undefined;
    if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
      return;
    }
    void api(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    await caravan.core.start();
  } catch (e) {
    server.close();
    await caravan.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    caravan,
    async close() {
      // Event streams may still be open: cut them, then let the core give its leases back.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await caravan.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
