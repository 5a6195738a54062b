/**
 * Caravan in-process for a test file: `createCaravan` on a real SQLite file,
 * the SDK with `fetch: app.fetch` (no socket), every response checked against
 * the contract and recorded, every log line kept.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCaravanClient, type CaravanClient } from '@caravan/sdk';
import { createCaravan, type Caravan, type CaravanOptions } from '@caravan/server';
import type { RegistrySync } from '@caravan/server/core';
import { checkedApp, type CheckedApp } from '../../../packages/server/test/http/support/contract.js';
import { createRecorder, type Recorder } from './recorder.js';

export interface InProcessCaravan {
  readonly caravan: Caravan;
  /** The admin's client. */
  readonly client: CaravanClient;
  /** A client calling with another token. */
  clientFor(token: string): CaravanClient;
  readonly checked: CheckedApp;
  readonly recorder: Recorder;
  close(): Promise<void>;
}

/** `caravan` passes further options through to createCaravan (deployer tuning, for instance). */
export async function startInProcess(options: { registrySync?: RegistrySync; caravan?: Partial<CaravanOptions>; prefix?: string } = {}): Promise<InProcessCaravan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'caravan-story-publish-'));
  const token = randomBytes(24).toString('base64url');
  const recorder = createRecorder();
  const caravan = await createCaravan({
    databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
    bootstrapToken: token,
    logger: recorder.logger,
    ...(options.registrySync !== undefined ? { registrySync: options.registrySync } : {}),
    ...options.caravan,
  });
  await caravan.core.start();
  const checked = checkedApp(caravan.app);
  const fetch = recorder.wrap(checked.fetch);
  const clientFor = (t: string) => createCaravanClient({ baseUrl: 'http://caravan.local', token: t, fetch });
  return {
    caravan,
    client: clientFor(token),
    clientFor,
    checked,
    recorder,
    async close() {
      await caravan.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
