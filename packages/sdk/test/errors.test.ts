/** Error responses become typed errors that guards recognise, whatever copy of the SDK made them. */
import { createRequire } from 'node:module';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  isCaravanApiError,
  isClusterUnreachableError,
  isFieldConflictError,
  isKubernetesError,
  isOperationInProgressError,
  isPolicyViolationError,
  isRolloutDeadlineExceededError,
  isRolloutFailedError,
  operationError,
  isConflictError,
  isForbiddenError,
  isNotFoundError,
  isPreconditionFailedError,
  isServerError,
  isValidationError,
  isVersionExistsError,
  NotFoundError,
  createApiError,
} from '../src/index.js';
import { BASE, client, operation, problem, server } from './msw.js';

describe('errors from the API', () => {
  it('a 404 problem becomes a NotFoundError with its status, type and problem document', async () => {
    server.use(http.get(`${BASE}/v1/templates/shop`, () => problem('not-found', 404, { detail: 'no template shop' })));
    const error = await client().templates.get('shop').catch((e: unknown) => e);
    expect(isNotFoundError(error)).toBe(true);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ name: 'NotFoundError', status: 404, type: 'https://caravan.dev/problems/not-found', kind: 'not-found' });
    expect((error as NotFoundError).problem.detail).toBe('no template shop');
  });

  it('a reused version number is a VersionExistsError, which is also a ConflictError', async () => {
    server.use(http.post(`${BASE}/v1/templates/shop/versions`, () => problem('version-exists', 409)));
    const error = await client()
      .templates.versions.create('shop', { version: '1.0', app: { components: [] } })
      .catch((e: unknown) => e);
    expect(isVersionExistsError(error)).toBe(true);
    expect(isConflictError(error)).toBe(true);
    expect(isNotFoundError(error)).toBe(false);
    expect(error).toBeInstanceOf(ConflictError);
  });

  it('a validation problem carries every field error with its JSON pointer', async () => {
    const errors = [
      { pointer: '/app/components/0/name', message: 'not a DNS-1123 label' },
      { pointer: '/app/components/1/dependsOn/0', message: 'no component named cache', code: 'unknown-dependency' },
    ];
    server.use(http.post(`${BASE}/v1/templates/shop/versions`, () => problem('invalid-input', 400, { errors })));
    const error = await client()
      .templates.versions.create('shop', { version: '1.0', app: { components: [] } })
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    if (!isValidationError(error)) return;
    expect(error.errors).toEqual(errors);
  });

  it('an If-Match mismatch is a PreconditionFailedError', async () => {
    server.use(http.patch(`${BASE}/v1/templates/shop`, () => problem('precondition-failed', 412)));
    const error = await client().templates.update('shop', { description: 'x' }, { ifMatch: 'abc' }).catch((e: unknown) => e);
    expect(isPreconditionFailedError(error)).toBe(true);
  });

  it('a role that may not do something is a ForbiddenError', async () => {
    server.use(http.post(`${BASE}/v1/templates/shop/versions/1.0/release`, () => problem('forbidden', 403)));
    const error = await client().templates.versions.release('shop', '1.0').catch((e: unknown) => e);
    expect(isForbiddenError(error)).toBe(true);
  });

  it('an error page that is not a problem document still gives an error typed by status', async () => {
    server.use(
      http.get(`${BASE}/v1/templates/shop`, () => new Response('<html>gateway</html>', { status: 404, headers: { 'content-type': 'text/html' } })),
    );
    const error = await client().templates.get('shop').catch((e: unknown) => e);
    expect(isNotFoundError(error)).toBe(true);
    expect((error as NotFoundError).problem).toMatchObject({ type: 'about:blank', status: 404, detail: '<html>gateway</html>' });
  });

  it('a second upgrade while one runs is an OperationInProgressError naming the running operation', async () => {
    server.use(
      http.post(`${BASE}/v1/environments/production-qingdao/installs/shop/upgrade`, () => problem('operation-in-progress', 409, { operation: 'op_7' })),
    );
    const error = await client().environments.installs.upgrade('production-qingdao', 'shop', { version: '1.1' }).catch((e: unknown) => e);
    expect(isOperationInProgressError(error)).toBe(true);
    expect(isConflictError(error)).toBe(true);
    if (!isOperationInProgressError(error)) return;
    expect(error.operation).toBe('op_7');
  });

  it('a version the environment refuses is a PolicyViolationError naming the rule', async () => {
    server.use(http.post(`${BASE}/v1/environments/production-qingdao/installs`, () => problem('policy-violation', 409, { rule: 'allowedStates' })));
    const error = await client()
      .environments.installs.create('production-qingdao', { name: 'shop', template: 'shop', version: '1.1' })
      .catch((e: unknown) => e);
    expect(isPolicyViolationError(error)).toBe(true);
    expect(isOperationInProgressError(error)).toBe(false);
    if (!isPolicyViolationError(error)) return;
    expect(error.rule).toBe('allowedStates');
  });

  it('fields owned by another manager are a FieldConflictError listing each conflict', async () => {
    const conflicts = [{ object: 'Deployment/shop-web', manager: 'kubectl-edit', field: '.spec.replicas' }];
    server.use(http.post(`${BASE}/v1/environments/production-qingdao/installs/shop/upgrade`, () => problem('field-conflict', 409, { conflicts })));
    const error = await client().environments.installs.upgrade('production-qingdao', 'shop', {}).catch((e: unknown) => e);
    expect(isFieldConflictError(error)).toBe(true);
    if (!isFieldConflictError(error)) return;
    expect(error.conflicts).toEqual(conflicts);
  });

  it('an unreachable cluster is a ClusterUnreachableError, a refusing one a KubernetesError with its status', async () => {
    server.use(
      http.get(`${BASE}/v1/environments/production-qingdao/installs/shop/status`, () => problem('cluster-unreachable', 502, { detail: 'connect ETIMEDOUT' })),
      http.get(`${BASE}/v1/environments/test-intranet/installs/shop/status`, () =>
        problem('kubernetes-error', 502, { kubernetesStatus: { code: 403, reason: 'Forbidden', message: 'deployments.apps is forbidden' } }),
      ),
    );
    const unreachable = await client().environments.installs.status('production-qingdao', 'shop').catch((e: unknown) => e);
    expect(isClusterUnreachableError(unreachable)).toBe(true);
    expect(isKubernetesError(unreachable)).toBe(false);
    const refused = await client().environments.installs.status('test-intranet', 'shop').catch((e: unknown) => e);
    expect(isKubernetesError(refused)).toBe(true);
    if (!isKubernetesError(refused)) return;
    expect(refused.kubernetesStatus).toEqual({ code: 403, reason: 'Forbidden', message: 'deployments.apps is forbidden' });
  });

  it("an operation's failed rollout becomes a typed error that names the failing components", () => {
    const components = [{ name: 'web', kind: 'stateless' as const, state: 'failed' as const, reason: 'CrashLoopBackOff' }];
    const failed = { ...operation('op_1', 'failed'), error: { type: 'https://caravan.dev/problems/rollout-failed', title: 'Rollout failed', status: 500, components } };
    const error = operationError(failed);
    expect(isRolloutFailedError(error)).toBe(true);
    expect(isRolloutDeadlineExceededError(error)).toBe(false);
    if (!isRolloutFailedError(error)) return;
    expect(error.components).toEqual(components);

    const late = operationError({ state: 'failed', error: { type: 'https://caravan.dev/problems/rollout-deadline-exceeded', title: 'late', status: 504, components } });
    expect(isRolloutDeadlineExceededError(late)).toBe(true);
    expect(isRolloutFailedError(late)).toBe(true);
    expect(isServerError(late)).toBe(true);

    expect(operationError(operation('op_2', 'succeeded'))).toBeUndefined();
    expect(operationError(operation('op_3', 'running'))).toBeUndefined();
  });

  it('guards recognise errors made by another copy of the SDK, where instanceof fails', () => {
    // The CommonJS build is a second copy of every class, as when two versions of the SDK are bundled.
    const require = createRequire(import.meta.url);
    const other = require('../dist/index.cjs') as typeof import('../src/index.js');
    const foreign = other.createApiError(409, { type: 'https://caravan.dev/problems/version-exists', title: 'taken', status: 409 });
    expect(foreign).not.toBeInstanceOf(ConflictError);
    expect(isVersionExistsError(foreign)).toBe(true);
    expect(isConflictError(foreign)).toBe(true);
    expect(isCaravanApiError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(false);
    const busy = other.createApiError(409, { type: 'https://caravan.dev/problems/operation-in-progress', title: 'busy', status: 409, operation: 'op_7' });
    expect(isOperationInProgressError(busy)).toBe(true);
    expect(isConflictError(busy)).toBe(true);
    const gone = other.createApiError(502, { type: 'https://caravan.dev/problems/cluster-unreachable', title: 'gone', status: 502 });
    expect(isClusterUnreachableError(gone)).toBe(true);
  });

  it('guards say no to look-alikes that only copy the name', () => {
    const fake = Object.assign(new Error('x'), { name: 'NotFoundError', status: 404 });
    expect(isNotFoundError(fake)).toBe(false);
    expect(isServerError(createApiError(500, undefined))).toBe(true);
  });
});
