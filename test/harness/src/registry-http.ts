/**
 * The harness's own minimal registry client (fetch, whole buffers): pushes
 * test images and reads them back. It is deliberately independent of the
 * product's OCI client, so that tests of the one are not judged by the other.
 */
import { Buffer } from 'node:buffer';
import { MANIFEST_ACCEPT, blobsOf, sha256, type TestImage } from './images.js';

export interface RegistryEndpoint {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

export class RegistryHttpError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'RegistryHttpError';
    this.status = status;
  }
}

/** Parses `Bearer realm="...",service="...",scope="a b"` (quoted values may hold commas). */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  const re = /([a-zA-Z_]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (const m of header.slice(space + 1).matchAll(re)) params[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  return { scheme, params };
}

/** Per-endpoint session: keeps the Authorization that worked, per repository scope. */
export class HarnessRegistryClient {
  private readonly auth = new Map<string, string>();
  constructor(readonly endpoint: RegistryEndpoint) {}

  private basic(): string | undefined {
    const { username, password } = this.endpoint;
    return username !== undefined ? `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}` : undefined;
  }

  private async authorize(challenge: string, repo: string, actions: string): Promise<string> {
    const { scheme, params } = parseChallenge(challenge);
    const basic = this.basic();
    if (scheme === 'basic') {
      if (basic === undefined) throw new RegistryHttpError('registry wants Basic credentials and none were given', 401);
      return basic;
    }
    const url = new URL(params.realm ?? '');
    if (params.service !== undefined) url.searchParams.set('service', params.service);
    url.searchParams.append('scope', `repository:${repo}:${actions}`);
    if (this.endpoint.username !== undefined) url.searchParams.set('account', this.endpoint.username);
    const res = await fetch(url, { headers: basic !== undefined ? { authorization: basic } : {} });
    if (!res.ok) throw new RegistryHttpError(`token server refused: ${res.status}`, res.status);
    const body = (await res.json()) as { token?: string; access_token?: string };
    return `Bearer ${body.token ?? body.access_token}`;
  }

  /** One request to `/v2/<path>`; answers a 401 challenge once. Returns the response, whatever its status. */
  async request(method: string, path: string, init: { repo: string; push?: boolean; headers?: Record<string, string>; body?: Buffer } = { repo: '' }): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.endpoint.url}/v2/${path}`;
    const actions = init.push ? 'pull,push' : 'pull';
    const key = `${init.repo}:${actions}`;
    const send = (authorization: string | undefined): Promise<Response> => fetch(url, {
      method,
      headers: { ...(init.headers ?? {}), ...(authorization !== undefined ? { authorization } : {}) },
      // A Buffer is a valid body at runtime; TypeScript's DOM types only lack the ArrayBufferLike overload.
      ...(init.body !== undefined ? { body: init.body as unknown as BodyInit } : {}),
      redirect: 'manual',
    });
    let res = await send(this.auth.get(key));
    if (res.status === 401) {
      const challenge = res.headers.get('www-authenticate');
      await res.arrayBuffer();
      if (challenge === null) throw new RegistryHttpError(`${method} ${url}: 401 without a challenge`, 401);
      const authorization = await this.authorize(challenge, init.repo, actions);
      this.auth.set(key, authorization);
      res = await send(authorization);
    }
    return res;
  }

  async blobExists(repo: string, digest: string): Promise<boolean> {
    const res = await this.request('HEAD', `${repo}/blobs/${digest}`, { repo });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw new RegistryHttpError(`HEAD blob ${digest}: ${res.status}`, res.status);
  }

  /** POST then PUT (monolithic); with `chunked`, POST, PATCHes of `chunkSize` and an empty PUT. */
  async pushBlob(repo: string, blob: { digest: string; data: Buffer }, opts: { chunked?: boolean; chunkSize?: number } = {}): Promise<void> {
    const start = await this.request('POST', `${repo}/blobs/uploads/`, { repo, push: true });
    await start.arrayBuffer();
    if (start.status !== 202) throw new RegistryHttpError(`POST upload for ${repo}: ${start.status}`, start.status);
    let location = new URL(start.headers.get('location') ?? '', this.endpoint.url).toString();
    if (opts.chunked) {
      const size = opts.chunkSize ?? 1024 * 1024;
      for (let offset = 0; offset < blob.data.length; offset += size) {
        const chunk = blob.data.subarray(offset, Math.min(offset + size, blob.data.length));
        const res = await this.request('PATCH', location, {
          repo, push: true, body: chunk,
          headers: { 'content-type': 'application/octet-stream', 'content-range': `${offset}-${offset + chunk.length - 1}` },
        });
        await res.arrayBuffer();
        if (res.status !== 202) throw new RegistryHttpError(`PATCH chunk at ${offset}: ${res.status}`, res.status);
        location = new URL(res.headers.get('location') ?? location, this.endpoint.url).toString();
      }
    }
    const put = new URL(location);
    put.searchParams.set('digest', blob.digest);
    const res = await this.request('PUT', put.toString(), {
      repo, push: true, headers: { 'content-type': 'application/octet-stream' },
      body: opts.chunked ? Buffer.alloc(0) : blob.data,
    });
    const text = await res.text();
    if (res.status !== 201) throw new RegistryHttpError(`PUT blob ${blob.digest}: ${res.status} ${text}`, res.status);
  }

  async putManifest(repo: string, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    const res = await this.request('PUT', `${repo}/manifests/${reference}`, { repo, push: true, headers: { 'content-type': mediaType }, body: bytes });
    const text = await res.text();
    if (res.status !== 201) throw new RegistryHttpError(`PUT manifest ${repo}:${reference}: ${res.status} ${text}`, res.status);
    return res.headers.get('docker-content-digest') ?? sha256(bytes);
  }

  async getManifest(repo: string, reference: string): Promise<{ mediaType: string; digest: string; bytes: Buffer }> {
    const res = await this.request('GET', `${repo}/manifests/${reference}`, { repo, headers: { accept: MANIFEST_ACCEPT } });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new RegistryHttpError(`GET manifest ${repo}:${reference}: ${res.status} ${bytes.toString()}`, res.status);
    return { mediaType: res.headers.get('content-type') ?? '', digest: sha256(bytes), bytes };
  }

  async getBlob(repo: string, digest: string): Promise<Buffer> {
    let res = await this.request('GET', `${repo}/blobs/${digest}`, { repo });
    if (res.status === 307 || res.status === 302) res = await fetch(res.headers.get('location') ?? '');
    const data = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new RegistryHttpError(`GET blob ${digest}: ${res.status}`, res.status);
    return data;
  }
}

export interface PushOptions {
  /** Upload blobs with chunked PATCHes instead of one PUT. */
  readonly chunked?: boolean;
}

/** Pushes blobs (skipping those present), then child manifests by digest, then the top manifest by tag. */
export async function pushImage(reg: RegistryEndpoint, repo: string, tag: string, image: TestImage, opts: PushOptions = {}): Promise<{ digest: string }> {
  const client = new HarnessRegistryClient(reg);
  for (const blob of blobsOf(image)) {
    if (!(await client.blobExists(repo, blob.digest))) await client.pushBlob(repo, blob, { chunked: opts.chunked ?? false });
  }
  if (image.kind === 'index') {
    for (const m of image.manifests) await client.putManifest(repo, m.digest, m.mediaType, m.bytes);
  }
  const digest = await client.putManifest(repo, tag, image.mediaType, image.bytes);
  if (digest !== image.digest) throw new Error(`registry stored ${repo}:${tag} as ${digest}, expected ${image.digest}`);
  return { digest };
}

export interface PulledImage {
  readonly digest: string;
  readonly mediaType: string;
  readonly manifests: number;
  readonly blobs: number;
  readonly blobBytes: number;
}

/** Reads an image back in full, checking the digest of every manifest and blob. */
export async function pullImage(reg: RegistryEndpoint, repo: string, reference: string): Promise<PulledImage> {
  const client = new HarnessRegistryClient(reg);
  const top = await client.getManifest(repo, reference);
  if (reference.startsWith('sha256:') && top.digest !== reference) throw new Error(`manifest ${reference} has digest ${top.digest}`);
  const json = JSON.parse(top.bytes.toString()) as { manifests?: Array<{ digest: string }>; config?: { digest: string; size: number }; layers?: Array<{ digest: string; size: number }> };
  const children = json.manifests !== undefined
    ? await Promise.all(json.manifests.map(async (d) => {
      const m = await client.getManifest(repo, d.digest);
      if (m.digest !== d.digest) throw new Error(`child manifest ${d.digest} has digest ${m.digest}`);
      return JSON.parse(m.bytes.toString()) as typeof json;
    }))
    : [json];
  const blobs = new Map<string, number>();
  for (const c of children) for (const d of [c.config!, ...(c.layers ?? [])]) blobs.set(d.digest, d.size);
  let blobBytes = 0;
  for (const [digest, size] of blobs) {
    const data = await client.getBlob(repo, digest);
    if (sha256(data) !== digest || data.length !== size) throw new Error(`blob ${digest} came back with digest ${sha256(data)} and size ${data.length}`);
    blobBytes += data.length;
  }
  return { digest: top.digest, mediaType: top.mediaType, manifests: children.length, blobs: blobs.size, blobBytes };
}

