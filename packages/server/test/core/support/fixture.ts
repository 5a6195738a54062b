/**
 * Test fixtures for the core: a real SQLite file in a fresh folder, a core
 * over it, and actors for each role (built the way an embedder would).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from '@caravan/contracts';
import { createCore, type Core, type CoreOptions } from '../../../src/core/index.js';
import type { Actor } from '../../../src/core/api.js';
import { openStore } from '../../../src/core/store/open-store.js';
import type { Store } from '../../../src/core/store/port.js';

export const admin: Actor = { id: 'u-admin', name: 'ada (admin)', roles: ['admin'] };
export const developer: Actor = { id: 'u-dev', name: 'dan (developer)', roles: ['developer'] };
export const tester: Actor = { id: 'u-test', name: 'tess (tester)', roles: ['tester'] };
export const viewer: Actor = { id: 'u-view', name: 'vic (viewer)', roles: ['viewer'] };
export const operator: Actor = { id: 'u-op', name: 'otto (operator)', roles: ['operator'] };

export function tempDir(prefix = 'caravan-core-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FAST_OPERATIONS = { leaseMs: 2_000, renewMs: 500, pollMs: 100, progressMs: 50, stopGraceMs: 3_000 } as const;

export interface CoreUnderTest {
  core: Core;
  store: Store;
  dir: string;
  /** The SQLite file (meaningful only when the store is SQLite). */
  dbFile: string;
  storeUrl: string;
  masterKey: string;
  close(): Promise<void>;
}

/** A started core on a new SQLite file; `close` stops it and removes the folder. */
export async function startCore(
  options: Partial<CoreOptions> & { dir?: string; masterKey?: string; start?: boolean; storeUrl?: string | undefined } = {},
): Promise<CoreUnderTest> {
  const own = options.dir === undefined ? tempDir() : undefined;
  const dir = options.dir ?? own!.dir;
  const dbFile = path.join(dir, 'caravan.db');
  const storeUrl = options.storeUrl ?? `file:${dbFile}`;
  const store = await openStore(storeUrl);
  const masterKey = options.masterKey ?? randomBytes(32).toString('base64');
  const core = await createCore({
    store,
    masterKey,
    operations: FAST_OPERATIONS,
    publish: { backoffMs: 20, ...options.publish },
    ...options,
  } as CoreOptions);
  if (options.start !== false) await core.start();
  let closed = false;
  return {
    core,
    store,
    dir,
    dbFile,
    storeUrl,
    masterKey,
    async close() {
      if (!closed) {
        closed = true;
        await core.stop();
      }
      own?.cleanup();
    },
  };
}

/** The three-component shop of the design docs, with images on a made-up source registry. */
export function shopApp(tag = '1.0.0'): App {
  return {
    components: [
      {
        name: 'web',
        kind: 'stateless',
        image: `src.example.com/shop/web:${tag}`,
        replicas: 2,
        ports: [{ port: 8080, protocol: 'http', expose: 'external', alias: 'WEB' }],
        dependsOn: ['api'],
      },
      { name: 'api', kind: 'stateless', image: `src.example.com/shop/api:${tag}`, ports: [{ port: 9000, protocol: 'http', alias: 'API' }], dependsOn: ['db'] },
      {
        name: 'db',
        kind: 'stateful',
        image: `src.example.com/library/postgres:16`,
        ports: [{ port: 5432, protocol: 'tcp', alias: 'DB' }],
        volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '1Gi' }],
      },
    ],
  };
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & { kind?: string; details?: Record<string, unknown>; errors?: unknown[] }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { kind?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
