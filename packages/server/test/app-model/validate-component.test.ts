import { describe, expect, test } from 'vitest';
import { validateApp } from '../../src/core/app-model/index.js';
import { componentNamed, expectErrors, shopAppWith } from './fixtures.js';

// Component indexes in the shop app: web 0, api 1, db 2, nightly-report 3.

describe('the document and its structure', () => {
  test('an app must be an object with a list of components', () => {
    expectErrors('just text', [['', /the app must be an object/]]);
    expectErrors({}, [['/components', /the app needs "components"/]]);
    expectErrors({ components: {} }, [['/components', /components must be a list/]]);
    expectErrors({ components: [] }, [['/components', /at least one component/]]);
  });

  test('unknown fields are rejected at their own pointer, at every level', () => {
    expectErrors(
      shopAppWith((a) => {
        a.extra = 1;
        a.components[0].replica = 3;
        a.components[0].ports[0].targetPort = 80;
        a.components[0].resources.limits.gpu = '1';
        a.parameters[0].hidden = true;
      }),
      [
        ['/extra', /unknown field "extra" in the app \(allowed: components, parameters\)/],
        ['/parameters/0/hidden', /unknown field "hidden" in parameter 0/],
        ['/components/0/replica', /unknown field "replica" in component 0/],
        ['/components/0/ports/0/targetPort', /unknown field "targetPort" in port 0 of component "web"/],
        ['/components/0/resources/limits/gpu', /unknown field "gpu" in resources.limits of component "web"/],
      ],
    );
  });

  test('a field name with "/" or "~" is escaped in the pointer', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0]['a/b~c'] = 1;
      }),
      [['/components/0/a~1b~0c', /unknown field "a\/b~c"/]],
    );
  });

  test('name and image are required', () => {
    expectErrors({ components: [{}] }, [
      ['/components/0/name', /component 0 needs "name"/],
      ['/components/0/image', /component 0 needs "image"/],
    ]);
  });

  test('kind defaults to stateless, with the rules of a stateless component', () => {
    expect(validateApp({ components: [{ name: 'web', image: 'nginx:1.27' }] })).toEqual([]);
    expectErrors({ components: [{ name: 'web', image: 'nginx:1.27', schedule: '@daily' }] }, [
      ['/components/0/schedule', /component "web" is stateless: only a cronjob has a schedule/],
    ]);
  });

  test('wrong types are reported with what was expected', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].replicas = '2';
        a.components[0].command = 'run';
        a.components[0].args = ['--port', 8080];
        a.components[0].env[0].value = 3;
      }),
      [
        ['/components/0/replicas', /replicas of component "web" must be a whole number/],
        ['/components/0/env/0/value', /the value of env LOG_LEVEL of component "web" must be a string \(quote numbers and booleans in YAML/],
        ['/components/0/command', /the command of component "web" must be a list/],
        ['/components/0/args/1', /each item of the args of component "web" must be a string/],
      ],
    );
  });
});

describe('component names', () => {
  test('must be DNS-1123 labels', () => {
    for (const bad of ['Web', 'web_1', '-web', 'web-', 'a'.repeat(64), '']) {
      const app = shopAppWith((a) => {
        a.components[3].name = bad;
      });
      expectErrors(app, [['/components/3/name', /must be a DNS-1123 label/]]);
    }
    expect(validateApp(shopAppWith((a) => (a.components[3].name = 'a'.repeat(63))))).toEqual([]);
    expect(validateApp(shopAppWith((a) => (a.components[3].name = '9-lives')))).toEqual([]);
  });

  test('must be unique', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[3].name = 'db';
      }),
      [['/components/3/name', /component name "db" is already used by \/components\/2/]],
    );
  });
});

