/**
 * The story's steps 1-4 and 7-9 through the SDK (with 5 and 6, publish and
 * release, in between, since production takes only released versions):
 * register three clusters from their kubeconfigs, bind an environment to each,
 * set the delivery registry, run the draft `1.0` in the test environment,
 * publish and release it, install it into both production environments with
 * their own hosts and replicas, preview and upgrade to `1.1`, list the
 * records, and roll one environment back to the record of `1.0`. Rollouts
 * print per-component progress as `operations.wait` reports it.
 *
 *   CARAVAN_URL=http://127.0.0.1:7420 CARAVAN_TOKEN=... \
 *   CARAVAN_KUBECONFIGS=intranet=/path/a.yaml,aliyun-qingdao=/path/b.yaml,aliyun-shanghai=/path/c.yaml \
 *   DELIVERY_REGISTRY_URL=https://registry.example.com DELIVERY_REGISTRY_USERNAME=caravan DELIVERY_REGISTRY_PASSWORD=... \
 *   SOURCE_REGISTRY_HOST=ci.example.com \
 *   ./dev npx tsx examples/story-deploy.ts
 *
 * Environment:
 *   CARAVAN_URL, CARAVAN_TOKEN            the server and an admin token (required)
 *   CARAVAN_KUBECONFIGS                   name=path,... for the clusters `intranet`, `aliyun-qingdao`
 *                                         and `aliyun-shanghai` (required; kubeconfigs with inline credentials)
 *   DELIVERY_REGISTRY_URL                 the registry every environment pulls from (required)
 *   DELIVERY_REGISTRY_USERNAME/_PASSWORD  its credentials (optional)
 *   DELIVERY_REGISTRY_PREFIX              repository prefix, default `caravan`
 *   DELIVERY_REGISTRY_ALLOW_HTTP=true     allow a plain-http registry (tests on loopback only)
 *   SOURCE_REGISTRY_HOST                  where CI pushed shop/{web,api,db,cache,worker}:1 (required)
 *   SOURCE_REGISTRY_USERNAME/_PASSWORD    a credential for it, if it is private (optional)
 *   NAMESPACE                             the namespace of every environment, default `shop`
 *   TEMPLATE                              template and install name, default `shop`
 *
 * Re-runnable: what already exists (clusters, environments, the template, its
 * versions, installs) is reused, and a kubeconfig given again replaces the stored one.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createCaravanClient,
  isConflictError,
  isNotFoundError,
  isVersionExistsError,
  type App,
  type CaravanClient,
  type InstallValues,
  type Operation,
  type OperationStep,
} from '@caravan/sdk';

const CLUSTERS = ['intranet', 'aliyun-qingdao', 'aliyun-shanghai'] as const;
const ENVIRONMENTS = [
  { name: 'test-intranet', cluster: 'intranet', tier: 'test' },
  { name: 'production-qingdao', cluster: 'aliyun-qingdao', tier: 'production' },
  { name: 'production-shanghai', cluster: 'aliyun-shanghai', tier: 'production' },
] as const;
const PRODUCTION = ENVIRONMENTS.filter((e) => e.tier === 'production').map((e) => e.name);

/** Per-environment values: public hosts and web replicas differ; they survive upgrades. */
const VALUES: Record<string, InstallValues> = {
  'production-qingdao': { components: { web: { replicas: 3, hosts: ['shop.qingdao.example.com'] } } },
  'production-shanghai': { components: { web: { replicas: 2, hosts: ['shop.shanghai.example.com'] } } },
};

export interface Settings {
  kubeconfigs: Record<string, string>;
  delivery: { url: string; prefix: string; username?: string; password?: string; allowInsecureHttp: boolean };
  sourceHost: string;
  source?: { username: string; password: string };
  namespace: string;
  template: string;
}

/**
 * The shop: `1.0` is web, an API with a config file, a database with a volume
 * and a cache; `1.1` adds a worker, changes the API's config and drops the cache.
 */
export function shopApp(sourceHost: string, version: '1.0' | '1.1'): App {
  const image = (name: string) => `${sourceHost}/shop/${name}:1`;
  const web = { name: 'web', image: image('web'), replicas: 2, ports: [{ port: 8080, protocol: 'http' as const, expose: 'external' as const }], dependsOn: ['api'] };
  const api = {
    name: 'api',
    image: image('api'),
    ports: [{ port: 9000, protocol: 'http' as const, alias: 'API' }],
    configFiles: [{ path: '/etc/api/config.yaml', content: version === '1.0' ? 'features: [checkout]\n' : 'features: [checkout, wishlist]\n' }],
    dependsOn: ['db'],
  };
  const db = {
    name: 'db',
    kind: 'stateful' as const,
    image: image('db'),
    ports: [{ port: 5432, protocol: 'tcp' as const, alias: 'DB' }],
    env: [{ name: 'POSTGRES_PASSWORD', fromParameter: 'dbPassword' }],
    volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '1Gi' }],
  };
  const cache = { name: 'cache', image: image('cache'), ports: [{ port: 6379, protocol: 'tcp' as const }] };
  const worker = { name: 'worker', image: image('worker'), dependsOn: ['api'] };
  const parameters = [{ name: 'dbPassword', type: 'string' as const, secret: true, required: true }];
  return { components: version === '1.0' ? [web, api, db, cache] : [web, api, db, worker], parameters };
}

