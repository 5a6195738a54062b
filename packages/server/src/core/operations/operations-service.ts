/** Operations, read and cancel side, over the engine. */
import type { OperationsApi } from '../api.js';
import type { CoreContext } from '../shared/context.js';
import { InvalidInputError } from '../shared/errors.js';
import type { OperationEngine } from './engine.js';
import { keysetPage } from '../shared/paging.js';
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

export function createOperationsService(ctx: CoreContext, engine: OperationEngine): OperationsApi {
  return {
    async list(_actor, page) {
      const state = page?.state;
      const kind = page?.kind;
      return keysetPage(
        'operations',
        page,
        (after, limit) =>
          ctx.store.operations.list({ ...(after === undefined ? {} : { after }), limit, ...(state === undefined ? {} : { state }), ...(kind === undefined ? {} : { kind }) }),
        (r) => r.id,
        operationToWire,
      );
    },
    async get(_actor, id) {
      return operationToWire(await engine.get(id));
    },
    async cancel(actor, id) {
      return operationToWire(await engine.cancel(actor, id));
    },
    events(_actor, id, options) {
      const after = options.afterEventId === undefined && options.live === true ? ('now' as const) : eventSeq(options.afterEventId);
      return engine.events(id, after, options.signal);
    },
    async wait(_actor, id, options) {
      return operationToWire(await engine.wait(id, options?.signal));
    },
  };
}
