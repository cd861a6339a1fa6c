// The one check of ids, dates and texts (shared/fields.ts): the rules themselves, and that the
// socket's checker (TypeBox, through the schemas' formats) runs exactly them. HTTP runs them
// through Ajv: tests/integration/fields.test.ts sends the same cases every way in.
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../shared/commands.ts';
import { parseRooms, parseSlots } from '../../shared/event-frame.ts';
import {
  codePoints,
  dateFault,
  DateText,
  Description,
  formatFault,
  Id,
  MAX_COMBINING_MARKS,
  normalText,
  normalTexts,
  preview,
  textFault,
  textFieldFault,
  Title,
  type TextKind,
} from '../../shared/fields.ts';
import { LIMITS } from '../../shared/limits.ts';

const TAGS_ONLY = '\u{E0041}\u{E0042}\u{E007F}';
const MARKS = (count: number) => 'x' + '\u0301\u0302\u0303\u0304\u0306'.repeat(20).slice(0, count);

describe('text fields', () => {
  it.each<[string, string, TextKind, ReturnType<typeof textFault>]>([
    ['a plain title', 'Kulturwandel in der Verwaltung', 'title', undefined],
    ['emoji with letters', 'Emoji 😀 und 👩‍💻 (ZWJ)', 'title', undefined],
    ['a digit is enough', '42', 'title', undefined],
    ['right-to-left letters (no controls)', 'مرحبا שלום', 'title', undefined],
    ['four marks on one letter', MARKS(4), 'title', undefined],
    ['a soft hyphen beside letters', 'Soft\u00ADhyphen', 'title', undefined],
    ['a description with lines and tabs', 'Zeile\r\neins\tund zwei', 'description', undefined],
    ['an empty label', '', 'label', undefined],
    ['only U+034F', '\u034F\u034F', 'title', 'invisible'],
    ['only U+FE0F', '\uFE0F\uFE0F\uFE0F', 'title', 'invisible'],
    ['only U+3164 (a letter that renders blank)', '\u3164\u3164', 'title', 'invisible'],
    ['only the other Hangul fillers', '\u115F\u1160\uFFA0', 'host', 'invisible'],
    ['only U+2800', '\u2800\u2800', 'title', 'invisible'],
    ['only tag characters', TAGS_ONLY, 'title', 'invisible'],
    ['only zero-width and spaces', ' \u200B \u00AD \uFEFF\u2060 ', 'roomName', 'invisible'],
    ['only symbols', '🎉 ✨ !', 'tag', 'invisible'],
    ['NUL', 'NUL\u0000', 'title', 'control'],
    ['NUL in a description', 'NUL\u0000', 'description', 'control'],
    ['a bell', 'Bell\u0007', 'label', 'control'],
    ['DEL', 'DEL\u007F', 'host', 'control'],
    ['a C1 control', 'NEL\u0085', 'description', 'control'],
    ['a line break in a title', 'Zeile\neins', 'title', 'control'],
    ['a tab in a room name', 'Raum\tA', 'roomName', 'control'],
    ['a line separator in a label', 'Block\u2028B', 'label', 'control'],
    ['a high surrogate alone', 'half \uD83D pair', 'title', 'broken'],
    ['a low surrogate alone', '\uDE00 low half', 'description', 'broken'],
    ['U+202E not removed (a caller that skipped normalText)', 'Abc\u202Edef', 'title', 'not_normal'],
    ['decomposed umlauts (a caller that skipped normalText)', 'U\u0308ber', 'title', 'not_normal'],
    ['five marks on one letter', MARKS(5), 'title', 'marks'],
    ['100 marks on one letter', MARKS(100), 'description', 'marks'],
    ['a letter and 119 emoji', `A${'😀'.repeat(LIMITS.title - 1)}`, 'title', undefined],
    ['a letter and 120 emoji', `A${'😀'.repeat(LIMITS.title)}`, 'title', 'too_long'],
    ['a title of 121 letters', 'x'.repeat(LIMITS.title + 1), 'title', 'too_long'],
    ['a huge text, cut short unread', 'Ä'.repeat(20_000), 'label', 'too_long'],
  ])('%s', (_, text, kind, fault) => {
    expect(textFault(text, kind)).toBe(fault);
  });

  it('says each fault in words that follow the field’s name; an empty name is said as its length', () => {
    expect(textFieldFault('', 'title')?.words).toBe(`must have 1 to ${LIMITS.title} characters`);
    expect(textFieldFault('x'.repeat(LIMITS.label + 1), 'label')?.words).toBe(`must have at most ${LIMITS.label} characters`);
    expect(textFieldFault('\u3164', 'title')?.words).toBe('must show a letter or digit');
    expect(textFieldFault(MARKS(5), 'title')?.words).toBe(`must not stack more than ${MAX_COMBINING_MARKS} combining marks on one character`);
    expect(textFieldFault('a\u0000', 'title')?.words).toBe('must not contain control characters or line breaks');
    expect(textFieldFault('a\u0000', 'description')?.words).toBe('must not contain control characters other than tabs and line breaks');
    expect(textFieldFault('a\uD800', 'tag')?.words).toBe('must not contain broken characters (half of a surrogate pair)');
    expect(textFieldFault('', 'description')?.words).toBeUndefined();
  });

  it('counts code points: an emoji is one character, a lone surrogate too', () => {
    expect(codePoints('😀'.repeat(61))).toBe(61);
    expect(codePoints('👩‍💻')).toBe(3);
    expect(codePoints('a\uD800b')).toBe(3);
    expect(preview('😀'.repeat(30), 20)).toBe(`${'😀'.repeat(20)}…`);
    expect(preview('kurz')).toBe('kurz');
  });

  it('the socket’s checker runs the same rule as textFieldFault, for any text', () => {
    const titles = TypeCompiler.Compile(Title);
    const descriptions = TypeCompiler.Compile(Description);
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u0000', '\n', '\t', '\uD800', '\uDC00', '\u200B', '\u3164', '\u034F', '\u0301', '\u202E', ' '),
            fc.constantFrom('a', 'ß', '😀', '7'),
            fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
          ),
          maxLength: 130,
        }),
        (text) => {
          expect(titles.Check(text)).toBe(textFieldFault(text, 'title')?.words === undefined);
          expect(descriptions.Check(text)).toBe(textFieldFault(text, 'description')?.words === undefined);
          if (titles.Check(text)) expect(formatFault('title', text)?.words).toBeUndefined();
          else expect(formatFault('title', text)?.words).toBe(textFieldFault(text, 'title')?.words);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('what normalText keeps passes again unchanged: normal is normal', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'U', '\u0308', '\u202E', '\u2066', '\u2069', 'e', '\u0301', ' ') }), (text) => {
        const kept = normalText(text);
        expect(normalText(kept)).toBe(kept);
        expect(kept).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(textFault(kept, 'description')).not.toBe('not_normal');
      }),
    );
  });

  it('refuses broken names in the rooms and breaks of the create form', () => {
    expect(() => parseRooms('Raum\u0000A:20')).toThrow(/room name must not contain control characters/);
    expect(() => parseRooms('\u3164:20')).toThrow(/room name must show a letter or digit/);
    expect(() => parseSlots('Pause\u0007 12:00-13:00,13:00-13:45')).toThrow(/break's name must not contain/);
    expect(parseRooms('Seminarraum Emscher (1. OG):30')).toEqual([{ name: 'Seminarraum Emscher (1. OG)', capacity: 30 }]);
  });
});

