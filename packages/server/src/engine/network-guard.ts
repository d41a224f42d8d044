/**
 * The SSRF guard. Endpoint URLs come from users, so a delivery must not be steerable at the cloud metadata
 * service, the host's own loopback, or the private network behind it. The check runs on the address actually
 * connected to (after DNS), so a name that resolves to a public address at creation and to 169.254.169.254 at
 * send time (DNS rebinding) is still refused.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { RoomhooksError } from '../errors.js';

export interface NetworkPolicy {
  /** Allow 127.0.0.0/8 and ::1. Default false. */
  allowLoopback?: boolean;
  /** Allow private, link-local (incl. metadata), CGNAT and unique-local ranges. Default false. */
  allowPrivate?: boolean;
}

function blockList(ranges: readonly [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const list = new BlockList();
  for (const [net, prefix, family] of ranges) list.addSubnet(net, prefix, family);
  return list;
}

const LOOPBACK = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

const PRIVATE = blockList([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['169.254.0.0', 16, 'ipv4'], // link-local, incl. 169.254.169.254 metadata
  ['fc00::', 7, 'ipv6'], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10, 'ipv6'], // link-local
]);

// Never a sensible webhook target, whatever the policy: "this host", multicast, broadcast and reserved space.
const ALWAYS = blockList([
  ['0.0.0.0', 8, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]);

/** Unwraps IPv4-mapped IPv6 (`::ffff:10.0.0.1`) so the IPv4 rules apply to it. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  if (isIP(address) !== 6) return { address, family: 'ipv4' };
  const embedded = embeddedIpv4(address);
  return embedded ? { address: embedded, family: 'ipv4' } : { address, family: 'ipv6' };
}

/**
 * The IPv4 address inside a NAT64 (64:ff9b::/96) or IPv4-compatible (::a.b.c.d) IPv6 address: a gateway
 * turns those into connections to the IPv4 address, so they must pass the IPv4 rules. BlockList does not
 * unwrap these two forms itself (it does unwrap ::ffff:0:0/96).
 */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  const compatible = groups.slice(0, 6).every((g) => g === 0) && (groups[6]! !== 0 || groups[7]! > 1);
  if (!nat64 && !compatible) return undefined;
  return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
}

/** Eight 16-bit groups of a valid IPv6 address (dotted tail allowed), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) =>
    parseInt(g, 16),
  );
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** Why `address` is refused under `policy`, or undefined when it is allowed. */
export function refusalReason(address: string, policy: NetworkPolicy): string | undefined {
  const { address: a, family } = normalise(address);
  if (ALWAYS.check(a, family)) return `${address} is a reserved address`;
  if (!policy.allowLoopback && LOOPBACK.check(a, family)) {
    return `${address} is a loopback address (allow it with network.allowLoopback)`;
  }
  if (!policy.allowPrivate && PRIVATE.check(a, family)) {
    return `${address} is a private or link-local address (allow it with network.allowPrivate)`;
  }
  return undefined;
}

/**
 * Resolves `hostname` and returns the first allowed address, or throws `address_forbidden` naming the refused one.
 * IP literals are checked as they are.
 */
export async function resolveAllowed(hostname: string, policy: NetworkPolicy): Promise<string> {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const addresses = isIP(bare)
    ? [bare]
    : (await dnsLookup(bare, { all: true, verbatim: true })).map((r) => r.address);
  let reason: string | undefined;
  for (const address of addresses) {
    reason = refusalReason(address, policy);
    if (reason === undefined) return address;
  }
  throw new RoomhooksError('address_forbidden', `${hostname}: ${reason ?? 'no address'}`);
}
