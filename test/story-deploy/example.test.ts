/**
 * `examples/story-deploy.ts` run as a user would: the built `caravan-server`
 * bin on a SQLite file, a real source and delivery registry holding the
 * shop's images, the harness's three clusters named by their kubeconfigs in
 * `CARAVAN_KUBECONFIGS`. Its printed story is the assertion, checked against
 * what the clusters hold afterwards; then it runs again against a fresh
 * server on the same clusters and namespace.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startBin, type RunningBin } from '../e2e/support/bin.js';
import { makeImage } from '../harness/src/images.js';
import { pushImage } from '../harness/src/registry-http.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { clusters, exists, kube, type Kube } from './support.js';

const TSX = path.join(REPO, 'node_modules/tsx/dist/cli.mjs');
const ns = `shop-example-${randomBytes(3).toString('hex')}`;

let regs: Registries;
const dirs: string[] = [];
const bins: RunningBin[] = [];
const kubes = new Map<string, Kube>();

beforeAll(async () => {
  regs = await startRegistries();
  await Promise.all(['web', 'api', 'db', 'cache', 'worker'].map((n) => pushImage(regs.source, `shop/${n}`, '1', makeImage({ seed: `story-deploy-example/${n}`, layers: 1, layerSize: 20_000 }))));
  for (const c of clusters()) kubes.set(c.name, kube(c));
});
afterAll(async () => {
  for (const b of bins) await b.kill('SIGTERM');
  await regs?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  // Leave the shared clusters as they were.
  for (const k of kubes.values()) await k.core.deleteNamespace({ name: ns }).catch(() => undefined);
});

async function freshServer(): Promise<{ bin: RunningBin; token: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-story-deploy-example-'));
  dirs.push(dir);
  const token = randomBytes(24).toString('base64url');
  const bin = await startBin({ databaseUrl: `file:${path.join(dir, 'caravan.db')}`, env: { CARAVAN_BOOTSTRAP_TOKEN: token } });
  bins.push(bin);
  return { bin, token };
}

function runExample(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only what the test sets reaches the example, not variables of the shell that runs vitest.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(CARAVAN_|DELIVERY_REGISTRY_|SOURCE_REGISTRY_|NAMESPACE$|TEMPLATE$)/.test(k)),
  ) as Record<string, string>;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, path.join(REPO, 'examples/story-deploy.ts')], { cwd: REPO, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function exampleEnv(bin: RunningBin, token: string): Record<string, string> {
  return {
    CARAVAN_URL: bin.url,
    CARAVAN_TOKEN: token,
    CARAVAN_KUBECONFIGS: clusters().map((c) => `${c.name}=${c.kubeconfigPath}`).join(','),
    DELIVERY_REGISTRY_URL: regs.delivery.url,
    DELIVERY_REGISTRY_USERNAME: regs.delivery.username!,
    DELIVERY_REGISTRY_PASSWORD: regs.delivery.password!,
    DELIVERY_REGISTRY_ALLOW_HTTP: 'true',
    SOURCE_REGISTRY_HOST: regs.source.host,
    NAMESPACE: ns,
  };
}

function expectTheStory(out: string): void {
  for (const c of clusters()) expect(out).toMatch(new RegExp(`cluster ${c.name}: reachable, Kubernetes v1\\.\\d+\\.\\d+, (\\d+)/\\1 rights, ${c.server.replace(/\./g, '\\.')}$`, 'm'));
  expect(out).toMatch(new RegExp(`^2\\. environment test-intranet: intranet/${ns}, test, takes draft, published, released$`, 'm'));
  expect(out).toMatch(new RegExp(`environment production-qingdao: aliyun-qingdao/${ns}, production, takes released$`, 'm'));
  expect(out).toMatch(/^3\. delivery registry http:\/\/127\.0\.0\.1:\d+\/caravan: ok$/m);
  expect(out).toMatch(/^4\. shop@1\.0 \(draft\) with web, api, db, cache into test-intranet$/m);
  expect(out).toMatch(/test-intranet: installed shop@1\.0 \(record #\d+, healthy\)$/m);
  expect(out).toMatch(/^5\. published shop@1\.0: web, api, db, cache pinned by digest in the delivery registry$/m);
  expect(out).toMatch(/^6\. shop@1\.0 is released$/m);
  expect(out).toMatch(/^7\. install shop@1\.0 into production-qingdao: web 3 replicas at shop\.qingdao\.example\.com$/m);
  // Per-component progress from operations.wait's onStep, with each environment's own replicas.
  expect(out).toMatch(/^ {3}production-qingdao web: 3\/3 ready$/m);
  expect(out).toMatch(/^ {3}production-shanghai web: 2\/2 ready$/m);
  expect(out).toMatch(/^ {3}production-qingdao db: 1\/1 ready$/m);
  expect(out).toMatch(/production-qingdao: installed shop@1\.0 \(record #1, healthy\)$/m);
  expect(out).toMatch(/production-shanghai: installed shop@1\.0 \(record #1, healthy\)$/m);
  expect(out).toMatch(/^8\. shop@1\.1 \(draft\) with web, api, db, worker into test-intranet$/m);
  // The preview's diff.
  expect(out).toMatch(/preview of production-qingdao 1\.0 -> 1\.1:$/m);
  expect(out).toMatch(/components: added \[worker\], removed \[cache\], changed \[api\]$/m);
  expect(out).toContain('features: [checkout]\\n" -> "features: [checkout, wishlist]\\n"');
  expect(out).toMatch(/objects added: .*Deployment\/shop-worker/);
  expect(out).toMatch(/objects removed: .*Deployment\/shop-cache/);
  expect(out).toMatch(/^ {7}ConfigMap\/shop-api \/data\/etc_api_config\.yaml$/m);
  expect(out).toMatch(/^ {7}Deployment\/shop-api .*config-checksum/m);
  expect(out).toMatch(/^ {3}upgrade production-qingdao, production-shanghai to shop@1\.1 \(atomic\)$/m);
  expect(out).toMatch(/^ {3}production-qingdao worker: 1\/1 ready$/m);
  expect(out).toMatch(/production-qingdao: upgraded to shop@1\.1 \(record #2, healthy\)$/m);
  expect(out).toMatch(/production-shanghai: upgraded to shop@1\.1 \(record #2, healthy\)$/m);
  // The records, newest first, and the rollback to 1.0's.
  expect(out).toMatch(/^9\. records of shop in production-qingdao:\n {3}#2 upgrade 1\.1 succeeded\n {3}#1 install 1\.0 succeeded\n {3}roll back production-qingdao to record #1$/m);
  expect(out).toMatch(/production-qingdao: rolled back to shop@1\.0 \(record #3, a rollback of #1, healthy\)$/m);
}

/** What an operator with kubectl sees once the example is done. */
async function expectTheClusters(): Promise<void> {
  const deployment = (cluster: string, name: string) => kubes.get(cluster)!.apps.readNamespacedDeployment({ namespace: ns, name });
  // production-qingdao is back on 1.0: the cache returned, the worker is gone, 3 web replicas kept.
  expect(await exists(() => deployment('aliyun-qingdao', 'shop-cache'))).toBe(true);
  expect(await exists(() => deployment('aliyun-qingdao', 'shop-worker'))).toBe(false);
  expect((await deployment('aliyun-qingdao', 'shop-web')).spec?.replicas).toBe(3);
  const ingresses = await kubes.get('aliyun-qingdao')!.kc.makeApiClient(k8s.NetworkingV1Api).listNamespacedIngress({ namespace: ns });
  const hosts = ingresses.items.flatMap((i) => i.spec?.rules?.map((r) => r.host) ?? []);
  expect(hosts).toEqual(['shop.qingdao.example.com']);
  // production-shanghai stays on 1.1.
  expect(await exists(() => deployment('aliyun-shanghai', 'shop-worker'))).toBe(true);
  expect(await exists(() => deployment('aliyun-shanghai', 'shop-cache'))).toBe(false);
  expect((await deployment('aliyun-shanghai', 'shop-web')).spec?.replicas).toBe(2);
  // Published versions run the delivery registry's copies, pinned by digest.
  expect((await deployment('aliyun-shanghai', 'shop-worker')).spec?.template.spec?.containers[0]?.image).toMatch(new RegExp(`^${regs.delivery.host}/caravan/shop/worker@sha256:[0-9a-f]{64}$`));
}

describe('examples/story-deploy.ts against the caravan-server bin and three clusters', () => {
  it('registers the clusters, installs 1.0 on each, upgrades to 1.1 after a preview, and rolls back to 1.0', async () => {
    const { bin, token } = await freshServer();
    const { code, stdout, stderr } = await runExample(exampleEnv(bin, token));
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expectTheStory(stdout);
    await expectTheClusters();
    // It really went over HTTP: the server logged the example's calls.
    expect(bin.stderr()).toContain('"path":"/v1/environments/production-qingdao/installs/shop/records/1/rollback"');
  });

  it('runs again against a fresh server on the same clusters and namespace', async () => {
    const { bin, token } = await freshServer();
    const { code, stdout, stderr } = await runExample(exampleEnv(bin, token));
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expectTheStory(stdout);
    await expectTheClusters();
  });

  it('without its variables it says what to set', async () => {
    const { code, stderr } = await runExample({});
    expect(code).toBe(2);
    expect(stderr).toContain('CARAVAN_URL');
    expect(stderr).toContain('CARAVAN_KUBECONFIGS (a path for intranet, aliyun-qingdao, aliyun-shanghai)');
    expect(stderr).toContain('SOURCE_REGISTRY_HOST');
  });
});
