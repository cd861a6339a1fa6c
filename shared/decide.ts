// decide: a command, the board and who sent it → the events that follow, or an error.
// Pure: no clock, no randomness, no I/O. Ids come from the caller's context.
import { applyAll } from './apply.ts';
import {
  cellsOf,
  findSession,
  idleTimer,
  isBlocked,
  nextSlotOf,
  NO_WISHES,
  placementAt,
  placementOf,
  timerRemaining,
  type Board,
  type PitchState,
  type Placement,
  type Session,
  type SessionWishes,
} from './board.ts';
import type { Command, CommandPayload } from './commands.ts';
import { commandError, exhaustiveSwitchError, type CommandError } from './errors.ts';
import { bookableCell, decideFrame, type FrameCommand } from './decide-frame.ts';
import { isValidTimezone } from './event-frame.ts';
import { textProblem } from './fields.ts';
import { LIMITS } from './limits.ts';
import { similarSessions } from './similar.ts';
import { hostNames, hostsOf, samePerson } from './warnings.ts';
import { autofill } from './suggest.ts';
import type { DomainEvent, EventSettingsChanges, SessionTextChanges } from './events.ts';

/** Who sends a command. A giver is proven by a token the server has already checked. */
export type Actor = { role: 'facilitator' } | { role: 'giver'; sessionId: string } | { role: 'public' };

export interface DecideContext {
  newId(prefix: string): string;
  /** The server's clock, ms since epoch: only the pitch countdown needs it. */
  now: number;
}

/** What a decision hands back besides its events: the session a command made, or the placements an auto-fill chose. */
export type DecisionData = { sessionId: string; similar?: Array<{ sessionId: string; title: string }> } | { placements: Placement[] };

export type Decision = { ok: true; events: DomainEvent[]; data?: DecisionData } | { ok: false; error: CommandError };

const fail = (code: CommandError['code'], message: string): Decision => ({ ok: false, error: commandError(code, message) });
const accept = (events: DomainEvent[], data?: DecisionData): Decision => ({ ok: true, events, data });

export function decide(board: Board, command: Command, actor: Actor, context: DecideContext): Decision {
  switch (command.type) {
    case 'session:submit':
      return decideSubmit(board, command.payload, actor, context);
    case 'session:update':
      return decideUpdate(board, command.payload, actor);
    case 'session:withdraw':
      return decideWithdraw(board, command.payload, actor);
    case 'session:place':
      return decidePlace(board, command.payload, actor);
    case 'session:unplace':
      return decideUnplace(board, command.payload, actor);
    case 'session:interest':
      return decideInterest(board, command.payload, actor);
    case 'session:claim':
      return decideClaim(board, command.payload, actor);
    case 'session:release':
      return decideRelease(board, command.payload, actor);
    case 'session:reissue':
      return decideReissue(board, command.payload, actor);
    case 'event:update':
      return decideEventUpdate(board, command.payload, actor);
    case 'board:undo':
    case 'board:redo':
      // Undo and redo need the event log: the writer decides them with shared/undo.ts.
      return fail('internal', 'Undo is decided by the writer.');
    case 'session:merge':
      return decideMerge(board, command.payload, actor);
    case 'board:autofill': {
      if (actor.role !== 'facilitator') return fail('forbidden', 'Only the facilitator fills the plan.');
      const placements = autofill(board, context.now);
      // A preview changes nothing; the real thing is one change, taken back by one undo.
      return accept(command.payload.dryRun ? [] : placements.map((p): DomainEvent => ({ type: 'session.placed', ...p })), { placements });
    }
    case 'event:rotate-key':
      return actor.role === 'facilitator' ? accept([{ type: 'event.key_rotated' }]) : fail('forbidden', 'Only the facilitator may do this.');
    case 'day:add':
    case 'day:update':
    case 'day:remove':
    case 'room:add':
    case 'room:update':
    case 'room:move':
    case 'room:remove':
    case 'slot:add':
    case 'slot:update':
    case 'slot:remove':
    case 'cell:block':
    case 'cell:unblock':
    case 'session:extend':
    case 'session:shrink':
      return decideFrameCommand(board, command, actor, context);
    case 'pitch:start':
    case 'pitch:pause':
    case 'pitch:next':
    case 'pitch:skip':
    case 'pitch:reorder':
    case 'pitch:end':
      return decidePitch(board, command, actor, context.now);
    default:
      return exhaustiveSwitchError(command);
  }
}

