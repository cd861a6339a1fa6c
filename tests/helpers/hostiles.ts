// The attackers of tests/helpers/flood.ts, in a process of their own until its stdin closes:
//   node --import tsx tests/helpers/hostiles.ts <url> <slug> <sockets> <slow HTTP clients>
// Prints "flooding" once they are under way.
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { WebSocket } from 'ws';
import { neverReadingWebSocket } from './never-reading.ts';
import { sleep } from './time.ts';

const [url, slug, sockets, slowClients] = process.argv.slice(2) as [string, string, string, string];

/** What a hostile phone asks: many whole boards, and the history it may not read. */
const ASKS = Array.from({ length: 40 }, (_, i) => [`42${2 * i}["board:sync",{}]`, `42${2 * i + 1}["board:history",{"limit":200}]`]).flat();

/** A hostile phone that reads its answers, or (slow reader) one that never reads its socket. */
function hostile(slowReader: boolean): Socket | Promise<WebSocket | undefined> {
  // One the server refuses (a limit) is one less attacker, not a crash of the flood.
  if (slowReader) return neverReadingWebSocket(url, slug, ASKS).catch(() => undefined);
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { event: slug } });
  socket.on('connect', () => {
    for (let i = 0; i < 40; i++) {
      socket.emit('board:sync', {}, () => {});
      socket.emit('board:history', { limit: 200 }, () => {});
    }
  });
  return socket;
}

/** A slow HTTP client: sends its request line and then a header byte now and then, never finishing. */
function slowHttp(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET /api/events/${slug}/board HTTP/1.1\r\nHost: x\r\n`));
  const timer = setInterval(() => socket.writable && socket.write('X'), 500);
  socket.on('error', () => {}).on('close', () => clearInterval(timer));
  return socket;
}

const hostiles = Array.from({ length: Number(sockets) }, (_, i) => hostile(i % 2 === 0));
const slow = Array.from({ length: Number(slowClients) }, () => slowHttp(Number(new URL(url).port)));
// A connection storm beside them: sockets that come and go.
let storming = true;
process.stdin.on('end', () => (storming = false)).resume();
console.log('flooding');
while (storming) {
  const wave = Array.from({ length: 20 }, () => io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { event: slug } }));
  await sleep(200);
  wave.forEach((s) => s.disconnect());
}
for (const hostileOne of hostiles) {
  if ('disconnect' in hostileOne) hostileOne.disconnect();
  else void hostileOne.then((socket) => socket?.terminate());
}
slow.forEach((s) => s.destroy());
process.exit(0);
