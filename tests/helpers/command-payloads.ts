// A valid payload for every command against a board as it is now, and the bad variants of it that
// any server must refuse. The `satisfies` makes a new command fail to compile until it is here.
import type { TSchema } from '@sinclair/typebox';
import { bookableCells, findSession, isBlocked, placementAt, type Board } from '../../shared/board.ts';
import { COMMANDS, type CommandName } from '../../shared/commands.ts';
import { TEXT_RULES, type TextKind } from '../../shared/fields.ts';

export interface PayloadTarget {
  /** The session the command is about (a giver's own, or any). */
  sessionId: string;
}

let counter = 0;
// As long as a client's: commands that hand out a secret take no shorter one.
const commandId = () => `table-command-${String(++counter).padStart(6, '0')}`;

function freeCell(board: Board) {
  const cell = bookableCells(board).find((c) => !placementAt(board, c) && !isBlocked(board, c));
  if (!cell) throw new Error('the board has no free cell left');
  return cell;
}
const sessionSlot = (board: Board) => board.slots.find((slot) => slot.kind === 'session')!;
const lastRoom = (board: Board) => board.rooms.at(-1)!;

export const VALID_PAYLOADS = {
  'session:submit': () => ({ commandId: commandId(), title: 'Neue Session zur Tabelle', host: 'Dana' }),
  'session:update': (board, { sessionId }) => ({
    commandId: commandId(),
    sessionId,
    revision: findSession(board, sessionId)!.revision,
    title: `Geändert ${counter}`,
  }),
  'session:withdraw': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'session:place': (board, { sessionId }) => ({ commandId: commandId(), sessionId, ...freeCell(board) }),
  'session:unplace': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'session:interest': (_board, { sessionId }) => ({ commandId: commandId(), sessionId, interest: 12 }),
  'session:claim': (board, { sessionId }) => ({ commandId: commandId(), sessionId, ...freeCell(board) }),
  'session:release': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'session:reissue': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'event:update': () => ({ commandId: commandId(), pitchSeconds: 45 }),
  'board:undo': () => ({ commandId: commandId() }),
  'board:redo': () => ({ commandId: commandId() }),
  'board:autofill': () => ({ commandId: commandId(), dryRun: false }),
  'session:merge': (board, { sessionId }) => ({
    commandId: commandId(),
    sessionId,
    intoSessionId: board.sessions.find((s) => s.id !== sessionId && s.status === 'pitched')!.id,
  }),
  'event:rotate-key': () => ({ commandId: commandId() }),
  'pitch:start': () => ({ commandId: commandId() }),
  'pitch:pause': () => ({ commandId: commandId() }),
  'pitch:next': () => ({ commandId: commandId() }),
  'pitch:end': () => ({ commandId: commandId() }),
  'pitch:skip': () => ({ commandId: commandId() }),
  'day:add': (board) => ({ commandId: commandId(), date: `2027-01-${String(10 + board.days.length).padStart(2, '0')}`, label: 'Zusatztag' }),
  'day:update': (board) => ({ commandId: commandId(), dayId: board.days[0]!.id, label: `Tag ${counter}` }),
  'day:remove': (board) => ({ commandId: commandId(), dayId: board.days.at(-1)!.id }),
  'room:add': () => ({ commandId: commandId(), name: `Raum ${counter}`, capacity: 30, projector: true }),
  'room:update': (board) => ({ commandId: commandId(), roomId: lastRoom(board).id, capacity: 25, projector: false }),
  'room:move': (board) => ({ commandId: commandId(), roomId: lastRoom(board).id, toIndex: 0 }),
  'room:remove': (board) => ({ commandId: commandId(), roomId: lastRoom(board).id }),
  'slot:add': (board) => ({ commandId: commandId(), dayId: board.days[0]!.id, start: '17:00', end: '17:45', kind: 'session' }),
  'slot:update': (board) => ({ commandId: commandId(), slotId: sessionSlot(board).id, label: `Block ${counter}` }),
  'slot:remove': (board) => ({ commandId: commandId(), slotId: board.slots.at(-1)!.id }),
  'cell:block': (board) => ({ commandId: commandId(), ...freeCell(board) }),
  'cell:unblock': (board) => ({ commandId: commandId(), ...(board.blocked[0] ?? freeCell(board)) }),
  'session:extend': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'session:shrink': (_board, { sessionId }) => ({ commandId: commandId(), sessionId }),
  'pitch:reorder': (_board, { sessionId }) => ({ commandId: commandId(), sessionId, toIndex: 0 }),
} satisfies Record<CommandName, (board: Board, target: PayloadTarget) => Record<string, unknown>>;

