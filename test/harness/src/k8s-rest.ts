/**
 * The few raw API calls the harness itself makes while bringing a cluster up
 * (readiness, RBAC objects, Node objects), over node:https with the admin
 * client certificate. Kept free of @kubernetes/client-node so starting the
 * harness loads nothing heavy.
 */
import https from 'node:https';

export interface RestTarget {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface RestResponse {
  readonly status: number;
  readonly body: string;
  json<T = unknown>(): T;
}

export class RestClient {
  private readonly agent: https.Agent;

  constructor(private readonly target: RestTarget) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 4, ca: target.ca, cert: target.cert, key: target.key });
  }

  request(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<RestResponse> {
    const url = new URL(path, this.target.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(url, {
        method,
        agent: this.agent,
        timeout: timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.pathname} timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** POST that treats 409 AlreadyExists as success, so bootstrap steps can be repeated. */
  async create(path: string, body: unknown): Promise<void> {
    const res = await this.request('POST', path, body);
    if (res.status !== 201 && res.status !== 200 && res.status !== 409) {
      throw new Error(`POST ${path} → ${res.status}: ${res.body.slice(0, 500)}`);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every `intervalMs` until it returns true; throws `describe()` after `timeoutMs`. */
export async function pollUntil(probe: () => Promise<boolean>, timeoutMs: number, describe: () => string, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ok: boolean;
    try { ok = await probe(); } catch { ok = false; }
    if (ok) return;
    if (Date.now() > deadline) throw new Error(describe());
    await sleep(intervalMs);
  }
}
