// One TypeBox schema per command. Every object is closed (no unknown fields) and nothing is
// coerced: a payload either matches exactly or is refused as `invalid`.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  Capacity,
  closed,
  DateText,
  Description,
  Host,
  Id,
  CountedInterest,
  Label,
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

const CommandId = Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.commandId }));
/**
 * The commandId of a command that hands out a secret (`issues`): long and random enough that no
 * one else sends the same by chance. The secret is derived from it (with the server's own secret),
 * so that a retry gets it again. The real clients make 32 hex digits (client/lib/socket.ts).
 */
export const SECRET_COMMAND_ID = /^[A-Za-z0-9_-]{16,100}$/;
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

/**
 * Everything about one command that is not how it is decided: a new command is one entry here,
 * and the compiler then names every place left to fill (its decide in shared/decide.ts, its valid
 * payload in the tests).
 */
interface CommandSpec {
  /** The payload, checked exactly: unknown fields and wrong types are refused as `invalid`. */
  schema: TSchema;
  /** Whether the facilitator's undo can take it back. Pitch timing and secrets cannot be. */
  undoable: boolean;
  /** What a successful command hands back in the ack's `data` (a type only: see `answers`). */
  data: unknown;
  /**
   * A secret the ack hands out: derived under the server's secret from the event, the session and
   * the commandId (which must then match SECRET_COMMAND_ID), so that a retry from the same device
   * gets the same one.
   */
  issues?: 'giver token' | 'facilitator key';
  /** The history panel's words for it; {title}, {room}, {name}, {time}, {from} and {count} are filled in. */
  history: { en: string; de: string };
}

/** Names the type of an ack's data in an entry; there is no value behind it. */
const answers = <Data>() => undefined as Data;

