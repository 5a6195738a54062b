/** Inputs for the renderer's tests: the shop app of APP-MODEL.md with the install values of that document, and a job example. */
import { readFileSync } from 'node:fs';
import { assertValidApp, type App } from '../../../src/core/app-model/index.js';
import { resolveValues, type InstallValues, type RenderInput } from '../../../src/core/deploy/render/index.js';
import { SHOP_APP_YAML } from '../../app-model/fixtures.js';

export const DB_PASSWORD = 's3cret-Zq8x';
export const API_TOKEN = 'generated-7f3a9c1e';

const digest = (n: string) => `sha256:${n.repeat(64).slice(0, 64)}`;

export function shopApp(): App {
  return assertValidApp(SHOP_APP_YAML);
}

/** The install of APP-MODEL.md: `shop` 1.0 into production-qingdao, with its values. */
export function shopInstallValues(): InstallValues {
  return {
    parameters: { dbPassword: DB_PASSWORD },
    components: {
      web: { replicas: 4, env: { LOG_LEVEL: 'warn' }, hosts: ['shop.qingdao.example.com'] },
      db: { resources: { limits: { memory: '1Gi' } } },
    },
  };
}

export function shopInput(edit?: { app?: (app: App) => void; values?: (values: InstallValues) => void }): RenderInput {
  const app = shopApp();
  edit?.app?.(app);
  const install = shopInstallValues();
  edit?.values?.(install);
  return {
    template: 'shop',
    version: '1.0',
    app,
    install: { name: 'shop', environment: 'production-qingdao', namespace: 'shop-prod' },
    values: resolveValues(app, { components: { web: { hosts: ['shop.example.com'] } } }, install, { apiToken: API_TOKEN }),
    images: {
      web: `registry.example.com/caravan/shop/web@${digest('a1')}`,
      api: `registry.example.com/caravan/shop/api@${digest('b2')}`,
      db: `registry.example.com/caravan/library/postgres@${digest('c3')}`,
      'nightly-report': `registry.example.com/caravan/shop/report@${digest('d4')}`,
    },
    pullSecret: {
      dockerConfigJson: JSON.stringify({ auths: { 'registry.example.com': { username: 'robot', password: 'pull-pass', auth: Buffer.from('robot:pull-pass').toString('base64') } } }),
    },
  };
}

export function migrateApp(): App {
  return assertValidApp(readFileSync(new URL('./migrate-app.yaml', import.meta.url), 'utf8'));
}

/** A draft of the job example installed into a test environment: source images, no pull secret. */
export function migrateInput(): RenderInput {
  const app = migrateApp();
  return {
    template: 'orders',
    version: '3.0.0-rc.1',
    app,
    install: { name: 'orders', environment: 'test-intranet', namespace: 'orders-test' },
    values: resolveValues(app, undefined, { parameters: { dbPassword: DB_PASSWORD, dryRun: true } }, {}),
    images: { migrate: 'registry.example.com/shop/migrate:3.0.0', db: 'registry.example.com/library/postgres:16' },
  };
}
