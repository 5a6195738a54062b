/**
 * The token rows `authenticate` has looked up lately, so a client sending
 * thousands of requests a second with one token costs one store lookup per
 * second instead of one per request.
 *
 * Revocation stays safe: a row is used for at most `TOKEN_CACHE_MS` after the
 * lookup that fetched it began, so a token revoked by another replica (or by
 * `caravan-server admin` on the same database) is refused here within that
 * bound; one revoked through this process is dropped at once (`forget`), and a
 * lookup that was in flight while it was dropped does not put it back. Expiry
 * is checked on every request against the cached `expiresAt`, so the cache
 * never stretches a token's life. Only tokens that exist are kept: an unknown
 * secret is looked up each time and fills nothing.
 */
import type { TokenRow } from '../store/port.js';

/** The longest another replica's revocation can go unseen here, in milliseconds. */
export const TOKEN_CACHE_MS = 1_000;
/** Enough for every token of a large installation; past it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly row: TokenRow;
  /** performance.now() when the lookup that fetched `row` began. */
  readonly fetchedAt: number;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped by `forget`: a lookup begun before it does not store what it found. */
  #epoch = 0;

  constructor(private readonly ttlMs = TOKEN_CACHE_MS) {}

  /** The row for a secret's hash, from the cache while fresh, else from `load` (the store). */
  async lookup(hash: string, load: (hash: string) => Promise<TokenRow | undefined>): Promise<TokenRow | undefined> {
    // Monotonic time: a wall clock set back (or a test's fixed clock) must not keep a row forever.
    const now = performance.now();
    const hit = this.#entries.get(hash);
    if (hit !== undefined && now - hit.fetchedAt < this.ttlMs) return hit.row;
    const epoch = this.#epoch;
    const row = await load(hash);
    this.#entries.delete(hash);
    if (row !== undefined && epoch === this.#epoch) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(hash, { row, fetchedAt: now });
    }
    return row;
  }

  /** Drops the token with this id (revoked here): its next request is looked up again. */
  forget(id: string): void {
    this.#epoch++;
    for (const [hash, entry] of this.#entries) if (entry.row.id === id) this.#entries.delete(hash);
  }
}
