/**
 * The id source: sortable ids (ULID-like: 48 bits of milliseconds, then 80
 * random bits, Crockford base32), so a list ordered by id is ordered by
 * creation time. Within one millisecond the random part is incremented, so ids
 * from one process are strictly increasing.
 */
import { randomBytes } from 'node:crypto';

export interface IdSource {
  /** A new id with the given prefix, e.g. `op_01JD...`. */
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** 80 random bits as 16 base32 digits, kept as digit values so they can be incremented. */
function randomDigits(): number[] {
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => b % 32);
}

function increment(digits: number[]): number[] {
  const next = digits.slice();
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  // 2^80 ids in one millisecond: start over with fresh randomness rather than wrap.
  return randomDigits();
}

export function createIdSource(now: () => number = Date.now): IdSource {
  let lastMs = -1;
  let lastDigits: number[] = [];
  return {
    next(prefix: string): string {
      const ms = Math.max(now(), lastMs);
      lastDigits = ms === lastMs ? increment(lastDigits) : randomDigits();
      lastMs = ms;
      return `${prefix}${encodeTime(ms)}${lastDigits.map((d) => ALPHABET[d]).join('')}`;
    },
  };
}
