import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, TrustProxyError } from '../../server/client-address.ts';

/** A request as Node hands it over: the connection's peer and the headers. */
const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('parseTrustProxy', () => {
  it('reads off, a number of proxies, or their addresses and subnets', () => {
    expect([undefined, '', ' ', '0', 'false'].map(parseTrustProxy)).toEqual([false, false, false, false, false]);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16,loopback')).toEqual(['10.0.0.1', '10.1.0.0/16', 'loopback']);
  });

  it('refuses what is neither, with a sentence naming the setting', () => {
    expect(() => parseTrustProxy('proxy.example')).toThrow(TrustProxyError);
    expect(() => parseTrustProxy('10.0.0.1/99')).toThrow(/PITCHBOARD_TRUST_PROXY must be .* not "10.0.0.1\/99"/);
  });
});

describe('clientAddress', () => {
  it('without a trusted proxy is the peer, whatever the header says', () => {
    expect(clientAddress(request('198.51.100.7', '10.0.0.1'), false)).toBe('198.51.100.7');
    expect(clientAddress(request('198.51.100.7', '10.0.0.1'), ['10.9.9.9'])).toBe('198.51.100.7');
  });

  it('behind n proxies is the n-th entry from the right: what the client wrote in front does not count', () => {
    expect(clientAddress(request('10.0.0.2', '203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3'), 2)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2'), 1)).toBe('10.0.0.2');
  });

  it('behind proxies named by address is the right-most entry none of them stands for', () => {
    expect(clientAddress(request('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3'), ['10.0.0.0/8'])).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2', '203.0.113.9, 10.0.0.3'), ['10.0.0.2'])).toBe('10.0.0.3');
  });
});
