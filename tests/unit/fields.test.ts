// Text as people type it: the same rule over HTTP (Ajv reads patterns with the `u` flag) and on
// the socket (TypeBox's checker reads them without), and in the rooms string of the create form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../shared/commands.ts';
import { parseRooms, parseSlots } from '../../shared/event-frame.ts';
import { composedTexts, textProblem } from '../../shared/fields.ts';

const titlePattern = COMMANDS['session:submit'].schema.properties.title.pattern!;
const descriptionPattern = COMMANDS['session:submit'].schema.properties.description.pattern!;

describe('text fields', () => {
  it.each([
    ['Kulturwandel in der Verwaltung', undefined],
    ['Emoji 😀 und 👩‍💻 (ZWJ)', undefined],
    ['Zeile\neins\tund zwei', undefined],
    ['Soft\u00ADhyphen', undefined],
    ['NUL\u0000', 'must not contain control characters or broken characters'],
    ['Bell\u0007', 'must not contain control characters or broken characters'],
    ['DEL\u007F', 'must not contain control characters or broken characters'],
    ['half \uD83D pair', 'must not contain control characters or broken characters'],
    ['\uDE00 low half', 'must not contain control characters or broken characters'],
    ['\u200B\u200B', 'must contain visible text'],
    [' \u00AD \uFEFF\u2060 ', 'must contain visible text'],
  ])('%j: %s', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
    for (const flags of ['', 'u']) expect(new RegExp(titlePattern, flags).test(text)).toBe(problem === undefined);
  });

  it('a description may be blank or invisible, not broken', () => {
    expect(textProblem('\u200B', false)).toBeUndefined();
    expect(new RegExp(descriptionPattern).test('')).toBe(true);
    expect(new RegExp(descriptionPattern).test('x\u0000')).toBe(false);
  });

  it('reads any text the same with and without the u flag', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u0000', '\uD800', '\uDC00', '\u200B', ' ', '\n'),
            fc.constantFrom('a', 'ß', '😀'),
            fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
          ),
        }),
        (text) => {
          expect(new RegExp(titlePattern, 'u').test(text)).toBe(new RegExp(titlePattern).test(text));
          expect(new RegExp(titlePattern).test(text)).toBe(textProblem(text) === undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses broken names in the rooms and breaks of the create form', () => {
    expect(() => parseRooms('Raum\u0000A:20')).toThrow(/room name must not contain control characters/);
    expect(() => parseRooms('\u200B:20')).toThrow(/room name must contain visible text/);
    expect(() => parseSlots('Pause\u0007 12:00-13:00,13:00-13:45')).toThrow(/break's name must not contain/);
    expect(parseRooms('Seminarraum Emscher (1. OG):30')).toEqual([{ name: 'Seminarraum Emscher (1. OG)', capacity: 30 }]);
  });
});

describe('composed texts (NFC)', () => {
  const decomposed = 'U\u0308berflu\u0308ssige Gro\u0308ße';
  it('composes every text of a payload, in objects and lists, and nothing else', () => {
    const payload = { title: decomposed, tags: ['Ma\u0308rz', 'ok'], interest: 3, wishes: { leaveBy: null, needsProjector: true } };
    expect(composedTexts(payload)).toEqual({ title: 'Überflüssige Größe', tags: ['März', 'ok'], interest: 3, wishes: { leaveBy: null, needsProjector: true } });
    expect(composedTexts(decomposed)).toBe('Überflüssige Größe');
    expect(composedTexts(payload)).not.toBe(payload);
  });

  it('keeps a "__proto__" key a plain key, and leaves nesting deeper than any payload as it is', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "a\u0308"}}') as object;
    const composed = composedTexts(hostile) as Record<string, unknown>;
    expect(Object.keys(composed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep: unknown = 'a\u0308';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => composedTexts(deep)).not.toThrow();
  });

  it('composes texts down to six levels, not below', () => {
    const nested = (levels: number): unknown => (levels === 0 ? 'a\u0308' : [nested(levels - 1)]);
    const innermost = (value: unknown): unknown => (Array.isArray(value) ? innermost(value[0]) : value);
    expect(innermost(composedTexts(nested(6)))).toBe('ä');
    expect(innermost(composedTexts(nested(7)))).toBe('a\u0308');
  });
});
