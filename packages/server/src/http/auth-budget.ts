/**
 * A budget of bad bearer tokens per client address: a token bucket that holds
 * `burst` failures and refills `refillPerMinute` of them a minute. While an
 * address has budget, a bad token costs one and answers 401; once it is spent,
 * bad tokens from that address answer 429 with `Retry-After` (the seconds until
 * one failure is refilled).
 *
 * Only failures are budgeted, and a valid token always passes and resets
 * nothing: it is checked before the budget is looked at, so a flood from a
 * neighbour behind the same address (or from the caller's own broken script)
 * never locks the caller out, and an attacker cannot refill the budget by
 * mixing in a token it holds. The budget does not keep secrets from being
 * guessed (their 256 random bits do); it tells a client that keeps sending bad
 * tokens to back off, and keeps such a client's noise bounded.
 *
 * The address is the socket's peer. `X-Forwarded-For` is believed only when
 * that peer is a trusted proxy (addresses or CIDR blocks), and then the client
 * is the right-most address in it that is not a trusted proxy itself: the ones
 * to its left were written by the client and prove nothing. IPv6 clients are
 * budgeted per /64, since one host usually holds a whole /64. A request with
 * no socket (the app's `fetch` called in-process) comes from the program
 * itself and is not budgeted.
 *
 * Memory is bounded: at most `maxAddresses` buckets are kept, least recently
 * used first out. An address dropped that way starts again with a full
 * budget, which is what it would have after a quiet while anyway.
 */
import { BlockList, isIP, isIPv6 } from 'node:net';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export interface AuthBudgetOptions {
  /** Bad tokens an address may send in a row before it gets 429 (default 20). */
  burst: number;
  /** Bad tokens an address earns back a minute (default 10). */
  refillPerMinute: number;
  /** Addresses kept at once (default 10 000); the least recently seen go first. */
  maxAddresses: number;
  /** Proxies (addresses or CIDR blocks, e.g. `10.0.0.0/8`) whose `X-Forwarded-For` is believed. Default none. */
  trustedProxies: readonly string[];
  /** Milliseconds now; for tests. */
  now: () => number;
}

export const DEFAULT_AUTH_BUDGET: Omit<AuthBudgetOptions, 'now'> = { burst: 20, refillPerMinute: 10, maxAddresses: 10_000, trustedProxies: [] };

interface Bucket {
  tokens: number;
  at: number;
}

export class AuthBudget {
  readonly #options: AuthBudgetOptions;
  readonly #buckets = new Map<string, Bucket>();
  readonly #trusted: BlockList;

  constructor(options: Partial<AuthBudgetOptions> = {}) {
    this.#options = { ...DEFAULT_AUTH_BUDGET, now: Date.now, ...options };
    if (!(this.#options.burst >= 1) || !(this.#options.refillPerMinute > 0) || !(this.#options.maxAddresses >= 1)) {
      throw new RangeError('the auth budget needs burst >= 1, refillPerMinute > 0 and maxAddresses >= 1');
    }
    this.#trusted = trustedList(this.#options.trustedProxies);
  }

  /** Addresses currently tracked (bounded by maxAddresses). */
  get size(): number {
    return this.#buckets.size;
  }

  /**
   * Records a bad token from `address`: undefined while the address had budget
   * left (answer 401), else the seconds to wait (answer 429).
   */
  fail(address: string): number | undefined {
    const { burst, refillPerMinute, maxAddresses } = this.#options;
    const now = this.#options.now();
    const perMs = refillPerMinute / 60_000;
    const previous = this.#buckets.get(address);
    const bucket: Bucket = previous === undefined ? { tokens: burst, at: now } : { tokens: Math.min(burst, previous.tokens + (now - previous.at) * perMs), at: now };
    // Re-inserted so the Map's order is least recently used first.
    this.#buckets.delete(address);
    this.#buckets.set(address, bucket);
    while (this.#buckets.size > maxAddresses) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** The budget key of the request's client, or undefined when it came through no socket. */
  clientOf(c: Context): string | undefined {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      return undefined; // in-process: no Node request behind this Context
    }
    if (peer === undefined || isIP(peer) === 0) return undefined;
    let client = canonical(peer);
    if (this.#isTrusted(client)) {
      const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter((a) => isIP(a) !== 0).map(canonical);
      for (let i = forwarded.length - 1; i >= 0; i--) {
        client = forwarded[i]!;
        if (!this.#isTrusted(client)) break;
      }
    }
    return budgetKey(client);
  }

  #isTrusted(address: string): boolean {
    return this.#options.trustedProxies.length > 0 && this.#trusted.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  }
}

function trustedList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.trim().split('/') as [string, string | undefined];
    const family = isIP(address);
    if (family === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw new RangeError(`trusted proxy ${entry} is not an address or a CIDR block`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as the IPv4 address it is. */
function canonical(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/** IPv4 as is; IPv6 as its /64 (the first four groups, expanded). */
function budgetKey(address: string): string {
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => (g.includes('.') ? g : parseInt(g, 16).toString(16))).join(':')}::/64`;
}
