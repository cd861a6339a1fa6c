// Commands about one session: the giver's submit and edits, the facilitator's placing, counting
// and merging, and the giver's claim of a slot while claiming is open.
import { Type } from '@sinclair/typebox';
import { applyAll } from '../apply.ts';
import { cellsOf, findSession, isBlocked, nextSlotOf, NO_WISHES, placementAt, placementOf, type Board, type Session, type SessionWishes } from '../board.ts';
import { commandError, type CommandError } from '../errors.ts';
import type { DomainEvent, SessionTextChanges } from '../events.ts';
import { closed, CountedInterest, Description, Host, Id, NotesLink, textFieldFault, Tags, Time, Timing, Title } from '../fields.ts';
import { LIMITS } from '../limits.ts';
import { withNotesUrl } from '../notes-link.ts';
import { similarSessions } from '../similar.ts';
import { continuesCount } from '../undo.ts';
import { hostNames, hostsOf, samePerson } from '../warnings.ts';
import { accept, answers, command, CommandId, fail, refused } from './entry.ts';
import { bookableCell } from './frame.ts';

const Token = Type.String({ minLength: 1, maxLength: LIMITS.token });
const Wishes = Type.Object(
  {
    timing: Type.Optional(Timing),
    leaveBy: Type.Optional(Type.Union([Time, Type.Null()])),
    needsProjector: Type.Optional(Type.Boolean()),
  },
  closed,
);
const OneSession = Type.Object({ commandId: CommandId, sessionId: Id }, closed);
/** A session, by its giver (with the token of their link) or by the facilitator. */
const GiversSession = Type.Object({ commandId: CommandId, sessionId: Id, token: Type.Optional(Token) }, closed);

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

const noSuchSession = commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' });
const withdrawn = (message: string) => fail('invalid', 'withdrawn', message);

/** The session a command names, if it exists. */
function existing(board: Board, sessionId: string): Session | CommandError {
  return findSession(board, sessionId) ?? noSuchSession;
}

const isError = (value: Session | CommandError): value is CommandError => 'code' in value;