describe('kind, replicas and schedule', () => {
  test('kind is one of stateless, stateful, job, cronjob', () => {
    expectErrors(
      shopAppWith((a) => (a.components[0].kind = 'deployment')),
      [['/components/0/kind', /the kind of component "web" must be one of stateless, stateful, job, cronjob, not "deployment"/]],
    );
  });

  test('replicas is a whole number from 0 to 1000', () => {
    expectErrors(shopAppWith((a) => (a.components[0].replicas = -1)), [['/components/0/replicas', /replicas of component "web" must be between 0 and 1000, not -1/]]);
    expectErrors(shopAppWith((a) => (a.components[0].replicas = 1001)), [['/components/0/replicas', /must be between 0 and 1000, not 1001/]]);
    expectErrors(shopAppWith((a) => (a.components[0].replicas = 1.5)), [['/components/0/replicas', /must be a whole number/]]);
    expect(validateApp(shopAppWith((a) => (a.components[0].replicas = 0)))).toEqual([]);
  });

  test('replicas do not apply to jobs and cronjobs', () => {
    expectErrors(
      shopAppWith((a) => (a.components[3].replicas = 2)),
      [['/components/3/replicas', /component "nightly-report" is a cronjob: replicas apply only to stateless and stateful components/]],
    );
  });

  test('a cronjob needs a schedule', () => {
    expectErrors(
      shopAppWith((a) => delete a.components[3].schedule),
      [['/components/3/schedule', /component "nightly-report" is a cronjob and needs a schedule/]],
    );
  });

  test('only a cronjob has a schedule', () => {
    expectErrors(
      shopAppWith((a) => (a.components[1].schedule = '0 3 * * *')),
      [['/components/1/schedule', /component "api" is stateless: only a cronjob has a schedule/]],
    );
  });

  test('a schedule has five valid cron fields or is a macro', () => {
    const cases: [string, RegExp][] = [
      ['0 3 * *', /has 4/],
      ['0 3 * * * *', /has 6/],
      ['60 3 * * *', /minute "60" is not a value in 0-59/],
      ['0 24 * * *', /hour "24" is not a value in 0-23/],
      ['0 3 0 * *', /day of month "0" is not a value in 1-31/],
      ['0 3 * 13 *', /month "13" is not a value in 1-12 or JAN-DEC/],
      ['0 3 * * 8', /day of week "8" is not a value in 0-7 or SUN-SAT/],
      ['*/0 * * * *', /minute step "0" must be a positive number/],
      ['0 5-3 * * *', /hour range "5-3" goes backwards/],
      ['@sometimes', /unknown schedule macro "@sometimes"/],
      ['TZ=UTC 0 3 * * *', /time zones are not set in the schedule/],
    ];
    for (const [schedule, message] of cases) {
      expectErrors(shopAppWith((a) => (a.components[3].schedule = schedule)), [['/components/3/schedule', message]]);
    }
    for (const good of ['*/15 0-6,22,23 1-31/2 JAN-MAR mon-fri', '@daily', '@hourly', '0 0 * * 7', '5 4 * * SUN']) {
      expect(validateApp(shopAppWith((a) => (a.components[3].schedule = good)))).toEqual([]);
    }
  });
});

describe('images', () => {
  test('an image that does not parse as a reference is reported with the reason', () => {
    expectErrors(
      shopAppWith((a) => (a.components[0].image = 'registry.example.com/Shop/web:1.4.2')),
      [['/components/0/image', /image "registry.example.com\/Shop\/web:1.4.2" of component "web" is not an image reference: repository path component "Shop" must be lower-case/]],
    );
    expectErrors(
      shopAppWith((a) => (a.components[0].image = 'web@sha256:abc')),
      [['/components/0/image', /digest "sha256:abc" must be sha256:<64 lower-case hex digits>/]],
    );
  });
});

