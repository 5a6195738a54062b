/**
 * A leak search. The story runs with known secret values: the delivery
 * registry password, a source registry password (used for real, against a
 * private source registry), a token secret, a kubeconfig's client key, an
 * environment's secret default and an install's secret parameter (given at
 * install, changed at upgrade). Then none of them may appear, as written nor
 * in base64 (any alignment, standard or URL alphabet, and inside a Basic
 * Authorization value), in:
 *
 * - the SQLite database file and its write-ahead log, while open and after close;
 * - a `pg_dump` of the PostgreSQL database, when the story ran on PostgreSQL;
 * - any line the server logged;
 * - any response body (event streams included), except the one answer that
 *   hands a new token its secret, once.
 *
 * The Kubernetes Secret the install creates holds them by design; that is the
 * cluster's, not Caravan's, and is not searched.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App, CaravanClient, Operation } from '@caravan/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../harness/src/images.js';
import { startPostgres, type Postgres } from '../harness/src/postgres.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { startInProcess, type InProcessCaravan } from '../story-publish/support/in-process.js';
import { clusters, kube, waitFor } from './support.js';

/** A secret nobody could mistake for anything else: long, random, with a label for failure messages. */
const secret = (label: string) => ({ label, value: `${label}-${randomBytes(18).toString('hex')}` });

/**
 * Every form of `value` worth searching for: itself, and base64 of it in each
 * of the three alignments it can have inside a longer encoded text (the chars
 * at either end, which mix with neighbouring bytes, left off), in the
 * standard and the URL alphabet.
 */
function encodedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const bytes = Buffer.from(value, 'utf8');
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64').replace(/=+$/, '');
    const middle = b64.slice(4, -4);
    forms.add(middle);
    forms.add(middle.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

interface Known {
  readonly label: string;
  readonly forms: string[];
}

/** Where any known secret shows in `text`: `where: label`, never the value itself. */
function search(where: string, text: string, known: readonly Known[]): string[] {
  return known.filter((k) => k.forms.some((f) => text.includes(f))).map((k) => `${where}: ${k.label}`);
}

function pgDump(url: string): string {
  const root = '/usr/lib/postgresql';
  const version = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_dump'))).sort((a, b) => Number(b) - Number(a))[0];
  if (version === undefined) throw new Error('no pg_dump under /usr/lib/postgresql');
  return execFileSync(path.join(root, version, 'bin', 'pg_dump'), ['--data-only', '--inserts', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

const sqliteBytes = (file: string): string =>
  [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n');

let source: Reg;
let delivery: Reg;
let pg: Postgres;
const sourcePassword = secret('source-registry-password');
const deliveryPassword = secret('delivery-registry-password');

beforeAll(async () => {
  [source, delivery, pg] = await Promise.all([
    startRegistry({ auth: 'basic', name: 'leak-source', username: 'puller', password: sourcePassword.value }),
    startRegistry({ auth: 'basic', name: 'leak-delivery', username: 'pusher', password: deliveryPassword.value }),
    startPostgres(),
  ]);
  await Promise.all(['web', 'api'].map((n) => pushImage(source, `shop/${n}`, '1', makeImage({ seed: `secret-leaks/${n}`, layers: 1, layerSize: 10_000 }))));
});
afterAll(async () => {
  await Promise.all([source?.destroy(), delivery?.destroy(), pg?.stop()]);
});

describe.each(['SQLite', 'PostgreSQL'] as const)('the story on %s leaks no secret', (backend) => {
  let s: InProcessCaravan;
  let client: CaravanClient;
  let dir: string;
  const dbFile = () => path.join(dir, 'caravan.db');
  const ns = `leak-${backend === 'SQLite' ? 'sq' : 'pg'}-${randomBytes(3).toString('hex')}`;
  const env = `leak-${backend === 'SQLite' ? 'sq' : 'pg'}`;
  const cluster = `leak-${backend === 'SQLite' ? 'sq' : 'pg'}-intranet`;
  const installSecret = secret('install-secret-parameter');
  const upgradeSecret = secret('install-secret-parameter-upgraded');
  const envDefault = secret('environment-secret-default');
  let tokenSecret: string;
  let databaseUrl: string;
  let tokenCreateResponse: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-leak-'));
    databaseUrl = backend === 'SQLite' ? `file:${dbFile()}` : await pg.createDatabase();
    s = await startInProcess({
      prefix: 'caravan-leak-story-',
      caravan: { databaseUrl, masterKey: randomBytes(32).toString('base64'), deploy: { pollMs: 250 }, clusterProbeMs: 0 },
    });
    client = s.client;
  });
  afterAll(async () => {
    await s?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function succeeded(op: Operation): Promise<Operation> {
    const { op: done } = await waitFor(client, op);
    expect(done.error, JSON.stringify(done.error)).toBeNull();
    return done;
  }

  it('runs the story with the secrets', async () => {
    // Registry: the delivery password, a refused move to another host, a check; the source credential.
    await client.registry.put({ url: delivery.url, prefix: 'caravan', username: 'pusher', password: deliveryPassword.value, allowInsecureHttp: true });
    await expect(client.registry.put({ url: 'http://127.0.0.1:9', prefix: 'caravan', username: 'pusher', allowInsecureHttp: true })).rejects.toMatchObject({ status: 400 });
    expect(await client.registry.check()).toMatchObject({ ok: true });
    await client.registry.sources.put(source.host, { username: 'puller', password: sourcePassword.value });
    expect((await client.registry.sources.list()).items.map((c) => c.hasPassword)).toEqual([true]);

    // A token, used.
    const before = s.recorder.responses.length;
    const token = await client.tokens.create({ name: 'ci', roles: ['developer', 'operator'] });
    tokenSecret = token.secret;
    tokenCreateResponse = s.recorder.responses.findIndex((r, i) => i >= before && r.request === 'POST /v1/tokens' && r.status === 201);
    expect(tokenCreateResponse).toBeGreaterThanOrEqual(before);
    const ci = s.clientFor(tokenSecret);
    expect((await ci.whoami()).name).toBe('ci');
    await expect(s.clientFor(`${tokenSecret}x`).whoami()).rejects.toMatchObject({ status: 401 });

    // A cluster from its kubeconfig, an environment with a secret default.
    const intranet = clusters().find((c) => c.name === 'intranet')!;
    await client.clusters.create({ name: cluster, kubeconfig: fs.readFileSync(intranet.kubeconfigPath, 'utf8') });
    await client.clusters.probe(cluster);
    await client.environments.create({ name: env, cluster, namespace: ns, tier: 'development', secretDefaults: { apiKey: envDefault.value } });

    // A template whose images come from the private source, published (the source password is used for real).
    const app: App = {
      components: [
        { name: 'web', image: `${source.host}/shop/web:1`, ports: [{ port: 8080, protocol: 'http' }], dependsOn: ['api'] },
        { name: 'api', image: `${source.host}/shop/api:1`, ports: [{ port: 9000 }], env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }, { name: 'API_KEY', fromParameter: 'apiKey' }] },
      ],
      parameters: [
        { name: 'dbPassword', type: 'string', secret: true, required: true },
        { name: 'apiKey', type: 'string', secret: true },
      ],
    };
    await ci.templates.create({ name: 'leak' });
    await ci.templates.versions.create('leak', { version: '1.0', app });
    await succeeded(await ci.templates.versions.publish('leak', '1.0'));

    // Install with a secret parameter, preview and upgrade with a new one, read everything about it.
    await succeeded(await ci.environments.installs.create(env, { name: 'shop', template: 'leak', version: '1.0', values: { parameters: { dbPassword: installSecret.value } }, timeoutSeconds: 120 }));
    const podAnnotations = async (name: string) => (await kube(intranet).apps.readNamespacedDeployment({ namespace: ns, name })).spec?.template.metadata?.annotations ?? {};
    const apiBefore = await podAnnotations('shop-api');
    await ci.environments.installs.preview(env, 'shop', { values: { parameters: { dbPassword: upgradeSecret.value } } });
    const upgraded = await succeeded(await ci.environments.installs.upgrade(env, 'shop', { values: { parameters: { dbPassword: upgradeSecret.value } }, timeoutSeconds: 120 }));
    // A new password rolls the pods that read it (they read a secretKeyRef once, at start), and only those.
    const apiAfter = await podAnnotations('shop-api');
    expect(apiBefore['caravan.dev/secret-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(apiAfter['caravan.dev/secret-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(apiAfter['caravan.dev/secret-checksum']).not.toBe(apiBefore['caravan.dev/secret-checksum']);
    expect(await podAnnotations('shop-web')).not.toHaveProperty('caravan.dev/secret-checksum');
    await ci.environments.installs.get(env, 'shop');
    await ci.environments.installs.status(env, 'shop');
    for await (const r of ci.environments.installs.records.list(env, 'shop')) await ci.environments.installs.records.get(env, 'shop', r.number);
    await client.environments.get(env);
    await client.clusters.get(cluster);
    await client.registry.get();
    for await (const o of client.operations.list()) await client.operations.get(o.id);
    for await (const a of client.audit.list()) void a;
    // The whole event history, streamed.
    const stop = new AbortController();
    for await (const e of client.events({ lastEventId: '0', signal: stop.signal })) {
      if (e.operation === upgraded.id && e.type === 'state' && (e.data as { state?: string }).state === 'succeeded') break;
    }
    stop.abort();

    // The secrets are in force where they belong: the cluster's Secret holds the upgraded value.
    const secrets = await kube(intranet).core.listNamespacedSecret({ namespace: ns });
    const data = secrets.items.flatMap((x) => Object.values(x.data ?? {})).map((v) => Buffer.from(v, 'base64').toString('utf8'));
    expect(data).toContain(upgradeSecret.value);
    expect(data).toContain(envDefault.value);
    expect(s.checked.violations).toEqual([]);
  });

  it('finds none of them in the database, the logs or any response', async () => {
    const intranet = clusters().find((c) => c.name === 'intranet')!;
    const kubeconfigKey = /client-key-data:\s*(\S+)/.exec(fs.readFileSync(intranet.kubeconfigPath, 'utf8'))![1]!;
    const keyPem = Buffer.from(kubeconfigKey, 'base64').toString('utf8');
    const keyBody = keyPem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')).join('');
    const known: Known[] = [
      ...[deliveryPassword, sourcePassword, installSecret, upgradeSecret, envDefault].map((x) => ({ label: x.label, forms: encodedForms(x.value) })),
      { label: 'basic-auth delivery', forms: [Buffer.from(`pusher:${deliveryPassword.value}`).toString('base64')] },
      { label: 'basic-auth source', forms: [Buffer.from(`puller:${sourcePassword.value}`).toString('base64')] },
      { label: 'kubeconfig client key', forms: [kubeconfigKey, keyBody.slice(64, 128)] },
    ];
    const token: Known = { label: 'token secret', forms: encodedForms(tokenSecret) };
    const found: string[] = [];

    s.recorder.responses.forEach((r, i) => found.push(...search(`response ${r.request} ${r.status}`, r.body, i === tokenCreateResponse ? known : [...known, token])));
    // The search would see them: the token's one answer holds its secret.
    expect(search('token answer', s.recorder.responses[tokenCreateResponse]!.body, [token])).toHaveLength(1);
    expect(s.recorder.responses.length).toBeGreaterThan(30);
    expect(s.recorder.responses.some((r) => r.request === 'GET /v1/events' && r.body.includes('"type":"state"'))).toBe(true);
    const logs = s.recorder.logLines();
    expect(logs.length).toBeGreaterThan(0);
    found.push(...search('log', logs, [...known, token]));

    if (backend === 'SQLite') {
      const open = sqliteBytes(dbFile());
      expect(open).toContain('pusher'); // readable: a plaintext secret would show
      found.push(...search('SQLite file while open', open, [...known, token]));
      await s.close();
      found.push(...search('SQLite file after close', sqliteBytes(dbFile()), [...known, token]));
    } else {
      const dump = pgDump(databaseUrl);
      expect(dump).toContain('pusher');
      found.push(...search('pg_dump', dump, [...known, token]));
    }
    expect(found).toEqual([]);
  });
});
