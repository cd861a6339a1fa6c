// Commands about the whole event: its settings and key, filling the plan, and the facilitator's
// undo and redo.
import { Type } from '@sinclair/typebox';
import { idleTimer, type Board } from '../board.ts';
import { isValidTimezone, timezoneRefusal } from '../event-frame.ts';
import type { DomainEvent, EventSettingsChanges } from '../events.ts';
import { closed, NotesLink, PitchSeconds, Timezone, Title } from '../fields.ts';
import { autofill } from '../suggest.ts';
import { replayable, undoObstacleText } from '../undo.ts';
import { accept, answers, command, CommandId, Empty, fail, refused, type DecideContext, type Decision } from './entry.ts';

/** Undo or redo: the recorded events of the change on top of the stack, if they still fit the board now. */
function replay(board: Board, log: DecideContext['log'], redo: boolean): Decision<undefined> {
  const target = (redo ? log?.stacks.redoable : log?.stacks.undoable)?.at(-1);
  if (target === undefined || !log)
    return redo ? fail('invalid', 'nothing_to_redo', 'There is nothing to redo.') : fail('invalid', 'nothing_to_undo', 'There is nothing to undo.');
  const result = replayable(board, log.inverseOf(target));
  if ('obstacle' in result) {
    const { obstacle } = result;
    const message = `${redo ? 'This cannot be redone' : 'This cannot be undone'}: ${undoObstacleText(obstacle)}.`;
    return fail('conflict', redo ? 'cannot_redo' : 'cannot_undo', message, { obstacle });
  }
  return { ok: true, events: result.events, replays: redo ? { redoOf: target } : { undoOf: target } };
}

export const EVENT_COMMANDS = {
  'event:update': command({
    schema: Type.Object(
      {
        commandId: CommandId,
        title: Type.Optional(Title),
        timezone: Type.Optional(Timezone),
        pitchSeconds: Type.Optional(PitchSeconds),
        claiming: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        /** The notes-link template for every session; "" clears it. */
        notesLink: Type.Optional(NotesLink),
      },
      closed,
    ),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    history: { en: 'changed the event settings', de: 'hat die Einstellungen geändert' },
    decide(board, payload) {
      const current = board.event;
      const changes: EventSettingsChanges = {};
      if (payload.title !== undefined) {
        const title = payload.title.trim();
        if (!title) return fail('invalid', 'empty', 'The title is empty.', { field: 'title' });
        if (title !== current.title) changes.title = title;
      }
      if (payload.timezone !== undefined) {
        if (!isValidTimezone(payload.timezone)) return refused(timezoneRefusal(payload.timezone));
        if (payload.timezone !== current.timezone) changes.timezone = payload.timezone;
      }
      if (payload.pitchSeconds !== undefined && payload.pitchSeconds !== current.pitchSeconds) changes.pitchSeconds = payload.pitchSeconds;
      if (payload.claiming !== undefined && payload.claiming !== current.claiming) changes.claiming = payload.claiming;
      if (payload.notesLink !== undefined && payload.notesLink !== current.notesLink) changes.notesLink = payload.notesLink;
      if (Object.keys(changes).length === 0) return accept([]);
      const events: DomainEvent[] = [{ type: 'event.updated', changes }];
      // A countdown that has not been touched yet follows the new pitch length.
      const timer = board.pitch.timer;
      if (changes.pitchSeconds !== undefined && timer.runningSince === null && timer.remainingMs === timer.durationMs) {
        events.push({ type: 'pitch.updated', pitch: { ...board.pitch, timer: idleTimer(changes.pitchSeconds) } });
      }
      return accept(events);
    },
  }),

  /** A new facilitator key: old links stop working, open facilitator screens are disconnected. */
  'event:rotate-key': command({
    schema: Empty,
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    issues: 'facilitator key',
    data: answers<undefined>('`{ key }` — the new facilitator key; other facilitator screens are disconnected'),
    history: { en: 'made a new facilitator link', de: 'hat einen neuen Moderationslink erstellt' },
    decide: () => accept([{ type: 'event.key_rotated' }]),
  }),

  /** Places every session in the tray that fits somewhere without a warning (dryRun: only says where). */
  'board:autofill': command({
    schema: Type.Object({ commandId: CommandId, dryRun: Type.Boolean() }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: true,
    data: answers<{ placements: Array<{ sessionId: string; roomId: string; slotId: string }> }>(
      '`{ placements: [{ sessionId, roomId, slotId }] }` — made (or, with `dryRun`, only proposed)',
    ),
    history: { en: 'filled the plan', de: 'hat den Plan aufgefüllt' },
    decide(board, payload, _actor, { now }) {
      const placements = autofill(board, now);
      // A preview changes nothing; the real thing is one change, taken back by one undo.
      return accept(payload.dryRun ? [] : placements.map((p): DomainEvent => ({ type: 'session.placed', ...p })), { placements });
    },
  }),

  /** Takes back the facilitator's last change (refused with a reason when later changes made it impossible). */
  'board:undo': command({
    schema: Empty,
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    history: { en: 'undid a change', de: 'hat eine Änderung rückgängig gemacht' },
    decide: (board, _payload, _actor, { log }) => replay(board, log, false),
  }),

  'board:redo': command({
    schema: Empty,
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    history: { en: 'redid a change', de: 'hat eine Änderung wiederhergestellt' },
    decide: (board, _payload, _actor, { log }) => replay(board, log, true),
  }),
};
