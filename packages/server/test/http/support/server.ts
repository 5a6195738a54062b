/**
 * A real Caravan for HTTP tests: a fresh SQLite file in a temp folder, the
 * real core and app, the operation worker running, no socket. Requests go
 * through the contract oracle (`checkedApp`), so every response is validated.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '@caravan/contracts';
import { createCaravan, type Caravan, type CaravanOptions } from '../../../src/index.js';
import { checkedApp, type CheckedApp } from './contract.js';

export const ADMIN_TOKEN = 'caravan-test-admin-0123456789abcdef';

export interface TestServer {
  caravan: Caravan;
  http: CheckedApp;
  dir: string;
  /** Sends a request with a bearer token (admin unless given) and JSON body when `body` is set. */
  call(method: string, url: string, options?: { token?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** A token with the given roles, made by the admin through the API. */
  tokenFor(...roles: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<CaravanOptions> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-http-'));
  const caravan = await createCaravan({
    databaseUrl: `file:${path.join(dir, 'caravan.db')}`,
    masterKey: randomBytes(32).toString('base64'),
    bootstrapToken: ADMIN_TOKEN,
    ...options,
  });
  await caravan.core.start();
  const http = checkedApp(caravan.app);
  const call: TestServer['call'] = (method, url, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? ADMIN_TOKEN : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    return http.request(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  };
  let n = 0;
  return {
    caravan,
    http,
    dir,
    call,
    async tokenFor(...roles) {
      const res = await call('POST', '/v1/tokens', { body: { name: `test-${roles.join('-')}-${++n}`, roles } });
      if (res.status !== 201) throw new Error(`could not create a token: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { secret: string }).secret;
    },
    async close() {
      await caravan.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A three-component app in the contract's app model. */
export function threeComponentApp(image = '127.0.0.1:5000/shop'): App {
  return {
    components: [
      { name: 'web', image: `${image}/web:1.0`, replicas: 2, ports: [{ port: 8080, protocol: 'http', expose: 'external' }], env: [{ name: 'API_URL', value: 'http://api:9000' }], dependsOn: ['api'] },
      { name: 'api', image: `${image}/api:1.0`, ports: [{ port: 9000, protocol: 'http', alias: 'API' }], env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }], dependsOn: ['db'] },
      { name: 'db', kind: 'stateful', image: `${image}/postgres:16`, ports: [{ port: 5432, protocol: 'tcp', alias: 'DB' }], volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '1Gi' }] },
    ],
    parameters: [{ name: 'dbPassword', type: 'string', required: true, secret: true }],
  };
}
