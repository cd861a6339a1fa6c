// The JSON an event is exported as (backup, or last year's frame for this year). No secrets:
// neither the facilitator key nor giver tokens leave the server.
import { Type, type Static } from '@sinclair/typebox';
import type { Board } from './board.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number) => Type.String({ maxLength: max });
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const EventExportSchema = Type.Object(
  {
    format: Type.Literal('pitchboard-event'),
    formatVersion: Type.Literal(1),
    event: Type.Object(
      {
        title: Type.String({ minLength: 1, maxLength: 120 }),
        timezone: Text(64),
        locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
        pitchSeconds: Type.Integer({ minimum: 5, maximum: 600 }),
      },
      { additionalProperties: false },
    ),
    days: Type.Array(Type.Object({ id: Id, date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), label: Text(60) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 14,
    }),
    rooms: Type.Array(
      Type.Object(
        { id: Id, name: Type.String({ minLength: 1, maxLength: 60 }), capacity: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), position: Type.Integer() },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    slots: Type.Array(
      Type.Object(
        { id: Id, dayId: Id, start: Time, end: Time, kind: Type.Union([Type.Literal('session'), Type.Literal('break')]), label: Text(60) },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    sessions: Type.Array(
      Type.Object(
        {
          id: Id,
          title: Type.String({ minLength: 1, maxLength: 120 }),
          host: Type.String({ minLength: 1, maxLength: 80 }),
          description: Text(2000),
          tags: Type.Array(Text(30), { maxItems: 8 }),
          interest: Type.Integer({ minimum: 0, maximum: 9999 }),
          status: Type.Union([Type.Literal('pitched'), Type.Literal('withdrawn')]),
          wishes: Type.Object(
            {
              timing: Type.Union([Type.Literal('any'), Type.Literal('before_lunch'), Type.Literal('after_lunch')]),
              leaveBy: Type.Union([Time, Type.Null()]),
              needsProjector: Type.Boolean(),
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
    placements: Type.Array(Type.Object({ sessionId: Id, roomId: Id, slotId: Id }, { additionalProperties: false }), { maxItems: 5000 }),
    blocked: Type.Array(Type.Object({ roomId: Id, slotId: Id }, { additionalProperties: false }), { maxItems: 5000 }),
  },
  { additionalProperties: false },
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
