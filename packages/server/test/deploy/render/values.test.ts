import { describe, expect, test } from 'vitest';
import type { App } from '../../../src/core/app-model/index.js';
import { parametersToGenerate, resolveValues, valuesShapeErrors, type InstallValues } from '../../../src/core/deploy/render/index.js';
import { InvalidInputError } from '../../../src/core/shared/errors.js';
import { API_TOKEN, DB_PASSWORD, shopApp } from './fixtures.js';

const GENERATED = { apiToken: API_TOKEN };

function problems(app: App, environment: InstallValues | undefined, install: unknown): [string, string][] {
  try {
    resolveValues(app, environment, install as InstallValues, GENERATED);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as InvalidInputError).errors.map((x) => [x.pointer, x.message]);
  }
  throw new Error('expected the values to be refused');
}

/** The shop app with a plain string parameter `region` (default "qingdao"), used by web's REGION. */
function appWithRegion(): App {
  const app = shopApp();
  app.parameters!.push({ name: 'region', type: 'string', default: 'qingdao' });
  return app;
}

describe('resolving an install\'s values', () => {
  test('template default < environment default < install value', () => {
    const app = appWithRegion();
    const install = { parameters: { dbPassword: DB_PASSWORD } };
    expect(resolveValues(app, undefined, install, GENERATED).parameters.region).toBe('qingdao');
    expect(resolveValues(app, { parameters: { region: 'shanghai' } }, install, GENERATED).parameters.region).toBe('shanghai');
    expect(resolveValues(app, { parameters: { region: 'shanghai' } }, { parameters: { ...install.parameters, region: 'beijing' } }, GENERATED).parameters.region).toBe('beijing');
  });

  test('the resolved parameters: every one with a value, secrets in clear, a generated one from what the caller kept', () => {
    expect(resolveValues(shopApp(), undefined, { parameters: { dbPassword: DB_PASSWORD } }, GENERATED).parameters).toEqual({
      apiToken: API_TOKEN,
      checkoutEnabled: true,
      dbPassword: DB_PASSWORD,
    });
  });

  test('a generated parameter takes a value given by the environment or the install over the generated one', () => {
    const app = shopApp();
    expect(parametersToGenerate(app, undefined, { parameters: { dbPassword: 'x' } })).toEqual(['apiToken']);
    expect(parametersToGenerate(app, { parameters: { apiToken: 'env-token' } }, undefined)).toEqual([]);
    expect(parametersToGenerate(app, undefined, { parameters: { apiToken: 'mine' } })).toEqual([]);
    expect(resolveValues(app, { parameters: { apiToken: 'env-token' } }, { parameters: { dbPassword: 'x' } }, GENERATED).parameters.apiToken).toBe('env-token');
    expect(resolveValues(app, undefined, { parameters: { dbPassword: 'x', apiToken: 'mine' } }, GENERATED).parameters.apiToken).toBe('mine');
    expect(() => resolveValues(app, undefined, { parameters: { dbPassword: 'x' } }, {})).toThrow(/generated parameters without a generated value: apiToken/);
    // A given value of the wrong type is the user's problem, reported as such rather than as a missing generated value.
    expect(() => resolveValues(app, undefined, { parameters: { dbPassword: 'x', apiToken: 7 as unknown as string } }, {})).toThrow(InvalidInputError);
  });

  test('a required parameter without a value is refused, naming it', () => {
    expect(problems(shopApp(), undefined, undefined)).toEqual([['/values/parameters/dbPassword', 'parameter "dbPassword" is required and has no value: give it in the install\'s values']]);
    // An environment default counts as a value.
    expect(resolveValues(shopApp(), { parameters: { dbPassword: 'from-env' } }, undefined, GENERATED).parameters.dbPassword).toBe('from-env');
  });

  test('component values: the install\'s over the environment\'s, env and resources merged entry by entry, hosts replaced', () => {
    const environment: InstallValues = {
      components: {
        web: { replicas: 2, env: { LOG_LEVEL: 'info', REGION: 'qingdao' }, hosts: ['shop.example.com'], resources: { requests: { cpu: '200m' }, limits: { cpu: '1' } } },
        db: { replicas: 3 },
      },
    };
    const install: InstallValues = {
      parameters: { dbPassword: DB_PASSWORD },
      components: { web: { replicas: 4, env: { LOG_LEVEL: 'warn' }, hosts: ['shop.qingdao.example.com'], resources: { limits: { memory: '512Mi' } } } },
    };
    expect(resolveValues(shopApp(), environment, install, GENERATED).components).toEqual({
      db: { replicas: 3 },
      web: {
        replicas: 4,
        env: { LOG_LEVEL: 'warn', REGION: 'qingdao' },
        hosts: ['shop.qingdao.example.com'],
        resources: { requests: { cpu: '200m' }, limits: { cpu: '1', memory: '512Mi' } },
      },
    });
  });

  test('environment defaults for other templates\' parameters and components, or fields that do not apply here, are skipped', () => {
    const resolved = resolveValues(
      shopApp(),
      {
        parameters: { clusterRegion: 'qingdao' },
        components: { worker: { replicas: 9 }, 'nightly-report': { replicas: 2, hosts: ['x.example.com'] }, api: { hosts: ['api.example.com'] } },
      },
      { parameters: { dbPassword: DB_PASSWORD } },
      GENERATED,
    );
    expect(resolved.parameters).not.toHaveProperty('clusterRegion');
    expect(resolved.components).toEqual({});
  });

  test('an environment default of the wrong type for a parameter of this app is refused where it is set', () => {
    expect(problems(shopApp(), { parameters: { checkoutEnabled: 'yes' } }, { parameters: { dbPassword: DB_PASSWORD } })).toEqual([
      ['/defaults/parameters/checkoutEnabled', 'the environment\'s default of parameter "checkoutEnabled" must be true or false, like its type'],
    ]);
  });

  test('unknown parameters and components, wrong types and fields that do not apply are refused, each at its pointer', () => {
    const got = problems(shopApp(), undefined, {
      parameters: { dbPassword: 42, checkoutEnabled: 'true', nope: 1 },
      components: {
        cache: { replicas: 1 },
        web: { replicas: 2.5, env: { 'LOG-LEVEL': 'x', PORT: 8080 }, hosts: ['Shop.Example.com', 'a.example.com', 'a.example.com', '*.example.com'], extra: true },
        api: { hosts: ['api.example.com'], resources: { limits: { memory: '256m' } } },
        'nightly-report': { replicas: 2 },
      },
      extra: {},
    });
    expect(got).toEqual([
      ['/values/extra', expect.stringMatching(/unknown field "extra" in the install's values \(allowed: parameters, components\)/)],
      ['/values/parameters/dbPassword', 'the value of parameter "dbPassword" must be a string, like its type'],
      ['/values/parameters/checkoutEnabled', 'the value of parameter "checkoutEnabled" must be true or false, like its type'],
      ['/values/parameters/nope', 'the app declares no parameter "nope"'],
      ['/values/components/cache', 'the app has no component "cache"'],
      ['/values/components/web/extra', expect.stringMatching(/unknown field "extra" in the values of component "web"/)],
      ['/values/components/web/replicas', 'replicas of component "web" must be a whole number'],
      ['/values/components/web/env/LOG-LEVEL', expect.stringMatching(/env name "LOG-LEVEL" of component "web" must be letters, digits and "_"/)],
      ['/values/components/web/env/PORT', expect.stringMatching(/the value of env PORT of component "web" must be a string \(quote numbers/)],
      ['/values/components/web/hosts/0', expect.stringMatching(/host "Shop.Example.com" of component "web" must be a DNS name/)],
      ['/values/components/web/hosts/2', 'host "a.example.com" of component "web" is listed twice'],
      ['/values/components/api/hosts', 'component "api" has no external http port, so it gets no Ingress for hosts to route to'],
      ['/values/components/api/resources/limits/memory', expect.stringMatching(/limits.memory "256m" of component "api" means 0.256 bytes/)],
      ['/values/components/nightly-report/replicas', 'component "nightly-report" is a cronjob: replicas apply only to stateless and stateful components'],
      ['/values/parameters/dbPassword', 'parameter "dbPassword" is required and has no value: give it in the install\'s values'],
    ]);
  });

  test('requests above limits once the values are merged over the app are refused', () => {
    expect(problems(shopApp(), undefined, { parameters: { dbPassword: 'x' }, components: { web: { resources: { limits: { cpu: '50m' } } } } })).toEqual([
      ['/values/components/web/resources', 'with these values, requests.cpu of component "web" (100m) is above limits.cpu (50m)'],
    ]);
  });

  test('values that are not a map are refused', () => {
    expect(problems(shopApp(), undefined, ['dbPassword'])).toEqual([
      ['/values', 'the install\'s values must be an object'],
      ['/values/parameters/dbPassword', 'parameter "dbPassword" is required and has no value: give it in the install\'s values'],
    ]);
    expect(problems(shopApp(), undefined, { parameters: 'dbPassword=x' })[0]).toEqual(['/values/parameters', 'parameters must be a map of names to values']);
  });

  test('an environment\'s defaults can be checked for shape without an app', () => {
    expect(valuesShapeErrors({ parameters: { region: 'qingdao', replicas: 3, debug: false }, components: { web: { replicas: 2, hosts: ['shop.example.com'] } } }, '/defaults')).toEqual([]);
    expect(valuesShapeErrors({ parameters: { region: ['a'] }, components: { web: { replica: 2 } } }, '/defaults').map((e) => e.pointer)).toEqual([
      '/defaults/parameters/region',
      '/defaults/components/web/replica',
    ]);
  });
});