describe('ids', () => {
  const ids = TypeCompiler.Compile(Id);
  it.each([
    ['s_abc-DEF_123', true],
    ['x'.repeat(LIMITS.id), true],
    ['x'.repeat(LIMITS.id + 1), false],
    ['', false],
    ['r\uD800', false],
    ['r\uDC00', false],
    ['s\u0000', false],
    ['r€', false],
    ['r\r\n1', false],
    ['r 1', false],
    ['r.ics', false],
    ['ｒ1', false],
  ])('%j: %s', (id, valid) => {
    expect(ids.Check(id)).toBe(valid);
    // The pattern means the same to Ajv, which reads it with the u flag.
    expect(new RegExp(Id.pattern!, 'u').test(id)).toBe(valid);
  });
});

describe('dates', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  it.each([
    ['0999-05-09', 'must not lie before 2000-01-01'],
    ['1000-05-09', 'must not lie before 2000-01-01'],
    ['1999-12-31', 'must not lie before 2000-01-01'],
    ['2000-01-01', undefined],
    ['2026-02-30', 'must be a day of the calendar, written YYYY-MM-DD'],
    ['2026-5-9', 'must be a day of the calendar, written YYYY-MM-DD'],
    ['2028-12-04', undefined],
    ['2028-12-05', 'must not lie more than two years ahead'],
    ['2029-12-04', 'must not lie more than two years ahead'],
  ])('%s at %s', (date, problem) => {
    expect(dateFault(date, now)?.words).toBe(problem);
  });

  it('in a schema, everything but how far ahead (which the frame check knows with its clock)', () => {
    const dates = TypeCompiler.Compile(DateText);
    expect([dates.Check('1999-12-31'), dates.Check('2000-01-01'), dates.Check('2099-01-01'), dates.Check('2026-02-30')]).toEqual([false, true, true, false]);
    expect(formatFault('event-date', '1000-01-01')?.words).toBe('must not lie before 2000-01-01');
  });
});

