/** Method signatures are typed from the contract. */
import { describe, expectTypeOf, it } from 'vitest';
import { createCaravanClient, type CaravanClient, type Operation, type PagePromise, type Template, type Version, type VersionCreate } from '../src/index.js';

declare const client: CaravanClient;

describe('SDK types', () => {
  it('publish takes a template and a version and returns an Operation', () => {
    expectTypeOf(client.templates.versions.publish).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(client.templates.versions.publish('shop', '1.0')).resolves.toEqualTypeOf<Operation>();
  });

  it('creating a version takes the contract body and returns a Version', () => {
    expectTypeOf(client.templates.versions.create).parameter(1).toEqualTypeOf<VersionCreate>();
    expectTypeOf(client.templates.versions.create('shop', { version: '1.0', app: 'components: []' })).resolves.toEqualTypeOf<Version>();
    // @ts-expect-error a version needs an app
    void client.templates.versions.create('shop', { version: '1.0' });
  });

  it('lists are page promises of the resource', () => {
    expectTypeOf(client.templates.list()).toEqualTypeOf<PagePromise<Template>>();
    // @ts-expect-error state is one of the contract's version states
    void client.templates.versions.list('shop', { state: 'shipped' });
  });

  it("accepts an in-process server's fetch (Hono's app.fetch signature) as the transport", () => {
    const appFetch = (_request: Request, _env?: unknown, _ctx?: unknown): Response | Promise<Response> => new Response('{}');
    expectTypeOf(createCaravanClient({ baseUrl: 'http://in-process', fetch: appFetch })).toEqualTypeOf<CaravanClient>();
  });
});
