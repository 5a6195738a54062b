import { describe, expect, test } from 'vitest';
import { connectionEnv, validateApp } from '../../src/core/app-model/index.js';
import { expectErrors, shopAppWith } from './fixtures.js';

// Component indexes in the shop app: web 0, api 1, db 2, nightly-report 3.
// Parameter indexes: dbPassword 0, apiToken 1, checkoutEnabled 2.

describe('dependencies', () => {
  test('a dependency must be a component of the app', () => {
    expectErrors(shopAppWith((a) => a.components[0].dependsOn.push('cache')), [
      ['/components/0/dependsOn/1', /component "web" depends on "cache", which is not a component of the app/],
    ]);
  });

  test('a component cannot depend on itself', () => {
    expectErrors(shopAppWith((a) => a.components[1].dependsOn.push('api')), [['/components/1/dependsOn/1', /component "api" depends on itself/]]);
  });

  test('a dependency is listed once', () => {
    expectErrors(shopAppWith((a) => a.components[0].dependsOn.push('api')), [['/components/0/dependsOn/1', /component "web" lists dependency "api" twice/]]);
  });

  test('a dependency without a port alias is accepted: the dependent gets its name in upper snake case', () => {
    const app = shopAppWith((a) => delete a.components[2].ports[0].alias);
    expect(validateApp(app)).toEqual([]);
    expect(connectionEnv(app, 'api').map((v) => `${v.name}=${v.value}`)).toEqual(['DB_HOST=db', 'DB_PORT=5432']);
  });

  test('a dependency on a cronjob is refused: it has no Service', () => {
    expectErrors(shopAppWith((a) => a.components[0].dependsOn.push('nightly-report')), [
      ['/components/0/dependsOn/1', /depends on "nightly-report", a cronjob, which runs to completion and has no Service to connect to/],
    ]);
  });

  test('a cycle is reported once, with its path, at the first component of the cycle', () => {
    expectErrors(shopAppWith((a) => (a.components[2].dependsOn = ['web'])), [['/components/0/dependsOn/0', /^dependency cycle: web -> api -> db -> web$/]]);
  });

  test('a two-component cycle and a separate three-component cycle are both reported', () => {
    const app = {
      components: [
        { name: 'a', kind: 'stateless', image: 'a:1', ports: [{ port: 1, alias: 'A' }], dependsOn: ['b'] },
        { name: 'b', kind: 'stateless', image: 'b:1', ports: [{ port: 1, alias: 'B' }], dependsOn: ['a'] },
        { name: 'c', kind: 'stateless', image: 'c:1', ports: [{ port: 1, alias: 'C' }], dependsOn: ['e'] },
        { name: 'd', kind: 'stateless', image: 'd:1', ports: [{ port: 1, alias: 'D' }], dependsOn: ['c'] },
        { name: 'e', kind: 'stateless', image: 'e:1', ports: [{ port: 1, alias: 'E' }], dependsOn: ['d', 'a'] },
      ],
    };
    expectErrors(app, [
      ['/components/0/dependsOn/0', /^dependency cycle: a -> b -> a$/],
      ['/components/2/dependsOn/0', /^dependency cycle: c -> e -> d -> c$/],
    ]);
  });

  test('a diamond (two paths to the same dependency) is not a cycle', () => {
    const app = shopAppWith((a) => a.components[0].dependsOn.push('db'));
    expect(validateApp(app)).toEqual([]);
  });
});

