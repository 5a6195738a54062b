/**
 * Cluster credentials: a kubeconfig that would run a program or read a file
 * on Caravan's host is refused before anything is stored; an accepted one is
 * sealed, bound to its cluster and API server address, and never returned.
 * The cluster here listens nowhere (a closed loopback port): registering it
 * still works, and its probe reports it unreachable rather than failing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { admin, operator, startCore, type CoreUnderTest } from './support/fixture.js';
import { rejectionOf } from './support/fixture.js';

const kubeconfig = (server: string, user: Record<string, unknown> = { token: 'sekret-token-0123456789' }) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'main',
    clusters: [{ name: 'c', cluster: { server } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'main', context: { cluster: 'c', user: 'u' } }],
  });

let t: CoreUnderTest | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('cluster credentials', () => {
  it('a kubeconfig running an exec plugin or reading a local file is refused with the reason, and nothing is stored', async () => {
    t = await startCore({ clusterProbeMs: 0 });
    const exec = await rejectionOf(
      t.core.clusters.create(admin, { name: 'evil', kubeconfig: kubeconfig('https://127.0.0.1:1', { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh' } }) }),
    );
    expect(exec).toMatchObject({ kind: 'invalid-input' });
    expect(String((exec as Error).message)).toMatch(/program|exec/i);
    const file = await rejectionOf(t.core.clusters.create(admin, { name: 'evil', kubeconfig: kubeconfig('https://127.0.0.1:1', { tokenFile: '/etc/shadow' }) }));
    expect(file).toMatchObject({ kind: 'invalid-input' });
    expect(await t.store.clusters.get('evil')).toBeUndefined();
    expect(await t.store.audit.list({ subject: { kinds: ['cluster'] }, limit: 10 })).toEqual([]);
  });

  it('an unreachable cluster registers, reports itself unreachable, and its token is sealed and never returned', async () => {
    t = await startCore({ clusterProbeMs: 0 });
    const cluster = await t.core.clusters.create(admin, { name: 'far', kubeconfig: kubeconfig('https://127.0.0.1:1') });
    expect(cluster).toMatchObject({ name: 'far', server: 'https://127.0.0.1:1', health: { state: 'unreachable' } });
    expect(cluster.health.message).toContain('127.0.0.1:1');
    expect(JSON.stringify(cluster)).not.toContain('sekret-token');
    const row = await t.store.clusters.get('far');
    expect(row?.credentialsEnc).not.toContain('sekret-token');
    expect(JSON.stringify(await t.core.clusters.list(operator))).not.toContain('sekret-token');
  });

  it('a sealed kubeconfig copied to another cluster does not open, and changing the context needs the kubeconfig again', async () => {
    t = await startCore({ clusterProbeMs: 0 });
    await t.core.clusters.create(admin, { name: 'a', kubeconfig: kubeconfig('https://127.0.0.1:1') });
    await t.core.clusters.create(admin, { name: 'b', kubeconfig: kubeconfig('https://127.0.0.1:2') });
    const a = (await t.store.clusters.get('a'))!;
    const b = (await t.store.clusters.get('b'))!;
    // Someone with write access to the database moves a's credentials to b, or points a at another server.
    await t.store.clusters.update('b', b.revision, { credentialsEnc: a.credentialsEnc });
    const probed = await t.core.clusters.probe(admin, 'b');
    expect(probed.health.state).toBe('unreachable');
    expect(probed.health.message).toMatch(/decrypt|authenticate|open/i);
    await t.store.clusters.update('a', a.revision, { server: 'https://127.0.0.1:3' });
    expect((await t.core.clusters.probe(admin, 'a')).health.message).toMatch(/decrypt|authenticate|open/i);

    const refused = await rejectionOf(t.core.clusters.update(admin, 'b', { context: 'other' }));
    expect(refused).toMatchObject({ kind: 'invalid-input' });
  });

  it('only an admin registers or changes clusters', async () => {
    t = await startCore({ clusterProbeMs: 0 });
    expect(await rejectionOf(t.core.clusters.create(operator, { name: 'x', kubeconfig: kubeconfig('https://127.0.0.1:1') }))).toMatchObject({ kind: 'forbidden' });
  });
});
