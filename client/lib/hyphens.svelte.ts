// The event's hyphenation as reactive state: text gets rough breaks until the patterns arrive,
// then every screen that reads `text()` redraws with syllable breaks.
import { loadHyphenation, roughHyphenate, type Hyphenate } from './hyphenation.ts';

export class Hyphens {
  #hyphenate = $state<Hyphenate | null>(null);
  #locale: 'de' | 'en' | undefined;

  /** Loads the patterns of the event's language (once per language). */
  use(locale: 'de' | 'en'): void {
    if (this.#locale === locale) return;
    this.#locale = locale;
    void loadHyphenation(locale).then((hyphenate) => {
      if (this.#locale === locale) this.#hyphenate = hyphenate;
    });
  }

  /** True once the patterns are loaded. */
  get ready(): boolean {
    return this.#hyphenate !== null;
  }

  /**
   * The text with soft hyphens in words longer than `longestUnbroken` letters (15 unless told;
   * narrow columns ask for less). Rough breaks until the patterns are loaded.
   */
  text(text: string, longestUnbroken?: number): string {
    return this.#hyphenate ? this.#hyphenate(text, longestUnbroken) : roughHyphenate(text, longestUnbroken);
  }
}
