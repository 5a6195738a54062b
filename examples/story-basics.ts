/**
 * The basics of Caravan's story, through the SDK: create a template, create
 * `1.0` as a draft from a three-component app, edit it, meet a validation
 * error, diff two drafts, try to publish (an honest `failed` while no delivery
 * registry is configured), and read the audit trail.
 *
 * Against a running server:
 *   CARAVAN_URL=http://127.0.0.1:7420 CARAVAN_TOKEN=... ./dev npx tsx examples/story-basics.ts
 *
 * `runStoryBasics(client)` is also what `in-process.ts` runs with no socket.
 */
import { pathToFileURL } from 'node:url';
import { createCaravanClient, isValidationError, type App, type CaravanClient } from '@caravan/sdk';

/** A three-component app: a web front end, an API and its database. */
export const shopApp: App = {
  components: [
    {
      name: 'web',
      image: 'registry.example.com/shop/web:1.4.2',
      replicas: 2,
      ports: [{ port: 8080, protocol: 'http', expose: 'external', alias: 'WEB' }],
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      dependsOn: ['api'],
      probes: { readiness: { http: { path: '/healthz', port: 8080 } } },
    },
    {
      name: 'api',
      image: 'registry.example.com/shop/api:2.1.0',
      ports: [{ port: 9000, protocol: 'http', alias: 'API' }],
      env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }],
      dependsOn: ['db'],
    },
    {
      name: 'db',
      kind: 'stateful',
      image: 'registry.example.com/library/postgres:16',
      ports: [{ port: 5432, protocol: 'tcp', alias: 'DB' }],
      env: [{ name: 'POSTGRES_PASSWORD', fromParameter: 'dbPassword' }],
      volumes: [{ name: 'data', path: '/var/lib/postgresql/data', size: '10Gi' }],
    },
  ],
  parameters: [{ name: 'dbPassword', type: 'string', secret: true, required: true }],
};

export async function runStoryBasics(client: CaravanClient, print: (line: string) => void = console.log, template = `shop-${Date.now().toString(36)}`): Promise<void> {
  const me = await client.whoami();
  print(`1. calling as ${me.name} (${me.roles.join(', ')})`);

  await client.templates.create({ name: template, description: 'the shop: web, api, db' });
  print(`2. created template ${template}`);

  const draft = await client.templates.versions.create(template, { version: '1.0', description: 'first cut', app: shopApp });
  print(`3. created ${template}@${draft.version} as a ${draft.state} with components ${draft.app.components.map((c) => c.name).join(', ')}`);

  // Edit with the ETag we read, so a concurrent edit would be refused rather than lost.
  const edited = await client.templates.versions.update(
    template,
    '1.0',
    { description: 'first cut, three web replicas', app: { ...shopApp, components: shopApp.components.map((c) => (c.name === 'web' ? { ...c, replicas: 3 } : c)) } },
    { ifMatch: draft.etag },
  );
  print(`4. edited ${template}@1.0: web now has ${edited.app.components.find((c) => c.name === 'web')?.replicas} replicas`);

  try {
    await client.templates.versions.create(template, {
      version: '1.1',
      // Well-formed JSON, but wrong as an app: a dependency that does not exist, a port twice, an unknown parameter.
      app: {
        ...shopApp,
        components: shopApp.components.map((c) =>
          c.name === 'web' ? { ...c, dependsOn: ['api', 'cache'], ports: [...(c.ports ?? []), { port: 8080, protocol: 'http' as const }] }
          : c.name === 'api' ? { ...c, env: [{ name: 'TOKEN', fromParameter: 'apiToken' }] }
          : c),
      },
    });
    print('5. unexpected: the bad draft was accepted');
  } catch (e) {
    if (!isValidationError(e)) throw e;
    print(`5. a bad draft was refused with ${e.errors.length} errors:`);
    for (const err of e.errors) print(`   ${err.pointer}: ${err.message}`);
  }

  await client.templates.versions.create(template, {
    version: '1.1',
    description: 'adds a worker, api 2.2.0',
    app: {
      ...shopApp,
      components: [
        ...shopApp.components.map((c) => (c.name === 'api' ? { ...c, image: 'registry.example.com/shop/api:2.2.0' } : c.name === 'web' ? { ...c, replicas: 3 } : c)),
        { name: 'worker', image: 'registry.example.com/shop/worker:1.0.0', dependsOn: ['db'] },
      ],
    },
  });
  const diff = await client.templates.versions.diff(template, '1.1', '1.0');
  print(`6. diff 1.0 -> 1.1: added [${diff.components.added.join(', ')}], removed [${diff.components.removed.join(', ')}]`);
  for (const change of diff.components.changed) {
    for (const f of change.fields) print(`   ${change.name}${f.path}: ${JSON.stringify(f.old)} -> ${JSON.stringify(f.new)}`);
  }

  const op = await client.templates.versions.publish(template, '1.0', { reason: 'ready for testing' });
  print(`7. publishing ${template}@1.0 as operation ${op.id}`);
  const done = await client.operations.wait(op, { timeoutMs: 60_000 });
  // The operation's events, replayed from the start; the stream ends with the final state.
  for await (const ev of client.operations.events(op)) print(`   event ${ev.id} ${ev.type} ${JSON.stringify(ev.data)}`);
  const version = await client.templates.versions.get(template, '1.0');
  print(`8. publish ${done.state}; ${template}@1.0 is ${version.state}: ${version.failure?.reason ?? done.error?.detail ?? ''}`);

  print('9. the audit trail of the template:');
  for await (const entry of client.audit.list({ subject: `templates/${template}` })) {
    const move = entry.from || entry.to ? ` ${entry.from ?? ''} -> ${entry.to ?? ''}` : '';
    print(`   ${entry.at} ${entry.actor.name} ${entry.action} ${entry.subject.name}${move}${entry.reason ? ` (${entry.reason})` : ''}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baseUrl = process.env.CARAVAN_URL;
  const token = process.env.CARAVAN_TOKEN;
  if (!baseUrl || !token) {
    console.error('Set CARAVAN_URL and CARAVAN_TOKEN (printed by `./dev start`).');
    process.exit(2);
  }
  await runStoryBasics(createCaravanClient({ baseUrl, token }));
}
