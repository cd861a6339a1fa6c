// The addresses the server prints and hands the screens (server/links.ts): PUBLIC_URL first, the
// host it listens on, and its network interfaces for phones in the room.
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attendeeUrl, facilitatorUrl, lanUrls, publicBaseUrl, serverAddresses } from '../../server/links.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the address printed at start', () => {
  it('is PUBLIC_URL without trailing slashes when set', () => {
    vi.stubEnv('PUBLIC_URL', 'https://camp.example.org//');
    expect(publicBaseUrl(3000)).toBe('https://camp.example.org');
  });

  it('is localhost when listening everywhere, else the host itself, an IPv6 one in brackets', () => {
    vi.stubEnv('PUBLIC_URL', '');
    expect([publicBaseUrl(3000), publicBaseUrl(3000, '::'), publicBaseUrl(8080, '192.168.1.20'), publicBaseUrl(8080, 'fd00::2')]).toEqual([
      'http://localhost:3000',
      'http://localhost:3000',
      'http://192.168.1.20:8080',
      'http://[fd00::2]:8080',
    ]);
  });

  it('puts the key in the board link’s fragment', () => {
    expect(facilitatorUrl('http://x:1', 'camp', 'k')).toBe('http://x:1/e/camp/board#key=k');
    expect(attendeeUrl('http://x:1', 'camp')).toBe('http://x:1/e/camp');
  });
});

describe('the addresses phones can reach', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
    wlan0: undefined,
    docker0: [{ address: '172.17.0.1', family: 'IPv4', internal: false }],
  } as unknown as ReturnType<typeof os.networkInterfaces>;

  it('are every IPv4 interface but loopback, when listening everywhere', () => {
    vi.spyOn(os, 'networkInterfaces').mockReturnValue(interfaces);
    expect(lanUrls(3000)).toEqual(['http://192.168.1.20:3000', 'http://172.17.0.1:3000']);
    expect(serverAddresses({ address: '::', port: 3000 }, 'https://camp.example.org/')).toEqual({
      publicUrl: 'https://camp.example.org',
      lanUrls: ['http://192.168.1.20:3000', 'http://172.17.0.1:3000'],
    });
  });

  it('are the one address listened on, none for a loopback one, and none before listening', () => {
    expect(serverAddresses({ address: '192.168.1.20', port: 80 }, undefined)).toEqual({ publicUrl: null, lanUrls: ['http://192.168.1.20:80'] });
    expect(serverAddresses({ address: 'fd00::2', port: 80 }, undefined).lanUrls).toEqual(['http://[fd00::2]:80']);
    expect(serverAddresses({ address: '127.0.0.1', port: 80 }, undefined).lanUrls).toEqual([]);
    expect(serverAddresses(null, 'https://x')).toEqual({ publicUrl: 'https://x', lanUrls: [] });
    expect(serverAddresses(null, undefined)).toEqual({ publicUrl: null, lanUrls: [] });
  });
});
