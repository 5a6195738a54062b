/**
 * Operations, read and cancel side, over the engine. A token limited to
 * environments sees only operations on those environments (and those on no
 * environment, such as publishing): lists skip the others, a read of one is
 * refused, and event streams leave their events out.
 */
import type { Actor, OperationsApi } from '../api.js';
import type { CoreContext } from '../shared/context.js';
import { ForbiddenError, InvalidInputError } from '../shared/errors.js';
import type { OperationRow } from '../store/port.js';
import type { OperationEngine } from './engine.js';
import { filteredQuery, keysetPage } from '../shared/paging.js';
import { seesEnvironment } from '../shared/scope.js';
import { operationToWire } from '../shared/wire.js';

function eventSeq(afterEventId: string | undefined): number {
  if (afterEventId === undefined || afterEventId === '') return 0;
  if (!/^[0-9]{1,15}$/.test(afterEventId)) {
    throw new InvalidInputError('the event id to resume after is not one this server handed out', [
      { pointer: '/header/Last-Event-ID', message: 'must be an event id from this stream', code: 'event-id' },
    ]);
  }
  return Number(afterEventId);
}

function visible(actor: Actor, op: Pick<OperationRow, 'subject'>): boolean {
  return seesEnvironment(actor, op.subject.environment);
}

function scoped(actor: Actor, op: OperationRow): OperationRow {
  if (visible(actor, op)) return op;
  throw new ForbiddenError(`operation ${op.id} works on environment ${op.subject.environment}, which ${actor.name} is not granted`, { environment: op.subject.environment });
}

export function createOperationsService(ctx: CoreContext, engine: OperationEngine): OperationsApi {
  return {
    async list(actor, page) {
      const state = page?.state;
      const kind = page?.kind;
      const query = (after: string | undefined, limit: number) =>
        ctx.store.operations.list({ ...(after === undefined ? {} : { after }), limit, ...(state === undefined ? {} : { state }), ...(kind === undefined ? {} : { kind }) });
      return keysetPage(
        'operations',
        page,
        actor.environments === undefined ? query : filteredQuery(query, (r) => visible(actor, r), (r) => r.id),
        (r) => r.id,
        operationToWire,
      );
    },
    async get(actor, id) {
      return operationToWire(scoped(actor, await engine.get(id)));
    },
    async cancel(actor, id) {
      return operationToWire(await engine.cancel(actor, id));
    },
    events(actor, id, options) {
      const after = options.afterEventId === undefined && options.live === true ? ('now' as const) : eventSeq(options.afterEventId);
      if (actor.environments === undefined) return engine.events(id, after, options.signal);
      return (async function* () {
        if (id !== undefined) scoped(actor, await engine.get(id));
        const seen = new Map<string, boolean>();
        for await (const event of engine.events(id, after, options.signal)) {
          let ok = seen.get(event.operation);
          if (ok === undefined) {
            const op = await ctx.store.operations.get(event.operation);
            ok = op !== undefined && visible(actor, op);
            seen.set(event.operation, ok);
          }
          if (ok) yield event;
        }
      })();
    },
    async wait(actor, id, options) {
      scoped(actor, await engine.get(id));
      return operationToWire(await engine.wait(id, options?.signal));
    },
  };
}
