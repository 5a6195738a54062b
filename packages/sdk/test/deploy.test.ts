/**
 * Clusters, environments, installs and records on the wire: each call's method, path, body and
 * headers, lists walked page by page, and the 202 Operation of long work handed back as is.
 */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Cluster, Environment, Install, InstallRecord, InstallStatus } from '../src/index.js';
import { BASE, client, json, operation, problem, server } from './msw.js';

const at = '2026-11-26T10:00:00Z';
const by = { id: 'tok_admin', name: 'admin' };

const cluster: Cluster = {
  name: 'aliyun-qingdao',
  server: 'https://10.0.0.1:6443',
  labels: { provider: 'aliyun', region: 'qingdao' },
  health: { state: 'reachable', checkedAt: at, serverVersion: 'v1.33.1', permissions: [{ resource: 'deployments.apps', verb: 'patch', allowed: true }] },
  etag: '"1"',
  createdAt: at,
  createdBy: by,
  updatedAt: at,
};

const environment: Environment = {
  name: 'production-qingdao',
  cluster: 'aliyun-qingdao',
  namespace: 'shop-prod',
  tier: 'production',
  policy: { allowedStates: ['released'], requiredApprovals: 2 },
  createNamespace: true,
  defaults: { components: { web: { replicas: 2 } } },
  secretDefaults: ['dbPassword'],
  labels: {},
  etag: '"1"',
  createdAt: at,
  createdBy: by,
  updatedAt: at,
};

const install: Install = {
  name: 'shop',
  environment: 'production-qingdao',
  template: 'shop',
  version: '1.0',
  state: 'deployed',
  values: { components: { web: { replicas: 4, hosts: ['shop.qingdao.example.com'] } } },
  secretParameters: ['dbPassword'],
  record: 1,
  latestRecord: 1,
  labels: {},
  etag: '"3"',
  createdAt: at,
  createdBy: by,
  updatedAt: at,
};

const record = (number: number): InstallRecord => ({
  number,
  action: number === 1 ? 'install' : 'upgrade',
  template: 'shop',
  version: number === 1 ? '1.0' : '1.1',
  values: {},
  secretParameters: ['dbPassword'],
  outcome: 'succeeded',
  objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop-prod', name: 'shop-web', manifest: { kind: 'Deployment' } }],
  components: [{ name: 'web', kind: 'stateless', state: 'ready', replicas: 4, readyReplicas: 4 }],
  operation: `op_${number}`,
  startedAt: at,
  createdBy: by,
});

const installOp = (kind: string) => ({
  ...operation('op_9', 'pending'),
  kind,
  subject: { environment: 'production-qingdao', install: 'shop', template: 'shop', version: '1.1' },
});

interface Seen {
  method: string;
  path: string;
  search: string;
  body: unknown;
  ifMatch: string | null;
  key: string | null;
}