describe('ports', () => {
  test('port numbers are 1..65535 and a protocol and expose come from their lists', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].ports = [
          { port: 0 },
          { port: 70000 },
          { port: 8080, protocol: 'HTTP', expose: 'public' },
        ];
        delete a.components[0].probes;
      }),
      [
        ['/components/0/ports/0/port', /port 0 of component "web" must be between 1 and 65535, not 0/],
        ['/components/0/ports/1/port', /port 1 of component "web" must be between 1 and 65535, not 70000/],
        ['/components/0/ports/2/protocol', /the protocol of port 2 of component "web" must be one of http, grpc, tcp, udp, not "HTTP"/],
        ['/components/0/ports/2/expose', /expose of port 2 of component "web" must be one of internal, external, not "public"/],
      ],
    );
  });

  test('a port is required in each port entry', () => {
    expectErrors(shopAppWith((a) => (a.components[1].ports = [{ protocol: 'http', alias: 'API' }])), [
      ['/components/1/ports/0/port', /port 0 of component "api" needs "port"/],
    ]);
  });

  test('port numbers are unique within a component', () => {
    expectErrors(
      shopAppWith((a) => a.components[0].ports.push({ port: 8080, protocol: 'grpc' })),
      [['/components/0/ports/1/port', /port 8080 of component "web" is declared twice \(also at \/components\/0\/ports\/0\/port\)/]],
    );
  });

  test('the same port number in two components is fine', () => {
    expect(validateApp(shopAppWith((a) => (a.components[1].ports[0].port = 8080)))).toEqual([]);
  });

  test('an alias is upper-case and env-var-safe', () => {
    for (const bad of ['api', 'Api', '1API', 'API-V2', 'A'.repeat(59)]) {
      expectErrors(shopAppWith((a) => (a.components[1].ports[0].alias = bad)), [
        // Only the alias is reported: web, which depends on api, falls back to api's name (API_HOST).
        ['/components/1/ports/0/alias', /must be upper-case letters, digits and "_", starting with a letter, at most 58 characters/],
      ]);
    }
    expect(validateApp(shopAppWith((a) => (a.components[1].ports[0].alias = 'API_V2')))).toEqual([]);
  });

  test('aliases are unique across the app', () => {
    expectErrors(
      shopAppWith((a) => (a.components[2].ports[0].alias = 'API')),
      [
        ['/components/2/ports/0/alias', /alias "API" is already used at \/components\/1\/ports\/0\/alias; aliases are unique across the app/],
      ],
    );
  });

  test('one http port per component may be external: its Ingress routes each host to one port', () => {
    expect(validateApp(shopAppWith((a) => a.components[0].ports.push({ port: 9090, protocol: 'http' }, { port: 9091, protocol: 'grpc', expose: 'external' })))).toEqual([]);
    expectErrors(shopAppWith((a) => a.components[0].ports.push({ port: 8443, protocol: 'http', expose: 'external' })), [
      ['/components/0/ports/1/expose', /component "web" already exposes an http port externally \(at \/components\/0\/ports\/0\); its Ingress routes each host to one port/],
    ]);
  });

  test('jobs and cronjobs cannot declare ports', () => {
    expectErrors(shopAppWith((a) => (a.components[3].ports = [{ port: 9100 }])), [
      ['/components/3/ports', /component "nightly-report" is a cronjob: it runs to completion and gets no Service, so it cannot declare ports/],
    ]);
  });
});

describe('env', () => {
  test('each entry has exactly one of value and fromParameter', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].env[0].fromParameter = 'checkoutEnabled';
        a.components[0].env.push({ name: 'EMPTY' });
      }),
      [
        ['/components/0/env/0', /env LOG_LEVEL of component "web" needs exactly one of "value" and "fromParameter"/],
        ['/components/0/env/2', /env EMPTY of component "web" needs exactly one of "value" and "fromParameter"/],
      ],
    );
  });

  test('fromParameter names a declared parameter', () => {
    expectErrors(
      shopAppWith((a) => (a.components[0].env[1].fromParameter = 'apiTokn')),
      [['/components/0/env/1/fromParameter', /env API_TOKEN of component "web" refers to parameter "apiTokn", which the app does not declare/]],
    );
    expectErrors(
      shopAppWith((a) => delete a.parameters),
      [
        ['/components/0/env/1/fromParameter', /refers to parameter "apiToken"/],
        ['/components/2/env/0/fromParameter', /refers to parameter "dbPassword"/],
      ],
    );
  });

  test('names are valid and unique', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].env.push({ name: 'LOG-LEVEL', value: 'x' }, { name: '1ST', value: 'x' }, { name: 'LOG_LEVEL', value: 'debug' });
      }),
      [
        ['/components/0/env/2/name', /env name "LOG-LEVEL" of component "web" must be letters, digits and "_", not starting with a digit/],
        ['/components/0/env/3/name', /env name "1ST"/],
        ['/components/0/env/4/name', /env LOG_LEVEL of component "web" is set twice \(also at \/components\/0\/env\/0\/name\)/],
      ],
    );
  });

  test('a name that collides with an injected connection variable is refused', () => {
    expectErrors(
      shopAppWith((a) => a.components[0].env.push({ name: 'API_HOST', value: 'localhost' })),
      [
        [
          '/components/0/env/2/name',
          /env API_HOST of component "web" collides with the connection variable injected from dependency "api" \(alias API\); rename the env var or the alias/,
        ],
      ],
    );
  });
});

