/**
 * One portal-like scenario, written once against the SDK's public client type
 * and run against both the fake and the real app, recorded as a transcript of
 * what each call answered (values, typed errors, headers, progress). A
 * transcript is normalised where two honest servers differ anyway: ids, times,
 * cursors, digests and secrets; everything else must match.
 */
import { isCaravanApiError, isStepEvent, isValidationError, type CaravanClient, type OperationEvent, type OperationStep } from '@caravan/sdk';

export type Transcript = { step: string; answer: unknown }[];

const app = {
  components: [
    { name: 'web', image: 'example.com/shop/web:1', replicas: 2, ports: [{ port: 8080, protocol: 'http' as const }], dependsOn: ['api'] },
    { name: 'api', image: 'example.com/shop/api:1', ports: [{ port: 9000, alias: 'API' }], env: [{ name: 'DB_PASSWORD', fromParameter: 'dbPassword' }] },
  ],
  parameters: [{ name: 'dbPassword', secret: true, required: true }],
};

/** What a refusal looks like to a caller: the error class and the problem document (field errors by pointer). */
function refusal(e: unknown): unknown {
  if (!isCaravanApiError(e)) throw e;
  if (isValidationError(e)) {
    // Body checks of the HTTP face word their messages as its validator does; where the error is is what a caller keys on.
    const { type, title, status, instance } = e.problem;
    return { error: e.name, status: e.status, problem: { type, title, status, instance, pointers: e.errors.map((x) => x.pointer) } };
  }
  return { error: e.name, status: e.status, problem: e.problem };
}

/** The progress a wait reported: the state events in order, and each step's states in order. */
function progressOf(events: OperationEvent[], steps: OperationStep[]): unknown {
  const byStep: Record<string, string[]> = {};
  for (const s of steps) (byStep[s.name] ??= []).push(`${s.state}${s.message === undefined ? '' : `: ${s.message}`}`);
  const ids = events.map((e) => Number(e.id));
  return {
    states: events.filter((e) => e.type === 'state').map((e) => e.data.state),
    steps: byStep,
    // Real event ids, in order: a stream resumed from any of them misses nothing.
    idsAscend: ids.every((id, i) => Number.isInteger(id) && (i === 0 || id >= ids[i - 1]!)),
  };
}

