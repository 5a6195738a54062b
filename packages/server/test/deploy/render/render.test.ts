import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { SecretBox } from '../../../src/core/secrets/secret-box.js';
import type { App } from '../../../src/core/app-model/index.js';
import { renderInstall, renderedToYaml, resolveValues, workloadOrder, type RenderedObject, type RenderInput } from '../../../src/core/deploy/render/index.js';
import { InvalidInputError } from '../../../src/core/shared/errors.js';
import { API_TOKEN, DB_PASSWORD, shopInput } from './fixtures.js';

const find = (objects: RenderedObject[], kind: string, name: string): any => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};
const podSpecOf = (o: any) => (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template);
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'Job', 'CronJob'];

function caught(f: () => unknown): InvalidInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return e as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('rendering an install', () => {
  test('the same input renders the same objects, byte for byte, and the input is left as it was', () => {
    const input = shopInput();
    const before = structuredClone(input);
    const first = renderInstall(input);
    const second = renderInstall(shopInput());
    expect(second).toEqual(first);
    expect(renderedToYaml(second)).toBe(renderedToYaml(first));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(input).toEqual(before);
  });

  test('reordering components, parameters or config files in the app renders the same objects', () => {
    const reordered = shopInput({
      app: (app) => {
        app.components.reverse();
        app.parameters!.reverse();
        app.components.find((c) => c.name === 'api')!.configFiles!.push({ path: '/etc/api/b.yaml', content: 'b: 1\n' });
      },
    });
    const plain = shopInput({ app: (app) => app.components.find((c) => c.name === 'api')!.configFiles!.unshift({ path: '/etc/api/b.yaml', content: 'b: 1\n' }) });
    expect(renderedToYaml(renderInstall(reordered))).toBe(renderedToYaml(renderInstall(plain)));
  });

  test('objects come in apply order: pull Secret, parameters Secret, ConfigMaps, claims, Services, Ingresses, then workloads dependencies first', () => {
    const objects = renderInstall(shopInput());
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Secret/shop-pull',
      'Secret/shop-parameters',
      'ConfigMap/shop-api',
      'Service/shop-db',
      'Service/shop-db-headless',
      'Service/shop-api',
      'Service/shop-web',
      'Ingress/shop-web',
      'StatefulSet/shop-db',
      'Deployment/shop-api',
      'CronJob/shop-nightly-report',
      'Deployment/shop-web',
    ]);
  });

  test('workloads follow dependsOn, ties broken by name, whatever order the app lists them in', () => {
    const components = [
      { name: 'a', dependsOn: ['z'] },
      { name: 'z', dependsOn: [] },
      { name: 'm' },
      { name: 'b', dependsOn: ['a', 'm'] },
      { name: 'c', dependsOn: ['m'] },
    ];
    // m and z are ready first; m wins by name, which makes c ready, and c comes before z.
    expect(workloadOrder(components).map((c) => c.name)).toEqual(['m', 'c', 'z', 'a', 'b']);
    expect(workloadOrder([...components].reverse()).map((c) => c.name)).toEqual(['m', 'c', 'z', 'a', 'b']);
  });

  test('a changed config file changes the ConfigMap and the checksum annotation of the Deployment, and nothing else', () => {
    const a = renderInstall(shopInput());
    const b = renderInstall(shopInput({ app: (app) => (app.components.find((c) => c.name === 'api')!.configFiles![0]!.content = 'features: [checkout, wishlist]\n') }));
    const changed = a.flatMap((o, i) => (JSON.stringify(o) === JSON.stringify(b[i]) ? [] : [`${o.kind}/${o.metadata.name}`]));
    expect(changed).toEqual(['ConfigMap/shop-api', 'Deployment/shop-api']);

    const before = find(a, 'Deployment', 'shop-api');
    const after = find(b, 'Deployment', 'shop-api');
    const checksum = (d: any) => d.spec.template.metadata.annotations['caravan.dev/config-checksum'];
    expect(checksum(before)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(after)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(after)).not.toBe(checksum(before));
    const withoutChecksum = (d: any) => {
      const copy = structuredClone(d);
      delete copy.spec.template.metadata.annotations['caravan.dev/config-checksum'];
      return copy;
    };
    expect(withoutChecksum(after)).toEqual(withoutChecksum(before));
  });

  test('secret values appear only in the data of the Secrets, base64-encoded, never in clear', () => {
    const objects = renderInstall(shopInput());
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const secrets = [DB_PASSWORD, API_TOKEN, 'pull-pass'];
    const yaml = renderedToYaml(objects);
    for (const s of secrets) expect(yaml).not.toContain(s);

    for (const o of objects) {
      const outside = o.kind === 'Secret' ? { ...o, data: undefined } : o;
      const text = JSON.stringify(outside);
      for (const s of secrets) {
        expect(text, `${o.kind}/${o.metadata.name}`).not.toContain(s);
        expect(text, `${o.kind}/${o.metadata.name}`).not.toContain(b64(s));
      }
    }
    const parameters = find(objects, 'Secret', 'shop-parameters');
    expect(parameters.type).toBe('Opaque');
    expect(parameters.stringData).toBeUndefined();
    expect(parameters.data).toEqual({ apiToken: b64(API_TOKEN), dbPassword: b64(DB_PASSWORD) });
    expect(find(objects, 'StatefulSet', 'shop-db').spec.template.spec.containers[0].env).toEqual([
      { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-parameters', key: 'dbPassword' } } },
    ]);
  });

  test('external grpc, tcp and udp ports get a LoadBalancer Service of their own; http ones only the Ingress', () => {
    const input = shopInput({
      app: (app) => {
        app.components.push({
          name: 'game',
          image: 'registry.example.com/shop/game:1',
          ports: [
            { port: 7777, protocol: 'udp', expose: 'external' },
            { port: 9090, protocol: 'grpc', expose: 'external' },
            { port: 8080, protocol: 'http' },
          ],
        });
      },
    });
    const objects = renderInstall({ ...input, images: { ...input.images, game: 'registry.example.com/caravan/shop/game@sha256:' + 'e5'.repeat(32) } });
    const lb = find(objects, 'Service', 'shop-game-external');
    expect(lb.spec).toEqual({
      type: 'LoadBalancer',
      selector: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/name': 'game' },
      ports: [
        { name: 'udp-7777', port: 7777, targetPort: 7777, protocol: 'UDP' },
        { name: 'grpc-9090', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    });
    // The component's own Service keeps every port, for the connection info inside the cluster.
    expect(find(objects, 'Service', 'shop-game').spec.type).toBe('ClusterIP');
    expect(find(objects, 'Service', 'shop-game').spec.ports).toHaveLength(3);
    // web's external port is http: an Ingress, no LoadBalancer.
    expect(objects.some((o) => o.kind === 'Service' && o.metadata.name === 'shop-web-external')).toBe(false);
  });

  test('a component whose name meets a derived one (db-headless beside a stateful db) is refused, naming the object', () => {
    const input = shopInput({ app: (app) => app.components.push({ name: 'db-headless', image: 'registry.example.com/x:1', ports: [{ port: 1 }] }) });
    const e = caught(() => renderInstall({ ...input, images: { ...input.images, 'db-headless': 'registry.example.com/x@sha256:' + 'f6'.repeat(32) } }));
    expect(e.message).toContain('two Service objects would be named "shop-db-headless"');
  });

  test("the environment's ingress settings give the Ingress its class, annotations and TLS for its hosts", () => {
    const plain = find(renderInstall(shopInput()), 'Ingress', 'shop-web');
    expect(plain.spec.ingressClassName).toBeUndefined();
    expect(plain.spec.tls).toBeUndefined();
    expect(plain.metadata.annotations).toBeUndefined();

    const issued = find(
      renderInstall({ ...shopInput(), ingress: { className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: {} } }),
      'Ingress',
      'shop-web',
    );
    expect(issued.spec.ingressClassName).toBe('nginx');
    expect(issued.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    // One certificate for all the install's hosts, in the Secret cert-manager's ingress-shim fills.
    const hosts = issued.spec.rules.map((r: { host: string }) => r.host);
    expect(issued.spec.tls).toEqual([{ hosts, secretName: 'shop-web-tls' }]);
    expect(hosts.length).toBeGreaterThan(0);

    const wildcard = find(renderInstall({ ...shopInput(), ingress: { tls: { secretName: 'wildcard-shop' } } }), 'Ingress', 'shop-web');
    expect(wildcard.spec.tls).toEqual([{ hosts, secretName: 'wildcard-shop' }]);
    expect(wildcard.spec.ingressClassName).toBeUndefined();

    // Without hosts the Ingress matches any host: no certificate can be named for that, so no TLS.
    const hostless = find(
      renderInstall({ ...shopInput({ values: (v) => (v.components!.web!.hosts = []) }), ingress: { tls: {} } }),
      'Ingress',
      'shop-web',
    );
    expect(hostless.spec.rules).toEqual([{ http: expect.any(Object) }]);
    expect(hostless.spec.tls).toBeUndefined();
  });

  test('a changed secret value rolls exactly the pods that read it, through a keyed fingerprint that does not reveal it', () => {
    const box = new SecretBox(randomBytes(32));
    const withBox = (edit?: Parameters<typeof shopInput>[0]): RenderInput => ({ ...shopInput(edit), secretFingerprint: (t) => box.fingerprint(t) });
    const annotation = (objects: RenderedObject[], kind: string, name: string): string | undefined =>
      podSpecOf(find(objects, kind, name)).metadata.annotations?.['caravan.dev/secret-checksum'];
    const before = renderInstall(withBox());
    const after = renderInstall(withBox({ values: (v) => (v.parameters = { ...v.parameters, dbPassword: 'rotated-Qw1' }) }));

    // db reads dbPassword; web reads only apiToken, which did not change.
    expect(annotation(after, 'StatefulSet', 'shop-db')).not.toBe(annotation(before, 'StatefulSet', 'shop-db'));
    expect(annotation(after, 'Deployment', 'shop-web')).toBe(annotation(before, 'Deployment', 'shop-web'));
    expect(annotation(before, 'Deployment', 'shop-web')).toMatch(/^[0-9a-f]{64}$/);
    expect(renderInstall(withBox())).toEqual(before);

    // Neither the value nor a plain hash of what the annotation covers can be read off the objects.
    const plain = createHash('sha256').update(JSON.stringify([['dbPassword', DB_PASSWORD]])).digest('hex');
    const text = JSON.stringify(before.filter((o) => o.kind !== 'Secret'));
    expect(text).not.toContain(DB_PASSWORD);
    expect(text).not.toContain(plain);
    // Another master key, another fingerprint: it proves nothing to whoever lacks the key.
    const other = new SecretBox(randomBytes(32));
    expect(annotation(renderInstall({ ...shopInput(), secretFingerprint: (t) => other.fingerprint(t) }), 'StatefulSet', 'shop-db')).not.toBe(
      annotation(before, 'StatefulSet', 'shop-db'),
    );
    // Without a fingerprint function (the golden files), no annotation.
    expect(annotation(renderInstall(shopInput()), 'StatefulSet', 'shop-db')).toBeUndefined();
  });

  test('every object carries the standard labels and the install label; selectors use only instance and name', () => {
    const objects = renderInstall(shopInput());
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('shop-prod');
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': 'shop',
        'app.kubernetes.io/version': '1.0',
        'app.kubernetes.io/part-of': 'shop',
        'app.kubernetes.io/managed-by': 'caravan',
        'caravan.dev/install': 'shop',
        'caravan.dev/environment': 'production-qingdao',
      });
      if (o.kind !== 'Secret') {
        const component = o.metadata.name.replace(/^shop-/, '').replace(/-headless$/, '');
        expect(o.metadata.labels['app.kubernetes.io/name']).toBe(component);
        expect(o.metadata.labels['app.kubernetes.io/component']).toBe(component);
      }
    }
    for (const o of objects.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind))) {
      expect(Object.keys((o as any).spec.selector.matchLabels)).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
    for (const o of objects.filter((x) => x.kind === 'Service')) {
      expect(Object.keys((o as any).spec.selector)).toEqual(['app.kubernetes.io/instance', 'app.kubernetes.io/name']);
    }
  });

  test('a component\'s labels and annotations go on its pods, and never override Caravan\'s', () => {
    // An app that skipped validation tries to take over Caravan's keys.
    const objects = renderInstall(
      shopInput({
        app: (app) => {
          const web = app.components.find((c) => c.name === 'web')!;
          web.labels = { team: 'shop', 'app.kubernetes.io/name': 'evil', 'caravan.dev/install': 'other' };
          app.components.find((c) => c.name === 'api')!.annotations = { 'caravan.dev/config-checksum': 'forged', 'sidecar.istio.io/inject': 'true' };
        },
      }),
    );
    const web = find(objects, 'Deployment', 'shop-web');
    expect(web.spec.template.metadata.labels).toMatchObject({ team: 'shop', 'app.kubernetes.io/name': 'web', 'caravan.dev/install': 'shop' });
    expect(web.metadata.labels.team).toBeUndefined();
    expect(web.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    const api = find(objects, 'Deployment', 'shop-api').spec.template.metadata.annotations;
    expect(api['sidecar.istio.io/inject']).toBe('true');
    expect(api['caravan.dev/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
  });

  test('the StatefulSet names its headless Service and claims one volume per replica, without a version label', () => {
    const objects = renderInstall(shopInput());
    const db = find(objects, 'StatefulSet', 'shop-db');
    const headless = find(objects, 'Service', 'shop-db-headless');
    expect(db.spec.serviceName).toBe('shop-db-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(db.spec.volumeClaimTemplates).toHaveLength(1);
    expect(db.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(db.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version']).toBeUndefined();
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const upgraded = find(renderInstall({ ...shopInput(), version: '1.1' }), 'StatefulSet', 'shop-db');
    expect(upgraded.spec.volumeClaimTemplates).toEqual(db.spec.volumeClaimTemplates);
    expect(upgraded.spec.selector).toEqual(db.spec.selector);
  });

  test('no Service ever carries an allocated clusterIP; only the headless one says None', () => {
    for (const o of renderInstall(shopInput()).filter((x) => x.kind === 'Service')) {
      const spec = (o as any).spec;
      expect(spec.clusterIPs).toBeUndefined();
      expect(spec.clusterIP === undefined || spec.clusterIP === 'None').toBe(true);
    }
  });

  test('a stateless component with a shared volume gets a claim and mounts it', () => {
    const objects = renderInstall(
      shopInput({ app: (app) => (app.components.find((c) => c.name === 'api')!.volumes = [{ name: 'uploads', path: '/uploads', size: '5Gi', accessMode: 'ReadWriteMany' }]) }),
    );
    const claim = find(objects, 'PersistentVolumeClaim', 'shop-api-uploads');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } });
    const pod = find(objects, 'Deployment', 'shop-api').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'uploads', persistentVolumeClaim: { claimName: 'shop-api-uploads' } });
    expect(pod.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/api/config.yaml', '/uploads']);
  });

  test('an Ingress without hosts has one rule without a host', () => {
    const input = shopInput();
    input.values = resolveValues(input.app, undefined, { parameters: { dbPassword: DB_PASSWORD } }, { apiToken: API_TOKEN });
    expect(find(renderInstall(input), 'Ingress', 'shop-web').spec.rules).toEqual([
      { http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop-web', port: { number: 8080 } } } }] } },
    ]);
  });

  test('hosts from the values each get a rule, in name order', () => {
    const objects = renderInstall(shopInput({ values: (v) => (v.components!.web!.hosts = ['shop.qingdao.example.com', 'm.shop.qingdao.example.com']) }));
    expect(find(objects, 'Ingress', 'shop-web').spec.rules.map((r: any) => r.host)).toEqual(['m.shop.qingdao.example.com', 'shop.qingdao.example.com']);
  });

  test('env overrides from the values replace variables by name, where they stand, and add new ones after', () => {
    const objects = renderInstall(shopInput({ values: (v) => (v.components!.web!.env = { LOG_LEVEL: 'debug', API_PORT: '9443', ZONE: 'b', FEATURE: 'x' }) }));
    expect(find(objects, 'Deployment', 'shop-web').spec.template.spec.containers[0].env.map((e: any) => `${e.name}=${e.value ?? 'secret'}`)).toEqual([
      'LOG_LEVEL=debug',
      'API_TOKEN=secret',
      'API_HOST=shop-api',
      'API_PORT=9443',
      'FEATURE=x',
      'ZONE=b',
    ]);
  });

  test('replicas and resources from the values win over the app\'s, field by field', () => {
    const objects = renderInstall(shopInput({ values: (v) => (v.components!.web!.resources = { limits: { memory: '512Mi' } }) }));
    const web = find(objects, 'Deployment', 'shop-web');
    expect(web.spec.replicas).toBe(4);
    expect(web.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(find(objects, 'Deployment', 'shop-api').spec.replicas).toBe(1);
  });

  test('every pod pulls with the pull Secret when one is given, and none is referenced otherwise', () => {
    const withSecret = renderInstall(shopInput());
    for (const o of withSecret.filter((x) => WORKLOAD_KINDS.includes(x.kind))) expect(podSpecOf(o).spec.imagePullSecrets).toEqual([{ name: 'shop-pull' }]);
    expect(find(withSecret, 'Secret', 'shop-pull').type).toBe('kubernetes.io/dockerconfigjson');

    const { pullSecret: _dropped, ...input } = shopInput();
    const without = renderInstall(input);
    expect(without.some((o) => o.metadata.name === 'shop-pull')).toBe(false);
    for (const o of without.filter((x) => WORKLOAD_KINDS.includes(x.kind))) expect(podSpecOf(o).spec.imagePullSecrets).toBeUndefined();
  });

  test('the images passed in are what the pods run, not the app\'s source references', () => {
    const input = shopInput();
    const objects = renderInstall(input);
    for (const o of objects.filter((x) => WORKLOAD_KINDS.includes(x.kind))) {
      const container = podSpecOf(o).spec.containers[0];
      expect(container.image).toBe(input.images[container.name]);
    }
    const { web: _web, ...missing } = input.images;
    expect(() => renderInstall({ ...input, images: missing })).toThrow(/no image given for component "web"/);
  });

  test('without secret parameters there is no parameters Secret', () => {
    const app: App = { components: [{ name: 'web', image: 'nginx:1.27', ports: [{ port: 80, protocol: 'http' }] }], parameters: [{ name: 'greeting', default: 'hi' }] };
    const input: RenderInput = {
      template: 'hello',
      version: '0.1',
      app,
      install: { name: 'hello', environment: 'dev', namespace: 'dev' },
      values: resolveValues(app, undefined, undefined),
      images: { web: 'nginx:1.27' },
    };
    expect(renderInstall(input).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/hello-web', 'Deployment/hello-web']);
  });
});

describe('names', () => {
  const named = (name: string): RenderInput => {
    const input = shopInput();
    return { ...input, install: { ...input.install, name } };
  };

  test('an install name that makes a name too long is refused, once per name, pointing at the install\'s name', () => {
    // 'shop-db' must fit a StatefulSet (52): an install name of 50 characters makes it 53.
    const error = caught(() => renderInstall(named('s'.repeat(50))));
    expect(error.errors).toEqual([
      { pointer: '/name', code: 'format', message: `the StatefulSet name "${'s'.repeat(50)}-db" is 53 characters; Kubernetes allows a StatefulSet name at most 52, so choose a shorter install name` },
      { pointer: '/name', code: 'format', message: `the CronJob name "${'s'.repeat(50)}-nightly-report" is 65 characters; Kubernetes allows a CronJob name at most 52, so choose a shorter install name` },
    ]);

    const longer = caught(() => renderInstall(named('s'.repeat(58))));
    expect(longer.errors.map((e) => e.message.replace(/ is .*/, ''))).toEqual([
      `the Service name "${'s'.repeat(58)}-db-headless"`,
      `the StatefulSet name "${'s'.repeat(58)}-db"`,
      `the CronJob name "${'s'.repeat(58)}-nightly-report"`,
    ]);
    expect(longer.errors.every((e) => e.pointer === '/name')).toBe(true);
  });

  test('names just within the limits render', () => {
    expect(() => renderInstall(named('s'.repeat(37)))).not.toThrow(); // s*37-nightly-report is 52
    expect(() => renderInstall(named('s'.repeat(38)))).toThrow(InvalidInputError);
  });

  test('a Service name must start with a letter, and values Caravan puts in labels must be label values', () => {
    const error = caught(() => renderInstall({ ...named('1shop'), version: `1.0.0-${'x'.repeat(60)}` }));
    expect(error.errors.map((e) => [e.pointer, e.message])).toEqual([
      ['/version', expect.stringMatching(/^the version "1.0.0-x+" cannot be a label value: a label value is at most 63 characters$/)],
      ['/name', 'the Service name "1shop-db" is not a valid Service name (lower-case letters, digits and "-", starting with a letter)'],
      ['/name', 'the Service name "1shop-db-headless" is not a valid Service name (lower-case letters, digits and "-", starting with a letter)'],
      ['/name', 'the Service name "1shop-api" is not a valid Service name (lower-case letters, digits and "-", starting with a letter)'],
      ['/name', 'the Service name "1shop-web" is not a valid Service name (lower-case letters, digits and "-", starting with a letter)'],
    ]);
  });
});
