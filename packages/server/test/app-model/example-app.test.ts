import { describe, expect, test } from 'vitest';
import { InvalidInputError } from '../../src/core/shared/errors.js';
import { assertValidApp, parseApp, validateApp, withDefaults } from '../../src/core/app-model/index.js';
import { SHOP_APP_YAML, shopApp } from './fixtures.js';

describe('the example app of APP-MODEL.md', () => {
  test('validates clean when written as YAML, exactly as in the document', () => {
    const app = assertValidApp(SHOP_APP_YAML);
    expect(app.components.map((c) => c.name)).toEqual(['web', 'api', 'db', 'nightly-report']);
    expect(app.parameters?.map((p) => p.name)).toEqual(['dbPassword', 'apiToken', 'checkoutEnabled']);
    expect(validateApp(app)).toEqual([]);
  });

  test('reads the same as JSON text and as an object', () => {
    const fromYaml = parseApp(SHOP_APP_YAML);
    expect(parseApp(JSON.stringify(fromYaml))).toEqual(fromYaml);
    expect(assertValidApp(structuredClone(fromYaml))).toEqual(fromYaml);
  });

  test('keeps YAML values typed as the model expects (ports are numbers, the cron schedule and quantities are strings)', () => {
    const app = shopApp();
    expect(app.components[0]!.ports![0]!.port).toBe(8080);
    expect(app.components[3]!.schedule).toBe('0 3 * * *');
    expect(app.components[0]!.resources!.requests!.cpu).toBe('100m');
    expect(app.parameters![2]!.default).toBe(true);
    expect(app.components[1]!.configFiles![0]!.content).toBe('features: [checkout]\n');
  });

  test('still validates clean with the contract\'s defaults filled in (as the HTTP face\'s schemas do)', () => {
    const app = withDefaults(shopApp());
    expect(app.components[3]!.kind).toBe('cronjob');
    expect(app.components[0]!.ports![0]!).toEqual({ port: 8080, protocol: 'http', expose: 'external', alias: 'WEB' });
    expect(app.components[2]!.ports![0]!.expose).toBe('internal');
    expect(app.parameters![2]).toEqual({ name: 'checkoutEnabled', type: 'boolean', default: true, required: false, secret: false, generate: false });
    expect(validateApp(app)).toEqual([]);
    expect(shopApp().components[2]!.ports![0]!.expose).toBeUndefined();
  });

  test('a broken draft is refused with every problem at once', () => {
    const draft = `
components:
  - name: Web
    kind: stateless
    image: registry.example.com/shop/web:1.4.2
    ports:
      - { port: 80, protocol: http, alias: WEB }
      - { port: 80, protocol: http }
    dependsOn: [cache]
  - name: worker
    kind: daemon
    image: "registry.example.com/shop/Worker:1.0"
parameters:
  - { name: size, type: integer, default: "large" }
`;
    let thrown: unknown;
    try {
      assertValidApp(draft);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    const error = thrown as InvalidInputError;
    expect(error.message).toBe('The app document has 6 problems');
    expect(error.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/parameters/0/default', 'type'],
      ['/components/0/name', 'format'],
      ['/components/0/ports/1/port', 'duplicate'],
      ['/components/1/kind', 'enum'],
      ['/components/1/image', 'format'],
      ['/components/0/dependsOn/0', 'reference'],
    ]);
  });
});
