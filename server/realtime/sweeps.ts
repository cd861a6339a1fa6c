// What runs on a timer beside the messages: facilitator screens checked against their event's key,
// holds on networks that are over, and the `board:alive` every screen hears.
import type http from 'node:http';
import { ALIVE_EVERY_MS } from '../../shared/protocol.ts';
import type { Store } from '../../db/store.ts';
import type { SocketBudgets } from './budgets.ts';
import type { PitchboardServer, PitchboardSocket } from './handshake.ts';

/** How often open facilitator screens are checked against the event's key. */
const KEY_CHECK_MS = 3_000;

/** How often (at most) networks held back are looked at for holds that are over. */
const HELD_CHECK_MS = 30_000;

/** A facilitator screen whose key was replaced (here or by `npm run event:key`) is told and let go. */
export function revoke(socket: PitchboardSocket): void {
  socket.data.isFacilitator = false;
  socket.emit('facilitator:revoked');
  socket.disconnect(true);
}

/** Whether the key a facilitator screen opened with is still the event's: read from the file, which another process may have changed. */
export const keyStillValid = async (store: Store, socket: PitchboardSocket): Promise<boolean> =>
  socket.data.keyHash === (await store.findEvent(socket.data.slug))?.keyHash;

/**
 * Lets go of this process's facilitator screens whose key is no longer their event's (only the
 * event `slug`'s, when given): the key was replaced here, by another process or by the command line.
 */
export async function revokeReplacedKeys(io: PitchboardServer, store: Store, slug?: string): Promise<void> {
  const current = new Map<string, string | undefined>();
  for (const socket of io.sockets.sockets.values()) {
    if (!socket.data.isFacilitator || (slug !== undefined && socket.data.slug !== slug)) continue;
    const of = socket.data.slug;
    if (!current.has(of)) current.set(of, (await store.findEvent(of))?.keyHash);
    if (socket.data.isFacilitator && socket.data.keyHash !== current.get(of)) revoke(socket);
  }
}

/** Starts the sweeps; they stop when the HTTP server closes. */
export function startSweeps(deps: {
  io: PitchboardServer;
  httpServer: http.Server;
  store: Store;
  budgets: SocketBudgets;
  holdOverAfterMs: number;
  keyCheckMs?: number;
  tellHeld: (eventId: number) => void;
  survive: (error: unknown, where: string) => void;
}): void {
  const { io, httpServer, store } = deps;
  // Screens that send nothing hear of a key changed elsewhere within seconds, too.
  const keySweep = setInterval(() => {
    // Tried again at the next sweep; a command checks the key itself meanwhile.
    revokeReplacedKeys(io, store).catch((error: unknown) => deps.survive(error, 'key check failed'));
  }, deps.keyCheckMs ?? KEY_CHECK_MS);
  // A hold that has been quiet for long is over: the facilitator's banner goes too.
  const heldSweep = setInterval(
    () => {
      for (const eventId of deps.budgets.held.forgetQuiet()) deps.tellHeld(eventId);
    },
    Math.min(HELD_CHECK_MS, deps.holdOverAfterMs / 2),
  );
  // One tiny broadcast to every screen of this process: a read-only screen that stops hearing it
  // knows within seconds that its line went silent, without a ping of its own (thousands of
  // phones answering a ping every 2 s would cost the server far more than one emit).
  const keepAlive = setInterval(() => {
    // Closing (no longer listening): a screen that reconnected meanwhile must not be kept on a
    // line that is about to go, which would hold up the graceful close.
    if (httpServer.listening) io.local.emit('board:alive');
  }, ALIVE_EVERY_MS);
  for (const timer of [keySweep, heldSweep, keepAlive]) timer.unref();
  httpServer.on('close', () => {
    clearInterval(keepAlive);
    clearInterval(keySweep);
    clearInterval(heldSweep);
  });
}