describe('config files', () => {
  test('paths are absolute, normalised and unique; content is required', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[1].configFiles.push(
          { path: 'etc/api/other.yaml', content: '' },
          { path: '/etc/api/../passwd', content: '' },
          { path: '/etc/api/', content: '' },
          { path: '/etc/api/config.yaml', content: 'again' },
          { path: '/etc/api/empty.yaml' },
        );
      }),
      [
        ['/components/1/configFiles/1/path', /path "etc\/api\/other.yaml" of config file 1 of component "api" must be an absolute path/],
        ['/components/1/configFiles/2/path', /must be normalised/],
        ['/components/1/configFiles/3/path', /must not end with "\/"/],
        ['/components/1/configFiles/4/path', /path "\/etc\/api\/config.yaml" of config file 4 of component "api" is already mounted \(at \/components\/1\/configFiles\/0\/path\)/],
        ['/components/1/configFiles/5/content', /config file 5 of component "api" needs "content"/],
      ],
    );
  });

  test('all config files of a component fit in one ConfigMap (1 MiB)', () => {
    expectErrors(
      shopAppWith((a) => a.components[1].configFiles.push({ path: '/etc/api/big.bin', content: 'x'.repeat(1024 * 1024) })),
      [['/components/1/configFiles', /hold 1048597 bytes; a ConfigMap holds at most 1 MiB/]],
    );
  });
});

describe('volumes', () => {
  test('names, paths, sizes, access modes and storage classes are checked', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[2].volumes.push(
          { name: 'Data', path: '/backup', size: '10GB', accessMode: 'ReadWriteOnce' },
          { name: 'data', path: '/var/lib/postgresql/data', size: '0', accessMode: 'RWO', storageClass: 'Fast_SSD' },
        );
      }),
      [
        ['/components/2/volumes/1/name', /volume name "Data" of component "db" must be a DNS-1123 label/],
        ['/components/2/volumes/1/size', /size "10GB" of volume Data of component "db" must be a positive whole number of bytes as a Kubernetes quantity/],
        ['/components/2/volumes/2/name', /volume name "data" of component "db" is used twice \(also at \/components\/2\/volumes\/0\/name\)/],
        ['/components/2/volumes/2/path', /path "\/var\/lib\/postgresql\/data" of volume data of component "db" is already mounted/],
        ['/components/2/volumes/2/size', /size "0"/],
        ['/components/2/volumes/2/accessMode', /must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, not "RWO"/],
        ['/components/2/volumes/2/storageClass', /storage class "Fast_SSD" of volume data of component "db" must be a DNS-1123 subdomain/],
      ],
    );
  });

  test('volume names starting with caravan- are kept for Caravan\'s own volumes', () => {
    expectErrors(shopAppWith((a) => (a.components[2].volumes[0].name = 'caravan-config')), [
      ['/components/2/volumes/0/name', /volume name "caravan-config" of component "db" starts with "caravan-", which names Caravan's own volumes/],
    ]);
  });

  test('a volume path may not also be a config file path', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[1].volumes = [{ name: 'cfg', path: '/etc/api/config.yaml', size: '1Mi', accessMode: 'ReadWriteMany' }];
      }),
      [['/components/1/volumes/0/path', /is already mounted \(at \/components\/1\/configFiles\/0\/path\)/]],
    );
  });

  test('a ReadWriteOnce volume needs a stateful component, also when ReadWriteOnce is the default', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[1].volumes = [
          { name: 'cache', path: '/cache', size: '1Gi', accessMode: 'ReadWriteOnce' },
          { name: 'scratch', path: '/scratch', size: '1Gi' },
        ];
      }),
      [
        ['/components/1/volumes/0/accessMode', /volume cache of component "api" is ReadWriteOnce, which needs a stateful component \(one claim per replica\); a stateless component's pods share one claim/],
        ['/components/1/volumes/1', /volume scratch of component "api" is ReadWriteOnce \(the default\), which needs a stateful component/],
      ],
    );
  });

  test('a job or cronjob (one pod at a time) may use a ReadWriteOnce volume', () => {
    const app = shopAppWith((a) => (a.components[3].volumes = [{ name: 'reports', path: '/reports', size: '1Gi' }]));
    expect(validateApp(app)).toEqual([]);
  });

  test('a stateless component may share a ReadWriteMany or ReadOnlyMany volume', () => {
    const app = shopAppWith((a) => {
      a.components[1].volumes = [
        { name: 'uploads', path: '/uploads', size: '5Gi', accessMode: 'ReadWriteMany', storageClass: 'nfs.example.com' },
        { name: 'assets', path: '/assets', size: '500Mi', accessMode: 'ReadOnlyMany' },
      ];
    });
    expect(validateApp(app)).toEqual([]);
  });
});

