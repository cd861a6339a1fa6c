// The yardstick for bench/reconnect-storm.ts: a bare Socket.IO server on an HTTP server, with
// the transport settings Pitchboard uses, and nothing else. Prints its address like server/main.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { TRANSPORT_OPTIONS } from '../server/realtime.ts';

const httpServer = http.createServer();
const io = new Server(httpServer, TRANSPORT_OPTIONS);
io.on('connection', () => {});
httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  console.log(`bare Socket.IO listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