/** Creates, or on a conflict (it exists already) reads what is there. */
async function ensure<T>(create: () => Promise<T>, existing: () => Promise<T>): Promise<{ value: T; created: boolean }> {
  try {
    return { value: await create(), created: true };
  } catch (e) {
    if (!isConflictError(e)) throw e;
    return { value: await existing(), created: false };
  }
}

/** Returns 0 when every step succeeded, 1 at the first operation that did not. */
export async function runStoryDeploy(client: CaravanClient, s: Settings, print: (line: string) => void = console.log): Promise<number> {
  const t = s.template;

  // Follows an operation, printing each component's rollout as its pods become ready.
  const follow = async (label: string, op: Operation): Promise<Operation> => {
    const last = new Map<string, string>();
    const done = await client.operations.wait(op, {
      timeoutMs: 30 * 60_000,
      onStep: (step: OperationStep) => {
        if (!step.component) return;
        const line = `${step.ready ?? 0}/${step.desired ?? 0} ${step.state === 'succeeded' ? 'ready' : step.state}${step.state === 'failed' && step.message ? ` (${step.message})` : ''}`;
        if (last.get(step.component) === line) return;
        last.set(step.component, line);
        print(`   ${label} ${step.component}: ${line}`);
      },
    });
    if (done.state !== 'succeeded') print(`   ${label}: ${done.kind} ${done.state}: ${done.error?.detail ?? done.error?.title ?? 'no reason given'}`);
    return done;
  };

  // Installs, or upgrades an install that exists already (a re-run); says which it did.
  const deploy = async (environment: string, version: string, values?: InstallValues): Promise<{ op: Operation; verb: string }> => {
    const exists = await client.environments.installs.get(environment, t).then(() => true, (e: unknown) => (isNotFoundError(e) ? false : Promise.reject(e)));
    return exists
      ? { op: await client.environments.installs.upgrade(environment, t, { version, ...(values ? { values } : {}) }), verb: 'upgraded to' }
      : { op: await client.environments.installs.create(environment, { name: t, template: t, version, ...(values ? { values } : {}) }), verb: 'installed' };
  };

  // The install as Caravan and the cluster now see it.
  const describeInstall = async (environment: string, verb: string, note = ''): Promise<void> => {
    const install = await client.environments.installs.get(environment, t);
    const status = await client.environments.installs.status(environment, t);
    print(`   ${environment}: ${verb} ${t}@${install.version} (record #${install.record}${note}, ${status.health}${status.drift.length > 0 ? `, ${status.drift.length} objects drifted` : ''})`);
  };

  // 1. Clusters: registered from kubeconfigs and probed at once.
  for (const name of CLUSTERS) {
    const kubeconfig = s.kubeconfigs[name]!;
    const { value: c, created } = await ensure(
      () => client.clusters.create({ name, kubeconfig, labels: { story: 'deploy' } }),
      () => client.clusters.update(name, { kubeconfig }),
    );
    const allowed = c.health.permissions.filter((p) => p.allowed).length;
    print(`${name === CLUSTERS[0] ? '1.' : '  '} cluster ${name}${created ? '' : ' (again)'}: ${c.health.state}, Kubernetes ${c.health.serverVersion ?? '?'}, ${allowed}/${c.health.permissions.length} rights, ${c.server}`);
  }

  // 2. Environments: one namespace of one cluster each; production takes released versions only.
  for (const e of ENVIRONMENTS) {
    const { value: env } = await ensure(
      () => client.environments.create({ name: e.name, cluster: e.cluster, namespace: s.namespace, tier: e.tier, secretDefaults: { dbPassword: randomBytes(12).toString('hex') } }),
      () => client.environments.get(e.name),
    );
    print(`${e === ENVIRONMENTS[0] ? '2.' : '  '} environment ${env.name}: ${env.cluster}/${env.namespace}, ${env.tier}, takes ${env.policy.allowedStates.join(', ')}`);
  }

  // 3. The delivery registry every namespace gets a pull secret for.
  const { username, password, ...rest } = s.delivery;
  const registry = await client.registry.put({ ...rest, ...(username ? { username } : {}), ...(password ? { password } : {}) });
  const check = await client.registry.check();
  print(`3. delivery registry ${registry.url}/${registry.prefix}: ${check.ok ? 'ok' : `NOT ok: ${check.reason ?? ''}`}`);
  if (!check.ok) return 1;
  if (s.source) await client.registry.sources.put(s.sourceHost, s.source);

  // 4. The working copy, a draft, runs in the test environment on its source images.
  await ensure(() => client.templates.create({ name: t, description: 'deployed by examples/story-deploy.ts' }), () => client.templates.get(t));
  const createVersion = async (version: '1.0' | '1.1') => {
    try {
      return await client.templates.versions.create(t, { version, app: shopApp(s.sourceHost, version) });
    } catch (e) {
      if (isVersionExistsError(e)) return client.templates.versions.get(t, version);
      throw e;
    }
  };
  const v10 = await createVersion('1.0');
  print(`4. ${t}@1.0 (${v10.state}) with ${v10.app.components.map((c) => c.name).join(', ')} into test-intranet`);
  const draft = await deploy('test-intranet', '1.0');
  if ((await follow('test-intranet', draft.op)).state !== 'succeeded') return 1;
  await describeInstall('test-intranet', draft.verb);

  // 5 and 6 (story-publish.ts tells them at length): publish, then release after testing.
  const publishAndRelease = async (version: string, step: (n: number) => string): Promise<boolean> => {
    let v = await client.templates.versions.get(t, version);
    if (v.state === 'draft' || v.state === 'failed') {
      const op = v.state === 'draft' ? await client.templates.versions.publish(t, version) : await client.templates.versions.retry(t, version);
      await client.operations.wait(op, { timeoutMs: 30 * 60_000 });
      v = await client.templates.versions.get(t, version);
    }
    if (v.state !== 'published' && v.state !== 'released') {
      print(`${step(5)} ${t}@${version} is ${v.state}: ${v.failure?.reason ?? 'not published'}`);
      return false;
    }
    print(`${step(5)} published ${t}@${version}: ${v.images.map((i) => i.component).join(', ')} pinned by digest in the delivery registry`);
    if (v.state === 'published') v = await client.templates.versions.release(t, version, { reason: 'passed the test environment' });
    print(`${step(6)} ${t}@${version} is ${v.state}`);
    return v.state === 'released';
  };
  if (!(await publishAndRelease('1.0', (n) => `${n}.`))) return 1;

  // 7. Deliver: both production environments at once, each with its own values.
  for (const env of PRODUCTION) {
    const web = VALUES[env]!.components!.web!;
    print(`${env === PRODUCTION[0] ? '7.' : '  '} install ${t}@1.0 into ${env}: web ${web.replicas} replicas at ${web.hosts!.join(', ')}`);
  }
  const installs = await Promise.all(PRODUCTION.map(async (env) => ({ env, ...(await deploy(env, '1.0', VALUES[env])) })));
  const installed = await Promise.all(installs.map(({ env, op }) => follow(env, op)));
  if (installed.some((o) => o.state !== 'succeeded')) return 1;
  for (const { env, verb } of installs) await describeInstall(env, verb);

  // 8. Upgrade: 1.1 tested as a draft, published and released; previewed, then rolled out.
  const v11 = await createVersion('1.1');
  print(`8. ${t}@1.1 (${v11.state}) with ${v11.app.components.map((c) => c.name).join(', ')} into test-intranet`);
  if ((await follow('test-intranet', await client.environments.installs.upgrade('test-intranet', t, { version: '1.1' }))).state !== 'succeeded') return 1;
  if (!(await publishAndRelease('1.1', () => '  '))) return 1;

  const target = PRODUCTION[0]!;
  const preview = await client.environments.installs.preview(target, t, { version: '1.1' });
  print(`   preview of ${target} ${preview.from} -> ${preview.to}:`);
  print(`     components: added [${preview.components.added.join(', ')}], removed [${preview.components.removed.join(', ')}], changed [${preview.components.changed.map((c) => c.name).join(', ')}]`);
  for (const c of preview.components.changed) for (const f of c.fields) print(`     ${c.name}${f.path}: ${JSON.stringify(f.old)} -> ${JSON.stringify(f.new)}`);
  for (const f of preview.values) print(`     values ${f.path}: ${JSON.stringify(f.old)} -> ${JSON.stringify(f.new)}`);
  print(`     objects added: ${preview.objects.added.map((o) => `${o.kind}/${o.name}`).join(', ') || '-'}`);
  print(`     objects removed: ${preview.objects.removed.map((o) => `${o.kind}/${o.name}`).join(', ') || '-'}`);
  // Every object carries the version in a label; print what changes beyond it.
  const versionLabel = (path: string) => path.endsWith('/labels/app.kubernetes.io~1version');
  print(`     objects changed: ${preview.objects.changed.length}; beyond the app.kubernetes.io/version label:`);
  for (const o of preview.objects.changed) {
    const fields = o.fields.map((f) => f.path).filter((f) => !versionLabel(f));
    if (fields.length > 0) print(`       ${o.kind}/${o.name} ${fields.join(', ')}`);
  }

  // atomic: a rollout that fails returns the install to the record it upgraded from.
  print(`   upgrade ${PRODUCTION.join(', ')} to ${t}@1.1 (atomic)`);
  const upgrades = await Promise.all(PRODUCTION.map(async (env) => ({ env, op: await client.environments.installs.upgrade(env, t, { version: '1.1', atomic: true }) })));
  const upgraded = await Promise.all(upgrades.map(({ env, op }) => follow(env, op)));
  if (upgraded.some((o) => o.state !== 'succeeded')) return 1;
  for (const env of PRODUCTION) await describeInstall(env, 'upgraded to');

  // 9. Roll back: the records, newest first; then the exact objects of 1.0's record again.
  print(`9. records of ${t} in ${target}:`);
  const install = await client.environments.installs.get(target, t);
  let back: number | undefined;
  for await (const r of client.environments.installs.records.list(target, t)) {
    print(`   #${r.number} ${r.action} ${r.version} ${r.outcome}${r.rollbackOf ? ` (of #${r.rollbackOf})` : ''}`);
    if (back === undefined && r.version === '1.0' && r.outcome === 'succeeded' && r.action !== 'uninstall' && r.number !== install.record) back = r.number;
  }
  if (back === undefined) {
    print(`   no record of ${t}@1.0 to roll back to`);
    return 1;
  }
  print(`   roll back ${target} to record #${back}`);
  const rolledBack = await follow(target, await client.environments.installs.records.rollback(target, t, back, { reason: '1.1 fails checkout' }));
  if (rolledBack.state !== 'succeeded') return 1;
  const record = await client.environments.installs.records.get(target, t, rolledBack.result!.record!);
  await describeInstall(target, 'rolled back to', `, a rollback of #${record.rollbackOf}`);
  return 0;
}

/** Reads the settings from the environment; undefined (and a message on stderr) when something required is missing. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): { baseUrl: string; token: string; settings: Settings } | undefined {
  const missing: string[] = [];
  const need = (name: string): string => {
    const v = env[name];
    if (!v) missing.push(name);
    return v ?? '';
  };
  const baseUrl = need('CARAVAN_URL');
  const token = need('CARAVAN_TOKEN');
  const url = need('DELIVERY_REGISTRY_URL');
  const sourceHost = need('SOURCE_REGISTRY_HOST');
  const paths = Object.fromEntries(
    (env.CARAVAN_KUBECONFIGS ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
  const absent = CLUSTERS.filter((c) => !paths[c]);
  if (absent.length > 0) missing.push(`CARAVAN_KUBECONFIGS (a path for ${absent.join(', ')})`);
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')}. See the comment at the top of examples/story-deploy.ts.`);
    return undefined;
  }
  const kubeconfigs: Record<string, string> = {};
  for (const c of CLUSTERS) {
    try {
      kubeconfigs[c] = readFileSync(paths[c]!, 'utf8');
    } catch (e) {
      console.error(`Cannot read the kubeconfig of ${c}: ${(e as Error).message}`);
      return undefined;
    }
  }
  return {
    baseUrl,
    token,
    settings: {
      kubeconfigs,
      delivery: {
        url,
        prefix: env.DELIVERY_REGISTRY_PREFIX ?? 'caravan',
        ...(env.DELIVERY_REGISTRY_USERNAME ? { username: env.DELIVERY_REGISTRY_USERNAME } : {}),
        ...(env.DELIVERY_REGISTRY_PASSWORD ? { password: env.DELIVERY_REGISTRY_PASSWORD } : {}),
        allowInsecureHttp: env.DELIVERY_REGISTRY_ALLOW_HTTP === 'true',
      },
      sourceHost,
      ...(env.SOURCE_REGISTRY_USERNAME ? { source: { username: env.SOURCE_REGISTRY_USERNAME, password: env.SOURCE_REGISTRY_PASSWORD ?? '' } } : {}),
      namespace: env.NAMESPACE || 'shop',
      template: env.TEMPLATE || 'shop',
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parsed = settingsFromEnv(process.env);
  if (parsed === undefined) process.exit(2);
  const code = await runStoryDeploy(createCaravanClient({ baseUrl: parsed.baseUrl, token: parsed.token }), parsed.settings);
  process.exit(code);
}
