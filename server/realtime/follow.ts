// Several processes on one database (PostgreSQL): each holds the boards of the events its screens
// have open and tells its own screens every change, in order. A process learns of another's
// change by a notice through the Socket.IO adapter, or, when a notice is lost (a process killed
// between its commit and its notice), by looking at the versions every second: a change is
// caught up by version, never skipped. Processes also tell each other their open connections per
// network (shareOpenConnections), so that a venue's bound holds on all of them together.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../db/store.ts';
import type { CommandWriter } from '../writer.ts';
import type { PitchboardServer } from './handshake.ts';
import { CONNECTIONS_TOLD_EVERY_MS, type OpenConnections } from './open-connections.ts';

/** How often the versions of the events held are compared with the database's. */
export const FOLLOW_EVERY_MS = 1_000;
/** The phones' counts are compared every few of those. */
const TAPS_EVERY = 2;

/** What a process tells the others: it committed a change, or recorded taps. */
export interface Notices {
  changed(eventId: number, version: number): void;
  tapped(eventId: number): void;
}

/** No other process to tell (one process, or SQLite). */
export const NO_NOTICES: Notices = { changed: () => {}, tapped: () => {} };

/**
 * Follows the other processes' changes and taps, and returns how to tell them of this one's.
 * `tapsChanged` hears counts another process's phones changed.
 */
export function followOthers(deps: {
  io: PitchboardServer;
  store: Store;
  writer: CommandWriter;
  tapsChanged: (eventId: number, counts: ReadonlyMap<string, number>) => void;
  survive: (error: unknown, where: string) => void;
  /** Whether an adapter carries notices between the processes (without one, the look every second alone). */
  tell: boolean;
  everyMs?: number;
}): Notices {
  const { io, store, writer, survive } = deps;
  const followTaps = async (eventId: number) => {
    const changed = await writer.followTaps(eventId);
    if (changed.size > 0) deps.tapsChanged(eventId, changed);
  };
  io.on('pitchboard:version', (eventId, version) => {
    writer.follow(eventId, version).catch((error: unknown) => survive(error, 'following a change failed'));
  });
  io.on('pitchboard:taps', (eventId) => {
    followTaps(eventId).catch((error: unknown) => survive(error, 'following taps failed'));
  });
  let tick = 0;
  let looking = false;
  const look = async () => {
    const held = writer.heldEvents();
    if (held.length === 0) return;
    const versions = await store.versionsOf(held);
    for (const eventId of held) {
      const version = versions.get(eventId);
      // Deleted by another process (an old event expired): nothing left to follow.
      if (version === undefined) writer.forget(eventId);
      else await writer.follow(eventId, version);
    }
    if (++tick % TAPS_EVERY === 0) for (const eventId of versions.keys()) await followTaps(eventId);
  };
  const timer = setInterval(() => {
    // One look at a time: a slow database does not pile them up.
    if (looking) return;
    looking = true;
    look()
      .catch((error: unknown) => survive(error, 'following other processes failed'))
      .finally(() => (looking = false));
  }, deps.everyMs ?? FOLLOW_EVERY_MS);
  timer.unref();
  io.httpServer?.on('close', () => clearInterval(timer));
  if (!deps.tell) return NO_NOTICES;
  return {
    changed: (eventId, version) => io.serverSideEmit('pitchboard:version', eventId, version),
    tapped: (eventId) => io.serverSideEmit('pitchboard:taps', eventId),
  };
}

/** Tells the other processes this one's counts, and hears theirs, until the server closes. */
export function shareOpenConnections(io: PitchboardServer, connections: OpenConnections, everyMs = CONNECTIONS_TOLD_EVERY_MS): void {
  const self = randomUUID();
  io.on('pitchboard:connections', (process, counts) => connections.heard(process, counts));
  let toldSome = false;
  const timer = setInterval(() => {
    const counts = connections.told();
    const some = Object.keys(counts).length > 0;
    // Nothing to tell, and nothing told before: the others count nothing of this process already.
    if (some || toldSome) io.serverSideEmit('pitchboard:connections', self, counts);
    toldSome = some;
  }, everyMs);
  timer.unref();
  io.httpServer?.on('close', () => clearInterval(timer));
}
