// How many lines a text takes in a column, the way a browser breaks it: at spaces, after a
// hyphen, at soft hyphens (where a visible hyphen is added), and anywhere in a long token. Used to plan screens that must
// show every title whole without scrolling (the projector).
import { SOFT_HYPHEN } from './hyphenation.ts';
import type { TextPart } from './long-tokens.ts';

/** Width in px of a text in one font (a canvas's measureText in the browser). */
export type MeasureWidth = (text: string) => number;

/** The pieces a line may end after: "Da­ten­schutz " → ["Da-", "ten-", "schutz "], each with its width when it ends a line. */
function pieces(parts: readonly TextPart[]): Array<{ text: string; breakAfterSoft: boolean }> {
  const result: Array<{ text: string; breakAfterSoft: boolean }> = [];
  let current = '';
  for (const part of parts) {
    for (const char of part.text) {
      if (char === SOFT_HYPHEN) {
        result.push({ text: current, breakAfterSoft: true });
        current = '';
        continue;
      }
      current += char;
      // A long token (an address) may break after any of its characters, without a hyphen.
      if (part.anywhere || char === ' ' || char === '-' || char === '–') {
        result.push({ text: current, breakAfterSoft: false });
        current = '';
      }
    }
  }
  if (current) result.push({ text: current, breakAfterSoft: false });
  return result;
}

/** Trims the spaces at both ends of a text given in parts. */
function trimmed(parts: readonly TextPart[]): TextPart[] {
  const result = parts.map((part) => ({ ...part }));
  if (result[0]) result[0].text = result[0].text.trimStart();
  const last = result.at(-1);
  if (last) last.text = last.text.trimEnd();
  return result.filter((part) => part.text);
}

/**
 * Lines a text needs at `width`, breaking greedily like a browser. Infinity when a piece that
 * cannot be broken (a word without break points) is wider than the column: the text would spill.
 */
export function countLines(text: string | readonly TextPart[], width: number, measure: MeasureWidth): number {
  const parts = pieces(trimmed(typeof text === 'string' ? [{ text, anywhere: false }] : text));
  if (parts.length === 0) return 0;
  let lines = 1;
  let line = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const candidate = line + part.text;
    // A line that ends here shows a hyphen after a soft break; trailing spaces hang.
    const endsHere = (soft: boolean, text: string) => measure(soft ? `${text}-` : text.trimEnd());
    if (endsHere(part.breakAfterSoft, candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line === '') return Number.POSITIVE_INFINITY;
    lines++;
    line = '';
    i--;
  }
  return lines;
}
