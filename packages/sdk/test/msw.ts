/**
 * One msw server for the SDK's behaviour tests: any request without a handler fails the
 * test (msw 3 renamed v2's `onUnhandledRequest: 'error'` to `onUnhandledFrame: 'error'`).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createCaravanClient, type CaravanClientOptions, type Operation, type OperationState } from '../src/index.js';

export const BASE = 'http://caravan.test';
export const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

export function client(options: Partial<CaravanClientOptions> = {}) {
  return createCaravanClient({ baseUrl: BASE, token: 'test-token', retry: { limit: 2, backoffLimitMs: 50 }, ...options });
}

export function problem(kind: string, status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ type: `https://caravan.dev/problems/${kind}`, title: kind, status, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export const operation = (id: string, state: OperationState): Operation => ({
  id,
  kind: 'publish',
  state,
  subject: { template: 'shop', version: '1.0' },
  steps: [],
  createdAt: '2026-11-26T10:00:00Z',
  updatedAt: '2026-11-26T10:00:00Z',
  createdBy: { id: 'tok_1', name: 'dev' },
  error: null,
  result: null,
});
