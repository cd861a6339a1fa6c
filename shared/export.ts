// The JSON an event is exported as (backup, or last year's frame for this year). No secrets:
// neither the facilitator key nor giver tokens leave the server.
import { Type, type Static } from '@sinclair/typebox';
import type { Board } from './board.ts';
import { Capacity, closed, DateText, Description, Host, Id, Interest, Label, Locale, PitchSeconds, RoomName, SlotKind, Tags, Time, Timezone, Timing, Title } from './fields.ts';
import { LIMITS } from './limits.ts';

export const EventExportSchema = Type.Object(
  {
    format: Type.Literal('pitchboard-event'),
    formatVersion: Type.Literal(1),
    event: Type.Object({ title: Title, timezone: Timezone, locale: Locale, pitchSeconds: PitchSeconds }, closed),
    days: Type.Array(Type.Object({ id: Id, date: DateText, label: Label }, closed), { minItems: 1, maxItems: LIMITS.days }),
    rooms: Type.Array(Type.Object({ id: Id, name: RoomName, capacity: Capacity, position: Type.Integer({ minimum: 0, maximum: 10_000 }) }, closed), {
      minItems: 1,
      maxItems: LIMITS.rooms,
    }),
    slots: Type.Array(Type.Object({ id: Id, dayId: Id, start: Time, end: Time, kind: SlotKind, label: Label }, closed), {
      maxItems: LIMITS.days * LIMITS.slotsPerDay,
    }),
    sessions: Type.Array(
      Type.Object(
        {
          id: Id,
          title: Title,
          host: Host,
          description: Description,
          tags: Tags,
          interest: Interest,
          status: Type.Union([Type.Literal('pitched'), Type.Literal('withdrawn')]),
          wishes: Type.Object({ timing: Timing, leaveBy: Type.Union([Time, Type.Null()]), needsProjector: Type.Boolean() }, closed),
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
  const { title, timezone, locale, pitchSeconds } = board.event;
  return {
    format: 'pitchboard-event',
    formatVersion: 1,
    event: { title, timezone, locale, pitchSeconds },
    days: board.days,
    rooms: board.rooms,
    slots: board.slots,
    sessions: board.sessions.map(({ revision: _revision, ...session }) => session),
    placements: board.placements,
    blocked: board.blocked,
  };
}

/** What in an export does not hold together (ids pointing nowhere, two sessions in one cell). */
export function exportProblems(data: EventExport): string[] {
  const problems: string[] = [];
  const days = new Set(data.days.map((d) => d.id));
  const rooms = new Set(data.rooms.map((r) => r.id));
  const slots = new Map(data.slots.map((s) => [s.id, s]));
  const sessions = new Set(data.sessions.map((s) => s.id));
  for (const slot of data.slots) if (!days.has(slot.dayId)) problems.push(`Slot ${slot.id} belongs to no day.`);
  for (const slot of data.slots) if (slot.end <= slot.start) problems.push(`Slot ${slot.id} ends before it starts.`);
  const dates = data.days.map((d) => d.date);
  if (new Set(dates).size !== dates.length) problems.push('Two days have the same date.');
  const cells = new Set<string>();
  for (const p of data.placements) {
    if (!sessions.has(p.sessionId) || !rooms.has(p.roomId) || !slots.has(p.slotId)) problems.push(`Placement of ${p.sessionId} points nowhere.`);
    else if (slots.get(p.slotId)!.kind !== 'session') problems.push(`Placement of ${p.sessionId} is in a break.`);
    const key = `${p.roomId}|${p.slotId}`;
    if (cells.has(key)) problems.push(`Two sessions in one cell (${key}).`);
    cells.add(key);
  }
  for (const b of data.blocked) if (!rooms.has(b.roomId) || !slots.has(b.slotId)) problems.push('A blocked cell points nowhere.');
  for (const [label, ids] of [
    ['day', data.days.map((d) => d.id)],
    ['room', data.rooms.map((r) => r.id)],
    ['slot', data.slots.map((s) => s.id)],
    ['session', data.sessions.map((s) => s.id)],
  ] as const) {
    if (new Set(ids).size !== ids.length) problems.push(`A ${label} id is used twice.`);
  }
  return problems;
}