describe('normal texts', () => {
  const decomposed = 'U\u0308berflu\u0308ssige Gro\u0308ße';
  it('composes every text of a payload and removes direction controls, in objects and lists, and nothing else', () => {
    const payload = { title: decomposed, tags: ['Ma\u0308rz', 'ok'], interest: 3, wishes: { leaveBy: null, needsProjector: true } };
    expect(normalTexts(payload)).toEqual({ title: 'Überflüssige Größe', tags: ['März', 'ok'], interest: 3, wishes: { leaveBy: null, needsProjector: true } });
    expect(normalTexts('\u202Egnirts\u202C \u2066isolated\u2069')).toBe('gnirts isolated');
    expect(normalTexts(payload)).not.toBe(payload);
  });

  it('keeps a "__proto__" key a plain key, and leaves nesting deeper than any payload as it is', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "a\u0308"}}') as object;
    const composed = normalTexts(hostile) as Record<string, unknown>;
    expect(Object.keys(composed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep: unknown = 'a\u0308';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => normalTexts(deep)).not.toThrow();
  });

  it('composes texts down to six levels, not below', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'a\u0308' : [nested(levels - 1)]);
    const innermost = (value: unknown): unknown => (Array.isArray(value) ? innermost(value[0]) : value);
    expect(innermost(normalTexts(nested(6)))).toBe('ä');
    expect(innermost(normalTexts(nested(7)))).toBe('a\u0308');
  });

  it('every text field of every command has a rule (a format or a pattern), except the opaque ones', () => {
    const unruled = new Set<string>();
    const walk = (schema: TSchema, field: string) => {
      if (schema.type === 'string' && schema.const === undefined && schema.format === undefined && schema.pattern === undefined) unruled.add(field);
      for (const [name, inner] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) walk(inner, name);
      if (schema.items) walk(schema.items as TSchema, field);
      for (const member of (schema.anyOf ?? []) as TSchema[]) walk(member, field);
    };
    for (const { schema } of Object.values(COMMANDS)) walk(schema, '');
    // The client's own retry id, the giver's secret and a time zone (which Intl checks) are no text a person reads.
    expect([...unruled].sort()).toEqual(['commandId', 'timezone', 'token']);
    expect(COMMANDS['session:submit'].schema.properties.tags.items.format).toBe('tag');
  });
});
