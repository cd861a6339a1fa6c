// The links people open. The facilitator key goes in the fragment: browsers never send it,
// so it cannot end up in a server or proxy log.
import os from 'node:os';
import { eventPaths, isLoopbackHost, type ServerAddresses } from '../shared/links.ts';

export function publicBaseUrl(port: number, host = '0.0.0.0'): string {
  if (process.env.PUBLIC_URL) return process.env.PUBLIC_URL.replace(/\/+$/, '');
  const listensEverywhere = host === '0.0.0.0' || host === '::';
  const name = listensEverywhere ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** http://<address>:<port> of every IPv4 network interface other than loopback. */
export function lanUrls(port: number): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && info.family === 'IPv4' && !info.internal)
    .map((info) => `http://${info!.address}:${port}`);
}

/** How phones can reach a server listening on `address` (as net.Server.address() tells it). */
export function serverAddresses(address: { address: string; port: number } | null, publicUrl: string | undefined): ServerAddresses {
  if (!address) return { publicUrl: publicUrl ?? null, lanUrls: [] };
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  const own = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    lanUrls: everywhere ? lanUrls(address.port) : isLoopbackHost(address.address) ? [] : [`http://${own}:${address.port}`],
  };
}

export function facilitatorUrl(base: string, slug: string, key: string): string {
  return `${base}${eventPaths.board(slug, key)}`;
}

export function attendeeUrl(base: string, slug: string): string {
  return `${base}${eventPaths.attendee(slug)}`;
}
