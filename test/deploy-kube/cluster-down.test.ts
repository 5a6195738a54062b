/**
 * A cluster whose API server goes away while Caravan holds a client (and an
 * idle kept-alive connection) to it: calls fail fast with
 * ClusterUnreachableError naming that server, the other clusters are
 * untouched, and the same client works again once the server is back.
 */
import { inject, describe, expect, it } from 'vitest';
import { ClusterUnreachableError } from '../../packages/server/src/core/deploy/kube/index.js';
import { startApiServer, stopApiServer } from '../harness/src/k8s.js';
import { adminClient, clusters } from './helpers.js';

describe('a cluster whose API server is stopped', () => {
  it('is reported unreachable while the others keep answering, and is used again once it is back', async () => {
    const [first, second, down] = clusters();
    const workDir = inject('harnessWorkDir');
    const others = await Promise.all([adminClient(first!), adminClient(second!)]);
    const client = await adminClient(down!);
    await client.version();
    expect(client.stats().socketsOpened).toBe(1);

    await stopApiServer(workDir, down!.name);
    try {
      const err = await client.version().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterUnreachableError);
      expect(err).toMatchObject({ server: down!.server, failure: 'refused', kind: 'cluster-unreachable' });
      for (const o of others) expect((await o.version()).gitVersion).toBe('v1.36.3');
    } finally {
      await startApiServer(workDir, down!.name);
    }
    expect((await client.version()).gitVersion).toBe('v1.36.3');
  });
});
