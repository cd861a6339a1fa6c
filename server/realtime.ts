// The socket side of the server: Socket.IO on the HTTP server, put together from its parts in
// server/realtime/ — the handshake, the budgets, the sweeps on a timer and the message handlers.
import type { PushNotifier } from './push.ts';
import type { Webhooks } from './webhooks.ts';
import type { FastifyBaseLogger } from 'fastify';
import { Server, type ServerOptions } from 'socket.io';
import type http from 'node:http';
import type { HeldNetwork } from '../shared/protocol.ts';
import type { Store } from '../db/store.ts';
import type { CommandWriter } from './writer.ts';
import { queryAnswers } from './queries.ts';
import { announceEveryMs, TapAnnouncer, TapQueue } from './taps.ts';
import { budgetInMemory, DEFAULT_LIMITS, networkName, type Budget, type CommandLimits } from './rate-limit.ts';
import { SendQueues } from './send-queues.ts';
import type { TrustProxy } from './client-address.ts';
import { SocketBudgets } from './realtime/budgets.ts';
import { Handshakes, refusal, type PitchboardServer, type PitchboardSocket } from './realtime/handshake.ts';
import { eventRoom, listen, sendBoard, type HandlerDeps } from './realtime/handlers.ts';
import { revokeReplacedKeys, startSweeps } from './realtime/sweeps.ts';
import { followOthers, NO_NOTICES, shareOpenConnections } from './realtime/follow.ts';
import { OpenConnections } from './realtime/open-connections.ts';
import { entryOf, isCommandName } from '../shared/commands.ts';

export { eventRoom };

export type { PitchboardServer };

/** Large enough for any valid command, small enough that nobody can stuff the server's memory. */
const MAX_MESSAGE_BYTES = 64 * 1024;

/** How sockets travel; bench/bare-socketio.ts serves the yardstick with the same settings. */
export const TRANSPORT_OPTIONS = {
  maxHttpBufferSize: MAX_MESSAGE_BYTES,
  // Nothing is compressed on the socket: ws would keep a zlib context of about 300 KB for each
  // phone from its first compressed message on (2,000 phones: 600 MB). What is big (a board over
  // 16 KB) goes over HTTP instead, compressed once for every screen (GET /board).
  perMessageDeflate: false,
  serveClient: false,
  // Phones on venue wifi drop often: notice a dead connection within ~45 s.
  pingInterval: 20_000,
  pingTimeout: 25_000,
} satisfies Partial<ServerOptions>;

/** Screens told new counts of taps in one go (see tellTaps). */
const TAPS_CHUNK = 100;

