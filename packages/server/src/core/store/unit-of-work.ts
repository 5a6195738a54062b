/**
 * What both adapters share to carry out a unit of work (`Store.commit`): the
 * order the changes are applied in, the abort that rolls the transaction back
 * with an answer, and which lock key a conflicting change was after.
 */
import type { Change, OperationState, UnitOfWorkResult } from './port.js';

/** The states in which an operation holds its lock key and can be fenced on. */
export const ACTIVE_OPERATION_STATES: readonly OperationState[] = ['pending', 'running'];

/** Thrown inside the transaction to roll it back; the adapter answers `result`. */
export class UnitOfWorkAbort extends Error {
  constructor(readonly result: UnitOfWorkResult) {
    super(result.ok ? 'unit of work aborted' : `unit of work aborted: ${result.why}`);
    this.name = 'UnitOfWorkAbort';
  }
}

/**
 * The changes with their index in the order they are applied: row changes in
 * list order, then events, then audit entries (each in list order). Appends
 * are order-free within one transaction (nothing reads them before it
 * commits), and PostgreSQL takes the event and audit advisory locks only after
 * a transaction's row changes (see `postgres/postgres-store.ts`), so a unit
 * of work cannot hold the event lock while it waits for a row. SQLite applies
 * them in the same order so both dialects number them alike.
 */
export function inApplyOrder(changes: readonly Change[]): { index: number; change: Change }[] {
  const indexed = changes.map((change, index) => ({ index, change }));
  const rank = (c: Change) => (c.kind === 'event' ? 1 : c.kind === 'audit' ? 2 : 0);
  // Array.prototype.sort is stable: list order holds within each rank.
  return indexed.sort((a, b) => rank(a.change) - rank(b.change));
}

/**
 * The lock key an operation change hit a unique key with, when it may be the
 * lock: the inserted row's, the patch's, or (for an update that leaves the key
 * alone, e.g. back to pending) the key the stored row has, read by `current`.
 */
export async function lockKeyOf(change: Change, current: (id: string) => Promise<string | null | undefined>): Promise<string | null | undefined> {
  if (change.kind === 'operation.insert') return change.row.lockKey;
  if (change.kind === 'operation.update') return change.patch.lockKey ?? (await current(change.id));
  return undefined;
}
