// A Socket.IO client spoken by hand over a `ws` WebSocket that sends its asks and then stops
// reading (ws's public pause()): what the server sends it waits in the server's memory or the
// network's. Used by the floods (hostiles.ts, hostile-readers.ts).
import { WebSocket } from 'ws';

/** Connects to the event, sends each Socket.IO packet of `asks` (e.g. `42["board:sync",{}]`), then pauses; resolves once paused. */
export function neverReadingWebSocket(url: string, slug: string, asks: readonly string[], deflate = false): Promise<WebSocket> {
  const base = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${base.host}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: deflate });
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('0')) socket.send(`40${JSON.stringify({ event: slug })}`);
      else if (text.startsWith('40')) {
        for (const ask of asks) socket.send(ask);
        socket.pause();
        resolve(socket);
      }
    });
    socket.on('error', reject);
  });
}
