// The JSON an event is exported as (backup, or last year's frame for this year). No secrets:
// neither the facilitator key nor giver tokens leave the server.
import { Type, type Static } from '@sinclair/typebox';
import type { Board } from './board.ts';
import {
  Capacity,
  closed,
  DateText,
  Description,
  Host,
  Id,
  CountedInterest,
  Label,
  Locale,
  NotesLink,
  PitchSeconds,
  RoomName,
  SlotKind,
  Tags,
  Time,
  Timezone,
  Timing,
  Title,
} from './fields.ts';
import { LIMITS } from './limits.ts';

export const EventExportSchema = Type.Object(
  {
    format: Type.Literal('pitchboard-event'),
    formatVersion: Type.Literal(1),
    event: Type.Object(
      {
        title: Title,
        timezone: Timezone,
        locale: Locale,
        pitchSeconds: PitchSeconds,
        // Exports made before notes links lack it.
        notesLink: Type.Optional(NotesLink),
      },
      closed,
    ),
    days: Type.Array(Type.Object({ id: Id, date: DateText, label: Label }, closed), { minItems: 1, maxItems: LIMITS.days }),
    rooms: Type.Array(
      Type.Object(
        {
          id: Id,
          name: RoomName,
          capacity: Capacity,
          // Exports made before rooms knew about projectors lack it.
          projector: Type.Optional(Type.Boolean()),
          position: Type.Integer({ minimum: 0, maximum: 10_000 }),
        },
        closed,
      ),
      {
        minItems: 1,
        maxItems: LIMITS.rooms,
      },
    ),
    slots: Type.Array(Type.Object({ id: Id, dayId: Id, start: Time, end: Time, kind: SlotKind, label: Label }, closed), {
      maxItems: LIMITS.days * LIMITS.slotsPerDay,
    }),
    sessions: Type.Array(
      Type.Object(
        {
          id: Id,
          title: Title,
          // A session the facilitator typed in after its pitch may have no host.
          host: Type.Union([Type.Literal(''), Host]),
          description: Description,
          tags: Tags,
          interest: CountedInterest,
          status: Type.Union([Type.Literal('pitched'), Type.Literal('withdrawn')]),
          wishes: Type.Object({ timing: Timing, leaveBy: Type.Union([Time, Type.Null()]), needsProjector: Type.Boolean() }, closed),
          // Exports made before notes links lack it.
          notesLink: Type.Optional(NotesLink),
        },
        closed,
      ),
      { maxItems: LIMITS.sessions },
    ),
    placements: Type.Array(Type.Object({ sessionId: Id, roomId: Id, slotId: Id }, closed), { maxItems: LIMITS.sessions * 2 }),
    blocked: Type.Array(Type.Object({ roomId: Id, slotId: Id }, closed), { maxItems: LIMITS.rooms * LIMITS.days * LIMITS.slotsPerDay }),
  },
  closed,
);

export type EventExport = Static<typeof EventExportSchema>;

export function exportBoard(board: Board): EventExport {
  const { title, timezone, locale, pitchSeconds, notesLink } = board.event;
  return {
    format: 'pitchboard-event',
    formatVersion: 1,
    event: { title, timezone, locale, pitchSeconds, notesLink },
    days: board.days,
    rooms: board.rooms,
    slots: board.slots,
    // Taps belong to the phones of this server's event: an import starts without them. Where the
    // notes are follows from the links (and the new event's slug), so it is not exported.
    sessions: board.sessions.map(({ revision: _revision, taps: _taps, notesUrl: _notesUrl, ...session }) => session),
    placements: board.placements,
    blocked: board.blocked,
  };
}
