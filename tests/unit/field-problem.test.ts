// The forms say what the one check (shared/fields.ts) would refuse, in the page's language,
// before anything is sent (client/lib/field-problem.ts): the same rules, the same count.
import { afterEach, describe, expect, it } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { fieldProblem } from '../../client/lib/field-problem.ts';
import { i18n } from '../../client/lib/i18n/i18n.svelte.ts';
import { textFault } from '../../shared/fields.ts';

afterEach(() => {
  i18n.language = 'de';
});

describe('fieldProblem', () => {
  it.each([
    ['an empty title', '', 'title', 'Bitte ausfüllen.', 'Please fill this in.'],
    ['a title of blank letters', '\u3164\u115F', 'title', 'Bitte mindestens einen Buchstaben', 'Please write at least one letter or digit'],
    ['a host of only U+2800 and U+FE0F', '\u2800\uFE0F', 'host', 'Bitte mindestens einen Buchstaben', 'Please write at least one letter or digit'],
    ['five marks on a letter', `q${'\u0301\u0300\u0302\u0303\u0306'}`, 'title', 'Höchstens 4 Akzente', 'At most 4 accents'],
    ['NUL in a description', 'a\u0000', 'description', 'Steuerzeichen', 'control characters'],
    ['a lone surrogate', 'a\uD800', 'title', 'Steuerzeichen', 'control characters'],
    ['121 characters', `A${'😀'.repeat(120)}`, 'title', 'Höchstens 120 Zeichen', 'At most 120 characters'],
  ] as const)('%s: said in German and English', (_, value, kind, german, english) => {
    i18n.language = 'de';
    expect(fieldProblem(value, kind)).toContain(german);
    i18n.language = 'en';
    expect(fieldProblem(value, kind)).toContain(english);
  });

  it.each([
    ['120 characters, 119 of them emoji (one each, as the server counts)', `A${'😀'.repeat(119)}`, 'title'],
    ['direction controls around letters (the server removes them)', '\u202Egnirts\u202C', 'title'],
    ['decomposed umlauts (the server composes them)', 'U\u0308ber', 'host'],
    ['lines and tabs in a description', 'eins\n\tzwei', 'description'],
    ['an empty description', '', 'description'],
    // The host is optional everywhere: a session may get its host later.
    ['an empty host', '', 'host'],
    ['a host of spaces only (kept as none)', '   ', 'host'],
  ] as const)('takes %s', (_, value, kind) => {
    expect(fieldProblem(value, kind)).toBe('');
  });

  it('refuses what the server refuses: a text is taken when the server would take it as sent', () => {
    for (const value of ['\u202E', '😀', 'U\u0308', `Z${'\u0301'.repeat(4)}`, `Z${'\u0301'.repeat(5)}`, 'a\nb']) {
      expect(fieldProblem(value, 'title') === '', JSON.stringify(value)).toBe(textFault(value.replace(/\u202E/g, '').normalize('NFC'), 'title') === undefined);
    }
  });
});
