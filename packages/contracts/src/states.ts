/**
 * The version state machine: the one table of states and allowed transitions
 * that both the server (which enforces it) and the SDK (which explains it) read;
 * and the states of an operation, with the final ones. No zod here: the SDK's
 * browser bundle imports this file (`@caravan/contracts/states`).
 */

export const VERSION_STATES = ['draft', 'publishing', 'published', 'released', 'deprecated', 'failed'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

export const ROLES = ['viewer', 'developer', 'tester', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A named move of a version, who may make it, and where it goes. */
export interface VersionTransition {
  readonly action: VersionAction;
  readonly from: readonly VersionState[];
  /** `previous`: back to the state the version had before it entered `from` (restore). */
  readonly to: VersionState | 'previous';
  /** Roles that may ask for it. `system` moves are made by Caravan itself (publish finishing or failing). */
  readonly roles: readonly Role[] | 'system';
}

export type VersionAction = 'publish' | 'synced' | 'syncFailed' | 'release' | 'deprecate' | 'restore' | 'retry';

export const VERSION_TRANSITIONS: readonly VersionTransition[] = [
  { action: 'publish', from: ['draft'], to: 'publishing', roles: ['developer', 'admin'] },
  { action: 'synced', from: ['publishing'], to: 'published', roles: 'system' },
  { action: 'syncFailed', from: ['publishing'], to: 'failed', roles: 'system' },
  { action: 'retry', from: ['failed'], to: 'publishing', roles: ['developer', 'admin'] },
  { action: 'release', from: ['published'], to: 'released', roles: ['tester', 'admin'] },
  { action: 'deprecate', from: ['published', 'released'], to: 'deprecated', roles: ['tester', 'admin'] },
  // A deprecated version returns to the state it was deprecated from (published or released).
  { action: 'restore', from: ['deprecated'], to: 'previous', roles: ['tester', 'admin'] },
] as const;

/** The transition an action would make from a state, or undefined when the state does not allow it. */
export function findTransition(action: VersionAction, from: VersionState): VersionTransition | undefined {
  return VERSION_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

/** States whose app model can no longer change. */
export const IMMUTABLE_STATES: readonly VersionState[] = ['publishing', 'published', 'released', 'deprecated', 'failed'];

/** Which states an environment tier accepts by default (production: released only). */
export const INSTALLABLE_STATES: Readonly<Record<'development' | 'test' | 'production', readonly VersionState[]>> = {
  development: ['draft', 'published', 'released'],
  test: ['draft', 'published', 'released'],
  production: ['released'],
};

/** Every state an operation can be in. */
export const OPERATION_STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

/** States an operation never leaves: its work is over, and its event stream ends. */
export const FINAL_OPERATION_STATES: readonly OperationState[] = ['succeeded', 'failed', 'cancelled'];

/**
 * Whether an operation in this state is done (succeeded, failed or cancelled).
 * @example
 * const op = await client.operations.get(id);
 * if (isFinalOperationState(op.state)) console.log('done:', op.state);
 */
export function isFinalOperationState(state: string | undefined): boolean {
  return (FINAL_OPERATION_STATES as readonly string[]).includes(state as string);
}