/** Answers every request with `answer(method, path, url)` and keeps what was sent. */
function capture(answer: (method: string, path: string, url: URL) => Response): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(`${BASE}/v1/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      seen.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        body: text ? JSON.parse(text) : undefined,
        ifMatch: request.headers.get('if-match'),
        key: request.headers.get('idempotency-key'),
      });
      return answer(request.method, url.pathname, url);
    }),
  );
  return seen;
}

describe('client.clusters', () => {
  it('registers, reads, changes, probes and forgets a cluster at /v1/clusters', async () => {
    const seen = capture((method) => (method === 'DELETE' ? new Response(null, { status: 204 }) : json(cluster, method === 'POST' ? 201 : 200)));
    const c = client();
    const created = await c.clusters.create({ name: 'aliyun-qingdao', kubeconfig: 'apiVersion: v1\nkind: Config\n', labels: { region: 'qingdao' } });
    expect(created.health.serverVersion).toBe('v1.33.1');
    await c.clusters.get('aliyun-qingdao');
    await c.clusters.update('aliyun-qingdao', { context: 'qingdao-admin' }, { ifMatch: '"1"' });
    await c.clusters.probe('aliyun-qingdao');
    await expect(c.clusters.delete('aliyun-qingdao', { ifMatch: '"2"' })).resolves.toBeUndefined();
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v1/clusters',
      'GET /v1/clusters/aliyun-qingdao',
      'PATCH /v1/clusters/aliyun-qingdao',
      'POST /v1/clusters/aliyun-qingdao/probe',
      'DELETE /v1/clusters/aliyun-qingdao',
    ]);
    expect(seen[0]!.body).toEqual({ name: 'aliyun-qingdao', kubeconfig: 'apiVersion: v1\nkind: Config\n', labels: { region: 'qingdao' } });
    expect(seen[0]!.key).toBeTruthy();
    expect(seen[2]).toMatchObject({ body: { context: 'qingdao-admin' }, ifMatch: '"1"' });
    expect(seen[3]!.key).toBeTruthy();
    expect(seen[4]!.ifMatch).toBe('"2"');
  });

  it('lists every cluster, page after page, by the cursor', async () => {
    const seen = capture((_method, _path, url) =>
      url.searchParams.get('cursor') === null
        ? json({ items: [cluster, { ...cluster, name: 'aliyun-shanghai' }], nextCursor: 'n1' })
        : json({ items: [{ ...cluster, name: 'intranet' }] }),
    );
    const names: string[] = [];
    for await (const c of client().clusters.list({ limit: 2 })) names.push(c.name);
    expect(names).toEqual(['aliyun-qingdao', 'aliyun-shanghai', 'intranet']);
    expect(seen.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual(['GET /v1/clusters?limit=2', 'GET /v1/clusters?limit=2&cursor=n1']);
  });
});

describe('client.environments', () => {
  it('creates an environment with secret defaults, lists by cluster and tier, changes and deletes it', async () => {
    const seen = capture((method, path) => {
      if (method === 'DELETE') return new Response(null, { status: 204 });
      if (path === '/v1/environments' && method === 'GET') return json({ items: [environment] });
      return json(environment, method === 'POST' ? 201 : 200);
    });
    const c = client();
    const body = {
      name: 'production-qingdao',
      cluster: 'aliyun-qingdao',
      namespace: 'shop-prod',
      tier: 'production' as const,
      secretDefaults: { dbPassword: 's3cret' },
    };
    const created = await c.environments.create(body);
    expect(created.secretDefaults).toEqual(['dbPassword']);
    const page = await c.environments.list({ cluster: 'aliyun-qingdao', tier: 'production' });
    expect(page.items.map((e) => e.name)).toEqual(['production-qingdao']);
    await c.environments.get('production-qingdao');
    await c.environments.update('production-qingdao', { secretDefaults: { dbPassword: null } }, { ifMatch: '"1"' });
    await c.environments.delete('production-qingdao');
    expect(seen.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual([
      'POST /v1/environments',
      'GET /v1/environments?cluster=aliyun-qingdao&tier=production',
      'GET /v1/environments/production-qingdao',
      'PATCH /v1/environments/production-qingdao',
      'DELETE /v1/environments/production-qingdao',
    ]);
    expect(seen[0]!.body).toEqual(body);
    expect(seen[3]).toMatchObject({ body: { secretDefaults: { dbPassword: null } }, ifMatch: '"1"' });
  });
});

describe('client.environments.installs', () => {
  it('installs a version into an environment and hands back the install Operation', async () => {
    const seen = capture(() => json(installOp('install'), 202, { location: '/v1/environments/production-qingdao/installs/shop' }));
    const body = {
      name: 'shop',
      template: 'shop',
      version: '1.0',
      values: { parameters: { dbPassword: 's3cret' }, components: { web: { replicas: 4, env: { LOG_LEVEL: 'warn' }, hosts: ['shop.qingdao.example.com'] } } },
      atomic: true,
    };
    const op = await client().environments.installs.create('production-qingdao', body);
    expect(op).toMatchObject({ id: 'op_9', kind: 'install', state: 'pending' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/environments/production-qingdao/installs', body });
    expect(seen[0]!.key).toBeTruthy();
  });

  it('reads, lists, labels, previews, upgrades, checks and uninstalls an install at its own paths', async () => {
    const preview = {
      from: '1.0',
      to: '1.1',
      components: { added: ['cache'], removed: [], changed: [{ name: 'web', fields: [{ path: '/image', old: 'web:1.0', new: 'web:1.1' }] }] },
      parameters: { added: [], removed: [], changed: [] },
      values: [{ path: '/components/web/replicas', old: 4, new: 6 }],
      objects: { added: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-cache' }], removed: [], changed: [] },
    };
    const status: InstallStatus = {
      environment: 'production-qingdao',
      install: 'shop',
      record: 1,
      health: 'degraded',
      components: [{ name: 'web', kind: 'stateless', state: 'failed', reason: 'CrashLoopBackOff' }],
      drift: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-web', state: 'changed', fields: ['/spec/replicas'] }],
      checkedAt: at,
    };
    const seen = capture((method, path) => {
      if (path.endsWith('/preview')) return json(preview);
      if (path.endsWith('/status')) return json(status);
      if (path.endsWith('/upgrade')) return json(installOp('upgrade'), 202);
      if (method === 'DELETE') return json(installOp('uninstall'), 202);
      if (path.endsWith('/installs')) return json({ items: [install] });
      return json(install);
    });
    const installs = client().environments.installs;
    expect((await installs.list('production-qingdao', { template: 'shop' })).items).toHaveLength(1);
    expect((await installs.get('production-qingdao', 'shop')).secretParameters).toEqual(['dbPassword']);
    await installs.update('production-qingdao', 'shop', { description: 'the web shop' }, { ifMatch: '"3"' });
    const p = await installs.preview('production-qingdao', 'shop', { version: '1.1', values: { components: { web: { replicas: 6 } } } });
    expect(p.objects.added.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/shop-cache']);
    const up = await installs.upgrade('production-qingdao', 'shop', { version: '1.1', atomic: true, timeoutSeconds: 600 }, { ifMatch: '"3"' });
    expect(up.kind).toBe('upgrade');
    const s = await installs.status('production-qingdao', 'shop');
    expect(s.drift[0]!.fields).toEqual(['/spec/replicas']);
    const un = await installs.delete('production-qingdao', 'shop');
    expect(un.kind).toBe('uninstall');

    const base = '/v1/environments/production-qingdao/installs';
    expect(seen.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual([
      `GET ${base}?template=shop`,
      `GET ${base}/shop`,
      `PATCH ${base}/shop`,
      `POST ${base}/shop/preview`,
      `POST ${base}/shop/upgrade`,
      `GET ${base}/shop/status`,
      `DELETE ${base}/shop`,
    ]);
    expect(seen[2]).toMatchObject({ body: { description: 'the web shop' }, ifMatch: '"3"' });
    expect(seen[3]!.body).toEqual({ version: '1.1', values: { components: { web: { replicas: 6 } } } });
    expect(seen[4]).toMatchObject({ body: { version: '1.1', atomic: true, timeoutSeconds: 600 }, ifMatch: '"3"' });
    expect(seen[6]!.key).toBeTruthy();
  });

  it('an uninstall carries one Idempotency-Key, kept on its retries, so it happens once', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.delete(`${BASE}/v1/environments/test-intranet/installs/shop`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return keys.length === 1 ? problem('unavailable', 503) : json(installOp('uninstall'), 202);
      }),
    );
    const op = await client().environments.installs.delete('test-intranet', 'shop');
    expect(op.kind).toBe('uninstall');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('encodes environment and install names as single path segments', async () => {
    const seen = capture(() => json(install));
    await client().environments.installs.get('a/b', 'c?d');
    expect(seen[0]!.path).toBe('/v1/environments/a%2Fb/installs/c%3Fd');
  });
});

describe('client.environments.installs.records', () => {
  it('lists records newest first across pages, gets one by number, and rolls back to it', async () => {
    const base = '/v1/environments/production-qingdao/installs/shop/records';
    const seen = capture((_method, path, url) => {
      if (path.endsWith('/rollback')) return json({ ...installOp('rollback'), subject: { environment: 'production-qingdao', install: 'shop', record: 1 } }, 202);
      if (path === `${base}/1`) return json(record(1));
      return url.searchParams.get('cursor') === null ? json({ items: [record(3), record(2)], nextCursor: 'r1' }) : json({ items: [record(1)] });
    });
    const records = client().environments.installs.records;
    const numbers: number[] = [];
    for await (const r of records.list('production-qingdao', 'shop')) numbers.push(r.number);
    expect(numbers).toEqual([3, 2, 1]);
    const one = await records.get('production-qingdao', 'shop', 1);
    expect(one.objects[0]!.name).toBe('shop-web');
    const op = await records.rollback('production-qingdao', 'shop', 1, { reason: '1.1 fails checkout', atomic: true });
    expect(op.subject.record).toBe(1);
    expect(seen.map((s) => `${s.method} ${s.path}${s.search}`)).toEqual([`GET ${base}`, `GET ${base}?cursor=r1`, `GET ${base}/1`, `POST ${base}/1/rollback`]);
    expect(seen[3]!.body).toEqual({ reason: '1.1 fails checkout', atomic: true });
    expect(seen[3]!.key).toBeTruthy();
  });

  it('a rollback without a body sends an empty one', async () => {
    const seen = capture(() => json(installOp('rollback'), 202));
    await client().environments.installs.records.rollback('production-qingdao', 'shop', 2);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/environments/production-qingdao/installs/shop/records/2/rollback', body: {} });
  });
});
