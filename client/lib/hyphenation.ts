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
