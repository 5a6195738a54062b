/**
 * problem+json (RFC 9457): the one place where kinds of error become HTTP
 * statuses and stable `type` URIs. Domain errors from the core, request
 * validation failures and the HTTP layer's own refusals all come through here.
 */
import type { Context } from 'hono';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES, type ProblemKind as ContractProblemKind } from '@caravan/contracts';
import { isCaravanError, type CaravanErrorKind, type FieldError } from '../core/index.js';

/**
 * Every kind the contract names (the core's domain kinds and the HTTP face's
 * own: idempotency-key-reused, payload-too-large, unsupported-media-type),
 * plus `internal` for failures on our side, which the contract leaves
 * undocumented on purpose.
 */
export type ProblemKind = ContractProblemKind | 'internal';

// A domain error kind the contract does not know would become a 500 in disguise; this makes it a compile error.
const everyDomainKindIsInTheContract: CaravanErrorKind extends ContractProblemKind ? true : never = true;
void everyDomainKindIsInTheContract;

const INTERNAL = { type: `${PROBLEM_TYPE_BASE}internal`, title: 'Internal error', status: 500 } as const;

function entry(kind: ProblemKind): { type: string; title: string; status: number } {
  return kind === 'internal' ? INTERNAL : PROBLEM_TYPES[kind];
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemBody(c: Context, kind: ProblemKind, detail?: string, extra?: Record<string, unknown>): ProblemBody {
  const { type, title, status } = entry(kind);
  const body: ProblemBody = {
    type,
    title,
    status,
    instance: new URL(c.req.url).pathname,
  };
  if (detail) body.detail = detail;
  return { ...body, ...extra };
}

/** A problem response. Hono `Context` is only needed for the request path (`instance`). */
export function problem(c: Context, kind: ProblemKind, detail?: string, extra?: Record<string, unknown>, headers?: Record<string, string>): Response {
  const body = problemBody(c, kind, detail, extra);
  const h = new Headers({ 'content-type': 'application/problem+json', ...headers });
  if (kind === 'unauthenticated') h.set('www-authenticate', 'Bearer realm="caravan"');
  return new Response(JSON.stringify(body), { status: body.status, headers: h });
}

export function invalidInput(c: Context, detail: string, errors: FieldError[]): Response {
  return problem(c, 'invalid-input', detail, { errors });
}

/** Details a domain error may carry that are safe to show (never causes, never stack traces). */
const SAFE_DETAIL_KEYS = new Set([
  'current', 'state', 'from', 'to', 'action', 'template', 'version', 'operation', 'allowed', 'required',
  // The deployer's members, as the contract's Problem names them.
  'rule', 'allowedStates', 'conflicts', 'kubernetesStatus', 'components', 'environment', 'install', 'record',
]);

/**
 * Maps any thrown value to a response: domain errors by kind, everything else
 * as a 500 that says nothing about internals (the log has the details).
 */
export function errorToProblem(c: Context, err: unknown): { response: Response; unexpected: boolean } {
  if (isCaravanError(err)) {
    const extra: Record<string, unknown> = {};
    if (err.kind === 'invalid-input') {
      const errors = (err.details?.errors as FieldError[] | undefined) ?? [];
      extra.errors = errors.map((e) => (e.code ? { pointer: e.pointer, message: e.message, code: e.code } : { pointer: e.pointer, message: e.message }));
    } else if (err.details) {
      for (const [k, v] of Object.entries(err.details)) {
        if (SAFE_DETAIL_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || Array.isArray(v) || (k === 'kubernetesStatus' && typeof v === 'object' && v !== null))) extra[k] = v;
      }
    }
    return { response: problem(c, err.kind, err.message, extra), unexpected: false };
  }
  return { response: problem(c, 'internal', 'Something went wrong on our side; the server log has the details.'), unexpected: true };
}