export const SESSION_COMMANDS = {
  /**
   * A new session. A giver names who gives it; the facilitator, typing it in right after its
   * pitch, may leave the host out, and the session does not join the queue of those still to pitch.
   */
  'session:submit': command({
    schema: Type.Object(
      {
        commandId: CommandId,
        title: Title,
        /** Who gives it; anyone may leave it out (or send "") and add it later. */
        host: Type.Optional(Host),
        description: Type.Optional(Description),
        tags: Type.Optional(Tags),
        wishes: Type.Optional(Wishes),
      },
      closed,
    ),
    who: 'anyone',
    rate: 'submission',
    undoable: true,
    issues: 'giver token',
    data: answers<{ sessionId: string; similar: Array<{ sessionId: string; title: string }> }>(
      '`{ sessionId, token, similar: [{ sessionId, title }] }` — `token` is the giver’s secret for editing; `similar` names sessions with a similar title',
    ),
    history: { en: 'submitted “{title}”', de: 'hat „{title}“ eingereicht' },
    decide(board, payload, actor, context) {
      const byFacilitator = actor.role === 'facilitator';
      const title = payload.title.trim();
      const host = (payload.host ?? '').trim();
      if (!title) return fail('invalid', 'empty', 'The title is empty.', { field: 'title' });
      const session: Session = withNotesUrl(board.event, {
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
        notesLink: '',
        notesUrl: '',
      });
      // The same topic pitched twice is common: the ack names sessions with a similar title, to merge.
      const similar = similarSessions(board, title);
      return accept([byFacilitator ? { type: 'session.submitted', session, pitched: true } : { type: 'session.submitted', session }], {
        sessionId: session.id,
        similar,
      });
    },
  }),

  'session:update': command({
    schema: Type.Object(
      {
        commandId: CommandId,
        sessionId: Id,
        revision: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
        title: Type.Optional(Title),
        host: Type.Optional(Host),
        description: Type.Optional(Description),
        tags: Type.Optional(Tags),
        wishes: Type.Optional(Wishes),
        /** The facilitator's link for this session's notes instead of the event's template; "" goes back to the template. */
        notesLink: Type.Optional(NotesLink),
        token: Type.Optional(Token),
      },
      closed,
    ),
    who: 'giver',
    rate: 'change',
    undoable: true,
    history: { en: 'edited “{title}”', de: 'hat „{title}“ bearbeitet' },
    decide(board, payload, actor) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (session.status === 'withdrawn') return withdrawn('This session was withdrawn and cannot be edited.');
      // Where the notes are is the facilitator's choice: the event's pad, or one the facilitator names.
      if (payload.notesLink !== undefined && actor.role !== 'facilitator') {
        return fail('forbidden', 'facilitator_only', 'Only the facilitator may set a session’s notes link.', { field: 'notesLink' });
      }
      if (payload.revision !== session.revision) {
        return fail('conflict', 'changed_meanwhile', 'This session was changed in the meantime. Check the current text and try again.');
      }
      const changes: SessionTextChanges = {};
      if (payload.title !== undefined) {
        const title = payload.title.trim();
        if (!title) return fail('invalid', 'empty', 'The title is empty.', { field: 'title' });
        if (title !== session.title) changes.title = title;
      }
      if (payload.host !== undefined) {
        // "" takes the host away: a session may be without one until someone takes it.
        const host = payload.host.trim();
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
      if (payload.notesLink !== undefined && payload.notesLink !== session.notesLink) changes.notesLink = payload.notesLink;
      if (Object.keys(changes).length === 0) return accept([]);
      return accept([{ type: 'session.updated', sessionId: session.id, changes, revision: session.revision + 1 }]);
    },
  }),

  'session:withdraw': command({
    schema: GiversSession,
    who: 'giver',
    rate: 'change',
    undoable: true,
    history: { en: 'withdrew “{title}”', de: 'hat „{title}“ zurückgezogen' },
    decide(board, payload) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (session.status === 'withdrawn') return accept([]);
      const events: DomainEvent[] = [];
      if (placementOf(board, session.id)) events.push({ type: 'session.unplaced', sessionId: session.id });
      events.push({ type: 'session.withdrawn', sessionId: session.id });
      return accept(events);
    },
  }),

  'session:place': command({
    schema: Type.Object(
      {
        commandId: CommandId,
        sessionId: Id,
        roomId: Id,
        slotId: Id,
        // What the sender saw in the target cell (a session id, or null for empty). When given,
        // the server refuses with `cell_taken` if the cell changed meanwhile, so two facilitators
        // dropping at once never silently undo each other.
        expectedOccupant: Type.Optional(Type.Union([Id, Type.Null()])),
      },
      closed,
    ),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'put “{title}” in {room} at {time}', de: 'hat „{title}“ nach {room} um {time} gelegt' },
    decide(board, payload) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (session.status === 'withdrawn') return withdrawn('A withdrawn session cannot be placed.');
      const found = bookableCell(board, payload);
      if ('code' in found) return refused(found);
      const { cell: target, room, slot } = found;
      const where = { room: room.name, time: slot.start };
      if (isBlocked(board, target)) {
        return fail('not_bookable', 'cell_blocked', `${room.name} is not available at ${slot.start}.`, { obstacle: { kind: 'closed', ...where } });
      }
      const occupant = placementAt(board, target);
      const occupantId = occupant?.sessionId ?? null;
      if (payload.expectedOccupant !== undefined && payload.expectedOccupant !== occupantId) {
        const taker = occupantId ? findSession(board, occupantId)?.title : undefined;
        return taker
          ? fail('cell_taken', 'cell_taken', `${room.name} at ${slot.start} now holds "${taker}".`, { obstacle: { kind: 'taken', ...where, title: taker } })
          : fail('cell_taken', 'cell_taken', `${room.name} at ${slot.start} changed in the meantime.`);
      }
      if (occupantId === session.id && cellsOf(board, session.id)[0]?.slotId === slot.id) return accept([]);
      if (occupantId && occupantId !== session.id && cellsOf(board, occupantId).length > 1) {
        const title = findSession(board, occupantId)?.title ?? '';
        return fail('cell_taken', 'double_in_the_way', `"${title}" is a double session there: shrink or move it first.`, {
          obstacle: { kind: 'taken', ...where, title },
        });
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
    },
  }),

  'session:unplace': command({
    schema: OneSession,
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'took “{title}” off the plan', de: 'hat „{title}“ aus dem Plan genommen' },
    decide(board, payload) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (!placementOf(board, session.id)) return accept([]);
      return accept([{ type: 'session.unplaced', sessionId: session.id }]);
    },
  }),

  'session:interest': command({
    schema: Type.Object({ commandId: CommandId, sessionId: Id, interest: CountedInterest }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'hands for “{title}”: {from} → {count}', de: 'Hände für „{title}“: {from} → {count}' },
    continues: (previous, board, payload, now) => continuesCount(previous, board, payload.sessionId, now),
    decide(board, payload) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (session.interest === payload.interest) return accept([]);
      return accept([{ type: 'session.interest_set', sessionId: session.id, interest: payload.interest }]);
    },
  }),

  'session:claim': command({
    schema: Type.Object({ commandId: CommandId, sessionId: Id, roomId: Id, slotId: Id, token: Type.Optional(Token) }, closed),
    who: 'giver',
    rate: 'change',
    undoable: false,
    history: { en: 'claimed {room} at {time} for “{title}”', de: 'hat {room} um {time} für „{title}“ gewählt' },
    decide(board, payload, actor) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (session.status === 'withdrawn') return withdrawn('A withdrawn session cannot claim a slot.');
      if (actor.role !== 'facilitator' && board.event.claiming !== 'open') {
        return fail('claiming_closed', 'claiming_closed', 'Claiming slots is closed right now. The facilitator opens it.');
      }
      const target = bookableCell(board, payload);
      if ('code' in target) return refused(target);
      const where = { room: target.room.name, time: target.slot.start };
      const said = `${where.room} at ${where.time}`;
      if (isBlocked(board, target.cell)) return fail('not_bookable', 'cell_blocked', `${said} is not available.`, { obstacle: { kind: 'closed', ...where } });
      const occupant = placementAt(board, target.cell);
      if (occupant?.sessionId === session.id && cellsOf(board, session.id).length === 1) return accept([]);
      if (occupant && occupant.sessionId !== session.id) {
        const title = findSession(board, occupant.sessionId)?.title ?? '';
        return fail('cell_taken', 'cell_taken', `${said} was just taken by another session.`, { obstacle: { kind: 'taken', ...where, title } });
      }
      // A session holds one cell: claiming another moves it there.
      return accept([{ type: 'session.placed', sessionId: session.id, ...target.cell }]);
    },
  }),

  'session:release': command({
    schema: GiversSession,
    who: 'giver',
    rate: 'change',
    undoable: false,
    history: { en: 'gave back the slot of “{title}”', de: 'hat den Slot von „{title}“ freigegeben' },
    decide(board, payload, actor) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      if (actor.role !== 'facilitator' && board.event.claiming !== 'open') {
        return fail('claiming_closed', 'releasing_closed', 'Slots can only be released while claiming is open. Ask the facilitator.');
      }
      if (!placementOf(board, session.id)) return accept([]);
      return accept([{ type: 'session.unplaced', sessionId: session.id }]);
    },
  }),

  /** A new secret link for the giver; the old token stops working. */
  'session:reissue': command({
    schema: OneSession,
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    issues: 'giver token',
    data: answers<{ sessionId: string }>('`{ sessionId, token }` — the giver’s new secret; the old one stops working'),
    history: { en: 'made a new giver link for “{title}”', de: 'hat einen neuen Link für „{title}“ erstellt' },
    decide(board, payload) {
      const session = existing(board, payload.sessionId);
      if (isError(session)) return refused(session);
      return accept([{ type: 'session.token_reissued', sessionId: session.id }], { sessionId: session.id });
    },
  }),

  /**
   * One topic pitched twice becomes one session: the kept one (`intoSessionId`) gets the other's
   * hosts and tags (in one text edit), the other leaves the plan and the queue (withdrawn). Made
   * of events undo knows.
   */
  'session:merge': command({
    schema: Type.Object({ commandId: CommandId, sessionId: Id, intoSessionId: Id }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'merged “{title}” into another session', de: 'hat „{title}“ mit einer anderen Session zusammengelegt' },
    decide(board, payload) {
      const gone = existing(board, payload.sessionId);
      if (isError(gone)) return refused(gone);
      const kept = existing(board, payload.intoSessionId);
      if (isError(kept)) return refused(kept);
      if (gone.id === kept.id) return fail('invalid', 'merge_itself', 'A session cannot be merged into itself.');
      if (gone.status === 'withdrawn' || kept.status === 'withdrawn') return withdrawn('A withdrawn session cannot be merged.');
      const knownHosts = new Set(hostsOf(kept));
      const newHosts = hostNames(gone).filter((name) => !knownHosts.has(samePerson(name)));
      const host = [kept.host.trim(), ...newHosts].filter(Boolean).join(', ');
      const tags = normalizeTags([...kept.tags, ...gone.tags]);
      // The merged session is checked as an edit of it would be: else its event's export would not import again.
      const hostWrong = host === kept.host ? undefined : textFieldFault(host, 'host');
      if (hostWrong)
        return fail('invalid', hostWrong.reason, `Together, the hosts ${hostWrong.words}: shorten them first.`, { field: 'host', limit: hostWrong.limit });
      if (tags.length > LIMITS.tags) {
        return fail('invalid', 'too_many', `Together, the sessions have more than ${LIMITS.tags} tags: remove some first.`, {
          field: 'tags',
          limit: LIMITS.tags,
        });
      }
      const changes: SessionTextChanges = {};
      if (host !== kept.host) changes.host = host;
      if (tags.join('\n') !== kept.tags.join('\n')) changes.tags = tags;
      const events: DomainEvent[] = [];
      if (Object.keys(changes).length > 0) events.push({ type: 'session.updated', sessionId: kept.id, changes, revision: kept.revision + 1 });
      if (placementOf(board, gone.id)) events.push({ type: 'session.unplaced', sessionId: gone.id });
      events.push({ type: 'session.withdrawn', sessionId: gone.id });
      return accept(events);
    },
  }),
};
