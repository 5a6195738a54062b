/**
 * Story step 5 through the SDK: set the delivery registry (and, if given, the
 * credential of a private source registry), check it, create a draft from
 * the images CI pushed, publish it, and print the references the version is
 * now pinned to in the delivery registry.
 *
 *   CARAVAN_URL=http://127.0.0.1:7420 CARAVAN_TOKEN=... \
 *   DELIVERY_REGISTRY_URL=https://registry.example.com DELIVERY_REGISTRY_USERNAME=caravan DELIVERY_REGISTRY_PASSWORD=... \
 *   SOURCE_IMAGE_WEB=ci.example.com/shop/web:1.4.2 SOURCE_IMAGE_API=ci.example.com/shop/api:2.1.0 \
 *   ./dev npx tsx examples/story-publish.ts
 *
 * Environment:
 *   CARAVAN_URL, CARAVAN_TOKEN            the server and an admin token (required)
 *   DELIVERY_REGISTRY_URL                 the registry every environment pulls from (required)
 *   DELIVERY_REGISTRY_USERNAME/_PASSWORD  its credentials (optional)
 *   DELIVERY_REGISTRY_PREFIX              repository prefix, default `caravan`
 *   DELIVERY_REGISTRY_ALLOW_HTTP=true     allow a plain-http registry (tests on loopback only)
 *   SOURCE_IMAGE_<NAME>=<image>           one component per variable, named after <NAME> (required, one or more)
 *   SOURCE_REGISTRY_HOST/_USERNAME/_PASSWORD  a credential for a private source registry (optional)
 *   TEMPLATE, VERSION                     default `shop-<time>` and `1.0`
 */
import { pathToFileURL } from 'node:url';
import { createCaravanClient, type CaravanClient } from '@caravan/sdk';

interface Settings {
  delivery: { url: string; prefix: string; username?: string; password?: string; allowInsecureHttp: boolean };
  source?: { host: string; username: string; password: string };
  components: { name: string; image: string }[];
  template: string;
  version: string;
}

/** Returns 0 when the version is published, 1 when it could not be. */
export async function runStoryPublish(client: CaravanClient, s: Settings, print: (line: string) => void = console.log): Promise<number> {
  const { username, password, ...rest } = s.delivery;
  const registry = await client.registry.put({ ...rest, ...(username ? { username } : {}), ...(password ? { password } : {}) });
  print(`1. delivery registry: ${registry.url}/${registry.prefix} as ${registry.username ?? '(anonymous)'} (password stored: ${registry.hasPassword ? 'yes' : 'no'})`);

  const check = await client.registry.check();
  print(`2. check: ${check.ok ? 'ok' : 'NOT ok'} (push ${check.push ? 'yes' : 'no'}, pull ${check.pull ? 'yes' : 'no'})${check.reason ? `: ${check.reason}` : ''}`);
  if (!check.ok) return 1;

  if (s.source) {
    const cred = await client.registry.sources.put(s.source.host, { username: s.source.username, password: s.source.password });
    print(`3. source registry ${cred.host}: pulling as ${cred.username}`);
  }

  await client.templates.create({ name: s.template, description: 'published by examples/story-publish.ts' });
  const draft = await client.templates.versions.create(s.template, { version: s.version, app: { components: s.components } });
  print(`4. draft ${s.template}@${draft.version} with components ${draft.app.components.map((c) => c.name).join(', ')}`);

  const op = await client.templates.versions.publish(s.template, s.version);
  print(`5. publishing ${s.template}@${s.version} as operation ${op.id}`);
  const done = await client.operations.wait(op, {
    timeoutMs: 30 * 60_000,
    onProgress: (e) => {
      if (e.type === 'step' && (e.data.state === 'succeeded' || e.data.state === 'failed')) {
        print(`   ${String(e.data.name)}: ${String(e.data.state)}, ${Number(e.data.bytes)} bytes`);
      }
    },
  });

  const version = await client.templates.versions.get(s.template, s.version);
  if (done.state !== 'succeeded' || version.state !== 'published') {
    print(`6. ${s.template}@${s.version} is ${version.state}: ${version.failure?.reason ?? done.error?.detail ?? 'no reason given'}`);
    for (const f of version.failure?.images ?? []) print(`   ${f.component} (${f.image}): ${f.reason}`);
    return 1;
  }
  const bytes = done.steps.reduce((n, step) => n + step.bytes, 0);
  print(`6. ${s.template}@${s.version} is ${version.state}; ${bytes} bytes copied`);
  print('7. pinned references:');
  for (const c of version.app.components) print(`   ${c.name} ${c.image}`);
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
  const components = Object.entries(env)
    .filter(([k, v]) => k.startsWith('SOURCE_IMAGE_') && v)
    .map(([k, v]) => ({ name: k.slice('SOURCE_IMAGE_'.length).toLowerCase().replace(/_/g, '-'), image: v! }))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (components.length === 0) missing.push('SOURCE_IMAGE_<NAME> (at least one)');
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')}. See the comment at the top of examples/story-publish.ts.`);
    return undefined;
  }
  const sourceHost = env.SOURCE_REGISTRY_HOST;
  return {
    baseUrl,
    token,
    settings: {
      delivery: {
        url,
        prefix: env.DELIVERY_REGISTRY_PREFIX ?? 'caravan',
        ...(env.DELIVERY_REGISTRY_USERNAME ? { username: env.DELIVERY_REGISTRY_USERNAME } : {}),
        ...(env.DELIVERY_REGISTRY_PASSWORD ? { password: env.DELIVERY_REGISTRY_PASSWORD } : {}),
        allowInsecureHttp: env.DELIVERY_REGISTRY_ALLOW_HTTP === 'true',
      },
      ...(sourceHost ? { source: { host: sourceHost, username: env.SOURCE_REGISTRY_USERNAME ?? '', password: env.SOURCE_REGISTRY_PASSWORD ?? '' } } : {}),
      components,
      template: env.TEMPLATE || `shop-${Date.now().toString(36)}`,
      version: env.VERSION || '1.0',
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parsed = settingsFromEnv(process.env);
  if (parsed === undefined) process.exit(2);
  const code = await runStoryPublish(createCaravanClient({ baseUrl: parsed.baseUrl, token: parsed.token }), parsed.settings);
  process.exit(code);
}
