/** The core's audit filter takes subjects as the contract names them, the same names HTTP callers use. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, developer, rejectionOf, shopApp, startCore, viewer, type CoreUnderTest } from './support/fixture.js';

let t: CoreUnderTest;
let tokenId: string;
beforeAll(async () => {
  t = await startCore();
  await t.core.templates.create(developer, { name: 'shop' });
  await t.core.versions.create(developer, 'shop', { version: '1.0', app: shopApp() });
  await t.core.versions.create(developer, 'shop', { version: '1.1', app: shopApp('1.1.0') });
  await t.core.templates.create(developer, { name: 'blog' });
  tokenId = (await t.core.tokens.create(admin, { name: 'ci', roles: ['developer'] })).id;
  await t.core.registry.put(admin, { url: 'https://delivery.example.com', prefix: 'caravan', username: 'robot', password: 'pw' });
  await t.core.registry.sources.put(admin, 'src.example.com', { username: 'puller', password: 'pull' });
});
afterAll(async () => {
  await t.close();
});

async function actions(subject: string): Promise<string[]> {
  return (await t.core.audit.list(viewer, { subject })).items.map((a) => `${a.action} ${a.subject.name}`).reverse();
}

describe('the audit trail of one subject, named as in the contract', () => {
  it('a template covers the template and its versions; a version only itself', async () => {
    expect(await actions('templates/shop')).toEqual(['template.create shop', 'version.create shop@1.0', 'version.create shop@1.1']);
    expect(await actions('templates/shop/versions/1.1')).toEqual(['version.create shop@1.1']);
    expect(await actions('templates/blog')).toEqual(['template.create blog']);
  });

  it('tokens, the registry and source registries by their resource paths', async () => {
    expect(await actions(`tokens/${tokenId}`)).toEqual([`token.create ${tokenId}`]);
    expect((await actions('registry')).map((a) => a.split(' ')[0])).toEqual(['registry.put', 'registry.source.put']);
    expect(await actions('registry/sources/src.example.com')).toEqual(['registry.source.put src.example.com']);
    expect(await actions('templates/nothing')).toEqual([]);
  });

  it('names the core used to take, or anything that is not a resource path, are refused with where the problem is', async () => {
    for (const subject of ['shop', 'shop@1.0', 'templates/', 'templates/shop/versions', 'clusters/east/nodes', 'environments/prod/records', 'registry/sources/a/b']) {
      const e = await rejectionOf(t.core.audit.list(viewer, { subject }));
      expect(e.kind, subject).toBe('invalid-input');
      expect(e.errors, subject).toEqual([expect.objectContaining({ pointer: '/query/subject' })]);
    }
  });
});
