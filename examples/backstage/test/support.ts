/**
 * A Backstage backend with the Caravan plugin in it, built the way
 * `startTestBackend` builds one (Backstage's `mockServices` for auth, config,
 * logging, database), and SDK clients that reach Caravan through Backstage's
 * router with Backstage tokens (the mock auth service's). Users' groups come
 * from a small userInfo service, as the catalog would resolve them.
 *
 * Not `startTestBackend` itself: it listens on every interface (its root
 * router's host is hard-coded to "") and, once the root router is replaced,
 * throws from its own `server` getter. Here the root HTTP router is
 * Backstage's production one (helmet, CORS, compression, request log), on a
 * free loopback port: the middleware the plugin must stream through.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { createSpecializedBackend } from '@backstage/backend-app-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createCaravanClient, type CaravanClient } from '@caravan/sdk';
import { caravanPlugin } from '../src/plugin.js';

export interface CaravanBackstage {
  /** `http://127.0.0.1:<port>`: the Backstage backend. */
  readonly url: string;
  /** `<url>/api/caravan`: where the plugin serves Caravan's API. */
  readonly caravanUrl: string;
  /** The SDK through Backstage, as a user (entity ref) or as a service (`external:...` subject). */
  asUser(userEntityRef: string): CaravanClient;
  asService(): CaravanClient;
  stop(): Promise<void>;
}

/** What the catalog would say each test user belongs to. */
export const GROUPS: Record<string, string[]> = {
  'user:default/alice': ['group:default/platform'],
  'user:default/olga': ['group:default/sre'],
};

const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const { userEntityRef } = credentials.principal as { userEntityRef: string };
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])] };
    },
  }),
});

export const masterKey = (): string => randomBytes(32).toString('base64');

export async function startCaravanBackstage(config: Record<string, unknown>): Promise<CaravanBackstage> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-backstage-'));
  const caravan = (config.caravan ?? {}) as Record<string, unknown>;
  let server: Server | undefined;
  const rootHttpRouter = rootHttpRouterServiceFactory({
    configure: (context) => {
      server = context.server;
      context.applyDefaults();
    },
  });
  const backendConfig = { ...(config.backend as object), listen: { host: '127.0.0.1', port: 0 } };
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.rootConfig.factory({ data: { ...config, backend: backendConfig, caravan: { dataDir, ...caravan } } }),
      mockServices.rootLogger.factory(),
      mockServices.logger.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.lifecycle.factory(),
      mockServices.rootHealth.factory(),
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      mockServices.httpRouter.factory(),
      mockServices.database.factory(),
      userInfo,
      rootHttpRouter,
    ],
  });
  backend.add(caravanPlugin);
  try {
    await backend.start();
  } catch (error) {
    // The root router may be listening already: a plugin that failed to start leaves nothing behind.
    await backend.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const caravanUrl = `${url}/api/caravan`;
  // No retries: a refusal the test expects should not be asked again.
  const client = (token: string) => createCaravanClient({ baseUrl: caravanUrl, token, retry: 0 });
  return {
    url,
    caravanUrl,
    asUser: (ref) => client(mockCredentials.user.token(ref)),
    asService: () => client(mockCredentials.service.token()),
    async stop() {
      await backend.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
