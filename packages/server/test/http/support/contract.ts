/**
 * Test-only contract oracle: validates every response the app gives against
 * `openapi/caravan.yaml` itself with Ajv (JSON Schema 2020-12, formats), not
 * against the generated zod, so a generator gap cannot hide a drift.
 *
 * `checkedApp(app)` wraps the app's fetch: for each response it finds the
 * contract path the request falls under, picks the documented status (exact,
 * `4XX`, `default`) and media type, validates the body, and records every
 * violation; tests assert the list is empty after each test. It also records
 * which (operation, status) pairs were exercised. Being a plain fetch, it also
 * serves as the SDK's transport in the in-process test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const here = path.dirname(fileURLToPath(import.meta.url));
export const CONTRACT_FILE = path.resolve(here, '../../../../../openapi/caravan.yaml');

export interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, ResponseObject | { $ref: string }> }>>;
  components: { responses?: Record<string, ResponseObject> };
}
interface ResponseObject {
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, unknown>;
}

export const contractDoc: OpenApiDoc = YAML.parse(fs.readFileSync(CONTRACT_FILE, 'utf8')) as OpenApiDoc;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...(contractDoc as object), $id: 'openapi.json' });

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Hono pattern `/v1/templates/:template` to the contract's `/v1/templates/{template}`. */
export function toOasPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}');
}

export interface Violation {
  request: string;
  status: number;
  problem: string;
}

function resolveResponse(r: ResponseObject | { $ref: string }): { obj: ResponseObject; pointer: string | undefined } {
  if ('$ref' in r) {
    const name = r.$ref.split('/').pop()!;
    return { obj: contractDoc.components.responses![name]!, pointer: `#/components/responses/${escape(name)}` };
  }
  return { obj: r, pointer: undefined };
}

export function validateResponse(method: string, oasPath: string, status: number, contentType: string, body: unknown): string[] {
  const op = contractDoc.paths[oasPath]?.[method.toLowerCase()];
  if (!op) return [`${method} ${oasPath} is not in the contract`];
  const responses = op.responses ?? {};
  const code = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
  if (!code) return [`status ${status} is not documented for ${method} ${oasPath}`];
  const { obj, pointer } = resolveResponse(responses[code]!);
  const base = pointer ?? `#/paths/${escape(oasPath)}/${method.toLowerCase()}/responses/${code}`;
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  if (!obj.content) {
    return media && body !== '' && body !== null ? [`${method} ${oasPath} ${status} documents no body, got ${media}`] : [];
  }
  if (!(media in obj.content)) return [`${method} ${oasPath} ${status}: media type "${media}" is not documented (${Object.keys(obj.content).join(', ')})`];
  if (!obj.content[media]!.schema) return [];
  const validate = ajv.getSchema(`openapi.json${base}/content/${escape(media)}/schema`) ?? ajv.compile({ $ref: `openapi.json${base}/content/${escape(media)}/schema` });
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => `${method} ${oasPath} ${status}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

export interface CheckedApp {
  request: (input: string, init?: RequestInit) => Promise<Response>;
  fetch: (request: Request) => Promise<Response>;
  violations: Violation[];
  /** `METHOD /path status` pairs seen. */
  covered: Set<string>;
}

/** The contract path a concrete request path falls under (static segments win over templated ones). */
const matchers = Object.keys(contractDoc.paths)
  .map((p) => ({ path: p, re: new RegExp('^' + p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$'), params: (p.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);
export function contractPathOf(pathname: string): string | undefined {
  return matchers.find((m) => m.re.test(pathname))?.path;
}

type Fetchable = { fetch: (request: Request) => Response | Promise<Response> };

export function checkedApp(app: Fetchable): CheckedApp {
  const violations: Violation[] = [];
  const covered = new Set<string>();
  const fetch = async (req: Request): Promise<Response> => {
    const res = await app.fetch(req);
    const pathname = new URL(req.url).pathname;
    const request = `${req.method} ${pathname}`;
    const oasPath = contractPathOf(pathname);
    if (!oasPath) {
      if (res.status !== 404) violations.push({ request, status: res.status, problem: 'a path outside the contract answered something other than 404' });
      return res;
    }
    const ct = res.headers.get('content-type') ?? '';
    let body: unknown;
    if (ct.includes('text/event-stream')) body = ''; // streams are checked event by event in the SSE tests
    else {
      const text = await res.clone().text();
      if (ct.includes('json')) {
        try { body = JSON.parse(text); } catch { violations.push({ request, status: res.status, problem: `body is not JSON: ${text.slice(0, 200)}` }); return res; }
      } else body = text;
    }
    covered.add(`${req.method} ${oasPath} ${res.status}`);
    if (!contractDoc.paths[oasPath]?.[req.method.toLowerCase()]) {
      // HEAD is answered by the GET route, without a body.
      if (req.method === 'HEAD' && contractDoc.paths[oasPath]?.get) return res;
      // A method the path does not list: RFC 9110's 405 with Allow, as the contract's conventions promise.
      if (res.status !== 405 || !res.headers.get('allow')) violations.push({ request, status: res.status, problem: 'a method the contract does not list on this path answered other than 405 with Allow' });
      return res;
    }
    for (const problem of validateResponse(req.method, oasPath, res.status, ct, body)) violations.push({ request, status: res.status, problem });
    if (ct.includes('application/problem+json') && body && typeof body === 'object') {
      const b = body as { status?: number; instance?: string };
      if (b.status !== res.status) violations.push({ request, status: res.status, problem: `problem status ${b.status} differs from HTTP status` });
      if (b.instance !== pathname) violations.push({ request, status: res.status, problem: `problem instance ${b.instance} is not the request path` });
    }
    return res;
  };
  return {
    request: (input, init) => fetch(new Request(new URL(input, 'http://caravan.local'), init)),
    fetch,
    violations,
    covered,
  };
}

/** Validates one SSE `data:` payload against the event schema the contract names. */
export function validateEvent(event: unknown): string[] {
  const validate = ajv.getSchema('openapi.json#/components/schemas/OperationEvent')!;
  return validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
