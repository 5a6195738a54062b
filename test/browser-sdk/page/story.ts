/**
 * Runs in the browser page, not in Node: Caravan's story through the SDK's
 * published build against the server that served the page. Returns plain
 * data (it crosses from the page to the test as JSON) for the test to check.
 * Bundled by support/bundle.ts; `@caravan/sdk` stays an import of the SDK
 * bundle served beside it.
 */
import {
  createCaravanClient,
  isCaravanApiError,
  isForbiddenError,
  isUnauthorizedError,
  isValidationError,
  isVersionExistsError,
  ValidationError,
  type App,
  type OperationEvent,
} from '@caravan/sdk';

const TEMPLATE = 'browser-shop';

const app: App = {
  components: [
    { name: 'web', image: 'registry.example.com/shop/web:1.4.2', ports: [{ port: 8080, protocol: 'http', expose: 'external', alias: 'WEB' }], dependsOn: ['api'] },
    { name: 'api', image: 'registry.example.com/shop/api:2.1.0', ports: [{ port: 9000, protocol: 'http', alias: 'API' }] },
  ],
};

// Wrong in two places: a dependency that does not exist, and a port declared twice.
const badApp: App = {
  components: [
    { name: 'web', image: 'registry.example.com/shop/web:1.4.2', dependsOn: ['cache'] },
    { name: 'api', image: 'registry.example.com/shop/api:2.1.0', ports: [{ port: 9000, alias: 'API' }, { port: 9000, alias: 'API2' }] },
  ],
};

const brief = (e: OperationEvent) => ({ type: e.type, state: (e.data as { state?: string } | undefined)?.state ?? null });

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/** The story against the server at `baseUrl`: this page's own origin, or another that names this one for CORS. */
export async function runStory(token: string, baseUrl: string = location.origin) {
  const client = createCaravanClient({ baseUrl, token });

  const me = await client.whoami();
  const template = await client.templates.create({ name: TEMPLATE, description: 'made in a browser' });
  const draft = await client.templates.versions.create(TEMPLATE, { version: '1.0', description: 'first cut', app });

  const invalid = await thrown(() => client.templates.versions.create(TEMPLATE, { version: '1.1', app: badApp }));
  const invalidSummary = {
    isValidationError: isValidationError(invalid),
    isVersionExistsError: isVersionExistsError(invalid),
    instanceOfValidationError: invalid instanceof ValidationError,
    name: isCaravanApiError(invalid) ? invalid.name : String(invalid),
    status: isCaravanApiError(invalid) ? invalid.status : null,
    type: isCaravanApiError(invalid) ? invalid.type : null,
    pointers: isValidationError(invalid) ? invalid.errors.map((e) => e.pointer).sort() : [],
  };

  // Three drafts, listed one per page: the iterator follows the cursors.
  await client.templates.versions.create(TEMPLATE, { version: '1.1', app });
  await client.templates.versions.create(TEMPLATE, { version: '1.2', app });
  const listed: string[] = [];
  for await (const v of client.templates.versions.list(TEMPLATE, { limit: 1 })) listed.push(`${v.version}:${v.state}`);
  const templates: string[] = [];
  for await (const t of client.templates.list({ limit: 1 })) templates.push(t.name);

  const op = await client.templates.versions.publish(TEMPLATE, '1.0');
  const [streamed, done] = await Promise.all([
    (async () => {
      const events: OperationEvent[] = [];
      for await (const e of client.operations.events(op)) events.push(e);
      return events;
    })(),
    client.operations.wait(op, { timeoutMs: 60_000 }),
  ]);
  // Resuming after the first event replays exactly the rest.
  const resumed: string[] = [];
  for await (const e of client.operations.events(op, { lastEventId: streamed[0]?.id })) resumed.push(e.id);
  const version = await client.templates.versions.get(TEMPLATE, '1.0');

  const audit: string[] = [];
  for await (const entry of client.audit.list({ subject: `templates/${TEMPLATE}`, limit: 2 })) audit.push(entry.action);

  const stranger = await thrown(() => createCaravanClient({ baseUrl, token: 'not-a-token' }).whoami());
  const viewer = await client.tokens.create({ name: 'viewer', roles: ['viewer'] });
  const denied = await thrown(() => createCaravanClient({ baseUrl, token: viewer.secret }).templates.create({ name: 'nope' }));

  return {
    // Proof of where this ran: a browser realm, with no Node globals.
    realm: { processType: typeof (globalThis as { process?: unknown }).process, hasDocument: typeof document === 'object', userAgent: navigator.userAgent },
    whoami: { name: me.name, roles: me.roles },
    template: { name: template.name, description: template.description ?? null },
    draft: { version: draft.version, state: draft.state, components: draft.app.components.map((c) => c.name), hasEtag: typeof draft.etag === 'string' && draft.etag.length > 0 },
    invalid: invalidSummary,
    listed,
    templates,
    publish: {
      operationKind: op.kind,
      streamed: streamed.map(brief),
      streamedIdsDistinct: new Set(streamed.map((e) => e.id)).size === streamed.length,
      resumedIsTheRest: JSON.stringify(resumed) === JSON.stringify(streamed.slice(1).map((e) => e.id)),
      waited: { id: done.id === op.id, state: done.state, errorType: done.error?.type ?? null },
      version: { state: version.state, failureMentionsRegistry: /registry/i.test(version.failure?.reason ?? '') },
    },
    audit,
    errors: {
      unauthorized: isUnauthorizedError(stranger),
      forbidden: isForbiddenError(denied),
      forbiddenIsNotValidation: !isValidationError(denied),
    },
  };
}

export type StorySummary = Awaited<ReturnType<typeof runStory>>;