describe('parameters', () => {
  test('names are identifiers and unique; a type is from its list', () => {
    expectErrors(
      shopAppWith((a) => {
        a.parameters.push(
          { name: 'db-password', type: 'string' },
          { name: '_hidden' },
          { name: 'dbPassword', type: 'string' },
          { name: 'size', type: 'number' },
          { type: 'string' },
        );
      }),
      [
        ['/parameters/3/name', /parameter name "db-password" must be an identifier: letters, digits and "_", starting with a letter, at most 128 characters/],
        ['/parameters/4/name', /parameter name "_hidden" must be an identifier/],
        ['/parameters/5/name', /parameter "dbPassword" is declared twice \(also at \/parameters\/0\/name\)/],
        ['/parameters/6/type', /the type of parameter "size" must be one of string, integer, boolean, not "number"/],
        ['/parameters/7/name', /parameter 7 needs "name"/],
      ],
    );
  });

  test('a parameter without a type is a string', () => {
    expect(validateApp(shopAppWith((a) => a.parameters.push({ name: 'region', default: 'qingdao' })))).toEqual([]);
    expectErrors(shopAppWith((a) => a.parameters.push({ name: 'region', default: 1 })), [
      ['/parameters/3/default', /the default of parameter "region" must be a string, like its type/],
    ]);
  });

  test('a default has the parameter\'s type', () => {
    expectErrors(
      shopAppWith((a) => {
        a.parameters.push(
          { name: 'replicas', type: 'integer', default: 2.5 },
          { name: 'debug', type: 'boolean', default: 'false' },
          { name: 'region', type: 'string', default: 7 },
          { name: 'ok', type: 'integer', default: 3 },
        );
      }),
      [
        ['/parameters/3/default', /the default of parameter "replicas" must be a whole number, like its type/],
        ['/parameters/4/default', /the default of parameter "debug" must be true or false, like its type/],
        ['/parameters/5/default', /the default of parameter "region" must be a string, like its type/],
      ],
    );
  });

  test('a secret parameter has no default in the template', () => {
    expectErrors(shopAppWith((a) => ((a.parameters[0].default = 's3cret'), delete a.parameters[0].required)), [
      ['/parameters/0/default', /parameter "dbPassword" is secret, so it has no default in the template .*; use generate: true or required: true/],
    ]);
  });

  test('generate is only for secret strings', () => {
    expectErrors(
      shopAppWith((a) => {
        a.parameters.push({ name: 'seed', type: 'integer', secret: true, generate: true }, { name: 'name', type: 'string', generate: true });
      }),
      [
        ['/parameters/3/generate', /parameter "seed" cannot be generated: generate is for secret string parameters/],
        ['/parameters/4/generate', /parameter "name" cannot be generated/],
      ],
    );
  });

  test('required contradicts default and generate', () => {
    expectErrors(
      shopAppWith((a) => {
        a.parameters[1].required = true;
        a.parameters[2].required = true;
      }),
      [
        ['/parameters/1/generate', /parameter "apiToken" is both required and generated/],
        ['/parameters/2/required', /parameter "checkoutEnabled" is required and has a default, which would never be used/],
      ],
    );
  });

  test('flags are booleans', () => {
    expectErrors(shopAppWith((a) => (a.parameters[0].secret = 'yes')), [['/parameters/0/secret', /secret of parameter "dbPassword" must be true or false/]]);
  });
});

test('an app with many independent mistakes reports every one of them', () => {
  const app = shopAppWith((a) => {
    a.components[0].name = 'Web';
    a.components[0].ports[0].port = 80_000;
    a.components[1].image = 'registry.example.com/shop/api:';
    a.components[2].volumes[0].size = 'big';
    a.components[3].schedule = 'every night';
    a.components[2].env[0].fromParameter = 'dbPass';
    a.parameters[2].default = 'yes';
  });
  const errors = validateApp(app);
  expect(errors.map((e) => e.pointer).sort()).toEqual(
    [
      '/components/0/name',
      '/components/0/ports/0/port',
      '/components/1/image',
      '/components/2/volumes/0/size',
      '/components/3/schedule',
      '/components/2/env/0/fromParameter',
      '/parameters/2/default',
    ].sort(),
  );
  expect(errors.every((e) => typeof e.code === 'string' && e.message.length > 0)).toBe(true);
});
