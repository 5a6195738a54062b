/**
 * Moves a version along the state table of @caravan/contracts, appending the
 * move to the version's `transitions` and to the audit trail in the same store
 * call. Used by the versions service (people) and the publish operation
 * (Caravan itself).
 */
import { findTransition, VERSION_TRANSITIONS, type VersionAction, type VersionState } from '@caravan/contracts';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { actorRef, type CoreContext } from '../shared/context.js';
import type { ActorRef, VersionRow } from '../store/port.js';
import { isoNow } from '../shared/clock.js';

/** The actions a version in `state` allows (people's and Caravan's own). */
export function allowedActions(state: VersionState): VersionAction[] {
  return VERSION_TRANSITIONS.filter((t) => t.from.includes(state)).map((t) => t.action);
}

export function invalidTransition(row: VersionRow, action: VersionAction): ConflictError {
  const allowed = allowedActions(row.state as VersionState);
  const list = allowed.length === 0 ? 'none' : allowed.join(', ');
  return new ConflictError(
    `version ${row.version} of ${row.template} is ${row.state}, which does not allow ${action}; allowed from ${row.state}: ${list}`,
    { state: row.state, action, allowedActions: allowed },
    'invalid-transition',
  );
}

/** The state a transition leads to; `previous` (restore) is the state the version was deprecated from. */
function targetState(row: VersionRow, to: VersionState | 'previous'): VersionState {
  if (to !== 'previous') return to;
  for (let i = row.transitions.length - 1; i >= 0; i--) {
    const t = row.transitions[i]!;
    if (t.to === row.state && t.from !== null) return t.from as VersionState;
  }
  return 'published';
}

export interface TransitionOptions {
  readonly reason?: string | undefined;
  /** More fields to change in the same write (images, failure, app). */
  readonly patch?: (row: VersionRow) => Partial<VersionRow>;
  readonly details?: Record<string, unknown>;
  /** When the version was already moved there (a resumed operation), succeed without a second move. */
  readonly alreadyIn?: VersionState;
}

export async function loadVersion(ctx: CoreContext, template: string, version: string): Promise<VersionRow> {
  const row = await ctx.store.versions.get(template, version);
  if (row === undefined) throw new NotFoundError(`version ${version} of template ${template} does not exist`, { template, version });
  return row;
}

/**
 * Applies `action` to the version, compare-and-set on its revision (re-reading
 * and re-checking when another writer got there first).
 */
export async function transitionVersion(
  ctx: CoreContext,
  actor: ActorRef,
  template: string,
  version: string,
  action: VersionAction,
  options: TransitionOptions = {},
): Promise<VersionRow> {
  for (let attempt = 0; ; attempt++) {
    const row = await loadVersion(ctx, template, version);
    if (options.alreadyIn !== undefined && row.state === options.alreadyIn) return row;
    const t = findTransition(action, row.state as VersionState);
    if (t === undefined) throw invalidTransition(row, action);
    const to = targetState(row, t.to);
    const at = isoNow(ctx.clock);
    const who = actorRef(actor);
    const reason = options.reason === undefined || options.reason === '' ? undefined : options.reason;
    const record = { action, from: row.state, to, actor: who, at, ...(reason === undefined ? {} : { reason }) };
    const updated = await ctx.store.versions.update(
      template,
      version,
      row.revision,
      { ...options.patch?.(row), state: to, transitions: [...row.transitions, record], updatedAt: at },
      {
        at,
        actor: who,
        action: `version.${action}`,
        subjectKind: 'version',
        subjectName: `${template}@${version}`,
        template,
        version,
        from: row.state,
        to,
        ...(reason === undefined ? {} : { reason }),
        ...(options.details === undefined ? {} : { details: options.details }),
      },
    );
    if (updated !== undefined) return updated;
    if (attempt >= 10) throw new ConflictError(`version ${version} of ${template} keeps changing; try again`);
  }
}
