import { describe, expect, test } from 'vitest';
import { SECRET_MASK, assertValidApp, diffApps, withDefaults } from '../../src/core/app-model/index.js';
import { shopApp, shopAppWith } from './fixtures.js';

const EMPTY = { added: [], removed: [], changed: [] };

describe('the diff between two versions of an app', () => {
  test('the same app has no differences', () => {
    expect(diffApps(shopApp(), shopApp())).toEqual({ components: EMPTY, parameters: EMPTY });
  });

  test('1.0 to 1.1 of the shop app: components and parameters added, removed and changed, with old and new values', () => {
    const v10 = shopApp();
    const v11 = assertValidApp(
      shopAppWith((a) => {
        a.components[0].replicas = 3;
        a.components[0].image = 'registry.example.com/shop/web:1.5.0';
        a.components[0].env[0].value = 'warn';
        a.components[0].env.push({ name: 'CHECKOUT', fromParameter: 'checkoutEnabled' });
        a.components[0].resources.limits.memory = '512Mi';
        a.components[0].probes.readiness = { tcp: { port: 8080 } };
        a.components[1].configFiles[0].content = 'features: [checkout, wishlist]\n';
        a.components[1].ports[0].expose = 'external';
        a.components[2].volumes[0].size = '20Gi';
        a.components.splice(3, 1); // nightly-report removed
        a.components.push({ name: 'cache', kind: 'stateful', image: 'redis:7', ports: [{ port: 6379, protocol: 'tcp', alias: 'CACHE' }] });
        a.components[1].dependsOn.push('cache');
        a.parameters.splice(1, 1); // apiToken removed
        a.components[0].env = a.components[0].env.filter((e: { name: string }) => e.name !== 'API_TOKEN');
        a.parameters.push({ name: 'region', type: 'string', default: 'qingdao' });
        a.parameters[1].default = false; // checkoutEnabled
      }),
    );

    expect(diffApps(v10, v11)).toEqual({
      components: {
        added: ['cache'],
        removed: ['nightly-report'],
        changed: [
          {
            name: 'api',
            fields: [
              { path: '/ports/9000/expose', old: 'internal', new: 'external' },
              { path: '/configFiles/~1etc~1api~1config.yaml/content', old: 'features: [checkout]\n', new: 'features: [checkout, wishlist]\n' },
              { path: '/dependsOn', old: ['db'], new: ['cache', 'db'] },
            ],
          },
          { name: 'db', fields: [{ path: '/volumes/data/size', old: '10Gi', new: '20Gi' }] },
          {
            name: 'web',
            fields: [
              { path: '/image', old: 'registry.example.com/shop/web:1.4.2', new: 'registry.example.com/shop/web:1.5.0' },
              { path: '/replicas', old: 2, new: 3 },
              { path: '/env/API_TOKEN', old: { name: 'API_TOKEN', fromParameter: 'apiToken' } },
              { path: '/env/CHECKOUT', new: { name: 'CHECKOUT', fromParameter: 'checkoutEnabled' } },
              { path: '/env/LOG_LEVEL/value', old: 'info', new: 'warn' },
              { path: '/resources/limits/memory', old: '256Mi', new: '512Mi' },
              { path: '/probes/readiness/http', old: { path: '/healthz', port: 8080 } },
              { path: '/probes/readiness/tcp', new: { port: 8080 } },
            ],
          },
        ],
      },
      parameters: {
        added: ['region'],
        removed: ['apiToken'],
        changed: [{ name: 'checkoutEnabled', fields: [{ path: '/default', old: true, new: false }] }],
      },
    });
  });

  test('an added field has no old value and a removed one no new value (absent, not null)', () => {
    const b = shopAppWith((x) => {
      x.components[1].replicas = 2;
      delete x.components[0].replicas;
    });
    const [api, web] = diffApps(shopApp(), b).components.changed;
    expect(api!.fields).toStrictEqual([{ path: '/replicas', new: 2 }]);
    expect(web!.fields).toStrictEqual([{ path: '/replicas', old: 2 }]);
  });

  test('writing out a default is no change (expose: internal, kind: stateless, protocol: tcp, type: string)', () => {
    const explicit = shopAppWith((x) => {
      x.components[1].ports[0].expose = 'internal';
      x.components[3].kind = 'stateless';
      delete x.components[3].schedule;
      x.components[2].volumes[0].accessMode = 'ReadWriteOnce';
      x.parameters[2].required = false;
    });
    const implicit = shopAppWith((x) => {
      delete x.components[3].kind;
      delete x.components[3].schedule;
      delete x.components[2].volumes[0].accessMode;
      x.components[2].ports[0] = { port: 5432, alias: 'DB' };
      x.parameters[0].type = undefined;
    });
    expect(diffApps(explicit, implicit)).toEqual({ components: EMPTY, parameters: EMPTY });
    expect(diffApps(shopApp(), withDefaults(shopApp()))).toEqual({ components: EMPTY, parameters: EMPTY });
  });

  test('pod labels and annotations are compared key by key', () => {
    const b = shopAppWith((x) => {
      x.components[0].labels = { team: 'checkout', tier: 'web' };
      delete x.components[0].annotations;
      x.components[1].annotations = { 'prometheus.io/scrape': 'true' };
    });
    expect(diffApps(shopApp(), b).components.changed).toEqual([
      { name: 'api', fields: [{ path: '/annotations', new: { 'prometheus.io/scrape': 'true' } }] },
      {
        name: 'web',
        fields: [
          { path: '/labels/team', old: 'shop', new: 'checkout' },
          { path: '/labels/tier', new: 'web' },
          { path: '/annotations', old: { 'prometheus.io/scrape': 'true' } },
        ],
      },
    ]);
    const c = shopAppWith((x) => (x.components[0].annotations['prometheus.io/scrape'] = 'false'));
    expect(diffApps(shopApp(), c).components.changed).toEqual([{ name: 'web', fields: [{ path: '/annotations/prometheus.io~1scrape', old: 'true', new: 'false' }] }]);
  });

  test('going back reverses the diff', () => {
    const a = shopApp();
    const b = shopAppWith((x) => (x.components[0].replicas = 5));
    expect(diffApps(b, a).components.changed).toEqual([{ name: 'web', fields: [{ path: '/replicas', old: 5, new: 2 }] }]);
  });

  test('reordering env, ports, volumes, config files, dependencies, components or parameters is not a change', () => {
    const reordered = shopAppWith((a) => {
      a.components[0].env.reverse();
      a.components[0].ports.push({ port: 9090, protocol: 'http', alias: 'METRICS' });
      a.components[1].configFiles.push({ path: '/etc/api/b.yaml', content: 'b' });
      a.components[1].dependsOn.push('web2');
      a.components.push({ name: 'web2', kind: 'stateless', image: 'web:2', ports: [{ port: 1, alias: 'W2' }] });
      a.components[2].volumes.push({ name: 'wal', path: '/wal', size: '1Gi' });
    });
    const shuffled = structuredClone(reordered);
    shuffled.components[0].env.reverse();
    shuffled.components[0].ports.reverse();
    shuffled.components[1].configFiles.reverse();
    shuffled.components[1].dependsOn.reverse();
    shuffled.components[2].volumes.reverse();
    shuffled.components.reverse();
    shuffled.parameters.reverse();
    shuffled.components[0].resources = undefined; // web2 has none; a field set to undefined equals one left out
    expect(diffApps(reordered, shuffled)).toEqual({ components: EMPTY, parameters: EMPTY });
  });

  test('command and args are ordered: swapping two arguments is a change', () => {
    const a = shopAppWith((x) => (x.components[1].args = ['--port', '9000']));
    const b = shopAppWith((x) => (x.components[1].args = ['9000', '--port']));
    expect(diffApps(a, b).components.changed).toEqual([{ name: 'api', fields: [{ path: '/args', old: ['--port', '9000'], new: ['9000', '--port'] }] }]);
  });

  test('a changed port number is a removed port plus an added port', () => {
    const b = shopAppWith((x) => (x.components[2].ports[0].port = 5433));
    expect(diffApps(shopApp(), b).components.changed).toEqual([
      {
        name: 'db',
        fields: [
          { path: '/ports/5432', old: { port: 5432, protocol: 'tcp', expose: 'internal', alias: 'DB' } },
          { path: '/ports/5433', new: { port: 5433, protocol: 'tcp', expose: 'internal', alias: 'DB' } },
        ],
      },
    ]);
  });

  test('port keys sort numerically', () => {
    const a = shopAppWith((x) => (x.components[0].ports = []));
    const b = shopAppWith((x) => (x.components[0].ports = [{ port: 10000 }, { port: 9 }, { port: 80 }]));
    expect(diffApps(a, b).components.changed[0]!.fields.map((f) => f.path)).toEqual(['/ports/9', '/ports/80', '/ports/10000']);
  });

  test('a secret parameter\'s default never appears in a diff', () => {
    // Validation refuses secret defaults, but a diff may be asked of anything stored.
    const a = shopAppWith((x) => (x.parameters[0].default = 'old-s3cret'));
    const b = shopAppWith((x) => ((x.parameters[0].default = 'new-s3cret'), (x.parameters[0].description = 'the database password')));
    const diff = diffApps(a, b);
    expect(diff.parameters.changed).toEqual([
      {
        name: 'dbPassword',
        fields: [
          { path: '/description', new: 'the database password' },
          { path: '/default', old: SECRET_MASK, new: SECRET_MASK },
        ],
      },
    ]);
    expect(JSON.stringify(diff)).not.toMatch(/s3cret/);
  });

  test('a parameter turned secret hides its new default but not the old public one', () => {
    const a = shopAppWith((x) => x.parameters.push({ name: 'salt', type: 'string', default: 'public' }));
    const b = shopAppWith((x) => x.parameters.push({ name: 'salt', type: 'string', default: 'hidden', secret: true }));
    expect(diffApps(a, b).parameters.changed).toEqual([
      {
        name: 'salt',
        fields: [
          { path: '/default', old: 'public', new: SECRET_MASK },
          { path: '/secret', old: false, new: true },
        ],
      },
    ]);
  });

  test('the output is the same whatever order the inputs were written in', () => {
    const a = shopApp();
    const b = shopAppWith((x) => {
      x.components[0].replicas = 1;
      x.components[2].replicas = 3;
    });
    const bShuffled = structuredClone(b);
    bShuffled.components.reverse();
    expect(JSON.stringify(diffApps(a, bShuffled))).toBe(JSON.stringify(diffApps(a, b)));
    expect(diffApps(a, b).components.changed.map((c) => c.name)).toEqual(['db', 'web']);
  });
});