describe('resources', () => {
  test('quantities parse: cpu like 100m or 0.5, memory like 128Mi or 1Gi', () => {
    const ok = shopAppWith((a) => {
      a.components[0].resources = { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '2', memory: '1.5Gi' } };
    });
    expect(validateApp(ok)).toEqual([]);
    expectErrors(
      shopAppWith((a) => {
        a.components[0].resources = { requests: { cpu: 'lots', memory: 128 }, limits: { cpu: '-1', memory: '256MB' } };
      }),
      [
        ['/components/0/resources/requests/cpu', /requests.cpu "lots" of component "web" is not a positive Kubernetes quantity such as "100m" or "0.5"/],
        ['/components/0/resources/requests/memory', /requests.memory of component "web" must be a string such as "128Mi" or "1Gi"/],
        ['/components/0/resources/limits/cpu', /limits.cpu "-1" of component "web" is not a positive Kubernetes quantity/],
        ['/components/0/resources/limits/memory', /limits.memory "256MB" of component "web" is not a positive Kubernetes quantity such as "128Mi" or "1Gi"/],
      ],
    );
  });

  test('memory in milli-bytes is caught as the usual typo', () => {
    expectErrors(shopAppWith((a) => (a.components[0].resources.limits.memory = '256m')), [
      ['/components/0/resources/limits/memory', /limits.memory "256m" of component "web" means 0.256 bytes \("m" is milli\); write Mi for mebibytes/],
    ]);
  });

  test('requests may not exceed limits', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '500m', memory: '1024Mi' } };
      }),
      [['/components/0/resources/requests/cpu', /requests.cpu of component "web" \(1\) is above limits.cpu \(500m\)/]],
    );
  });
});

describe('probes', () => {
  test('a probe has exactly one of http, tcp and exec', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].probes.readiness.tcp = { port: 8080 };
        a.components[0].probes.liveness = { periodSeconds: 10 };
      }),
      [
        ['/components/0/probes/readiness', /the readiness probe of component "web" needs exactly one of http, tcp and exec, not http and tcp/],
        ['/components/0/probes/liveness', /the liveness probe of component "web" needs exactly one of http, tcp and exec$/],
      ],
    );
  });

  test('a probe port is a port number, which need not be one of the component\'s Service ports', () => {
    expect(validateApp(shopAppWith((a) => (a.components[0].probes.liveness.tcp.port = 9102)))).toEqual([]);
    expectErrors(
      shopAppWith((a) => {
        a.components[0].probes.readiness.http.port = 'WEB';
        a.components[0].probes.liveness.tcp.port = 0;
      }),
      [
        ['/components/0/probes/readiness/http/port', /the port of the readiness probe of component "web" must be a whole number/],
        ['/components/0/probes/liveness/tcp/port', /the port of the liveness probe of component "web" must be between 1 and 65535, not 0/],
      ],
    );
  });

  test('http probes need a path from the root, exec probes a command, timings are positive', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].probes.readiness.http.path = 'healthz';
        a.components[0].probes.liveness = { exec: { command: [] }, timeoutSeconds: 0 };
        a.components[1].probes = { readiness: { exec: {} }, startup: {} };
      }),
      [
        ['/components/0/probes/readiness/http/path', /the path of the readiness probe of component "web" must start with "\/"/],
        ['/components/0/probes/liveness/exec/command', /the command of the liveness probe of component "web" must not be empty/],
        ['/components/0/probes/liveness/timeoutSeconds', /timeoutSeconds of the liveness probe of component "web" must be between 1 and/],
        ['/components/1/probes/startup', /unknown field "startup" in probes of component "api"/],
        ['/components/1/probes/readiness/exec/command', /the exec check of the readiness probe of component "api" needs "command"/],
      ],
    );
  });
});

