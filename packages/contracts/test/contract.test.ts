/**
 * The contract package agrees with itself: the state table, the problem
 * table and the zod schemas say what openapi/caravan.yaml says.
 */
import { describe, expect, it } from 'vitest';
import {
  openapiDocument,
  FINAL_OPERATION_STATES,
  INSTALLABLE_STATES,
  isFinalOperationState,
  OPERATION_STATES,
  OPERATION_ONLY_PROBLEM_KINDS,
  PROBLEM_TYPES,
  problemKindOf,
  ROLES,
  VERSION_STATES,
  VERSION_TRANSITIONS,
  zApp,
  zCreateClusterBody,
  zCreateEnvironmentBody,
  zCreateInstallBody,
  zOperation,
  zUpdateEnvironmentBody,
  zTemplateCreate,
  zVersionCreate,
  zProblem,
} from '../src/index.js';

const schemas = openapiDocument.components.schemas as Record<string, { enum?: string[] }>;

describe('the version state table', () => {
  it('names the same states as the contract', () => {
    expect([...VERSION_STATES].sort()).toEqual([...(schemas.VersionState?.enum ?? [])].sort());
  });

  it('names the same actions as the contract', () => {
    const actions = [...new Set(VERSION_TRANSITIONS.map((t) => t.action))].sort();
    expect(actions).toEqual([...(schemas.VersionAction?.enum ?? [])].sort());
  });

  it('names the same roles as the contract', () => {
    expect([...ROLES].sort()).toEqual([...(schemas.Role?.enum ?? [])].sort());
  });
});

describe('the installable states table', () => {
  it('has one entry per environment tier of the contract, and production takes only released versions', () => {
    expect(Object.keys(INSTALLABLE_STATES).sort()).toEqual([...(schemas.EnvironmentTier?.enum ?? [])].sort());
    expect(INSTALLABLE_STATES.production).toEqual(['released']);
    for (const states of Object.values(INSTALLABLE_STATES)) {
      for (const state of states) expect(schemas.VersionState?.enum).toContain(state);
    }
  });
});

describe('the operation state table', () => {
  it('names the same states as the contract, and the final ones are among them', () => {
    expect([...OPERATION_STATES].sort()).toEqual([...(schemas.OperationState?.enum ?? [])].sort());
    expect([...FINAL_OPERATION_STATES].sort()).toEqual(['cancelled', 'failed', 'succeeded']);
    expect(OPERATION_STATES.filter((s) => isFinalOperationState(s))).toEqual([...FINAL_OPERATION_STATES]);
  });
});

describe('problem types', () => {
  it('are https://caravan.dev/problems/<kind> for every kind', () => {
    for (const [kind, p] of Object.entries(PROBLEM_TYPES)) {
      expect(p.type).toBe(`https://caravan.dev/problems/${kind}`);
      expect(problemKindOf(p.type)).toBe(kind);
    }
    expect(problemKindOf('about:blank')).toBeUndefined();
    expect(problemKindOf('https://caravan.dev/problems/toString')).toBeUndefined();
  });

  it('have a status that the contract documents as a response somewhere', () => {
    const documented = new Set<string>();
    for (const item of Object.values(openapiDocument.paths)) {
      for (const op of Object.values(item)) {
        const responses = (op as { responses?: Record<string, unknown> }).responses ?? {};
        for (const code of Object.keys(responses)) documented.add(code);
      }
    }
    for (const [kind, p] of Object.entries(PROBLEM_TYPES)) {
      // 502/503 come from infrastructure and can answer any call; operation-only kinds answer no call.
      if (kind === 'registry-unreachable' || kind === 'unavailable') continue;
      // Answers a method no operation has, so no operation can document it (the conventions do).
      if (kind === 'method-not-allowed') continue;
      if ((OPERATION_ONLY_PROBLEM_KINDS as readonly string[]).includes(kind)) continue;
      expect(documented, kind).toContain(String(p.status));
    }
  });

  it('that only end operations are the ones the contract documents as operation-only', () => {
    const text = (schemas.Problem as { description?: string }).description ?? '';
    const split = text.indexOf('These kinds only appear');
    expect(split).toBeGreaterThan(0);
    const operationOnly = [...text.slice(split).matchAll(/^\| `([a-z-]+)` \| (\d{3}) \|/gm)].map((m) => m[1]);
    expect(operationOnly.sort()).toEqual([...OPERATION_ONLY_PROBLEM_KINDS].sort());
  });

  it('are all listed, with their statuses, in the contract documentation of Problem, and no other', () => {
    const text = (schemas.Problem as { description?: string }).description ?? '';
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([k, p]) => [k, p.status])));
    expect(rows.length).toBe(Object.keys(PROBLEM_TYPES).length);
  });
});

