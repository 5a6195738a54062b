/**
 * A registry that makes publishing slow on demand: an HTTP server on a free
 * loopback port that speaks just enough of the distribution API. In `hold`
 * mode it keeps every request open (a copy in progress that never moves);
 * in `missing` mode it answers like a registry that has no such image
 * (`/v2/` 200, everything else 404 MANIFEST_UNKNOWN), which fails a publish
 * cleanly. Held requests are answered when the mode changes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'hold' | 'missing';

export interface StallingRegistry {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  readonly url: string;
  /** When each request arrived (ms since epoch), with its path. */
  readonly requests: { at: number; method: string; path: string }[];
  setMode(mode: Mode): void;
  /** Resolves at the first request that arrives after `since` (default: now). */
  nextRequest(since?: number, timeoutMs?: number): Promise<{ at: number; path: string }>;
  close(): Promise<void>;
}

export async function startStallingRegistry(mode: Mode = 'hold'): Promise<StallingRegistry> {
  let current = mode;
  const held = new Set<http.ServerResponse>();
  const requests: { at: number; method: string; path: string }[] = [];

  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('docker-distribution-api-version', 'registry/2.0');
    if (req.url === '/v2/' || req.url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: 'no such image here' }] }));
  };

  const server = http.createServer((req, res) => {
    requests.push({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '' });
    req.resume();
    if (current === 'hold') {
      held.add(res);
      res.once('close', () => held.delete(res));
      return;
    }
    answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(mode) {
      current = mode;
      if (mode !== 'hold') {
        for (const res of held) answer(res.req, res);
        held.clear();
      }
    },
    async nextRequest(since = Date.now(), timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = requests.find((r) => r.at >= since);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no request reached the stalling registry within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
