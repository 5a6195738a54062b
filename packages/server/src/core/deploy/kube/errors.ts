/**
 * What can go wrong talking to a cluster, as core errors. Each carries the
 * Kubernetes details (HTTP status, Status reason, causes, the server) as
 * properties, so the deployer can build problem documents and records from
 * them; `kind` picks the nearest core meaning for the HTTP face.
 *
 * - KubeApiError: the API server answered with an error Status.
 * - FieldConflictError: a server-side apply lost to other field managers.
 * - UidPreconditionError: a delete's uid precondition did not match (a
 *   namesake was recreated; it must be left alone).
 * - ClusterUnreachableError: no answer at all (refused, reset, timed out, TLS).
 */
import { CaravanError, type CaravanErrorKind } from '../../shared/errors.js';

/** One `details.causes[]` entry of a Kubernetes Status (`type` is serialised as `reason`). */
export interface KubeStatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

/** The `Status` object an API server returns with an error. */
export interface KubeStatus {
  readonly kind?: string;
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly name?: string; readonly group?: string; readonly kind?: string; readonly causes?: readonly KubeStatusCause[] };
}

export interface KubeRequestInfo {
  readonly server: string;
  readonly method: string;
  readonly path: string;
}

/**
 * The cluster's answer is not the caller's resource: a 404 or 409 from the API
 * server means something about Kubernetes objects, so every refusal is
 * `kubernetes-error` (502) with the API server's status kept in the details;
 * field conflicts, uid preconditions and unreachable servers have kinds of their own.
 */
function kindOf(_status: number): CaravanErrorKind {
  return 'kubernetes-error';
}

export class KubeApiError extends CaravanError {
  /** HTTP status code from the API server. */
  readonly status: number;
  /** Status `reason` (`NotFound`, `Conflict`, `Forbidden`, `Invalid`, `AlreadyExists`, ...), or `Unknown`. */
  readonly reason: string;
  readonly causes: readonly KubeStatusCause[];
  readonly server: string;
  readonly method: string;
  readonly path: string;
  /** The API server's own message, without Caravan's prefix. */
  readonly apiMessage: string;

  constructor(req: KubeRequestInfo, status: number, body: KubeStatus | undefined, rawText?: string, kind?: CaravanErrorKind) {
    const apiMessage = body?.message ?? (rawText ? rawText.slice(0, 300).trim() : `HTTP ${status}`);
    const reason = body?.reason || 'Unknown';
    const causes = body?.details?.causes ?? [];
    // `kubernetesStatus` as the contract's Problem names it (a bare `status` would clash with the problem's own).
    super(kind ?? kindOf(status), `${req.server}: ${req.method} ${req.path} failed (${status} ${reason}): ${apiMessage}`, {
      server: req.server, kubernetesStatus: { code: status, reason, message: apiMessage },
    });
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.causes = causes;
    this.server = req.server;
    this.method = req.method;
    this.path = req.path;
    this.apiMessage = apiMessage;
  }
}

/** One field another manager owns, from an apply 409. */
export interface FieldConflict {
  /** The other field manager, e.g. `kubectl-edit` or `helm`. */
  readonly manager: string;
  /** The field path as the server prints it, e.g. `.spec.replicas`. */
  readonly field: string;
  /** Set when the manager wrote through a subresource (`scale`, `status`). */
  readonly subresource?: string;
  readonly message: string;
}

/** A server-side apply refused because other managers own fields it sets. Retry with `force` to take them over. */
export class FieldConflictError extends KubeApiError {
  readonly conflicts: readonly FieldConflict[];
  constructor(req: KubeRequestInfo, body: KubeStatus, conflicts: readonly FieldConflict[]) {
    super(req, 409, body, undefined, 'field-conflict');
    this.name = 'FieldConflictError';
    this.conflicts = conflicts;
    (this.details as Record<string, unknown>).conflicts = conflicts.map((c) => ({ manager: c.manager, field: c.field }));
  }
}

