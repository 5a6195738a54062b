/**
 * What a record keeps sealed: the exact objects it applies (Secret data
 * included) and the install's secret values at that record, bound to the
 * install and the record number, so a rollback applies the same bytes again
 * and restores the secrets without a re-render, and a sealed payload copied
 * to another record does not open.
 */
import type { CoreContext } from '../shared/context.js';
import type { RecordRow } from '../store/port.js';
import type { KubeObject } from './kube/resources.js';
import { recordSecretsBinding, type SecretValues } from './stored-values.js';

export interface RecordPayload {
  readonly objects: KubeObject[];
  readonly secrets: SecretValues;
}

export function sealRecordPayload(ctx: CoreContext, environment: string, install: string, number: number, payload: RecordPayload): string {
  return ctx.box.seal(JSON.stringify(payload), recordSecretsBinding(environment, install, number));
}

export function openRecordPayload(ctx: CoreContext, row: RecordRow): RecordPayload {
  return JSON.parse(ctx.box.open(row.objectsEnc, recordSecretsBinding(row.environment, row.install, row.number))) as RecordPayload;
}

const REDACTED = '<redacted>';

/** An object as a record shows it: Secret data values replaced, nothing else changed. */
export function redactObject(o: KubeObject): KubeObject {
  if (o.kind !== 'Secret') return o;
  const out: KubeObject = { ...o };
  for (const field of ['data', 'stringData'] as const) {
    const data = o[field] as Record<string, string> | undefined;
    if (data !== undefined) out[field] = Object.fromEntries(Object.keys(data).map((k) => [k, REDACTED]));
  }
  return out;
}

/** A change whose path matches `secretPath`, with its values shown as redacted (absent stays absent). */
export function redactChange<C extends { path: string; old?: unknown; new?: unknown }>(change: C, secretPath: RegExp): C {
  if (!secretPath.test(change.path)) return change;
  return { ...change, ...('old' in change ? { old: REDACTED } : {}), ...('new' in change ? { new: REDACTED } : {}) };
}