/** Trims, drops empty and repeated tags (case-insensitive), keeps the first spelling. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/^#/, '').trim();
    const key = tag.toLocaleLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      result.push(tag);
    }
  }
  return result;
}

/**
 * A new session. A giver names who gives it; the facilitator, typing it in right after its pitch,
 * may leave the host out, and the session does not join the queue of those still to pitch.
 */
function decideSubmit(board: Board, payload: CommandPayload<'session:submit'>, actor: Actor, context: DecideContext): Decision {
  const byFacilitator = actor.role === 'facilitator';
  const title = payload.title.trim();
  const host = (payload.host ?? '').trim();
  if (!title) return fail('invalid', 'The title is empty.');
  if (!host && !byFacilitator) return fail('invalid', 'The host is empty.');
  const session: Session = {
    id: context.newId('s'),
    title,
    host,
    description: (payload.description ?? '').trim(),
    tags: normalizeTags(payload.tags ?? []),
    interest: null,
    taps: 0,
    revision: 1,
    status: 'pitched',
    wishes: { ...NO_WISHES, ...payload.wishes },
  };
  // The same topic pitched twice is common: the ack names sessions with a similar title, to merge.
  const similar = similarSessions(board, title);
  return accept([byFacilitator ? { type: 'session.submitted', session, pitched: true } : { type: 'session.submitted', session }], {
    sessionId: session.id,
    similar,
  });
}

/** The session, if it exists and the actor may change it. */
function sessionForChange(board: Board, sessionId: string, actor: Actor): Session | CommandError {
  const session = findSession(board, sessionId);
  if (!session) return commandError('not_found', 'There is no such session.');
  const isOwnGiver = actor.role === 'giver' && actor.sessionId === sessionId;
  if (actor.role !== 'facilitator' && !isOwnGiver) {
    return commandError('forbidden', 'Only the facilitator or the session giver may change this session.');
  }
  return session;
}

function facilitatorSession(board: Board, sessionId: string, actor: Actor): Session | CommandError {
  if (actor.role !== 'facilitator') return commandError('forbidden', 'Only the facilitator may do this.');
  return findSession(board, sessionId) ?? commandError('not_found', 'There is no such session.');
}

function isError(value: Session | CommandError): value is CommandError {
  return 'code' in value;
}

