/** `check(registry)`: proves push and pull rights, or says in plain words why not. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciRegistrySync, type OciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import { freePort } from '../harness/src/free-port.js';
import { startRegistries, type Registries } from '../harness/src/registry.js';
import { deliveryOf } from './helpers.js';
import { startProxy } from './proxy.js';

let regs: Registries;
let sync: OciRegistrySync;
beforeAll(async () => {
  regs = await startRegistries();
  sync = createOciRegistrySync({ retry: { attempts: 2, baseDelayMs: 20 } });
});
afterAll(async () => {
  sync?.close();
  await regs?.stop();
});

describe('checking the delivery registry', () => {
  it.each(['delivery', 'token', 'source'] as const)('confirms push and pull on the %s registry', async (which) => {
    await expect(sync.check(deliveryOf(regs[which]))).resolves.toEqual({ ok: true, push: true, pull: true });
  });

  it('says the credentials were refused, without repeating the password', async () => {
    for (const reg of [regs.delivery, regs.token]) {
      const r = await sync.check({ ...deliveryOf(reg), credentials: { username: reg.username!, password: 'wrong-secret-42' } });
      expect(r).toMatchObject({ ok: false, push: false, pull: false });
      expect(r.reason).toMatch(/refused/);
      expect(r.reason).not.toContain('wrong-secret-42');
    }
  });

  it('says credentials are needed when none are set', async () => {
    const r = await sync.check({ url: regs.delivery.url, prefix: 'caravan', allowInsecureHttp: true });
    expect(r).toMatchObject({ ok: false, push: false });
    expect(r.reason).toMatch(/needs credentials/);
  });

  it('tells pull-only rights from push rights', async () => {
    const r = await sync.check({ ...deliveryOf(regs.token), credentials: { username: 'reader', password: 'reader-pw' } });
    expect(r).toMatchObject({ ok: false, push: false, pull: true });
    expect(r.reason).toMatch(/pushing to caravan\/caravan-check/);
  });

  it('says the registry cannot be reached when nothing listens there', async () => {
    const port = await freePort();
    const r = await sync.check({ url: `http://127.0.0.1:${port}`, prefix: 'caravan', allowInsecureHttp: true });
    expect(r).toMatchObject({ ok: false, push: false, pull: false });
    expect(r.reason).toMatch(/cannot be reached.*connection refused/);
  });

  it('says TLS failed when the registry does not speak https', async () => {
    const r = await sync.check({ url: regs.source.url.replace('http:', 'https:'), prefix: 'caravan' });
    expect(r).toMatchObject({ ok: false, push: false, pull: false });
    expect(r.reason).toMatch(/TLS/);
  });

  it('refuses plain http unless allowed', async () => {
    const r = await sync.check({ ...deliveryOf(regs.delivery), allowInsecureHttp: false });
    expect(r).toMatchObject({ ok: false });
    expect(r.reason).toMatch(/allowInsecureHttp/);
  });

  it('says the registry opened an upload without saying where, instead of writing somewhere else', async () => {
    // A proxy that drops the Location of a new upload session, as a broken gateway might.
    const proxy = await startProxy(regs.delivery.url, {
      rewrite: (req, status, headers) => {
        if (req.method !== 'POST' || status !== 202) return headers;
        const { location: _dropped, ...rest } = headers;
        return rest;
      },
    });
    try {
      const r = await sync.check({ ...deliveryOf(regs.delivery), url: proxy.url });
      expect(r).toMatchObject({ ok: false, push: false });
      expect(r.reason).toMatch(/opened an upload without a Location/);
    } finally {
      await proxy.close();
    }
  });
});
