/**
 * State shared by every copy of one RegistrySync: keep-alive agents per CA
 * bundle, one client (with its token cache) per registry and user (a few,
 * most recently used; a changed password replaces the client), a
 * bound on concurrent blob transfers across all copies, and what the engine
 * knows about blobs on target registries: which repository holds a digest
 * (so another repository can mount it instead of moving its bytes) and which
 * transfers are in flight (so two copies sharing a layer move it once).
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import type { RegistryCredentials } from '../port.js';
import { DEFAULT_RETRY, RegistryClient, type RetryPolicy } from './client.js';
import type { UploadMode } from './blobs.js';
import { sourceHostRefusal } from '../source-allow-list.js';
import { nodeHttp, nodeHttps } from './transport.js';

export interface OciRegistrySyncOptions {
  /** Blob transfers at once, across all copies of this instance (default 4). */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Socket idle timeout per request in ms (default 60 000). */
  readonly timeoutMs?: number;
  /** `auto` (default): monolithic PUT, falling back to PATCH chunks when the registry refuses it. */
  readonly uploadMode?: UploadMode;
  /** Chunk size for chunked uploads (default 8 MiB); each chunk is buffered once. */
  readonly chunkSize?: number;
  /** Source registry hosts reached over plain http, besides loopback ones. */
  readonly insecureSourceHosts?: readonly string[];
  /** Extra PEM CA bundle for source registries on https. */
  readonly sourceCaBundle?: string;
}

/** A small semaphore: at most `limit` holders at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A waiter is handed the releasing holder's slot (`active` stays as it is), so a caller arriving
    // between the release and the waiter's wake-up finds no free slot to take.
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

/** Clients kept at once: one per registry and user in use, a handful in practice. */
const MAX_CLIENTS = 16;

const fingerprint = (...parts: Array<string | undefined>): string =>
  crypto.createHash('sha256').update(parts.map((p) => p ?? '\u0000').join('\u0001')).digest('hex').slice(0, 24);

export class Engine {
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly uploadMode: UploadMode;
  readonly chunkSize: number;
  readonly insecureSourceHosts: ReadonlySet<string>;
  readonly sourceCaBundle: string | undefined;
  readonly blobSlots: Limiter;
  private readonly agents = new Map<string, http.Agent>();
  /** In use order, oldest first. */
  private readonly clients = new Map<string, { client: RegistryClient; secret: string; ca: string }>();
  /** target origin -> digest -> a repository there that holds it. */
  private readonly locations = new Map<string, Map<string, string>>();
  /** Target origins that refused a monolithic blob PUT. */
  readonly chunkedOrigins = new Set<string>();
  /** Target origin -> largest blob it took in one streamed PUT (later ones up to that size skip `Expect`). */
  readonly streamedPutSizes = new Map<string, number>();
  /** target origin + digest -> the transfer moving it now. */
  readonly inflight = new Map<string, Promise<string | undefined>>();

  constructor(opts: OciRegistrySyncOptions = {}) {
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.retry = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.uploadMode = opts.uploadMode ?? 'auto';
    this.chunkSize = opts.chunkSize ?? 8 * 1024 * 1024;
    this.insecureSourceHosts = new Set((opts.insecureSourceHosts ?? []).map((h) => h.toLowerCase()));
    this.sourceCaBundle = opts.sourceCaBundle;
    this.blobSlots = new Limiter(this.concurrency);
  }

  agent(protocol: string, caBundle?: string): http.Agent {
    const key = `${protocol}${fingerprint(caBundle)}`;
    let agent = this.agents.get(key);
    if (agent === undefined) {
      // Sockets beyond the blob bound serve manifests, HEADs and tokens while blobs stream.
      const common = { keepAlive: true, maxSockets: this.concurrency * 2 + 4, scheduling: 'lifo' as const };
      // A CA bundle adds to Node's bundled roots instead of replacing them (Node's `ca` alone would replace).
      agent = protocol === 'https:'
        ? new (nodeHttps().Agent)({ ...common, ...(caBundle !== undefined ? { ca: [...process.getBuiltinModule('node:tls').rootCertificates, caBundle] } : {}) })
        : new (nodeHttp().Agent)(common);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /**
   * One client per base URL and user, so token caches and connections are reused across copies. A
   * changed password, token or CA bundle for the same user replaces the client (the old one, with its
   * password, is dropped, and a CA bundle's pool no client uses is destroyed); only the most recently
   * used few are kept.
   */
  client(baseUrl: string, credentials?: RegistryCredentials, caBundle?: string, allowList?: readonly string[]): RegistryClient {
    // A source's allow-list is part of the client: one limited by a list is never handed out for another, or for none.
    const allowKey = allowList === undefined || allowList.length === 0 ? undefined : allowList.join('\u0003');
    const key = fingerprint(baseUrl, credentials?.username ?? (credentials?.token !== undefined ? '\u0002token' : undefined), allowKey);
    // A new password, token or CA bundle for the same registry and user is a new setting, not another one.
    const secret = fingerprint(credentials?.password, credentials?.token, caBundle);
    const cached = this.clients.get(key);
    this.clients.delete(key);
    if (cached !== undefined && cached.secret === secret) {
      this.clients.set(key, cached);
      return cached.client;
    }
    const protocol = new URL(baseUrl).protocol;
    const client = new RegistryClient({
      baseUrl, credentials, retry: this.retry, timeoutMs: this.timeoutMs,
      agent: this.agent(protocol, caBundle),
      // Token services and blob storage elsewhere often sit behind the same private CA as the registry.
      foreignAgent: (p) => this.agent(p, caBundle),
      ...(allowKey === undefined ? {} : { allowHost: (host: string, via: 'token-realm' | 'redirect') => sourceHostRefusal(host, via, allowList!) }),
    });
    this.clients.set(key, { client, secret, ca: fingerprint(caBundle) });
    while (this.clients.size > MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    this.dropUnusedAgents();
    return client;
  }

  /** Destroys the agents of CA bundles that no kept client uses any more (Node's own roots' agents stay). */
  private dropUnusedAgents(): void {
    const used = new Set([fingerprint(undefined), ...[...this.clients.values()].map((c) => c.ca)]);
    for (const [key, agent] of this.agents) {
      // Keys are `<protocol>:<CA fingerprint>` (see agent()).
      if (used.has(key.slice(key.indexOf(':') + 1))) continue;
      agent.destroy();
      this.agents.delete(key);
    }
  }

  /** How many clients and agents are kept (for tests of the bounds). */
  get cached(): { clients: number; agents: number } {
    return { clients: this.clients.size, agents: this.agents.size };
  }

  knownLocation(origin: string, digest: string): string | undefined {
    return this.locations.get(origin)?.get(digest);
  }

  remember(origin: string, digest: string, repository: string): void {
    let m = this.locations.get(origin);
    if (m === undefined) this.locations.set(origin, (m = new Map()));
    // Bounded: forgetting only costs a transfer that a mount could have saved.
    if (m.size >= 50_000) m.delete(m.keys().next().value!);
    m.set(digest, repository);
  }

  forget(origin: string, digest: string): void {
    this.locations.get(origin)?.delete(digest);
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.clients.clear();
  }
}