export function validPayload(name: CommandName, board: Board, target: PayloadTarget): Record<string, unknown> {
  return VALID_PAYLOADS[name](board, target);
}

export interface BadPayload {
  what: string;
  payload: unknown;
  /** The shape is wrong (not just the content): the answer must be `invalid`. */
  structural: boolean;
}

const HUGE = 'Ä'.repeat(20_000);

/** Values of the wrong JSON type for a field, whatever its schema (strings, numbers, objects). */
function wrongTypes(schema: TSchema): unknown[] {
  const types = new Set<string>([
    schema.type as string,
    ...((schema.anyOf as TSchema[] | undefined) ?? []).map((s) => (s.const !== undefined ? typeof s.const : (s.type as string))),
  ]);
  const candidates: Array<[string, unknown]> = [
    ['string', 'Zeichenkette'],
    ['integer', 42],
    ['number', 4.5],
    ['boolean', true],
    ['object', { nested: 1 }],
    ['array', ['eins']],
    ['null', null],
  ];
  return candidates.filter(([type]) => !types.has(type) && !(type === 'integer' && types.has('number'))).map(([, value]) => value);
}

/** Values of the right type that break the field's bounds. */
function outOfBounds(schema: TSchema, valid: unknown): unknown[] {
  const members = (schema.anyOf as TSchema[] | undefined) ?? [schema];
  const values: unknown[] = [];
  for (const member of members) {
    if (member.type === 'string') {
      // A text field's rule (shared/fields.ts) is its format; its limit counts code points.
      const rule = member.format !== undefined && Object.hasOwn(TEXT_RULES, member.format) ? TEXT_RULES[member.format as TextKind] : undefined;
      const max = rule?.max ?? member.maxLength;
      values.push(max !== undefined ? 'x'.repeat(max + 1) : HUGE, HUGE);
      // An optional name (a host) may be left empty: "" clears it.
      if (member.minLength || (rule?.named && !rule.optional)) values.push('');
      const text = typeof valid === 'string' ? valid : 'Text';
      if (member.pattern || member.format) values.push(`${text}\u0000`, `${text}\uD800`);
      if (rule) values.push(`${text}${'\u0301'.repeat(100)}`);
      // Nothing to show for a name (a description or label may be so): spaces, zero-width characters, blank letters.
      if (rule?.named) values.push('\u200B \u200B', '\u3164\u034F\uFE0F\u2800');
      if (member.format === 'event-date') values.push('1999-12-31', '0999-05-09');
    }
    if (member.type === 'integer') {
      values.push(1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2);
      if (member.minimum !== undefined) values.push(member.minimum - 1);
      if (member.maximum !== undefined) values.push(member.maximum + 1);
    }
    if (member.type === 'array') {
      values.push(
        [42],
        ['Tag\u0000'],
        Array.from({ length: (member.maxItems ?? 1000) + 1 }, (_, i) => `t${i}`),
      );
    }
    if (member.type === 'object') values.push({ unknownField: 1 });
    if (member.const !== undefined) values.push(`${String(member.const)}-nonsense`);
  }
  return values;
}

/** Every bad variant of a valid payload: wrong shapes, each field wrong in turn, fields missing or extra. */
export function badPayloads(name: CommandName, valid: Record<string, unknown>): BadPayload[] {
  const schema = COMMANDS[name].schema as TSchema;
  const properties = schema.properties as Record<string, TSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const bad: BadPayload[] = [
    { what: 'null', payload: null, structural: true },
    { what: 'a string', payload: 'session', structural: true },
    { what: 'a number', payload: 7, structural: true },
    { what: 'an array', payload: [valid], structural: true },
    { what: 'an extra field', payload: { ...valid, extra: 1 }, structural: true },
    { what: '__proto__ key', payload: { ...valid, ...JSON.parse('{"__proto__": {"polluted": true}}') }, structural: true },
    { what: 'constructor.prototype key', payload: { ...valid, constructor: { prototype: { polluted: true } } }, structural: true },
  ];
  for (const field of required) {
    const { [field]: _dropped, ...rest } = valid;
    bad.push({ what: `${field} missing`, payload: rest, structural: true });
  }
  for (const [field, fieldSchema] of Object.entries(properties)) {
    for (const value of wrongTypes(fieldSchema)) {
      bad.push({ what: `${field} = ${JSON.stringify(value)}`, payload: { ...valid, [field]: value }, structural: true });
    }
    for (const value of outOfBounds(fieldSchema, valid[field])) {
      const shown = typeof value === 'string' && value.length > 30 ? `${value.length} characters` : JSON.stringify(value);
      bad.push({ what: `${field} = ${shown}`, payload: { ...valid, [field]: value }, structural: false });
    }
  }
  return bad;
}
