/**
 * Story step 3 as issue 4 needs it: an administrator sets the delivery
 * registry through the SDK (in-process) against a real Basic-auth
 * docker-registry; the password goes in and never comes out; the check proves
 * push and pull, or says in words what is wrong; refusals change nothing.
 */
import { randomBytes } from 'node:crypto';
import { isForbiddenError, isValidationError, type RegistrySettings, type ValidationError } from '@caravan/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../harness/src/images.js';
import { HarnessRegistryClient } from '../harness/src/registry-http.js';
import { startRegistry, type Reg } from '../harness/src/registry.js';
import { startInProcess, type InProcessCaravan } from './support/in-process.js';
import { leaks, secretForms } from './support/recorder.js';

let delivery: Reg;
let t: InProcessCaravan;
const wrongPassword = `wrong-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  delivery = await startRegistry({ auth: 'basic', name: 'story-settings-delivery' });
  t = await startInProcess();
});
afterAll(async () => {
  await t?.close();
  await delivery?.destroy();
});
afterEach(() => {
  expect(t.checked.violations).toEqual([]);
});

async function rejection<T>(promise: Promise<unknown>, guard: (e: unknown) => e is T): Promise<T> {
  const e = await promise.then(() => undefined, (err: unknown) => err);
  expect(guard(e), `expected a typed error, got ${String(e)}`).toBe(true);
  return e as T;
}

const settingsInput = () => ({ url: delivery.url, prefix: 'caravan', username: delivery.username!, password: delivery.password!, allowInsecureHttp: true });

describe('the delivery registry setting', () => {
  let set: RegistrySettings;

  it('an administrator sets it, and neither the answer nor a later read contains the password', async () => {
    set = await t.client.registry.put(settingsInput());
    expect(set).toEqual({
      url: delivery.url, prefix: 'caravan', username: 'caravan', hasPassword: true, allowInsecureHttp: true, sourceAllowList: [],
      etag: expect.any(String), updatedAt: expect.any(String),
    });
    expect(JSON.stringify(set)).not.toContain(delivery.password!);
    const read = await t.client.registry.get();
    expect(read).toEqual(set);
    expect(JSON.stringify(read)).not.toContain(delivery.password!);
  });

  it('the check proves push and pull rights on the real registry', async () => {
    const check = await t.client.registry.check();
    expect(check).toEqual({ ok: true, push: true, pull: true, checkedAt: expect.any(String) });
    // The proof is really there: the check's blob in <prefix>/caravan-check, seen by an independent client.
    const blob = Buffer.from('caravan registry check: this blob proves push and pull rights\n');
    await expect(new HarnessRegistryClient(delivery).blobExists('caravan/caravan-check', sha256(blob))).resolves.toBe(true);
  });

  it('with a wrong password the check says the credentials were refused, and checking changes nothing', async () => {
    const wrong = await t.client.registry.put({ ...settingsInput(), password: wrongPassword });
    expect(wrong).toEqual({ ...set, etag: expect.any(String), updatedAt: expect.any(String) });
    expect(wrong.etag).not.toBe(set.etag);

    const check = await t.client.registry.check();
    expect(check).toMatchObject({ ok: false, push: false, pull: false });
    expect(check.reason).toMatch(/credentials/);
    expect(check.reason).not.toContain(wrongPassword);
    // A check is a read: the settings are exactly as written, same ETag.
    await expect(t.client.registry.get()).resolves.toEqual(wrong);

    set = await t.client.registry.put(settingsInput());
    await expect(t.client.registry.check()).resolves.toMatchObject({ ok: true, push: true, pull: true });
  });

  it('plain http without allowInsecureHttp is refused with a clear problem, and the settings stay as they were', async () => {
    const { allowInsecureHttp: _, ...withoutOptIn } = settingsInput();
    const e = await rejection<ValidationError>(t.client.registry.put(withoutOptIn), isValidationError);
    expect(e.status).toBe(400);
    expect(e.errors).toEqual([{ pointer: '/url', code: 'insecure-http', message: expect.stringContaining('allowInsecureHttp') }]);
    await expect(t.client.registry.get()).resolves.toEqual(set);
  });

  it('leaving the password out keeps the stored one', async () => {
    const { password: _, ...noPassword } = settingsInput();
    const kept = await t.client.registry.put(noPassword);
    expect(kept.hasPassword).toBe(true);
    await expect(t.client.registry.check()).resolves.toMatchObject({ ok: true, push: true, pull: true });
    set = kept;
  });

  it('a developer may neither read, change nor check it', async () => {
    const dev = await t.client.tokens.create({ name: 'dev', roles: ['developer'] });
    const asDev = t.clientFor(dev.secret);
    for (const call of [asDev.registry.get(), asDev.registry.put({ ...settingsInput(), password: wrongPassword }), asDev.registry.check()]) {
      const e = await rejection(call, isForbiddenError);
      expect(e.status).toBe(403);
    }
    await expect(t.client.registry.get()).resolves.toEqual(set);
  });

  it('no response body and no log line holds a password', () => {
    // The scan only means something if it saw the traffic.
    expect(t.recorder.responses.filter((r) => r.request.includes('/v1/registry')).length).toBeGreaterThanOrEqual(12);
    expect(t.recorder.logLines()).toContain('"path":"/v1/registry"');
    const texts = [
      ...t.recorder.responses.map((r) => ({ label: `${r.request} ${r.status}`, text: r.body })),
      { label: 'server log', text: t.recorder.logLines() },
    ];
    expect(leaks(texts, secretForms([{ username: delivery.username!, password: delivery.password! }, { username: delivery.username!, password: wrongPassword }]))).toEqual([]);
  });
});
