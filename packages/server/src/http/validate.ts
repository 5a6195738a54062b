/**
 * Request validation against the contract's zod schemas. Failures answer the
 * contract's `invalid-input` problem with a JSON pointer per error, never the
 * validator's own 400 body, and always before a handler touches the core, so a
 * rejected request changes nothing.
 *
 * - Bodies: JSON only (`application/json`, and `application/merge-patch+json`
 *   where the contract allows it, else 415); malformed JSON is a 400.
 * - Queries: Hono hands over strings; numbers and booleans are coerced only
 *   where the schema wants them. Pointers are `/query/<name>`.
 * - Path parameters: a value the contract could never accept names nothing
 *   that exists, so it answers 404 (the contract lists no 400 on reads).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type * as zcore from 'zod/v4/core';
import type { FieldError } from '../core/index.js';
import type { AppEnv } from './env.js';
import { invalidInput, problem } from './problem.js';

/** RFC 6901: `~` and `/` inside a segment are escaped. */
export function jsonPointer(path: readonly PropertyKey[], prefix = ''): string {
  return prefix + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function zodErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return issuesToErrors(error.issues, [], prefix);
}

function issuesToErrors(issues: readonly zcore.$ZodIssue[], base: readonly PropertyKey[], prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const raw of issues) {
    const issue = { ...raw, path: [...base, ...raw.path] } as zcore.$ZodIssue;
    // `app` is an object or a YAML string: when the value is an object, the object branch's own errors are the useful ones.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const typed = issue.errors.filter((branch) => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === 0));
      if (typed.length === 1) {
        out.push(...issuesToErrors(typed[0]!, issue.path, prefix));
        continue;
      }
    }
    // Unknown keys are one issue naming several keys; report each where it is.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ pointer: jsonPointer([...issue.path, key], prefix), message: 'is not allowed here', code: 'unrecognized_key' });
      continue;
    }
    out.push({ pointer: jsonPointer(issue.path, prefix), message: issue.message, code: issue.code });
  }
  return out;
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return Number(length) > 0;
  return c.req.header('transfer-encoding') !== undefined || c.req.raw.body !== null;
}

export interface BodyOptions {
  /** The body may be left out (transition requests): it then validates as `{}`. */
  optional?: boolean;
  /** Also accept `application/merge-patch+json` (PATCH). */
  mergePatch?: boolean;
  /**
   * Validate against the contract but hand the handler the body as the caller
   * wrote it, without the defaults zod fills in. For apps: the core stores what
   * the user wrote, whether it came as an object or as YAML text.
   */
  asWritten?: boolean;
  /**
   * The judge of the body's `app` field: its field errors (pointers under
   * `/app`), structural and semantic together. When the body fails the
   * contract, zod's errors under `/app` give way to these, so one answer lists
   * every problem of the app (a bad name and a missing dependsOn target alike)
   * next to the body's other errors; when only zod's `app` errors stood in the
   * way and the judge finds none, the body goes on to the handler.
   */
  appErrors?: (app: unknown) => FieldError[];
}

const underApp = (e: FieldError) => e.pointer === '/app' || e.pointer.startsWith('/app/');

type JsonBody<S extends z.ZodType, Out> = MiddlewareHandler<AppEnv, string, { in: { json: z.input<S> }; out: { json: Out } }>;

export function jsonBody<S extends z.ZodType>(schema: S, options: BodyOptions & { asWritten: true }): JsonBody<S, z.input<S>>;
export function jsonBody<S extends z.ZodType>(schema: S, options?: BodyOptions & { asWritten?: false }): JsonBody<S, z.output<S>>;
export function jsonBody<S extends z.ZodType>(schema: S, options: BodyOptions = {}): JsonBody<S, z.input<S> | z.output<S>> {
  return async (c, next) => {
    let text = '';
    if (hasBody(c)) text = await c.req.text();
    let value: unknown = {};
    if (text.trim() === '') {
      if (!options.optional) return invalidInput(c, 'A JSON request body is required.', [{ pointer: '', message: 'a JSON body is required' }]);
    } else {
      const type = mediaType(c);
      const accepted = type === 'application/json' || (options.mergePatch && type === 'application/merge-patch+json');
      if (!accepted) {
        return problem(c, 'unsupported-media-type', `Send the body as application/json${options.mergePatch ? ' or application/merge-patch+json' : ''}, not "${type || 'no content type'}".`);
      }
      try {
        value = JSON.parse(text);
      } catch (e) {
        return invalidInput(c, 'The request body is not valid JSON.', [{ pointer: '', message: (e as Error).message, code: 'invalid_json' }]);
      }
    }
    const result = await schema.safeParseAsync(value);
    let data: unknown = result.data;
    if (!result.success) {
      let errors = zodErrors(result.error);
      const app = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { app?: unknown }).app : undefined;
      if (options.appErrors && app !== undefined) errors = [...errors.filter((e) => !underApp(e)), ...options.appErrors(app)];
      if (errors.length > 0) return invalidInput(c, 'The request body does not match the contract.', errors);
      data = value;
    }
    // The request schemas are strict and transform nothing but defaults, so the raw value is the valid body as written.
    c.req.addValidatedData('json', (options.asWritten ? value : data) as object);
    await next();
  };
}

/** Query strings come as text; give a schema the number or boolean it asks for. */
function coerceQuery(shape: Record<string, z.ZodType> | undefined, raw: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = shape?.[key];
    if (field && !field.safeParse(value).success) {
      if (/^-?\d+(\.\d+)?$/.test(value) && field.safeParse(Number(value)).success) { out[key] = Number(value); continue; }
      if ((value === 'true' || value === 'false') && field.safeParse(value === 'true').success) { out[key] = value === 'true'; continue; }
    }
    out[key] = value;
  }
  return out;
}

type ObjectSchema = z.ZodType & { shape?: Record<string, z.ZodType> };

export function query<S extends ObjectSchema>(schema: S): MiddlewareHandler<AppEnv, string, { in: { query: Record<string, string> }; out: { query: z.output<S> } }> {
  return async (c, next) => {
    const raw: Record<string, string> = {};
    // Only the first value of a repeated parameter counts; none of ours are lists.
    for (const [k, v] of Object.entries(c.req.queries())) if (v[0] !== undefined) raw[k] = v[0];
    const result = await schema.safeParseAsync(coerceQuery(schema.shape, raw));
    if (!result.success) return invalidInput(c, 'The query parameters do not match the contract.', zodErrors(result.error, '/query'));
    c.req.addValidatedData('query', result.data as object);
    await next();
  };
}

export function params<S extends ObjectSchema>(schema: S): MiddlewareHandler<AppEnv, string, { out: { param: z.output<S> } }> {
  return async (c, next) => {
    const values = c.req.param() as Record<string, string>;
    // Path parameters come as text too (a record number); coerced like queries.
    const result = await schema.safeParseAsync(coerceQuery(schema.shape, values));
    if (!result.success) {
      const names = [...new Set(result.error.issues.map((i) => String(i.path[0])))];
      return problem(c, 'not-found', `No such resource: ${names.map((n) => `${n} "${values[n]}" is not a valid name`).join('; ')}.`);
    }
    c.req.addValidatedData('param', result.data as object);
    await next();
  };
}

/** A header parameter with the contract's length bounds. */
export function headerValue(c: Context, name: string, max: number): { value?: string; error?: FieldError } {
  const value = c.req.header(name);
  if (value === undefined) return {};
  if (value.length === 0 || value.length > max) return { error: { pointer: `/header/${name}`, message: `must be 1..${max} characters`, code: 'too_big' } };
  return { value };
}
