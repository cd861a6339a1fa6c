// Addresses the server posts to on someone's say-so (a phone's push service, a facilitator's
// webhook): https, and never this machine or the networks behind it, so that nobody can make the
// server reach what only it can reach. Tests' own receivers are plain http on this machine: a
// switch per use lets them through (PITCHBOARD_PUSH_ALLOW_HTTP, PITCHBOARD_WEBHOOK_ALLOW_HTTP).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Loopback, private, link-local, shared and other addresses no outside service has. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is one no outside service has (an IPv4 address mapped into IPv6 is checked as itself). */
export function isNotPublic(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return NOT_PUBLIC.check(mapped, 'ipv4');
  const family = isIP(address);
  return family === 0 || NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why an address may not be posted to. */
export type AddressProblem = 'not an address' | 'not https' | 'not public';

/**
 * Why the server may not post to this address, or undefined: it must be https and must not name
 * this machine or its networks, unless `allowHttp` (tests only) lets http and local ones through.
 * A name is checked again when posting (`publicHost`): it may point anywhere.
 */
export function outsideAddressProblem(address: string, allowHttp: boolean): AddressProblem | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'not an address';
  }
  if (allowHttp) return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'not https';
  if (url.protocol !== 'https:') return 'not https';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isNotPublic(host))) return 'not public';
  return undefined;
}

/** The server's English for each problem (the pages say it from the refusal's reason). */
export const ADDRESS_PROBLEM_TEXT: Record<AddressProblem, string> = {
  'not an address': 'is not an address',
  'not https': 'must be an https address',
  'not public': 'must not point at a loopback, private or link-local address',
};

/** Whether every address the host of `address` has is public: a name may point anywhere. */
export async function publicHost(address: string): Promise<boolean> {
  const host = new URL(address).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) !== 0 ? [{ address: host }] : await lookup(host, { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every(({ address: ip }) => !isNotPublic(ip));
}
