// The fields of the board as every way in checks them: socket commands (shared/commands.ts), the
// export and import format (shared/export.ts), event creation over HTTP and on the command line
// (server/create-event.ts, shared/event-frame.ts), the frame check (shared/frame-check.ts) and the
// forms (client/lib/field-problem.ts). One definition, so that no path lets through what another
// refuses and every export imports again.
//
// A text field's schema names its rule as a `format`. Both validators run the same function for it:
// TypeBox's compiled checker on the socket (FormatRegistry, below) and Ajv on HTTP (server/app.ts,
// FIELD_FORMATS). Lengths are counted there, in code points, and not by `maxLength`: TypeBox counts
// UTF-16 units and Ajv code points, so one emoji was one character over HTTP and two on the socket.
import { FormatRegistry, Type } from '@sinclair/typebox';
import { commandError, type CommandError, type RefusalReason } from './errors.ts';
import { LIMITS } from './limits.ts';
import { PLACEHOLDER } from './notes-link.ts';
import { DATE, ID_PATTERN, TIME_OF_DAY_PATTERN } from './patterns.ts';

export const closed = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------------------------
// Texts as they are kept

/** Embedding, override and isolate controls: U+202E turns the rest of a line around. Removed, never kept. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A text as it is kept: without bidi embedding/override/isolate controls, in Unicode's composed
 * form (NFC), so that "Ü" typed on one phone as one character and on another as U+0055 U+0308 is
 * one title, one length, one search.
 */
export function normalText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').normalize('NFC');
}

/**
 * Every text in a payload as it is kept (normalText), before it is checked. Payloads here are at
 * most a few levels deep; deeper values are left as they are (and refused by the schema) so that
 * a hostile nesting cannot exhaust the stack.
 */
export function normalTexts(value: unknown, depth = 6): unknown {
  if (typeof value === 'string') return normalText(value);
  if (depth === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => normalTexts(item, depth - 1));
  // Own properties only, copied as data: a "__proto__" key stays a key (and is refused later).
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normalTexts(item, depth - 1)]));
}

/** How long a text is, as every limit counts it: in code points (an emoji is one, as a person sees it). */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** The first `count` code points of a text, "…" after them if there is more (never half an emoji). */
export function preview(text: string, count = 20): string {
  const points = [...text];
  return points.length > count ? `${points.slice(0, count).join('')}…` : text;
}

// ---------------------------------------------------------------------------------------------
// The rules of text fields

export type TextKind = 'title' | 'host' | 'roomName' | 'tag' | 'label' | 'description';

interface TextRule {
  /** At most this many code points. */
  max: number;
  /** A name: it must show at least one letter or digit. */
  named: boolean;
  /** It may be left empty (a name then says nothing: a session without a host yet). */
  optional?: boolean;
  /** Tabs and line breaks are allowed (a description); elsewhere a text is one line. */
  multiline: boolean;
}

export const TEXT_RULES: Record<TextKind, TextRule> = {
  title: { max: LIMITS.title, named: true, multiline: false },
  host: { max: LIMITS.host, named: true, optional: true, multiline: false },
  roomName: { max: LIMITS.roomName, named: true, multiline: false },
  tag: { max: LIMITS.tag, named: true, multiline: false },
  label: { max: LIMITS.label, named: false, multiline: false },
  description: { max: LIMITS.description, named: false, multiline: true },
};

/** More combining marks than this on one character are refused (stacks of them draw over the lines around). */
export const MAX_COMBINING_MARKS = 4;

/** What can be wrong with a text; the client says each in the page's language (client/lib/field-problem.ts). */
export type TextFault = 'too_long' | 'broken' | 'control' | 'not_normal' | 'marks' | 'invisible';

const LONE_SURROGATE = /\p{Cs}/u;
/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL_IN_LINE = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;
const STACKED_MARKS = new RegExp(`\\p{M}{${MAX_COMBINING_MARKS + 1}}`, 'u');
/**
 * A letter or digit that shows. Default-ignorable code points are drawn as nothing even where they
 * are letters: the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0 are named for clarity.
 */
const VISIBLE_LETTER_OR_DIGIT = /(?![\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0])[\p{L}\p{N}]/u;

