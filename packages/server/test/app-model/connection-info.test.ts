import { describe, expect, test } from 'vitest';
import { connectionEnv, connectionEnvCollisions, validateApp } from '../../src/core/app-model/index.js';
import { shopApp, shopAppWith } from './fixtures.js';

describe('connection info', () => {
  test('a dependent receives <ALIAS>_HOST and <ALIAS>_PORT of each dependency', () => {
    const app = shopApp();
    expect(connectionEnv(app, 'web').map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'API_HOST', value: 'api' },
      { name: 'API_PORT', value: '9000' },
    ]);
    expect(connectionEnv(app, app.components[1]!).map((v) => `${v.name}=${v.value}`)).toEqual(['DB_HOST=db', 'DB_PORT=5432']);
    expect(connectionEnv(app, 'db')).toEqual([]);
  });

  test('the Service name comes from the deployer', () => {
    const app = shopApp();
    const env = connectionEnv(app, 'api', (c) => `shop-${c.name}`);
    expect(env[0]).toEqual({ name: 'DB_HOST', value: 'shop-db', from: { component: 'db', alias: 'DB', port: 5432 } });
  });

  test('every aliased port of a dependency is injected, in dependsOn order then port order; unaliased ports are not', () => {
    const app = shopAppWith((a) => {
      a.components[1].ports.push({ port: 9001, protocol: 'grpc', alias: 'API_GRPC' }, { port: 9002 });
      a.components[0].dependsOn = ['db', 'api'];
    });
    expect(validateApp(app)).toEqual([]);
    expect(connectionEnv(app, 'web').map((v) => v.name)).toEqual(['DB_HOST', 'DB_PORT', 'API_HOST', 'API_PORT', 'API_GRPC_HOST', 'API_GRPC_PORT']);
  });

  test('an unknown component is a programming error', () => {
    expect(() => connectionEnv(shopApp(), 'nope')).toThrow(/no component named "nope"/);
  });

  test('collisions with the component\'s own env are found', () => {
    const app = shopAppWith((a) => a.components[0].env.push({ name: 'API_PORT', value: '1' }));
    expect(connectionEnvCollisions(app, app.components[0]).map((c) => [c.env, c.injected.from.component])).toEqual([['API_PORT', 'api']]);
    expect(validateApp(app).map((e) => e.pointer)).toEqual(['/components/0/env/2/name']);
  });
});