describe('pod labels and annotations', () => {
  test('the example\'s labels and annotations, and a harness label under a subdomain of caravan.dev, are accepted', () => {
    const app = shopAppWith((a) => {
      a.components[2].labels = { 'harness.caravan.dev/never-ready': 'true', tier: '', 'example.com/Owner_1.x': 'A-b_c.9' };
      a.components[2].annotations = { 'sidecar.istio.io/inject': 'false', note: 'free text: spaces, "quotes" and / are fine' };
    });
    expect(componentNamed(app, 'web').labels).toEqual({ team: 'shop' });
    expect(componentNamed(app, 'web').annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(validateApp(app)).toEqual([]);
  });

  test('keys and label values follow Kubernetes syntax, each error at its key\'s pointer', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].labels = {
          'Example.com/team': 'x',
          'a/b/c': 'x',
          '/team': 'x',
          '-team': 'x',
          ['t'.repeat(64)]: 'x',
          owner: 'not ok!',
          size: 'v'.repeat(64),
          replicas: 3,
        };
        a.components[1].annotations = { 'bad key': 'x', 'prometheus.io/': 'x', enabled: true };
      }),
      [
        ['/components/0/labels/Example.com~1team', /label key "Example.com\/team" of component "web" is not a Kubernetes label key: the prefix "Example.com" must be a DNS-1123 subdomain/],
        ['/components/0/labels/a~1b~1c', /is not a Kubernetes label key: it has more than one "\/"/],
        ['/components/0/labels/~1team', /the prefix before "\/" is empty/],
        ['/components/0/labels/-team', /the name must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit/],
        [`/components/0/labels/${'t'.repeat(64)}`, /the name after the prefix is at most 63 characters/],
        ['/components/0/labels/owner', /the value "not ok!" of label "owner" of component "web" is not a label value/],
        ['/components/0/labels/size', /a label value is at most 63 characters/],
        ['/components/0/labels/replicas', /the value of label "replicas" of component "web" must be a string \(quote numbers and booleans in YAML/],
        ['/components/1/annotations/bad key', /annotation key "bad key" of component "api" is not a Kubernetes annotation key/],
        ['/components/1/annotations/prometheus.io~1', /the name is empty/],
        ['/components/1/annotations/enabled', /the value of annotation "enabled" of component "api" must be a string/],
      ],
    );
  });

  test('Caravan\'s own keys (app.kubernetes.io/*, caravan.dev/*) are refused', () => {
    expectErrors(
      shopAppWith((a) => {
        a.components[0].labels = { 'app.kubernetes.io/name': 'other', 'caravan.dev/install': 'other' };
        a.components[0].annotations = { 'caravan.dev/config-checksum': 'x' };
      }),
      [
        ['/components/0/labels/app.kubernetes.io~1name', /label key "app.kubernetes.io\/name" of component "web" is Caravan's own: app.kubernetes.io\/\* and caravan.dev\/\* are set by Caravan/],
        ['/components/0/labels/caravan.dev~1install', /is Caravan's own/],
        ['/components/0/annotations/caravan.dev~1config-checksum', /annotation key "caravan.dev\/config-checksum" of component "web" is Caravan's own/],
      ],
    );
  });

  test('labels and annotations are maps of at most 64 keys; an annotation value is at most 64 Ki characters, all of them at most 256 KiB', () => {
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    const big = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`big${i}`, 'x'.repeat(60_000)]));
    expectErrors(
      shopAppWith((a) => {
        a.components[0].labels = ['team=shop'];
        a.components[1].annotations = { huge: 'x'.repeat(65_537) };
        a.components[2].labels = many;
        a.components[3].annotations = big;
      }),
      [
        ['/components/0/labels', /the labels of component "web" must be a map of keys to strings/],
        ['/components/1/annotations/huge', /the value of annotation "huge" of component "api" is 65537 characters; at most 65536/],
        ['/components/2/labels', /component "db" has 65 labels; at most 64/],
        ['/components/3/annotations', /the annotations of component "nightly-report" hold 300020 bytes; Kubernetes allows at most 256 KiB/],
      ],
    );
  });
});

test('the shop app has the components the tests above assume', () => {
  const app = shopAppWith(() => {});
  expect(app.components.map((c: { name: string }) => c.name)).toEqual(['web', 'api', 'db', 'nightly-report']);
  expect(componentNamed(app, 'web').probes.readiness.http.port).toBe(8080);
});
