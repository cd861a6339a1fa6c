// One TypeBox schema per command. Every object is closed (no unknown fields) and nothing is
// coerced: a payload either matches exactly or is refused as `invalid`.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Capacity, closed, DateText, Description, Host, Id, Interest, Label, PitchSeconds, RoomName, SlotKind, Tags, Time, Timezone, Timing, Title } from './fields.ts';
import { LIMITS } from './limits.ts';

const CommandId = Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.commandId }));
const Token = Type.String({ minLength: 1, maxLength: LIMITS.token });
const Wishes = Type.Object(
  {
    timing: Type.Optional(Timing),
    leaveBy: Type.Optional(Type.Union([Time, Type.Null()])),
    needsProjector: Type.Optional(Type.Boolean()),
  },
  closed,
);
const Empty = Type.Object({ commandId: CommandId }, closed);

export const commandSchemas = {
  'session:submit': Type.Object(
    {
      commandId: CommandId,
      title: Title,
      host: Host,
      description: Type.Optional(Description),
      tags: Type.Optional(Tags),
      wishes: Type.Optional(Wishes),
    },
    closed,
  ),
  'session:update': Type.Object(
    {
      commandId: CommandId,
      sessionId: Id,
      revision: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
      title: Type.Optional(Title),
      host: Type.Optional(Host),
      description: Type.Optional(Description),
      tags: Type.Optional(Tags),
      wishes: Type.Optional(Wishes),
      token: Type.Optional(Token),
    },
    closed,
  ),
  'session:withdraw': Type.Object({ commandId: CommandId, sessionId: Id, token: Type.Optional(Token) }, closed),
  'session:place': Type.Object(
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
  'session:unplace': Type.Object({ commandId: CommandId, sessionId: Id }, closed),
  'session:interest': Type.Object(
    { commandId: CommandId, sessionId: Id, interest: Interest },
    closed,
  ),
  'session:claim': Type.Object({ commandId: CommandId, sessionId: Id, roomId: Id, slotId: Id, token: Type.Optional(Token) }, closed),
  'session:release': Type.Object({ commandId: CommandId, sessionId: Id, token: Type.Optional(Token) }, closed),
  /** A new secret link for the giver; the old token stops working. */
  'session:reissue': Type.Object({ commandId: CommandId, sessionId: Id }, closed),
  'event:update': Type.Object(
    {
      commandId: CommandId,
      title: Type.Optional(Title),
      timezone: Type.Optional(Timezone),
      pitchSeconds: Type.Optional(PitchSeconds),
      claiming: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    },
    closed,
  ),
  /** Takes back the facilitator's last change (refused with a reason when later changes made it impossible). */
  'board:undo': Empty,
  'board:redo': Empty,
  /** A new facilitator key: old links stop working, open facilitator screens are disconnected. */
  'event:rotate-key': Empty,
  /** Starts (or resumes) the countdown; with nobody at the microphone, calls the next in the queue. */
  'pitch:start': Empty,
  'pitch:pause': Empty,
  /** The current pitch is done; the next in the queue steps up. */
  'pitch:next': Empty,
  /** The current giver is not here: back to the end of the queue, the next steps up. */
  'pitch:skip': Empty,
  'day:add': Type.Object(
    { commandId: CommandId, date: DateText, label: Type.Optional(Label), copySlotsFrom: Type.Optional(Id) },
    closed,
  ),
  'day:update': Type.Object({ commandId: CommandId, dayId: Id, date: Type.Optional(DateText), label: Type.Optional(Label) }, closed),
  'day:remove': Type.Object({ commandId: CommandId, dayId: Id }, closed),
  'room:add': Type.Object({ commandId: CommandId, name: RoomName, capacity: Type.Optional(Capacity) }, closed),
  'room:update': Type.Object(
    { commandId: CommandId, roomId: Id, name: Type.Optional(RoomName), capacity: Type.Optional(Capacity) },
    closed,
  ),
  'room:move': Type.Object({ commandId: CommandId, roomId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 1000 }) }, closed),
  'room:remove': Type.Object({ commandId: CommandId, roomId: Id }, closed),
  'slot:add': Type.Object(
    { commandId: CommandId, dayId: Id, start: Time, end: Time, kind: SlotKind, label: Type.Optional(Label) },
    closed,
  ),
  'slot:update': Type.Object(
    {
      commandId: CommandId,
      slotId: Id,
      start: Type.Optional(Time),
      end: Type.Optional(Time),
      kind: Type.Optional(SlotKind),
      label: Type.Optional(Label),
    },
    closed,
  ),
  'slot:remove': Type.Object({ commandId: CommandId, slotId: Id }, closed),
  'cell:block': Type.Object({ commandId: CommandId, roomId: Id, slotId: Id }, closed),
  'cell:unblock': Type.Object({ commandId: CommandId, roomId: Id, slotId: Id }, closed),
  /** A double session: the session also takes the next slot in its room. */
  'session:extend': Type.Object({ commandId: CommandId, sessionId: Id }, closed),
  'session:shrink': Type.Object({ commandId: CommandId, sessionId: Id }, closed),
  'pitch:reorder': Type.Object({ commandId: CommandId, sessionId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 10_000 }) }, closed),
} satisfies Record<string, TSchema>;

export const syncSchema = Type.Object({ commandId: CommandId }, closed);

/** The history panel: changes newest first, pages of `limit` before version `before`. */
export const historySchema = Type.Object(
  {
    commandId: CommandId,
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);

export type CommandName = keyof typeof commandSchemas;
export type CommandPayload<N extends CommandName> = Static<(typeof commandSchemas)[N]>;

/** A command as decide sees it: a discriminated union on `type`. */
export type Command = { [N in CommandName]: { type: N; payload: CommandPayload<N> } }[CommandName];

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandSchemas, name);
}
