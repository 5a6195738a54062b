/**
 * The clock port: the core asks it for "now" so tests can move time and every
 * timestamp the core writes has the same shape (ISO-8601, UTC, milliseconds).
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 UTC with millisecond precision: the store's time format. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** `ms` milliseconds after the clock's now, as an ISO string. */
export function isoAfter(clock: Clock, ms: number): string {
  return new Date(clock.now().getTime() + ms).toISOString();
}