export function attachRealtime(
  httpServer: http.Server,
  deps: {
    store: Store;
    writer: CommandWriter;
    log: FastifyBaseLogger;
    limits?: CommandLimits;
    /** Shared with the pages (see app.ts); its own when not given. */
    failedLookups?: Budget;
    trustProxy?: TrustProxy;
    keyCheckMs?: number;
    push?: PushNotifier;
    webhooks: Webhooks;
    /** What carries notices between processes on one database (main.ts: PostgreSQL's or Redis's); none for one process. */
    adapter?: ServerOptions['adapter'];
    /** Whether the server is shutting down: it takes no more screens (they reconnect elsewhere). */
    stopping?: () => boolean;
  },
): PitchboardServer {
  const { store, writer, log } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const io: PitchboardServer = new Server(httpServer, {
    ...TRANSPORT_OPTIONS,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
    // Refused at the door while shutting down: a screen let go of reconnects at once, and would
    // otherwise come back to this process and keep it from ever closing.
    allowRequest: (_request, answer) => answer(null, !deps.stopping?.()),
  });

  /** A database that fails must not take the process (and every other event) with it. */
  const survive = (error: unknown, where: string, slug?: unknown) => {
    store.noteFailure(error);
    log.error({ err: error, event: typeof slug === 'string' ? slug.slice(0, 64) : undefined }, where);
  };

  /** Tells the facilitator screens of an event which networks are held back now. */
  const tellHeld = (eventId: number): { networks: HeldNetwork[] } => {
    const networks = budgets.held.list(eventId);
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.isFacilitator && socket.data.eventId === eventId) socket.emit('limits:held', { networks });
    }
    return { networks };
  };
  /** Events whose facilitators hear the newest counts within a second (not once per refusal of a flood). */
  const heldTellers = new Map<number, ReturnType<typeof setTimeout>>();
  const tellHeldSoon = (eventId: number, now: boolean) => {
    if (now) tellHeld(eventId);
    else if (!heldTellers.has(eventId)) {
      const timer = setTimeout(() => {
        heldTellers.delete(eventId);
        tellHeld(eventId);
      }, 1000);
      timer.unref();
      heldTellers.set(eventId, timer);
    }
  };
  const budgets = new SocketBudgets(limits, tellHeldSoon);

  /** Tells this process's facilitator screens of an event its webhooks as they are now (one failing, one added). */
  const tellWebhooks = (eventId: number) => {
    const facilitators = [...io.sockets.sockets.values()].filter((socket) => socket.data.isFacilitator && socket.data.eventId === eventId);
    if (facilitators.length === 0) return;
    deps.webhooks.list(eventId).then(
      (webhooks) => facilitators.forEach((socket) => socket.emit('webhook:status', { webhooks })),
      (error: unknown) => survive(error, 'reading webhooks failed'),
    );
  };
  // Those of other processes hear it from theirs.
  io.on('pitchboard:webhooks', tellWebhooks);
  deps.webhooks.whenStatusChanged((eventId) => {
    tellWebhooks(eventId);
    if (deps.adapter) io.serverSideEmit('pitchboard:webhooks', eventId);
  });

  // Several processes tell each other how many connections each network holds open on them.
  const connections = new OpenConnections(limits.connectionsPerAddress);
  if (deps.adapter) shareOpenConnections(io, connections);
  const handshakes = new Handshakes({
    store,
    writer,
    limits,
    connections,
    failedLookups: deps.failedLookups ?? budgetInMemory('failed-lookups', limits.failedLookupsPerAddress),
    trustProxy: deps.trustProxy,
    damaged: (error, slug) => survive(error, 'handshake failed', slug),
  });
  /** What each connection holds unsent: one that does not read is let go with it. */
  const sendQueues = new SendQueues(limits.unsent, (address, unsent) =>
    log.warn({ unsentBytes: unsent, network: networkName(address) }, 'dropped a connection that does not read'),
  );

  /** The screens of an event now. */
  const screensOf = (eventId: number) => {
    const held = writer.held(eventId);
    // Not held (gone, or never opened here): no screen of it here to tell.
    return held ? [...(io.sockets.adapter.rooms.get(eventRoom(held.slug)) ?? [])] : [];
  };
  /**
   * Tells the event's screens new counts, TAPS_CHUNK screens at a time with a turn of the event
   * loop between: a facilitator's command that comes meanwhile waits for one chunk, not for
   * writing to 2,000 phones (bench:taps). Each chunk tells the counts as they are by then, so
   * that a later chunk never undoes a newer count a change's board:events carried meanwhile.
   */
  const tellTaps = (eventId: number, sessionIds: string[], screens: string[], from = 0) => {
    try {
      const now = writer.held(eventId)?.taps() ?? {};
      const taps = Object.fromEntries(sessionIds.map((id) => [id, now[id] ?? 0]));
      for (const id of screens.slice(from, from + TAPS_CHUNK)) io.sockets.sockets.get(id)?.emit('session:taps', { taps });
      if (from + TAPS_CHUNK < screens.length) setImmediate(() => tellTaps(eventId, sessionIds, screens, from + TAPS_CHUNK));
    } catch (error) {
      // The event was deleted meanwhile, or its data cannot be read: nobody to tell.
      survive(error, 'telling taps failed');
    }
  };
  /** Each event's screens hear the phones' new counts, a few times a second at most. */
  const tapAnnouncer = new TapAnnouncer(
    (eventId, taps) => tellTaps(eventId, Object.keys(taps), screensOf(eventId)),
    (eventId) => announceEveryMs(screensOf(eventId).length, limits.tapCountsEveryMs),
  );
  // Other processes on the same database: their changes and taps reach this process's screens.
  const notices = store.shared
    ? followOthers({ io, store, writer, tell: deps.adapter !== undefined, tapsChanged: (eventId, counts) => tapAnnouncer.changed(eventId, counts), survive })
    : NO_NOTICES;
  writer.hearOthers((eventId, broadcast, change) => {
    const held = writer.held(eventId);
    if (!held) return;
    const taps = tapAnnouncer.take(eventId);
    io.local.to(eventRoom(held.slug)).emit('board:events', taps ? { ...broadcast, taps } : broadcast);
    // A key replaced by another process: this process's facilitator screens with the old one go.
    if (isCommandName(change.command) && entryOf(change.command).issues === 'facilitator key') {
      revokeReplacedKeys(io, store, held.slug).catch((error: unknown) => survive(error, 'key check failed'));
    }
  });
  const tapQueue = new TapQueue(
    writer,
    (eventId, counts) => {
      tapAnnouncer.changed(eventId, counts);
      notices.tapped(eventId);
    },
    (error) => survive(error, 'recording taps failed'),
  );
  httpServer.on('close', () => {
    void tapQueue.close();
    tapAnnouncer.close();
  });
  startSweeps({ io, httpServer, store, budgets, holdOverAfterMs: limits.holdOverAfterMs, keyCheckMs: deps.keyCheckMs, tellHeld, survive });

  const handlerDeps: HandlerDeps = {
    io,
    store,
    writer,
    budgets,
    tapAnnouncer,
    push: deps.push,
    webhooks: deps.webhooks,
    notices,
    survive,
    answers: queryAnswers({
      writer,
      webhooks: deps.webhooks,
      taps: tapQueue,
      lift: (eventId, network) => {
        budgets.lift(eventId, network);
        return tellHeld(eventId);
      },
    }),
  };

  io.use((socket, next) => {
    handshakes.admit(socket).then(
      (admitted) => {
        if (admitted instanceof Error) return next(admitted);
        socket.data = admitted;
        next();
      },
      (error: unknown) => {
        survive(error, 'handshake failed', (socket.handshake.auth as { event?: unknown } | undefined)?.event);
        next(refusal('internal', 'The server cannot read its data right now. Please try again in a moment.'));
      },
    );
  });

  io.on('connection', (socket: PitchboardSocket) => {
    socket.data.unsent = sendQueues.watch(socket.conn, socket.data.address);
    socket.on('disconnect', () => budgets.closed(socket.id));
    // Listening at once: what the screen sends while its board is on the way is answered after it.
    const boardSent = sendBoard(socket, handlerDeps);
    listen(socket, handlerDeps, boardSent);
    boardSent.then(
      () => {
        if (!socket.data.isFacilitator) return;
        const networks = budgets.held.list(socket.data.eventId);
        if (networks.length) socket.emit('limits:held', { networks });
        // A webhook given up is said on the board from the start.
        deps.webhooks.list(socket.data.eventId).then(
          (webhooks) => webhooks.some((w) => w.failing) && socket.emit('webhook:status', { webhooks }),
          (error: unknown) => survive(error, 'reading webhooks failed', socket.data.slug),
        );
      },
      (error: unknown) => {
        // The board could not be read: the connection is dropped as a network would drop it, so
        // that the client tries again with its growing pause; the other screens go on.
        survive(error, 'connection failed', socket.data.slug);
        socket.conn.close();
      },
    );
  });

  return io;
}
