/** Method signatures are typed from the contract; the client's type is interfaces a fake or a mock can implement. */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createCaravanClient,
  PagePromise,
  type ApiPromise,
  type ApiResponse,
  type CaravanClient,
  type TokensResource,
  type Token,
  type TokenCreated,
  type Whoami,
  type Cluster,
  type InstallPreview,
  type InstallRecord,
  type InstallStatus,
  type Operation,
  type OperationStep,
  type Template,
  type Version,
  type VersionCreate,
} from '../src/index.js';
import { createFakeCaravanClient } from '../src/testing/index.js';

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

describe('SDK types of the deployer', () => {
  it('installing, upgrading, uninstalling and rolling back return Operations; previews and status their own shapes', () => {
    expectTypeOf(client.environments.installs.create('production-qingdao', { name: 'shop', template: 'shop', version: '1.0' })).resolves.toEqualTypeOf<Operation>();
    expectTypeOf(client.environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1' })).resolves.toEqualTypeOf<Operation>();
    expectTypeOf(client.environments.installs.delete('production-qingdao', 'shop')).resolves.toEqualTypeOf<Operation>();
    expectTypeOf(client.environments.installs.records.rollback('production-qingdao', 'shop', 1)).resolves.toEqualTypeOf<Operation>();
    expectTypeOf(client.environments.installs.preview('production-qingdao', 'shop', {})).resolves.toEqualTypeOf<InstallPreview>();
    expectTypeOf(client.environments.installs.status('production-qingdao', 'shop')).resolves.toEqualTypeOf<InstallStatus>();
    expectTypeOf(client.environments.installs.records.list('production-qingdao', 'shop')).toEqualTypeOf<PagePromise<InstallRecord>>();
    expectTypeOf(client.clusters.probe('intranet')).resolves.toEqualTypeOf<Cluster>();
  });

  it('record numbers are numbers, and bodies are the contract’s', () => {
    expectTypeOf(client.environments.installs.records.get).parameter(2).toEqualTypeOf<number>();
    // @ts-expect-error a record is numbered, not named
    void client.environments.installs.records.get('production-qingdao', 'shop', 'one');
    // @ts-expect-error tier is development, test or production
    void client.environments.create({ name: 'x', cluster: 'c', namespace: 'n', tier: 'staging' });
    // @ts-expect-error an install body needs the template and the version
    void client.environments.installs.create('production-qingdao', { name: 'shop' });
    // @ts-expect-error timeoutSeconds is a number of seconds
    void client.environments.installs.upgrade('production-qingdao', 'shop', { timeoutSeconds: '5m' });
  });

  it('a step from onStep carries the rollout fields', () => {
    void client.operations.wait('op_1', {
      onStep: (step) => {
        expectTypeOf(step).toEqualTypeOf<OperationStep>();
        expectTypeOf(step.ready).toEqualTypeOf<number | undefined>();
      },
    });
  });
});

describe('the client type is interfaces, so anything can stand in for it', () => {
  it('the fake of @caravan/sdk/testing is a CaravanClient', () => {
    expectTypeOf(createFakeCaravanClient()).toExtend<CaravanClient>();
  });

  it('a resource can be written by hand as an object literal (no private members to match)', () => {
    const answer = <T>(data: T): ApiPromise<T> => Object.assign(Promise.resolve(data), { withResponse: async () => ({ data, response: new Response() }) });
    const tokens: TokensResource = {
      list: () => new PagePromise<Token>(async () => ({ items: [] })),
      create: (body) => answer<TokenCreated>({ ...body, id: 'tok_1', createdAt: '', createdBy: { id: 'a', name: 'a' }, secret: 's' }),
      delete: () => answer(undefined),
    };
    const whoami: CaravanClient['whoami'] = () => answer<Whoami>({ id: 'tok_1', name: 'ci', roles: ['viewer'] });
    expectTypeOf(tokens.create({ name: 'x', roles: ['viewer'] })).resolves.toEqualTypeOf<TokenCreated>();
    expectTypeOf(whoami().withResponse()).resolves.toEqualTypeOf<ApiResponse<Whoami>>();
  });

  it('every call takes timeoutMs, retry and signal', () => {
    void client.templates.get('shop', { timeoutMs: 5_000, retry: { limit: 1 }, signal: AbortSignal.timeout(10_000) });
    void client.environments.installs.upgrade('prod', 'shop', { version: '1.1' }, { retry: false, ifMatch: '"3"' });
    // @ts-expect-error retry is a number, a policy or false
    void client.templates.get('shop', { retry: 'twice' });
  });
});