function decideUpdate(board: Board, payload: CommandPayload<'session:update'>, actor: Actor): Decision {
  const session = sessionForChange(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (session.status === 'withdrawn') return fail('invalid', 'This session was withdrawn and cannot be edited.');
  if (payload.revision !== session.revision) {
    return fail('conflict', 'This session was changed in the meantime. Check the current text and try again.');
  }
  const changes: SessionTextChanges = {};
  if (payload.title !== undefined) {
    const title = payload.title.trim();
    if (!title) return fail('invalid', 'The title is empty.');
    if (title !== session.title) changes.title = title;
  }
  if (payload.host !== undefined) {
    const host = payload.host.trim();
    if (!host) return fail('invalid', 'The host is empty.');
    if (host !== session.host) changes.host = host;
  }
  if (payload.description !== undefined) {
    const description = payload.description.trim();
    if (description !== session.description) changes.description = description;
  }
  if (payload.tags !== undefined) {
    const tags = normalizeTags(payload.tags);
    if (tags.join('\n') !== session.tags.join('\n')) changes.tags = tags;
  }
  if (payload.wishes !== undefined) {
    const wishes: SessionWishes = { ...session.wishes, ...payload.wishes };
    if (JSON.stringify(wishes) !== JSON.stringify(session.wishes)) changes.wishes = wishes;
  }
  if (Object.keys(changes).length === 0) return accept([]);
  return accept([{ type: 'session.updated', sessionId: session.id, changes, revision: session.revision + 1 }]);
}

function decideWithdraw(board: Board, payload: CommandPayload<'session:withdraw'>, actor: Actor): Decision {
  const session = sessionForChange(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (session.status === 'withdrawn') return accept([]);
  const events: DomainEvent[] = [];
  if (placementOf(board, session.id)) events.push({ type: 'session.unplaced', sessionId: session.id });
  events.push({ type: 'session.withdrawn', sessionId: session.id });
  return accept(events);
}

function decidePlace(board: Board, payload: CommandPayload<'session:place'>, actor: Actor): Decision {
  const session = facilitatorSession(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (session.status === 'withdrawn') return fail('invalid', 'A withdrawn session cannot be placed.');
  const found = bookableCell(board, payload);
  if ('code' in found) return { ok: false, error: found };
  const { cell: target, room, slot } = found;
  if (isBlocked(board, target)) return fail('not_bookable', `${room.name} is not available at ${slot.start}.`);
  const occupant = placementAt(board, target);
  const occupantId = occupant?.sessionId ?? null;
  if (payload.expectedOccupant !== undefined && payload.expectedOccupant !== occupantId) {
    const taker = occupantId ? findSession(board, occupantId)?.title : undefined;
    return fail('cell_taken', taker ? `${room.name} at ${slot.start} now holds "${taker}".` : `${room.name} at ${slot.start} changed in the meantime.`);
  }
  if (occupantId === session.id && cellsOf(board, session.id)[0]?.slotId === slot.id) return accept([]);
  if (occupantId && occupantId !== session.id && cellsOf(board, occupantId).length > 1) {
    const title = findSession(board, occupantId)?.title ?? 'A double session';
    return fail('cell_taken', `"${title}" is a double session there: shrink or move it first.`);
  }

  const origin = placementOf(board, session.id);
  const events: DomainEvent[] = [];
  const swapping = occupantId !== null && occupantId !== session.id;
  // The occupant leaves first, so the board never holds two sessions in one cell,
  // not even between two events.
  if (swapping) events.push({ type: 'session.unplaced', sessionId: occupantId });
  events.push({ type: 'session.placed', sessionId: session.id, ...target });
  if (swapping && origin) {
    events.push({ type: 'session.placed', sessionId: occupantId, roomId: origin.roomId, slotId: origin.slotId });
  }
  // A double session stays double where the slot below is free; otherwise it becomes single.
  // Placed before its turn at the microphone: it no longer waits for it.
  if (board.pitch.queue.includes(session.id)) events.push({ type: 'session.dequeued', sessionId: session.id });
  if (cellsOf(board, session.id).length > 1) {
    const moved = applyAll(board, events);
    const below = nextSlotOf(moved, slot.id);
    const cell = below && { roomId: room.id, slotId: below.id };
    if (cell && !isBlocked(moved, cell) && !placementAt(moved, cell)) events.push({ type: 'session.extended', sessionId: session.id, ...cell });
  }
  return accept(events);
}

function decideUnplace(board: Board, payload: CommandPayload<'session:unplace'>, actor: Actor): Decision {
  const session = facilitatorSession(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (!placementOf(board, session.id)) return accept([]);
  return accept([{ type: 'session.unplaced', sessionId: session.id }]);
}

function decideInterest(board: Board, payload: CommandPayload<'session:interest'>, actor: Actor): Decision {
  const session = facilitatorSession(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (session.interest === payload.interest) return accept([]);
  return accept([{ type: 'session.interest_set', sessionId: session.id, interest: payload.interest }]);
}

function decideClaim(board: Board, payload: CommandPayload<'session:claim'>, actor: Actor): Decision {
  const session = sessionForChange(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (session.status === 'withdrawn') return fail('invalid', 'A withdrawn session cannot claim a slot.');
  if (actor.role !== 'facilitator' && board.event.claiming !== 'open') {
    return fail('claiming_closed', 'Claiming slots is closed right now. The facilitator opens it.');
  }
  const target = bookableCell(board, payload);
  if ('code' in target) return { ok: false, error: target };
  const where = `${target.room.name} at ${target.slot.start}`;
  if (isBlocked(board, target.cell)) return fail('not_bookable', `${where} is not available.`);
  const occupant = placementAt(board, target.cell);
  if (occupant?.sessionId === session.id && cellsOf(board, session.id).length === 1) return accept([]);
  if (occupant && occupant.sessionId !== session.id) return fail('cell_taken', `${where} was just taken by another session.`);
  // A session holds one cell: claiming another moves it there.
  return accept([{ type: 'session.placed', sessionId: session.id, ...target.cell }]);
}

function decideRelease(board: Board, payload: CommandPayload<'session:release'>, actor: Actor): Decision {
  const session = sessionForChange(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  if (actor.role !== 'facilitator' && board.event.claiming !== 'open') {
    return fail('claiming_closed', 'Slots can only be released while claiming is open. Ask the facilitator.');
  }
  if (!placementOf(board, session.id)) return accept([]);
  return accept([{ type: 'session.unplaced', sessionId: session.id }]);
}

function decideReissue(board: Board, payload: CommandPayload<'session:reissue'>, actor: Actor): Decision {
  const session = facilitatorSession(board, payload.sessionId, actor);
  if (isError(session)) return { ok: false, error: session };
  return accept([{ type: 'session.token_reissued', sessionId: session.id }], { sessionId: session.id });
}

function decideEventUpdate(board: Board, payload: CommandPayload<'event:update'>, actor: Actor): Decision {
  if (actor.role !== 'facilitator') return fail('forbidden', 'Only the facilitator may change the event.');
  const current = board.event;
  const changes: EventSettingsChanges = {};
  if (payload.title !== undefined) {
    const title = payload.title.trim();
    if (!title) return fail('invalid', 'The title is empty.');
    if (title !== current.title) changes.title = title;
  }
  if (payload.timezone !== undefined) {
    if (!isValidTimezone(payload.timezone)) return fail('invalid', `"${payload.timezone}" is not a time zone (e.g. Europe/Berlin).`);
    if (payload.timezone !== current.timezone) changes.timezone = payload.timezone;
  }
  if (payload.pitchSeconds !== undefined && payload.pitchSeconds !== current.pitchSeconds) changes.pitchSeconds = payload.pitchSeconds;
  if (payload.claiming !== undefined && payload.claiming !== current.claiming) changes.claiming = payload.claiming;
  if (Object.keys(changes).length === 0) return accept([]);
  const events: DomainEvent[] = [{ type: 'event.updated', changes }];
  // A countdown that has not been touched yet follows the new pitch length.
  const timer = board.pitch.timer;
  if (changes.pitchSeconds !== undefined && timer.runningSince === null && timer.remainingMs === timer.durationMs) {
    events.push({ type: 'pitch.updated', pitch: { ...board.pitch, timer: idleTimer(changes.pitchSeconds) } });
  }
  return accept(events);
}

type PitchCommand = Extract<Command, { type: `pitch:${string}` }>;

function decidePitch(board: Board, command: PitchCommand, actor: Actor, now: number): Decision {
  if (actor.role !== 'facilitator') return fail('forbidden', 'Only the facilitator runs the pitch.');
  const next = nextPitch(board, command, now);
  if ('code' in next) return { ok: false, error: next };
  if (JSON.stringify(next) === JSON.stringify(board.pitch)) return accept([]);
  return accept([{ type: 'pitch.updated', pitch: next }]);
}

function nextPitch(board: Board, command: PitchCommand, now: number): PitchState | CommandError {
  const { queue, current, timer } = board.pitch;
  const fresh = idleTimer(board.event.pitchSeconds);
  switch (command.type) {
    case 'pitch:start': {
      if (current === null) {
        const [first, ...rest] = queue;
        if (first === undefined) return commandError('invalid', 'Nobody is waiting to pitch.');
        return { queue: rest, current: first, timer: { ...fresh, runningSince: now } };
      }
      if (timer.runningSince !== null) return board.pitch;
      // A countdown that ran out starts over; a paused one resumes.
      const remainingMs = timer.remainingMs > 0 ? timer.remainingMs : timer.durationMs;
      return { queue, current, timer: { ...timer, remainingMs, runningSince: now } };
    }
    case 'pitch:pause':
      if (timer.runningSince === null) return board.pitch;
      return { queue, current, timer: { ...timer, remainingMs: timerRemaining(timer, now), runningSince: null } };
    case 'pitch:next': {
      // The next giver steps up and the countdown runs at once: one press between two pitches.
      const [first, ...rest] = queue;
      return { queue: rest, current: first ?? null, timer: first === undefined ? fresh : { ...fresh, runningSince: now } };
    }
    case 'pitch:end':
      // The round is over: nobody at the microphone, the projector shows the plan only.
      return { queue, current: null, timer: fresh };
    case 'pitch:skip': {
      if (current === null) return commandError('invalid', 'Nobody is pitching right now.');
      const [first, ...rest] = [...queue, current];
      return { queue: rest, current: first ?? null, timer: fresh };
    }
    case 'pitch:reorder': {
      const from = queue.indexOf(command.payload.sessionId);
      if (from < 0) return commandError('not_found', 'That session is not waiting in the pitch queue.');
      const reordered = queue.filter((id) => id !== command.payload.sessionId);
      reordered.splice(Math.min(command.payload.toIndex, reordered.length), 0, command.payload.sessionId);
      return { queue: reordered, current, timer };
    }
    default:
      return exhaustiveSwitchError(command);
  }
}

function decideFrameCommand(board: Board, command: FrameCommand, actor: Actor, context: DecideContext): Decision {
  if (actor.role !== 'facilitator') return fail('forbidden', 'Only the facilitator may change the rooms, slots and days.');
  const result = decideFrame(board, command, context.newId);
  return Array.isArray(result) ? accept(result) : { ok: false, error: result };
}

/**
 * One topic pitched twice becomes one session: the kept one gets the other's hosts and tags (in
 * one text edit), the other leaves the plan and the queue (withdrawn). Made of events undo knows.
 */
function decideMerge(board: Board, payload: CommandPayload<'session:merge'>, actor: Actor): Decision {
  const gone = facilitatorSession(board, payload.sessionId, actor);
  if (isError(gone)) return { ok: false, error: gone };
  const kept = facilitatorSession(board, payload.intoSessionId, actor);
  if (isError(kept)) return { ok: false, error: kept };
  if (gone.id === kept.id) return fail('invalid', 'A session cannot be merged into itself.');
  if (gone.status === 'withdrawn' || kept.status === 'withdrawn') return fail('invalid', 'A withdrawn session cannot be merged.');
  const knownHosts = new Set(hostsOf(kept));
  const newHosts = hostNames(gone).filter((name) => !knownHosts.has(samePerson(name)));
  const host = [kept.host.trim(), ...newHosts].filter(Boolean).join(', ');
  const tags = normalizeTags([...kept.tags, ...gone.tags]);
  // The merged session is checked as an edit of it would be: else its event's export would not import again.
  const hostWrong = host === kept.host ? undefined : textProblem(host, 'host');
  if (hostWrong) return fail('invalid', `Together, the hosts ${hostWrong}: shorten them first.`);
  if (tags.length > LIMITS.tags) return fail('invalid', `Together, the sessions have more than ${LIMITS.tags} tags: remove some first.`);
  const changes: SessionTextChanges = {};
  if (host !== kept.host) changes.host = host;
  if (tags.join('\n') !== kept.tags.join('\n')) changes.tags = tags;
  const events: DomainEvent[] = [];
  if (Object.keys(changes).length > 0) events.push({ type: 'session.updated', sessionId: kept.id, changes, revision: kept.revision + 1 });
  if (placementOf(board, gone.id)) events.push({ type: 'session.unplaced', sessionId: gone.id });
  events.push({ type: 'session.withdrawn', sessionId: gone.id });
  return accept(events);
}
