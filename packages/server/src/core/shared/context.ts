/**
 * What every service of the core shares: the store, the clock, the id source,
 * the secret box, a logger and the metrics port. Built once by `createCore`.
 */
import type { Clock } from './clock.js';
import type { IdSource } from './ids.js';
import type { CoreMetrics } from './metrics.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ActorRef, Store } from '../store/port.js';
import type { Actor } from '../api.js';

/** A structured logger; pino, console or nothing. Secrets never go in. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface CoreContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly box: SecretBox;
  readonly logger: Logger;
  /** Where the core reports what it counts; nothing is counted without it. */
  readonly metrics?: CoreMetrics;
}

/** Caravan itself, for moves it makes on its own (publish finishing or failing). */
export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'caravan', roles: ['admin'] };

export function actorRef(actor: Actor | ActorRef): ActorRef {
  return { id: actor.id, name: actor.name };
}
