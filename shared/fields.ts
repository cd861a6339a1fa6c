// The fields of the board as every way in checks them: socket commands (shared/commands.ts),
// the export and import format (shared/export.ts) and event creation over HTTP. One definition,
// so that no path lets through what another refuses.
import { Type } from '@sinclair/typebox';
import { LIMITS } from './limits.ts';
import { DATE_PATTERN, TIME_OF_DAY_PATTERN } from './patterns.ts';

export const closed = { additionalProperties: false } as const;

/**
 * Text as people type it: no control characters (tab and line breaks allowed) and no half of a
 * surrogate pair, which JSON and SQLite would not keep the same across a restart. Written to mean
 * the same with and without the regular expression `u` flag (Ajv on HTTP uses it, the socket's
 * TypeBox checker does not): a whole pair is one character in one reading, two in the other.
 */
const CLEAN_TEXT = String.raw`(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*`;
/** At least one character that shows: not only spaces and zero-width or direction marks. */
const SOMETHING_VISIBLE = String.raw`(?=[\s\S]*[^\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF])`;
const CLEAN = new RegExp(`^${CLEAN_TEXT}$`);
const VISIBLE = new RegExp(`^${SOMETHING_VISIBLE}`);

const NOT_CLEAN = 'must not contain control characters or broken characters';

/** Why a text typed by a person cannot be taken as a name or title, or undefined when it can. */
export function textProblem(text: string, needsVisible = true): string | undefined {
  if (!CLEAN.test(text)) return NOT_CLEAN;
  if (needsVisible && !VISIBLE.test(text)) return 'must contain visible text';
  return undefined;
}

/**
 * Every text in a payload in Unicode's composed form (NFC), before it is checked: "Ü" typed on
 * one phone as one character and on another as U+0055 U+0308 is one title, one length, one
 * search. Payloads here are at most a few levels deep; deeper values are left as they are (and
 * refused by the schema) so that a hostile nesting cannot exhaust the stack.
 */
export function composedTexts(value: unknown, depth = 6): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (depth === 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => composedTexts(item, depth - 1));
  // Own properties only, copied as data: a "__proto__" key stays a key (and is refused later).
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, composedTexts(item, depth - 1)]));
}

/** A schema's own words for its pattern, instead of the pattern itself (server/commands.ts shows them). */
const cleanText = { pattern: `^${CLEAN_TEXT}$`, 'x-errorMessage': NOT_CLEAN };
const visibleText = { pattern: `^${SOMETHING_VISIBLE}${CLEAN_TEXT}$`, 'x-errorMessage': 'must contain visible text and no control characters' };

export const Id = Type.String({ minLength: 1, maxLength: LIMITS.id });
export const Title = Type.String({ minLength: 1, maxLength: LIMITS.title, ...visibleText });
export const Host = Type.String({ minLength: 1, maxLength: LIMITS.host, ...visibleText });
export const Description = Type.String({ maxLength: LIMITS.description, ...cleanText });
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.tag, ...cleanText }), { maxItems: LIMITS.tags });
export const Time = Type.String({ pattern: TIME_OF_DAY_PATTERN });
export const DateText = Type.String({ pattern: DATE_PATTERN });
export const Label = Type.String({ maxLength: LIMITS.label, ...cleanText });
export const RoomName = Type.String({ minLength: 1, maxLength: LIMITS.roomName, ...visibleText });
export const Capacity = Type.Union([Type.Integer({ minimum: 1, maximum: LIMITS.capacity }), Type.Null()]);
export const SlotKind = Type.Union([Type.Literal('session'), Type.Literal('break')]);
export const Timezone = Type.String({ minLength: 1, maxLength: LIMITS.timezone });
export const Locale = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export const PitchSeconds = Type.Integer({ minimum: LIMITS.pitchSecondsMin, maximum: LIMITS.pitchSecondsMax });
export const Timing = Type.Union([Type.Literal('any'), Type.Literal('before_lunch'), Type.Literal('after_lunch')]);
export const Interest = Type.Integer({ minimum: 0, maximum: LIMITS.interest });
/** The hands counted, or null: not counted (the phones' taps count instead). */
export const CountedInterest = Type.Union([Interest, Type.Null()]);
