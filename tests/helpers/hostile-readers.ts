// Connections that take what the server sends and never read it, of one kind, in a process of
// their own until its stdin closes:
//   node --import tsx tests/helpers/hostile-readers.ts <url> <slug> <kind> <count>
// kind: ws-deflate | ws-plain (a WebSocket offering permessage-deflate or not), poll-gzip |
// poll-plain (Engine.IO long polling, taking gzip or not). Each speaks Engine.IO and Socket.IO
// by hand, asks for whole boards and then stops reading. Prints "holding" once all are in.
import http from 'node:http';
import { WebSocket } from 'ws';
import { neverReadingWebSocket } from './never-reading.ts';

const [url, slug, kind, count] = process.argv.slice(2) as [string, string, string, string];
const base = new URL(url);
/** Socket.IO packets: connect to the main namespace naming the event; then 40 asks for the board. */
const CONNECT = `40${JSON.stringify({ event: slug })}`;
const ASKS = Array.from({ length: 40 }, (_, i) => `42${i}["board:sync",{}]`);

const webSocket = (deflate: boolean) => neverReadingWebSocket(url, slug, ASKS, deflate);

function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers, agent: false }, resolve);
    req.on('error', reject);
    req.end(body);
  });
}

const text = async (response: http.IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

async function longPolling(gzip: boolean): Promise<http.IncomingMessage> {
  const headers: Record<string, string> = gzip ? { 'accept-encoding': 'gzip' } : {};
  const open = await text(await request('GET', '/socket.io/?EIO=4&transport=polling', headers));
  const { sid } = JSON.parse(open.slice(1)) as { sid: string };
  const path = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  // Packets in one body are separated by the record separator (Engine.IO 4).
  await text(await request('POST', path, { 'content-type': 'text/plain' }, [CONNECT, ...ASKS].join('\x1e')));
  // One poll whose answer is never read, and no poll after it: all else waits in the server.
  const poll = await request('GET', path, headers);
  poll.pause();
  return poll;
}

const opened: Array<WebSocket | http.IncomingMessage> = [];
for (let i = 0; i < Number(count); i++) {
  opened.push(await (kind === 'ws-deflate' ? webSocket(true) : kind === 'ws-plain' ? webSocket(false) : longPolling(kind === 'poll-gzip')));
}
console.log('holding');
process.stdin.on('end', () => {
  for (const connection of opened) {
    if (connection instanceof WebSocket) connection.terminate();
    else connection.destroy();
  }
  process.exit(0);
});
process.stdin.resume();
