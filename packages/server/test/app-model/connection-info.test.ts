import { describe, expect, test } from 'vitest';
import { connectionEnv, connectionEnvCollisions, defaultAlias, validateApp } from '../../src/core/app-model/index.js';
import { expectErrors, shopApp, shopAppWith } from './fixtures.js';

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
    expect(env[0]).toEqual({ name: 'DB_HOST', value: 'shop-db', from: { component: 'db', alias: 'DB', port: 5432, defaulted: false } });
  });

  test('every aliased port of a dependency is injected, in dependsOn order then port order; unaliased ports are not', () => {
    const app = shopAppWith((a) => {
      a.components[1].ports.push({ port: 9001, protocol: 'grpc', alias: 'API_GRPC' }, { port: 9002 });
      a.components[0].dependsOn = ['db', 'api'];
    });
    expect(validateApp(app)).toEqual([]);
    expect(connectionEnv(app, 'web').map((v) => v.name)).toEqual(['DB_HOST', 'DB_PORT', 'API_HOST', 'API_PORT', 'API_GRPC_HOST', 'API_GRPC_PORT']);
  });

  test('a dependency whose ports have no alias gives its first port under its name in upper snake case', () => {
    const app = shopAppWith((a) => {
      a.components[2].name = 'order-db';
      a.components[2].ports = [{ port: 5432, protocol: 'tcp' }, { port: 9187, protocol: 'http' }];
      a.components[1].dependsOn = ['order-db'];
      delete a.components[1].ports[0].alias;
    });
    expect(validateApp(app)).toEqual([]);
    expect(connectionEnv(app, 'api', (c) => `shop-${c.name}`)).toEqual([
      { name: 'ORDER_DB_HOST', value: 'shop-order-db', from: { component: 'order-db', alias: 'ORDER_DB', port: 5432, defaulted: true } },
      { name: 'ORDER_DB_PORT', value: '5432', from: { component: 'order-db', alias: 'ORDER_DB', port: 5432, defaulted: true } },
    ]);
    expect(connectionEnv(app, 'web').map((v) => `${v.name}=${v.value}`)).toEqual(['API_HOST=api', 'API_PORT=9000']);
    expect(defaultAlias('order-db')).toBe('ORDER_DB');
    expect(defaultAlias('api')).toBe('API');
  });

  test('once any port of a dependency has an alias, only aliased ports are injected', () => {
    const app = shopAppWith((a) => a.components[1].ports.unshift({ port: 8000, protocol: 'http' }));
    expect(connectionEnv(app, 'web').map((v) => `${v.name}=${v.value}`)).toEqual(['API_HOST=api', 'API_PORT=9000']);
  });

  test('a name-made variable may not clash with another dependency\'s alias or with the component\'s own env', () => {
    const clash = shopAppWith((a) => {
      // cache's alias API is also what api's name makes once api's port has no alias.
      a.components.push({ name: 'cache', kind: 'stateless', image: 'redis:7', ports: [{ port: 6379, alias: 'API' }] });
      delete a.components[1].ports[0].alias;
      a.components[0].dependsOn = ['cache', 'api'];
    });
    expectErrors(clash, [
      ['/components/0/dependsOn/1', /dependency "api" of component "web" would inject API_HOST and API_PORT, which dependency "cache" injects too \(alias API\); give a port of "api" an alias/],
    ]);
    const swapped = structuredClone(clash);
    swapped.components[0].dependsOn.reverse();
    expectErrors(swapped, [['/components/0/dependsOn/1', /dependency "cache" of component "web" would inject API_HOST and API_PORT, which dependency "api" injects too \(alias API\); give a port of "api" an alias/]]);
    const own = shopAppWith((a) => {
      delete a.components[2].ports[0].alias;
      a.components[1].env = [{ name: 'DB_PORT', value: '1' }];
    });
    expectErrors(own, [['/components/1/env/0/name', /env DB_PORT of component "api" collides with the connection variable injected from dependency "db" \(alias DB\)/]]);
  });

  test('a dependency without ports, or whose name makes no variable name, is still refused', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components.push({ name: 'worker', image: 'worker:1' }, { name: '1cache', kind: 'stateful', image: 'redis:7', ports: [{ port: 6379 }] });
        a.components[0].dependsOn.push('worker', '1cache');
      }),
      [
        ['/components/0/dependsOn/1', /component "web" depends on "worker", which has no ports, so there is nothing to connect to/],
        ['/components/0/dependsOn/2', /component "web" depends on "1cache", whose ports have no alias, and its name does not make a variable name \(1CACHE_HOST\); give a port of "1cache" an alias/],
      ],
    );
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