/** A delete refused because the object under that name is not the one recorded (its uid differs). */
export class UidPreconditionError extends KubeApiError {
  readonly expectedUid: string;
  /** The uid of the object now under that name, when the server said. */
  readonly actualUid: string | undefined;
  constructor(req: KubeRequestInfo, body: KubeStatus, expectedUid: string, actualUid: string | undefined) {
    super(req, 409, body, undefined, 'precondition-failed');
    this.name = 'UidPreconditionError';
    this.expectedUid = expectedUid;
    this.actualUid = actualUid;
    Object.assign(this.details as Record<string, unknown>, { expectedUid, actualUid });
  }
}

/** What kind of failure: connection refused, reset, no answer in time, name not found, TLS, other network error. */
export type UnreachableFailure = 'refused' | 'reset' | 'timeout' | 'dns' | 'tls' | 'network';

/** The API server could not be reached or did not answer. Never fatal for other clusters. */
export class ClusterUnreachableError extends CaravanError {
  readonly server: string;
  readonly failure: UnreachableFailure;
  /** The socket or TLS error code (`ECONNREFUSED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, ...), when there was one. */
  readonly code: string | undefined;
  constructor(server: string, failure: UnreachableFailure, detail: string, code: string | undefined, options?: { cause?: unknown }) {
    super('cluster-unreachable', `Cannot reach the Kubernetes API server ${server}: ${detail}`, { server, failure, code }, options);
    this.name = 'ClusterUnreachableError';
    this.server = server;
    this.failure = failure;
    this.code = code;
  }
}

const CONFLICT_MANAGER = /^conflict with "((?:[^"\\]|\\.)*)"(?: with subresource "((?:[^"\\]|\\.)*)")?/;

/**
 * The conflicts of an apply 409, or undefined when it is another kind of 409.
 * The manager has no structured field: it is parsed from the cause's message,
 * `conflict with "<mgr>"`, optionally followed by ` with subresource "<s>"`
 * and, for Update managers, ` using <apiVersion> at <time>`.
 */
export function parseFieldConflicts(body: KubeStatus | undefined): FieldConflict[] | undefined {
  const causes = (body?.details?.causes ?? []).filter((c) => c.reason === 'FieldManagerConflict');
  if (causes.length === 0) return undefined;
  return causes.map((c) => {
    const m = CONFLICT_MANAGER.exec(c.message ?? '');
    const manager = m ? unquote(m[1]!) : (c.message ?? 'unknown manager');
    return {
      manager,
      field: c.field ?? '',
      ...(m?.[2] !== undefined ? { subresource: unquote(m[2]) } : {}),
      message: c.message ?? '',
    };
  });
}

/** Go's %q escapes; managers are printable in practice, so only the two common escapes are undone. */
const unquote = (s: string): string => s.replace(/\\(["\\])/g, '$1');

/**
 * The two wordings of a failed uid precondition: the storage layer's
 * (`Precondition failed: UID in precondition: <a>, UID in object meta: <b>`)
 * and the one kube-apiserver 1.36 answers a DELETE with
 * (`the UID in the precondition (<a>) does not match the UID in record (<b>)`).
 */
const UID_PRECONDITION = [
  /Precondition failed: UID in precondition: ([^\s,]+), UID in object meta: ([^\s,]*)/,
  /the UID in the precondition \(([^)]+)\) does not match the UID in record \(([^)]*)\)/,
];

/** The uids from a delete's 409 when a uid precondition failed, else undefined. */
export function parseUidPrecondition(body: KubeStatus | undefined): { expected: string; actual: string | undefined } | undefined {
  for (const re of UID_PRECONDITION) {
    const m = re.exec(body?.message ?? '');
    if (m) return { expected: m[1]!, actual: m[2] ? m[2] : undefined };
  }
  return undefined;
}

/**
 * An apply whose object has a field the schema does not declare: the API
 * server answers 500 (`failed to create typed patch object ...: .spec.x: field
 * not declared in schema`) whatever fieldValidation says. It is the object's
 * fault, not the server's, so it maps to invalid input.
 */
export function isUndeclaredFieldError(status: number, body: KubeStatus | undefined): boolean {
  return status === 500 && /failed to create typed patch object .*field not declared in schema/.test(body?.message ?? '');
}