export async function runScenario(client: CaravanClient, as: (secret: string) => CaravanClient): Promise<Transcript> {
  const out: Transcript = [];
  const record = async (step: string, call: () => PromiseLike<unknown>) => {
    try {
      out.push({ step, answer: await call() });
    } catch (e) {
      out.push({ step, answer: refusal(e) });
    }
  };
  const wait = async (step: string, op: { id: string }) => {
    const done = await client.operations.wait(op, { timeoutMs: 30_000 });
    // The whole story from the event stream (a wait may begin after the end, and then reports nothing).
    const events: OperationEvent[] = [];
    for await (const e of client.operations.events(op)) events.push(e);
    out.push({ step, answer: { operation: done, progress: progressOf(events, events.filter(isStepEvent).map((e) => e.data)) } });
  };

  await record('whoami', () => client.whoami());
  await record('create a template, with its answer', async () => {
    const { data, response } = await client.templates.create({ name: 'shop', description: 'the web shop', labels: { team: 'web' } }).withResponse();
    return { data, status: response.status, location: response.headers.get('location'), etag: response.headers.get('etag') };
  });
  await record('a taken template name', () => client.templates.create({ name: 'shop' }));
  await record('a name that is no DNS label', () => client.templates.create({ name: 'Shop_1' }));
  await record('a template that does not exist', () => client.templates.get('nowhere'));
  await record('a draft', async () => {
    const { data, response } = await client.templates.versions.create('shop', { version: '1.0', app }).withResponse();
    return { data, status: response.status, location: response.headers.get('location'), etag: response.headers.get('etag') };
  });
  await record('a draft that depends on nothing there', () =>
    client.templates.versions.create('shop', { version: '1.1', app: { components: [{ name: 'web', image: 'example.com/web:1', dependsOn: ['nowhere'] }] } }),
  );
  await record('a second draft', () => client.templates.versions.create('shop', { version: '1.1', app: { ...app, components: [...app.components, { name: 'worker', image: 'example.com/shop/worker:1' }] } }));
  await record('a version number used before, written otherwise', () => client.templates.versions.create('shop', { version: '1.0.0', app }));
  const draft = await client.templates.versions.get('shop', '1.0');
  await record('an edit with the current ETag', () => client.templates.versions.update('shop', '1.0', { description: 'first cut' }, { ifMatch: draft.etag }));
  await record('an edit with a stale ETag', () => client.templates.versions.update('shop', '1.0', { description: 'lost update' }, { ifMatch: draft.etag }));
  await record('versions a page at a time', async () => {
    const pages = [];
    for await (const page of client.templates.versions.list('shop', { limit: 1 }).pages()) pages.push(page);
    return pages;
  });
  await record('every draft, iterated', () => client.templates.versions.list('shop', { state: 'draft' }).toArray());
  await record('a diff', () => client.templates.versions.diff('shop', '1.1', '1.0'));
  await record('releasing a draft', () => client.templates.versions.release('shop', '1.0'));

  // Publishing without a delivery registry fails, honestly, and the version with it.
  await wait('a publish without a registry', await client.templates.versions.publish('shop', '1.0', { reason: 'first try' }));
  await record('the version it failed', () => client.templates.versions.get('shop', '1.0'));
  await record('the registry, not set', () => client.registry.get());
  await record('setting the registry', () => client.registry.put({ url: 'https://registry.example.com', prefix: 'caravan', username: 'robot', password: 'pw' }));
  await record('retrying, with its answer', async () => {
    const { data, response } = await client.templates.versions.retry('shop', '1.0', { reason: 'registry set' }).withResponse();
    await wait('the retry', data);
    return { status: response.status, location: response.headers.get('location') === `/v1/operations/${data.id}` };
  });
  await record('the version it published', () => client.templates.versions.get('shop', '1.0'));
  await record('editing a published version', () => client.templates.versions.update('shop', '1.0', { description: 'too late' }));
  await record('release', () => client.templates.versions.release('shop', '1.0', { reason: 'tested' }));
  await record('deprecate', () => client.templates.versions.deprecate('shop', '1.0'));
  await record('restore', () => client.templates.versions.restore('shop', '1.0'));
  await record('restoring a released version', () => client.templates.versions.restore('shop', '1.0'));
  await record('publish operations, newest first, a page at a time', async () => {
    const ids = [];
    for await (const op of client.operations.list({ kind: 'publish', limit: 1 })) ids.push(op.id);
    return ids;
  });
  await record('cancelling a finished operation', async () => {
    const [last] = (await client.operations.list({ kind: 'publish', limit: 1 })).items;
    return client.operations.cancel(last!);
  });
  await record('an operation that does not exist', () => client.operations.get('op_00000000000000000000000000'));
  await record('the trail of the template', () => client.audit.list({ subject: 'templates/shop' }).toArray());

  // Tokens and what a viewer may not do.
  const viewer = await client.tokens.create({ name: 'portal', roles: ['viewer'] });
  await record('a new token', () => Promise.resolve(viewer));
  await record('the viewer, as itself', () => as(viewer.secret).whoami());
  await record('a viewer creating a template', () => as(viewer.secret).templates.create({ name: 'nope' }));
  await record('a viewer releasing', () => as(viewer.secret).templates.versions.release('shop', '1.1'));
  await record('a viewer reading', () => as(viewer.secret).templates.list());
  await record('tokens', () => client.tokens.list().toArray());
  await record('revoking it', () => client.tokens.delete(viewer.id));
  await record('the revoked token', () => as(viewer.secret).whoami());
  await record('deleting a template with a published version', () => client.templates.delete('shop'));
  await client.templates.create({ name: 'scratch' });
  await record('deleting a template of drafts only, with its answer', async () => {
    const { data, response } = await client.templates.delete('scratch').withResponse();
    return { data, status: response.status };
  });
  await record('templates left', () => client.templates.list());
  return out;
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Replaces what differs between any two servers (ids, times, cursors, digests, secrets) with stable placeholders. */
export function normalise(value: unknown): unknown {
  const names = new Map<string, string>();
  const name = (kind: string, raw: string) => {
    if (!names.has(raw)) names.set(raw, `<${kind}${[...names.keys()].filter((k) => k.startsWith(kind)).length + 1}>`);
    return names.get(raw)!;
  };
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (TIME.test(v)) return '<time>';
      if (key === 'nextCursor') return '<cursor>';
      if (key === 'secret') return '<secret>';
      if (key === 'id' && /^[0-9]+$/.test(v)) return '<seq>';
      return v
        .replace(/\bop_[0-9A-Z]{26}\b/g, (m) => name('op', m))
        .replace(/\btok_[0-9A-Z]{26}\b/g, (m) => name('tok', m))
        .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>');
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value);
}
