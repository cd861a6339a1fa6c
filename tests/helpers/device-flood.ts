// Phones that name themselves: `count` sockets from this one address, each with a device id of
// its own, asking questions as fast as they are answered, in a process of their own until its
// stdin closes; then prints how many were answered and refused as JSON.
//   node --import tsx tests/helpers/device-flood.ts <url> <slug> <count>
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Ack, BoardAnswer } from '../../shared/protocol.ts';

const [url, slug, count] = process.argv.slice(2) as [string, string, string];
const counts = { answered: 0, refused: 0 };
let running = true;

async function ask(socket: Socket, sessionId: string): Promise<void> {
  while (running) {
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (socket.timeout(10_000).emitWithAck(i % 2 ? 'board:ping' : 'session:suggest', i % 2 ? {} : { sessionId }) as Promise<Ack>).catch(() => null),
      ),
    );
    for (const ack of acks) {
      if (ack?.ok) counts.answered++;
      else if (ack?.error.code === 'rate_limited') counts.refused++;
    }
  }
}

// The board of a big camp comes over HTTP (the socket only names its version).
const { board } = (await (await fetch(`${url}/api/events/${slug}/board`)).json()) as BoardAnswer;
const sessionId = board.sessions[0]!.id;
const sockets = await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const device = `made-up-${randomBytes(12).toString('hex')}`;
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { event: slug, device } });
    // Connected once the server sends the board or its version.
    await new Promise((resolve) => {
      socket.once('board:snapshot', resolve);
      socket.once('board:version', resolve);
    });
    return { socket, sessionId };
  }),
);
console.log('flooding');
const asking = sockets.map(({ socket, sessionId }) => ask(socket, sessionId));
process.stdin.once('end', () => (running = false)).resume();
await Promise.all(asking);
sockets.forEach(({ socket }) => socket.close());
console.log(JSON.stringify(counts));
process.exit(0);
