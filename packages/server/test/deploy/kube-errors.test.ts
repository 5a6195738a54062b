/**
 * Reading what an API server's error Status means: the managers and fields of
 * an apply conflict (the manager has no structured field, it is parsed from
 * the message) and the uids of a failed delete precondition. The clusters
 * under test/deploy-kube show the same on real answers.
 */
import { describe, expect, it } from 'vitest';
import { isUndeclaredFieldError, parseFieldConflicts, parseUidPrecondition, type KubeStatus, type KubeStatusCause } from '../../src/core/deploy/kube/errors.js';

const conflict = (causes: KubeStatusCause[], message = 'Apply failed'): KubeStatus =>
  ({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409, message, details: { causes } });

describe('an apply conflict', () => {
  it('lists each manager and field, for Apply and Update managers and subresources', () => {
    const body = conflict([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-edit" using apps/v1 at 2026-01-02T03:04:05Z', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "platform-team"', field: '.spec.template.spec.containers[name="app"].image' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kube-controller-manager" with subresource "scale" using apps/v1 at 2026-01-02T03:04:05Z', field: '.spec.replicas' },
    ]);
    expect(parseFieldConflicts(body)).toEqual([
      { manager: 'kubectl-edit', field: '.spec.replicas', message: 'conflict with "kubectl-edit" using apps/v1 at 2026-01-02T03:04:05Z' },
      { manager: 'platform-team', field: '.spec.template.spec.containers[name="app"].image', message: 'conflict with "platform-team"' },
      { manager: 'kube-controller-manager', subresource: 'scale', field: '.spec.replicas', message: expect.stringContaining('subresource') },
    ]);
  });

  it('is not claimed for a 409 of another kind', () => {
    expect(parseFieldConflicts(conflict([], 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified'))).toBeUndefined();
    expect(parseFieldConflicts({ kind: 'Status', reason: 'AlreadyExists', code: 409 })).toBeUndefined();
    expect(parseFieldConflicts(undefined)).toBeUndefined();
  });
});

describe('a failed uid precondition', () => {
  it('gives the recorded and the current uid, as kube-apiserver 1.36 words it', () => {
    const body: KubeStatus = {
      kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409,
      message: 'Operation cannot be fulfilled on ConfigMap "dup": the UID in the precondition (de0f4881-fdaa-4ff9-89dd-bb5a274ace35) does not match the UID in record (ec0725bb-a95a-44e7-ba45-f9e81190afe4). The object might have been deleted and then recreated',
    };
    expect(parseUidPrecondition(body)).toEqual({ expected: 'de0f4881-fdaa-4ff9-89dd-bb5a274ace35', actual: 'ec0725bb-a95a-44e7-ba45-f9e81190afe4' });
  });

  it('gives the recorded and the current uid, as the storage layer words it', () => {
    const body: KubeStatus = {
      kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409,
      message: 'Operation cannot be fulfilled on configmaps "settings": Precondition failed: UID in precondition: 1f0e-aaaa, UID in object meta: 77c2-bbbb',
    };
    expect(parseUidPrecondition(body)).toEqual({ expected: '1f0e-aaaa', actual: '77c2-bbbb' });
  });

  it('is not read into other conflicts', () => {
    expect(parseUidPrecondition({ kind: 'Status', code: 409, message: 'Precondition failed: ResourceVersion in precondition: 5, ResourceVersion in object meta: 6' })).toBeUndefined();
  });
});

describe('an apply with a field the schema does not declare', () => {
  it('is recognised in the 500 the API server answers', () => {
    const body: KubeStatus = { kind: 'Status', status: 'Failure', code: 500, message: 'failed to create typed patch object (probe/odd; /v1, Kind=ConfigMap): .surprise: field not declared in schema' };
    expect(isUndeclaredFieldError(500, body)).toBe(true);
    expect(isUndeclaredFieldError(500, { kind: 'Status', code: 500, message: 'etcdserver: request timed out' })).toBe(false);
  });
});