/** What is wrong with a text as a field of this kind, or undefined when nothing is. */
export function textFault(text: string, kind: TextKind): TextFault | undefined {
  const rule = TEXT_RULES[kind];
  // Left empty (spaces are trimmed away when it is kept): nothing to check.
  if (rule.optional && text.trim() === '') return undefined;
  // A text of more UTF-16 units than twice the limit has more code points than the limit: no need to read it.
  if (text.length > 2 * rule.max) return 'too_long';
  if (LONE_SURROGATE.test(text)) return 'broken';
  if ((rule.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL_IN_LINE).test(text)) return 'control';
  // Every way in keeps texts normal before they are checked; a caller that forgot is refused, not trusted.
  if (text !== normalText(text)) return 'not_normal';
  if (STACKED_MARKS.test(text)) return 'marks';
  if (rule.named && !VISIBLE_LETTER_OR_DIGIT.test(text)) return 'invisible';
  if (codePoints(text) > rule.max) return 'too_long';
  return undefined;
}

/** A fault said in English, to follow the field's name ("title must …"). */
export function textFaultWords(fault: TextFault, kind: TextKind): string {
  const { max, named, optional } = TEXT_RULES[kind];
  switch (fault) {
    case 'too_long':
      return named && !optional ? `must have 1 to ${max} characters` : `must have at most ${max} characters`;
    case 'broken':
      return 'must not contain broken characters (half of a surrogate pair)';
    case 'control':
      return TEXT_RULES[kind].multiline
        ? 'must not contain control characters other than tabs and line breaks'
        : 'must not contain control characters or line breaks';
    case 'not_normal':
      return 'must be in Unicode’s composed form (NFC), without direction controls';
    case 'marks':
      return `must not stack more than ${MAX_COMBINING_MARKS} combining marks on one character`;
    case 'invisible':
      // An empty name has no letter either, but it is said as a length.
      return 'must show a letter or digit';
  }
}

/** What is wrong with a field's value: the reason clients say, its measure, and the same in English words that follow the field's name. */
export interface FieldFault {
  reason: RefusalReason;
  limit?: number;
  words: string;
}

/** Why a text cannot be taken as a field of this kind, or undefined. */
export function textFieldFault(text: string, kind: TextKind): FieldFault | undefined {
  const { max, named, optional } = TEXT_RULES[kind];
  const fault = text === '' && named && !optional ? 'too_long' : textFault(text, kind);
  if (!fault) return undefined;
  const words = textFaultWords(fault, kind);
  if (fault === 'too_long') return text.trim() === '' ? { reason: 'empty', words } : { reason: 'too_long', limit: max, words };
  if (fault === 'marks') return { reason: 'marks', limit: MAX_COMBINING_MARKS, words };
  return { reason: fault, words };
}

/** A field's fault as a refusal (`invalid`), naming the field. */
export function fieldRefusal(field: string, fault: FieldFault): CommandError {
  return commandError('invalid', fault.reason, `Invalid ${field}: ${fault.words}.`, { field, limit: fault.limit });
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Whether a YYYY-MM-DD date exists in the calendar. */
export function isValidDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date);
}