describe('zod schemas generated from the contract', () => {
  it('reject unknown fields in request bodies', () => {
    expect(zTemplateCreate.safeParse({ name: 'shop' }).success).toBe(true);
    expect(zTemplateCreate.safeParse({ name: 'shop', colour: 'red' }).success).toBe(false);
  });

  it('accept an app as an object or as a YAML string', () => {
    const app = { components: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] };
    expect(zVersionCreate.safeParse({ version: '1.0', app }).success).toBe(true);
    expect(zVersionCreate.safeParse({ version: '1.0', app: 'components: []' }).success).toBe(true);
    expect(zVersionCreate.safeParse({ version: 'one', app }).success).toBe(false);
  });

  it('reject a component name that is not a DNS-1123 label', () => {
    expect(zApp.safeParse({ components: [{ name: 'Web_1', image: 'x' }] }).success).toBe(false);
  });

  it('take a cluster only with its kubeconfig, and an environment only on a cluster and namespace', () => {
    expect(zCreateClusterBody.safeParse({ name: 'intranet', kubeconfig: 'apiVersion: v1\nkind: Config\n' }).success).toBe(true);
    expect(zCreateClusterBody.safeParse({ name: 'intranet' }).success).toBe(false);
    const env = { name: 'production-qingdao', cluster: 'aliyun-qingdao', namespace: 'shop-prod', tier: 'production' };
    expect(zCreateEnvironmentBody.parse(env)).toMatchObject({ createNamespace: true });
    expect(zCreateEnvironmentBody.safeParse({ ...env, tier: 'staging' }).success).toBe(false);
    expect(zUpdateEnvironmentBody.safeParse({ namespace: 'other' }).success).toBe(false);
    expect(zUpdateEnvironmentBody.safeParse({ secretDefaults: { dbPassword: null, apiToken: 's3cret' } }).success).toBe(true);
  });

  it('accept the install body of the app model document, and refuse an unknown component setting', () => {
    const body = {
      name: 'shop',
      template: 'shop',
      version: '1.0',
      values: {
        parameters: { dbPassword: 's3cret' },
        components: {
          web: { replicas: 4, env: { LOG_LEVEL: 'warn' }, hosts: ['shop.qingdao.example.com'] },
          db: { resources: { limits: { memory: '1Gi' } } },
        },
      },
      atomic: true,
    };
    expect(zCreateInstallBody.safeParse(body).success).toBe(true);
    expect(zCreateInstallBody.safeParse({ ...body, timeoutSeconds: 3601 }).success).toBe(false);
    expect(zCreateInstallBody.safeParse({ ...body, values: { components: { web: { image: 'x' } } } }).success).toBe(false);
  });

  it('require an operation to say its result, null until there is one', () => {
    const op = {
      id: 'op_1',
      kind: 'upgrade',
      state: 'running',
      subject: { environment: 'production-qingdao', install: 'shop', version: '1.1' },
      steps: [{ name: 'roll out web', state: 'running', bytes: 0, component: 'web', ready: 1, desired: 2 }],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      createdBy: { id: 'tok_1', name: 'ops' },
      error: null,
    };
    expect(zOperation.safeParse(op).success).toBe(false);
    expect(zOperation.safeParse({ ...op, result: null }).success).toBe(true);
    expect(zOperation.safeParse({ ...op, result: { record: 2, components: [{ name: 'web', kind: 'stateless', state: 'ready' }] } }).success).toBe(true);
  });

  it('keep extension members of problem documents', () => {
    const parsed = zProblem.parse({ type: PROBLEM_TYPES.conflict.type, title: 'Conflict', status: 409, state: 'draft' });
    expect(parsed).toMatchObject({ state: 'draft' });
  });
});

describe('the embedded document', () => {
  it('is OpenAPI 3.1 with an operationId on every operation', () => {
    expect(openapiDocument.openapi).toMatch(/^3\.1\./);
    const ids: string[] = [];
    for (const item of Object.values(openapiDocument.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        ids.push((op as { operationId: string }).operationId);
      }
    }
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
