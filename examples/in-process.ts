/**
 * Caravan embedded in another program: `createCaravan()` builds the core and
 * the app on a SQLite file, and the SDK talks to it through `app.fetch`, with
 * no socket and no port. Then the same story as `story-basics.ts`.
 *
 *   ./dev npx tsx examples/in-process.ts
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient } from '@caravan/sdk';
import { createCaravan } from '@caravan/server';
import { runStoryBasics } from './story-basics.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-in-process-'));
const token = randomBytes(24).toString('base64url');
const caravan = await createCaravan({
  databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
  bootstrapToken: token,
});
// The operation worker runs in this process too; no listener is started.
await caravan.core.start();
try {
  const client = createCaravanClient({ baseUrl: 'http://caravan.local', token, fetch: caravan.app.fetch });
  console.log(`in-process: Caravan on ${dir}, no socket`);
  await runStoryBasics(client);
} finally {
  await caravan.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