/** The last date an event's day may have, seen from `now` (YYYY-MM-DD). */
export function latestDate(now: Date): string {
  return new Date(now.getTime() + LIMITS.daysAhead * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * What is wrong with an event's date, or undefined. Without `now` only what holds at any time (a
 * schema cannot know the writer's clock); the frame check (shared/frame-check.ts), which every way
 * in runs with the clock, adds how far ahead it may lie.
 */
export function dateFault(date: string, now?: Date): FieldFault | undefined {
  if (!isValidDate(date)) return { reason: 'not_a_date', words: 'must be a day of the calendar, written YYYY-MM-DD' };
  if (date < LIMITS.earliestDate) return { reason: 'date_too_early', words: `must not lie before ${LIMITS.earliestDate}` };
  if (now && date > latestDate(now)) return { reason: 'date_too_late', words: 'must not lie more than two years ahead' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Notes links (shared/notes-link.ts)

/** Spaces and control characters: an address typed with them is a typo, not a link. */
const NOT_IN_A_LINK = /[\s\p{Cc}]/u;

/**
 * Why a notes link (or template) cannot be kept, or undefined. "" is fine: it clears the link.
 * Only http: and https: links: a `javascript:` link would run on every phone that taps it.
 */
export function notesLinkFault(link: string): FieldFault | undefined {
  if (link === '') return undefined;
  if (codePoints(link) > LIMITS.notesLink) return { reason: 'too_long', limit: LIMITS.notesLink, words: `must have at most ${LIMITS.notesLink} characters` };
  const words = 'must be an http: or https: link (or empty)';
  if (NOT_IN_A_LINK.test(link)) return { reason: 'not_a_link', words };
  let url: URL;
  try {
    // With sample values in place: "{title}" is only a placeholder, not part of the address.
    url = new URL(link.replace(PLACEHOLDER, 'x'));
  } catch {
    return { reason: 'not_a_link', words };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return { reason: 'not_a_link', words };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The formats of the schemas, for both validators

const FORMAT_FAULTS: Record<string, (value: string) => FieldFault | undefined> = {
  ...Object.fromEntries((Object.keys(TEXT_RULES) as TextKind[]).map((kind) => [kind, (value: string) => textFieldFault(value, kind)])),
  'event-date': (value) => dateFault(value),
  'notes-link': notesLinkFault,
};

/** The formats as Ajv takes them (server/app.ts): the same functions as on the socket. */
export const FIELD_FORMATS: Record<string, (value: string) => boolean> = Object.fromEntries(
  Object.entries(FORMAT_FAULTS).map(([name, fault]) => [name, (value: string) => fault(value) === undefined]),
);
for (const [name, check] of Object.entries(FIELD_FORMATS)) FormatRegistry.Set(name, check);

/** Why a value does not match a format of these schemas, or undefined. */
export function formatFault(format: string, value: unknown): FieldFault | undefined {
  const fault = Object.hasOwn(FORMAT_FAULTS, format) ? FORMAT_FAULTS[format] : undefined;
  return typeof value === 'string' && fault ? fault(value) : undefined;
}

// ---------------------------------------------------------------------------------------------
// The fields

/** Ids as the server makes them (server/ids.ts): safe in a URL, a file name and a header, one byte each. */
export const Id = Type.String({ pattern: ID_PATTERN, 'x-errorMessage': `must be 1 to ${LIMITS.id} of A–Z, a–z, 0–9, "_" and "-"` });
/** A text field: its kind's rule as its format, said for readers of the OpenAPI document. */
function textField(kind: TextKind) {
  const { max, named, optional, multiline } = TEXT_RULES[kind];
  const said = [
    `${named && !optional ? 1 : 0} to ${max} characters (code points)`,
    named ? (optional ? 'empty, or with a letter or digit' : 'with a letter or digit') : '',
    multiline ? 'tabs and line breaks allowed' : 'one line',
    `no control characters, at most ${MAX_COMBINING_MARKS} combining marks in a row (docs/protocol.md)`,
  ];
  return Type.String({ format: kind, description: said.filter(Boolean).join('; ') });
}

export const Title = textField('title');
export const Host = textField('host');
export const Description = textField('description');
export const Tags = Type.Array(textField('tag'), { maxItems: LIMITS.tags });
export const Time = Type.String({ pattern: TIME_OF_DAY_PATTERN });
export const DateText = Type.String({ format: 'event-date', description: `YYYY-MM-DD, from ${LIMITS.earliestDate} to two years ahead` });
export const Label = textField('label');
export const RoomName = textField('roomName');
export const Capacity = Type.Union([Type.Integer({ minimum: 1, maximum: LIMITS.capacity }), Type.Null()]);
export const SlotKind = Type.Union([Type.Literal('session'), Type.Literal('break')]);
export const Timezone = Type.String({ minLength: 1, maxLength: LIMITS.timezone });
export const Locale = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export const PitchSeconds = Type.Integer({ minimum: LIMITS.pitchSecondsMin, maximum: LIMITS.pitchSecondsMax });
export const Timing = Type.Union([Type.Literal('any'), Type.Literal('before_lunch'), Type.Literal('after_lunch')]);
export const Interest = Type.Integer({ minimum: 0, maximum: LIMITS.interest });
/** The hands counted, or null: not counted (the phones' taps count instead). */
export const CountedInterest = Type.Union([Interest, Type.Null()]);
/** A notes link or template (shared/notes-link.ts): an http: or https: address, or "" for none. */
export const NotesLink = Type.String({
  format: 'notes-link',
  description: `"" (none), or an http: or https: address of at most ${LIMITS.notesLink} characters; {slug}, {session} and {title} are replaced, URL-encoded`,
});
