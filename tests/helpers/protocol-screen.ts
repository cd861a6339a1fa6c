// Screens that follow the protocol as the client does, without a browser, and a loopback proxy in
// front of the servers: for the resilience tests that kill, stop and restart servers under them.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import type { Ack, EventsBroadcast, Snapshot } from '../../shared/protocol.ts';
import { sleep } from './time.ts';

/**
 * A loopback proxy to wherever `target` says for each new connection (the one server as it
 * restarts, or one process after another), cutting a random connection every `dropEveryMs`
 * (never, for Infinity).
 */
export function droppingProxy(target: () => number, dropEveryMs: number) {
  const pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  let dropped = 0;
  const server = net.createServer((browserSide) => {
    const serverSide = net.connect(target(), '127.0.0.1');
    const pair = { a: browserSide, b: serverSide };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      browserSide.destroy();
      serverSide.destroy();
    };
    browserSide.pipe(serverSide).pipe(browserSide);
    browserSide.on('error', end).on('close', end);
    serverSide.on('error', end).on('close', end);
  });
  let dropping = true;
  const timer = setInterval(
    () => {
      if (!Number.isFinite(dropEveryMs) || !dropping || pairs.size === 0) return;
      const victim = [...pairs][Math.floor(Math.random() * pairs.size)]!;
      victim.a.destroy();
      victim.b.destroy();
      dropped++;
    },
    Math.min(dropEveryMs, 2 ** 31 - 1),
  );
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))),
    stopDropping: () => (dropping = false),
    dropped: () => dropped,
    /** The connections it carries now. */
    open: () => pairs.size,
    close: () => {
      clearInterval(timer);
      pairs.forEach((p) => (p.a.destroy(), p.b.destroy()));
      server.close();
    },
  };
}

/** A screen that keeps the board as the client does: catch-up by version, gaps resynced. */
export class ProtocolScreen {
  board: Board | undefined;
  version = 0;
  resyncs = 0;
  readonly socket: Socket;
  #closed = false;
  readonly #device = randomUUID().replaceAll('-', '');

  constructor(
    url: string,
    slug: string,
    key?: string,
    private readonly lossy = false,
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 300,
      // A device id of its own, as the app sends: phones behind one address do not share one budget.
      auth: (send) => send({ event: slug, device: this.#device, ...(key ? { key } : {}), ...(this.board ? { version: this.version } : {}) }),
    });
    // As the app does (client/lib/board.svelte.ts): Socket.IO leaves reconnecting to the screen when
    // the server hung up on purpose (a restart) or refused it for a moment (a process starting or
    // stopping, too many at once); sooner here than the app's 10–30 s.
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' && !this.#closed) this.socket.connect();
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if ((code === 'rate_limited' || code === 'internal') && !this.#closed)
        setTimeout(() => !this.#closed && this.socket.connect(), 200 + Math.random() * 800);
    });
    this.socket.on('board:snapshot', (snapshot: Snapshot) => this.#replace(snapshot));
    // A board over 16 KB is not sent over the socket: its version is, and the board comes over HTTP.
    this.socket.on('board:version', ({ version }: { version: number }) => {
      if (this.board && this.version === version) return;
      serverBoard(url, slug).then(
        (answer) => answer.version >= this.version && this.#replace({ ...answer, serverTime: Date.now() } as Snapshot),
        () => this.socket.disconnect().connect(),
      );
    });
    let received = 0;
    this.socket.on('board:events', (broadcast: EventsBroadcast) => {
      // The broken variant: a screen that loses a change now and then and never notices.
      if (this.lossy && ++received % 5 === 0) return;
      this.#receive(broadcast);
    });
  }

  /**
   * Asks for the whole board, as the app does (client/lib/board.svelte.ts `resync`): an answer
   * older than the board this screen has by then is dropped; one refused for asking too often is
   * asked again a few seconds later; one lost to the dropping proxy is asked for again while the
   * connection stays up (a reconnect brings a snapshot or the changes missed anyway).
   */
  #sync() {
    this.socket
      .timeout(3000)
      .emitWithAck('board:sync', {})
      .then((ack: Ack<Snapshot>) => {
        if (ack.ok) {
          if (ack.data!.version >= this.version) this.#replace(ack.data!);
        } else if (ack.error.code === 'rate_limited') setTimeout(() => !this.#closed && this.#sync(), 5000 + Math.random() * 3000);
      })
      .catch(() => {
        if (this.socket.connected) setTimeout(() => this.#sync(), 200);
      });
  }

  #replace(snapshot: Snapshot) {
    this.board = snapshot.board;
    this.version = snapshot.version;
  }

  #receive(broadcast: EventsBroadcast) {
    if (!this.board || broadcast.version <= this.version) return;
    if (broadcast.version !== this.version + 1 && !this.lossy) {
      this.resyncs++;
      this.#sync();
      return;
    }
    this.board = applyAll(this.board, broadcast.events);
    this.version = broadcast.version;
  }

  close() {
    this.#closed = true;
    this.socket.disconnect();
  }
}

/** Arrays in a fixed order: the same board compares equal however it was put together. */
export function canonical(board: Board): unknown {
  return JSON.parse(JSON.stringify(board), (_key, value: unknown) =>
    Array.isArray(value) ? [...value].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : value,
  );
}

export async function serverBoard(url: string, slug: string): Promise<{ version: number; board: Board }> {
  return (await fetch(`${url}/api/events/${slug}/board`)).json() as Promise<{ version: number; board: Board }>;
}

/** Waits (up to `withinMs`) until every screen has the server's version; answers which ones show another board. */
export async function diverged(screens: ProtocolScreen[], url: string, slug: string, withinMs = 15_000): Promise<number[]> {
  const truth = await serverBoard(url, slug);
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && screens.some((s) => s.version < truth.version)) await sleep(100);
  const expected = JSON.stringify(canonical(truth.board));
  return screens.flatMap((screen, index) => (screen.version === truth.version && JSON.stringify(canonical(screen.board!)) === expected ? [] : [index]));
}

/** One facilitator command, retried with its commandId until the server answers it. */
export async function sendUntilAnswered(screen: ProtocolScreen, name: string, payload: Record<string, unknown>): Promise<Ack> {
  for (;;) {
    try {
      return await screen.socket.timeout(1500).emitWithAck(name, payload);
    } catch {
      await sleep(100);
    }
  }
}
