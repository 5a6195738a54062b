/**
 * The source allow-list of the registry settings, with Caravan's OCI client
 * against real registries (the harness's docker-registry processes): a source
 * image whose registry, token service or redirect target no pattern allows
 * fails that image before anything reaches the refused host, and the
 * version's failed image names the host, where it was met and the rule. With
 * the host allowed, the same publish goes through.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImage } from '../../../../test/harness/src/images.js';
import { pushImage } from '../../../../test/harness/src/registry-http.js';
import { startRegistry, type Reg } from '../../../../test/harness/src/registry.js';
import { startProxy, type Proxy } from '../../../../test/registry-sync/proxy.js';
import { createOciRegistrySync, type OciRegistrySync } from '../../src/core/index.js';
import { allowingPattern, sourcePatternError } from '../../src/core/registry/source-allow-list.js';
import { admin, developer, rejectionOf, startCore, viewer, type CoreUnderTest } from './support/fixture.js';

/** An HTTP server that only counts what reaches it: a host that must never be contacted. */
async function tripwire(): Promise<{ host: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { host: `127.0.0.1:${port}`, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the source allow-list', () => {
  let source: Reg;
  let tokenSource: Reg;
  let elsewhere: Reg;
  let delivery: Reg;
  let front: Proxy;
  let wire: Awaited<ReturnType<typeof tripwire>>;
  let sync: OciRegistrySync;
  let t: CoreUnderTest;

  beforeAll(async () => {
    [source, tokenSource, elsewhere, delivery] = await Promise.all([
      startRegistry({ auth: 'none', name: 'allow-source' }),
      startRegistry({ auth: 'token', name: 'allow-token-source' }),
      startRegistry({ auth: 'none', name: 'allow-elsewhere' }),
      startRegistry({ auth: 'basic', name: 'allow-delivery' }),
    ]);
    const web = makeImage({ seed: 'allow-list/web', layers: 1, layerSize: 20_000 });
    await pushImage(source, 'shop/web', '1.0', web);
    await pushImage(tokenSource, 'shop/api', '1.0', makeImage({ seed: 'allow-list/api', layers: 1, layerSize: 20_000 }));
    await pushImage(elsewhere, 'shop/web', '1.0', web);
    // An allowed-looking registry that sends every manifest read to another registry.
    front = await startProxy(source.url, {
      intercept: (req, res) => {
        if (req.method !== 'GET' || !(req.url ?? '').startsWith('/v2/shop/web/manifests/')) return false;
        res.writeHead(307, { location: `${elsewhere.url}${req.url}` }).end();
        return true;
      },
    });
    wire = await tripwire();
    sync = createOciRegistrySync({ retry: { attempts: 1 } });
    t = await startCore({ registrySync: sync, publish: { copyAttempts: 1 } });
    await t.core.registry.sources.put(admin, tokenSource.host, { username: tokenSource.username!, password: tokenSource.password! });
    await t.core.templates.create(developer, { name: 'shop' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    sync?.close();
    await front?.close();
    await wire?.close();
    await Promise.all([source, tokenSource, elsewhere, delivery].map((r) => r?.destroy()));
  });

  const settings = (sourceAllowList: string[]) =>
    t.core.registry.put(admin, { url: delivery.url, prefix: 'caravan', username: delivery.username!, password: delivery.password!, allowInsecureHttp: true, sourceAllowList });

  const app = () => ({
    components: [
      { name: 'web', image: `${source.host}/shop/web:1.0`, ports: [{ port: 80 }] },
      { name: 'api', image: `${tokenSource.host}/shop/api:1.0`, ports: [{ port: 80 }] },
      { name: 'mirror', image: `${front.host}/shop/web:1.0`, ports: [{ port: 80 }] },
      { name: 'stray', image: `${wire.host}/shop/stray:1.0`, ports: [{ port: 80 }] },
    ],
  });

  it('refuses the image registry, the token realm and the redirect target it does not allow, naming each and the rule, and contacts none of them', async () => {
    const realmHost = new URL(tokenSource.tokenServer!.realm).host;
    const list = [source.host, tokenSource.host, front.host];
    const set = await settings(list);
    expect(set.sourceAllowList).toEqual(list);
    const tokenRequests = tokenSource.tokenServer!.requests.length;

    await t.core.versions.create(developer, 'shop', { version: '1.0', app: app() });
    const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.0')).id);
    expect(op.state).toBe('failed');
    const v = await t.core.versions.get(viewer, 'shop', '1.0');
    expect(v.state).toBe('failed');
    const rule = `sourceAllowList: ${list.join(', ')}`;
    expect(v.failure!.images).toEqual([
      { component: 'api', image: `${tokenSource.host}/shop/api:1.0`, reason: expect.stringContaining(`token service (realm) named by the source registry, ${realmHost} is refused`), refused: { host: realmHost, via: 'token-realm', rule } },
      { component: 'mirror', image: `${front.host}/shop/web:1.0`, reason: expect.stringContaining(`redirect of the source registry to ${elsewhere.host} is refused`), refused: { host: elsewhere.host, via: 'redirect', rule } },
      { component: 'stray', image: `${wire.host}/shop/stray:1.0`, reason: expect.stringContaining(`source registry ${wire.host} is refused`), refused: { host: wire.host, via: 'image', rule } },
    ]);
    // The allowed image went through; the refused hosts got nothing: no request, no credentials.
    expect(v.images.filter((i) => i.reference !== undefined).map((i) => i.component)).toEqual(['web']);
    expect(wire.hits()).toBe(0);
    expect(tokenSource.tokenServer!.requests.length).toBe(tokenRequests);
    // The wire form of the refusal is what the contract describes (the HTTP tests validate responses against it).
    expect(JSON.stringify(v.failure)).not.toContain(tokenSource.password!);
  });

  it('with the hosts allowed (one by a pattern without a port), the same images copy', async () => {
    const realmHost = new URL(tokenSource.tokenServer!.realm).host;
    await settings([source.host, tokenSource.host, front.host, realmHost, elsewhere.host, 'localhost']);
    const local = { name: 'local', image: `localhost:${new URL(source.url).port}/shop/web:1.0`, ports: [{ port: 80 }] };
    const only = { components: [...app().components.filter((c) => c.name !== 'stray'), local] };
    await t.core.versions.create(developer, 'shop', { version: '1.1', app: only });
    const op = await t.core.operations.wait(viewer, (await t.core.versions.publish(developer, 'shop', '1.1')).id);
    expect(op.error).toBeNull();
    expect((await t.core.versions.get(viewer, 'shop', '1.1')).state).toBe('published');
    // An empty list allows any host again.
    expect((await settings([])).sourceAllowList).toEqual([]);
  });

  it('refuses patterns that are not host patterns, naming each, and changes nothing', async () => {
    const before = await t.core.registry.get(admin);
    const e = await rejectionOf(settings(['*.example.com', 'Upper.example.com', 'http://x.example.com', 'a.*.example.com', 'r.internal:99999', '']));
    expect(e.kind).toBe('invalid-input');
    expect((e.errors as { pointer: string }[]).map((x) => x.pointer)).toEqual(['/sourceAllowList/1', '/sourceAllowList/2', '/sourceAllowList/3', '/sourceAllowList/4', '/sourceAllowList/5']);
    expect(await t.core.registry.get(admin)).toEqual(before);
  });
});

describe('host patterns', () => {
  it('match a host exactly, on any port without one, on that port with one, and one or more labels with *.', () => {
    const list = ['*.example.com', 'registry.internal:5000', 'ghcr.io', '[::1]:5000'];
    expect(allowingPattern('r.example.com', list)).toBe('*.example.com');
    expect(allowingPattern('a.b.example.com:443', list)).toBe('*.example.com');
    expect(allowingPattern('R.Example.COM', list)).toBe('*.example.com');
    expect(allowingPattern('example.com', list)).toBeUndefined();
    expect(allowingPattern('evil-example.com', list)).toBeUndefined();
    expect(allowingPattern('example.com.evil.net', list)).toBeUndefined();
    expect(allowingPattern('registry.internal:5000', list)).toBe('registry.internal:5000');
    expect(allowingPattern('registry.internal', list)).toBeUndefined();
    expect(allowingPattern('registry.internal:5001', list)).toBeUndefined();
    expect(allowingPattern('ghcr.io:8443', list)).toBe('ghcr.io');
    expect(allowingPattern('[::1]:5000', list)).toBe('[::1]:5000');
    expect(allowingPattern('[::1]:5001', list)).toBeUndefined();
    expect(allowingPattern('anything.at.all', [])).toBe('*');
    for (const ok of ['*.example.com', 'registry.internal:5000', '127.0.0.1:5000', '[::1]:5000', 'localhost']) expect(sourcePatternError(ok), ok).toBeUndefined();
    for (const bad of ['', '*', '*.', 'a.*.b', 'https://x', 'x/y', 'X.example.com', 'x:0', 'x:70000', ' x']) expect(sourcePatternError(bad), bad).toBeDefined();
  });
});
