/**
 * A Caravan core in its own process, for the crash tests: it opens the store
 * it is given (a SQLite file or a PostgreSQL database), starts the worker with a slow registry copy, publishes
 * version 1.0 of `shop`, prints the operation id, and keeps working until it
 * is killed (kill -9 in the test).
 *
 *   node --import tsx publish-child.ts '{"storeUrl":"file:/x/caravan.db","registryDir":"...","masterKey":"..."}'
 */
import { createCore } from '../../../src/core/index.js';
import { openStore } from '../../../src/core/store/open-store.js';
import { FileRegistry, fakeImage } from './file-registry.js';
import { admin, developer, FAST_OPERATIONS, shopApp } from './fixture.js';

const { storeUrl, registryDir, masterKey, blobDelayMs } = JSON.parse(process.argv[2]!) as { storeUrl: string; registryDir: string; masterKey: string; blobDelayMs: number };
const registry = new FileRegistry(registryDir, { blobDelayMs });
const app = shopApp();
for (const c of app.components) registry.addSource(c.image, fakeImage(c.name, 3, 1000));
const store = await openStore(storeUrl);
const core = await createCore({ store, masterKey, registrySync: registry, operations: FAST_OPERATIONS, publish: { concurrency: 1, backoffMs: 20 } });
await core.start();
await core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan' });
await core.templates.create(developer, { name: 'shop' });
await core.versions.create(developer, 'shop', { version: '1.0', app });
const op = await core.versions.publish(developer, 'shop', '1.0');
process.stdout.write(`${JSON.stringify({ operation: op.id, pid: process.pid })}\n`);
// Keep the event loop alive until killed.
setInterval(() => {}, 1 << 30);
