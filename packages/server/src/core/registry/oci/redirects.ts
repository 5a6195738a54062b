/**
 * Which redirects the client follows. A registry (or whatever answers in its
 * name) can point a GET anywhere; following blindly would let it reach cloud
 * metadata services and internal hosts through Caravan (SSRF), or move a
 * request from https to plain http. Refused: scheme downgrades, link-local
 * addresses (169.254/16, fe80::/10) always, and private or loopback addresses
 * when the registry itself answered from a public address. Names are checked
 * when they resolve (`guardedLookup`), literal addresses before connecting.
 */
import type { BlockList, LookupFunction } from 'node:net';

/**
 * Built on first use with `process.getBuiltinModule`, as transport.ts loads node:http: a client that
 * never meets a redirect does not load node:net and node:dns at start (about 3 MiB of RSS).
 */
let lists: { linkLocal: BlockList; privateOrLoopback: BlockList } | undefined;
function blockLists(): { linkLocal: BlockList; privateOrLoopback: BlockList } {
  if (lists !== undefined) return lists;
  const { BlockList: List } = process.getBuiltinModule('node:net');
  const linkLocal = new List();
  linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
  linkLocal.addSubnet('fe80::', 10, 'ipv6');
  const privateOrLoopback = new List();
  for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
    privateOrLoopback.addSubnet(net, prefix, 'ipv4');
  }
  privateOrLoopback.addAddress('::', 'ipv6');
  privateOrLoopback.addAddress('::1', 'ipv6');
  privateOrLoopback.addSubnet('fc00::', 7, 'ipv6');
  return (lists = { linkLocal, privateOrLoopback });
}

const family = (address: string): 'ipv4' | 'ipv6' | undefined => {
  const v = process.getBuiltinModule('node:net').isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
};

/** `[::1]` -> `::1`: URL hostnames keep IPv6 brackets. */
const bare = (hostname: string): string => (hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname);

/** True for an address (or `localhost`) on a private, loopback or link-local network. */
export function isNonPublicAddress(address: string): boolean {
  const a = bare(address);
  if (a.toLowerCase() === 'localhost') return true;
  const f = family(a);
  const { linkLocal, privateOrLoopback } = blockLists();
  return f !== undefined && (privateOrLoopback.check(a, f) || linkLocal.check(a, f));
}

/** Why a redirect may not go to `address`, or undefined when it may. */
export function addressRefusal(address: string, originIsPublic: boolean): string | undefined {
  const a = bare(address);
  const f = family(a);
  const { linkLocal, privateOrLoopback } = blockLists();
  if (f !== undefined && linkLocal.check(a, f)) return `the redirect points at the link-local address ${a}`;
  if (!originIsPublic) return undefined;
  if (a.toLowerCase() === 'localhost' || (f !== undefined && privateOrLoopback.check(a, f))) {
    return `the redirect points from a public registry at the private or loopback address ${a}`;
  }
  return undefined;
}

/** Why the client will not follow a redirect from `from` to `to` (checked before connecting), or undefined. */
export function redirectRefusal(from: URL, to: URL, originIsPublic: boolean): string | undefined {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return `the redirect points at a ${to.protocol} URL`;
  if (from.protocol === 'https:' && to.protocol === 'http:') return `the redirect goes from https to plain http (${to.host})`;
  return addressRefusal(to.hostname, originIsPublic);
}

/**
 * A `lookup` for connections a redirect asked for: the name's addresses are
 * checked as they resolve, so a public-looking name cannot lead to a refused
 * address.
 */
export function guardedLookup(originIsPublic: boolean): LookupFunction {
  return (hostname, options, callback) => {
    process.getBuiltinModule('node:dns').lookup(hostname, options, (err, address, fam) => {
      if (err !== null) { callback(err, address, fam); return; }
      const all = Array.isArray(address) ? address : [{ address, family: fam }];
      const refused = all.map((a) => addressRefusal(a.address, originIsPublic)).find((r) => r !== undefined);
      if (refused !== undefined) {
        callback(Object.assign(new Error(`${hostname}: ${refused}`), { code: 'EREDIRECTREFUSED' }), address, fam);
        return;
      }
      callback(null, address, fam);
    });
  };
}