export const COMMANDS = {
  'session:submit': {
    schema: Type.Object(
      {
        commandId: CommandId,
        title: Title,
        /** Required from a giver; the facilitator may leave it out. */
        host: Type.Optional(Host),
        description: Type.Optional(Description),
        tags: Type.Optional(Tags),
        wishes: Type.Optional(Wishes),
      },
      closed,
    ),
    undoable: true,
    /** `similar`: sessions with a similar title (the same topic pitched twice?), most alike first. */
    data: answers<{ sessionId: string; token: string; similar: Array<{ sessionId: string; title: string }> }>(),
    issues: 'giver token',
    history: { en: 'submitted “{title}”', de: 'hat „{title}“ eingereicht' },
  },
  'session:update': {
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
        token: Type.Optional(Token),
      },
      closed,
    ),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'edited “{title}”', de: 'hat „{title}“ bearbeitet' },
  },
  'session:withdraw': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, token: Type.Optional(Token) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'withdrew “{title}”', de: 'hat „{title}“ zurückgezogen' },
  },
  'session:place': {
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
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'put “{title}” in {room} at {time}', de: 'hat „{title}“ nach {room} um {time} gelegt' },
  },
  'session:unplace': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'took “{title}” off the plan', de: 'hat „{title}“ aus dem Plan genommen' },
  },
  'session:interest': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, interest: CountedInterest }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'hands for “{title}”: {from} → {count}', de: 'Hände für „{title}“: {from} → {count}' },
  },
  'session:claim': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, roomId: Id, slotId: Id, token: Type.Optional(Token) }, closed),
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'claimed {room} at {time} for “{title}”', de: 'hat {room} um {time} für „{title}“ gewählt' },
  },
  'session:release': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, token: Type.Optional(Token) }, closed),
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'gave back the slot of “{title}”', de: 'hat den Slot von „{title}“ freigegeben' },
  },
  /** A new secret link for the giver; the old token stops working. */
  'session:reissue': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id }, closed),
    undoable: false,
    data: answers<{ sessionId: string; token: string }>(),
    issues: 'giver token',
    history: { en: 'made a new giver link for “{title}”', de: 'hat einen neuen Link für „{title}“ erstellt' },
  },
  'event:update': {
    schema: Type.Object(
      {
        commandId: CommandId,
        title: Type.Optional(Title),
        timezone: Type.Optional(Timezone),
        pitchSeconds: Type.Optional(PitchSeconds),
        claiming: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
      },
      closed,
    ),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'changed the event settings', de: 'hat die Einstellungen geändert' },
  },
  /** Takes back the facilitator's last change (refused with a reason when later changes made it impossible). */
  'board:undo': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'undid a change', de: 'hat eine Änderung rückgängig gemacht' },
  },
  'board:redo': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'redid a change', de: 'hat eine Änderung wiederhergestellt' },
  },
  /** A new facilitator key: old links stop working, open facilitator screens are disconnected. */
  /** One topic pitched twice: `intoSessionId` keeps both hosts and both sets of tags; `sessionId` leaves the plan and the queue. */
  'session:merge': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, intoSessionId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'merged “{title}” into another session', de: 'hat „{title}“ mit einer anderen Session zusammengelegt' },
  },
  /** Places every session in the tray that fits somewhere without a warning (dryRun: only says where). */
  'board:autofill': {
    schema: Type.Object({ commandId: CommandId, dryRun: Type.Boolean() }, closed),
    undoable: true,
    data: answers<{ placements: Array<{ sessionId: string; roomId: string; slotId: string }> }>(),
    history: { en: 'filled the plan', de: 'hat den Plan aufgefüllt' },
  },
  'event:rotate-key': {
    schema: Empty,
    undoable: false,
    data: answers<{ key: string }>(),
    issues: 'facilitator key',
    history: { en: 'made a new facilitator link', de: 'hat einen neuen Moderationslink erstellt' },
  },
  /** Starts (or resumes) the countdown; with nobody at the microphone, calls the next in the queue. */
  'pitch:start': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'started the pitch countdown', de: 'hat den Pitch-Countdown gestartet' },
  },
  'pitch:pause': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'paused the pitch countdown', de: 'hat den Pitch-Countdown angehalten' },
  },
  /** The current pitch is done; the next in the queue steps up. */
  'pitch:next': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'called the next pitch', de: 'hat den nächsten Pitch aufgerufen' },
  },
  /** The pitch round is over: nobody at the microphone any more; those still waiting stay in the queue. */
  'pitch:end': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'ended the pitch round', de: 'hat die Pitch-Runde beendet' },
  },
  /** The current giver is not here: back to the end of the queue, the next steps up. */
  'pitch:skip': {
    schema: Empty,
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'skipped a pitch', de: 'hat einen Pitch übersprungen' },
  },
  'day:add': {
    schema: Type.Object({ commandId: CommandId, date: DateText, label: Type.Optional(Label), copySlotsFrom: Type.Optional(Id) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'added a day', de: 'hat einen Tag hinzugefügt' },
  },
  'day:update': {
    schema: Type.Object({ commandId: CommandId, dayId: Id, date: Type.Optional(DateText), label: Type.Optional(Label) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'changed a day', de: 'hat einen Tag geändert' },
  },
  'day:remove': {
    schema: Type.Object({ commandId: CommandId, dayId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'removed a day', de: 'hat einen Tag entfernt' },
  },
  'room:add': {
    schema: Type.Object({ commandId: CommandId, name: RoomName, capacity: Type.Optional(Capacity), projector: Type.Optional(Type.Boolean()) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'added room “{name}”', de: 'hat den Raum „{name}“ hinzugefügt' },
  },
  'room:update': {
    schema: Type.Object(
      { commandId: CommandId, roomId: Id, name: Type.Optional(RoomName), capacity: Type.Optional(Capacity), projector: Type.Optional(Type.Boolean()) },
      closed,
    ),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'changed room {room}', de: 'hat den Raum {room} geändert' },
  },
  'room:move': {
    schema: Type.Object({ commandId: CommandId, roomId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 1000 }) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'moved room {room}', de: 'hat den Raum {room} verschoben' },
  },
  'room:remove': {
    schema: Type.Object({ commandId: CommandId, roomId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'removed a room', de: 'hat einen Raum entfernt' },
  },
  'slot:add': {
    schema: Type.Object({ commandId: CommandId, dayId: Id, start: Time, end: Time, kind: SlotKind, label: Type.Optional(Label) }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'added a time slot at {time}', de: 'hat ein Zeitfenster um {time} hinzugefügt' },
  },
  'slot:update': {
    schema: Type.Object(
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
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'changed a time slot', de: 'hat ein Zeitfenster geändert' },
  },
  'slot:remove': {
    schema: Type.Object({ commandId: CommandId, slotId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'removed a time slot', de: 'hat ein Zeitfenster entfernt' },
  },
  'cell:block': {
    schema: Type.Object({ commandId: CommandId, roomId: Id, slotId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'blocked {room} at {time}', de: 'hat {room} um {time} gesperrt' },
  },
  'cell:unblock': {
    schema: Type.Object({ commandId: CommandId, roomId: Id, slotId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'freed {room} at {time}', de: 'hat {room} um {time} freigegeben' },
  },
  /** A double session: the session also takes the next slot in its room. */
  'session:extend': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'made “{title}” a double session', de: 'hat „{title}“ zur Doppelsession gemacht' },
  },
  'session:shrink': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id }, closed),
    undoable: true,
    data: answers<undefined>(),
    history: { en: 'made “{title}” a single session again', de: 'hat „{title}“ wieder auf einen Slot gesetzt' },
  },
  'pitch:reorder': {
    schema: Type.Object({ commandId: CommandId, sessionId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 10_000 }) }, closed),
    undoable: false,
    data: answers<undefined>(),
    history: { en: 'reordered the pitch queue', de: 'hat die Pitch-Reihe umsortiert' },
  },
} satisfies Record<string, CommandSpec>;

export const syncSchema = Type.Object({ commandId: CommandId }, closed);

/** `session:suggest`: where a session could go, best first (anyone may ask; changes nothing). */
export const suggestSchema = Type.Object({ commandId: CommandId, sessionId: Id }, closed);

/**
 * `session:interested`: a phone is interested in a session (or no longer is). Counts once per
 * device; no version, no log, no undo. The ack's data is `{ taps: { [sessionId]: n } }`.
 */
export const interestedSchema = Type.Object({ commandId: CommandId, sessionId: Id, interested: Type.Boolean() }, closed);

/** The history panel: changes newest first, pages of `limit` before version `before`. */
export const historySchema = Type.Object(
  {
    commandId: CommandId,
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);

export type CommandName = keyof typeof COMMANDS;
export type CommandPayload<N extends CommandName> = Static<(typeof COMMANDS)[N]['schema']>;
/** What a successful command hands back in `data`. */
export type CommandData = { [N in CommandName]: (typeof COMMANDS)[N]['data'] };

/** A command as decide sees it: a discriminated union on `type`. */
export type Command = { [N in CommandName]: { type: N; payload: CommandPayload<N> } }[CommandName];

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The secret a command's ack hands out, if any. */
export function secretIssuedBy(name: CommandName): CommandSpec['issues'] {
  return (COMMANDS[name] as CommandSpec).issues;
}

/** Facilitator commands that can be taken back. */
export const UNDOABLE: ReadonlySet<CommandName> = new Set(COMMAND_NAMES.filter((name) => COMMANDS[name].undoable));
