/** Error responses become typed errors that guards recognise, whatever copy of the SDK made them. */
import { createRequire } from 'node:module';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  isCaravanApiError,
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
import { BASE, client, problem, server } from './msw.js';

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
  });

  it('guards say no to look-alikes that only copy the name', () => {
    const fake = Object.assign(new Error('x'), { name: 'NotFoundError', status: 404 });
    expect(isNotFoundError(fake)).toBe(false);
    expect(isServerError(createApiError(500, undefined))).toBe(true);
  });
});
