/** Every kind of problem the core puts into an Operation's `error` is one the contract's problem table names. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATION_ONLY_PROBLEM_KINDS, PROBLEM_TYPES, problemKindOf, type ProblemKind } from '@caravan/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { OPERATION_ERROR_KINDS, problem, type OperationErrorKind } from '../../src/core/shared/wire.js';

const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('operation errors', () => {
  it('are typed only with kinds from the contract problem table', () => {
    expectTypeOf<OperationErrorKind>().toExtend<ProblemKind>();
    for (const kind of OPERATION_ERROR_KINDS) {
      expect(Object.hasOwn(PROBLEM_TYPES, kind), kind).toBe(true);
      const p = problem(kind, 'why');
      expect(p).toEqual({ ...PROBLEM_TYPES[kind], detail: 'why' });
      expect(problemKindOf(p.type)).toBe(kind);
    }
  });

  it('built anywhere in the core use a kind listed as one the core can emit', () => {
    const used = new Set<string>();
    for (const file of sourcesUnder(coreDir)) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bproblem\(\s*'([a-z-]+)'/g)) used.add(m[1]!);
    }
    // The operations engine and publish handler build at least these.
    expect(used).toContain('operation-cancelled');
    expect(used).toContain('registry-sync-failed');
    for (const kind of used) expect(OPERATION_ERROR_KINDS as readonly string[], kind).toContain(kind);
    // A kind the table reserves for operations that the core no longer emits is dead weight in the contract.
    for (const kind of OPERATION_ONLY_PROBLEM_KINDS) expect(used, kind).toContain(kind);
  });

  it('keep the statuses that say how the work ended', () => {
    const statuses = Object.fromEntries(OPERATION_ONLY_PROBLEM_KINDS.map((k) => [k, PROBLEM_TYPES[k].status]));
    expect(statuses).toEqual({
      'operation-cancelled': 409,
      'operation-not-started': 409,
      'rollout-failed': 500,
      'rollout-deadline-exceeded': 504,
      'operation-failed': 500,
      'operation-abandoned': 500,
      'unknown-operation-kind': 500,
      'registry-sync-failed': 502,
      'operation-deadline-exceeded': 504,
    });
  });
});
