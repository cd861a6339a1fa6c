// Syllable breaks for long words. Browsers' own `hyphens: auto` is missing in some builds (Debian's
// headless Chromium has no dictionaries), so long German compounds would be cut anywhere. The
// patterns (TeX's, through the `hyphen` package) are large, so screens load them when needed.

/** Words of up to this many letters are never broken; longer ones get soft hyphens. */
export const LONGEST_UNBROKEN_WORD = 15;

export const SOFT_HYPHEN = '\u00AD';

/** Soft hyphens in every word longer than `longestUnbroken` letters. */
export type Hyphenate = (text: string, longestUnbroken?: number) => string;

/** The hyphenator for the event's language (German patterns of the 1996 spelling, or US English). */
export async function loadHyphenation(locale: 'de' | 'en'): Promise<Hyphenate> {
  const { hyphenateSync } = (locale === 'de' ? await import('hyphen/de') : await import('hyphen/en')).default;
  const cache = new Map<string, string>();
  return (text, longestUnbroken = LONGEST_UNBROKEN_WORD) => {
    const key = `${longestUnbroken}|${text}`;
    let result = cache.get(key);
    if (result === undefined) {
      result = hyphenateSync(text, { minWordLength: longestUnbroken + 1 });
      cache.set(key, result);
    }
    return result;
  };
}

/**
 * Stand-in until the patterns are loaded (or if they cannot be): a break opportunity every few
 * letters of a long word. Not at syllables, but it keeps long words inside narrow columns and
 * lets a screen plan its layout close to the final one.
 */
export function roughHyphenate(text: string, longestUnbroken = LONGEST_UNBROKEN_WORD): string {
  return text.replace(/\p{L}+/gu, (word) => {
    if (word.length <= longestUnbroken) return word;
    const parts: string[] = [];
    for (let start = 0; start < word.length; start += 5) parts.push(word.slice(start, start + 5));
    // No lone letters at the end of a word.
    if (parts.length > 1 && parts.at(-1)!.length < 3) {
      const tail = parts.pop()!;
      parts[parts.length - 1] += tail;
    }
    return parts.join(SOFT_HYPHEN);
  });
}
