// Whose request is it: the network address every per-address limit counts under. Behind a proxy
// the address is in X-Forwarded-For, which the client writes too: only the entries the trusted
// proxies added count, from the right, and the first one they do not vouch for is the client
// (as Fastify and Express read trustProxy).
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** PITCHBOARD_TRUST_PROXY: off, the number of proxies in front (hops), or their addresses/subnets. */
export type TrustProxy = false | number | string[];

export class TrustProxyError extends Error {}

/** Reads PITCHBOARD_TRUST_PROXY: empty or unset is off; "1" one proxy; "10.0.0.1, 10.1.0.0/16" those. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0' || text === 'false') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const addresses = text.split(',').map((entry) => entry.trim());
  try {
    proxyAddr.compile(addresses);
  } catch {
    throw new TrustProxyError(
      `PITCHBOARD_TRUST_PROXY must be the number of proxies in front of Pitchboard (e.g. 1) or their addresses (e.g. "127.0.0.1" or "10.0.0.0/8"), not "${text}".`,
    );
  }
  return addresses;
}

/** Whether the hop `index` away (0: the connection's own peer) with address `address` is a trusted proxy. */
export function trustFunction(trust: TrustProxy): (address: string, index: number) => boolean {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, index) => index < trust;
  return proxyAddr.compile(trust);
}

/** The client's address: the right-most entry of the chain that no trusted proxy stands for. */
export function clientAddress(request: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(request, trustFunction(trust));
}
