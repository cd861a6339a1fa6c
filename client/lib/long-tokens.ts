// Addresses, e-mail addresses and hashtag chains in a title ("https://…", "info@verein.de",
// "#a#b#c") are not words: they have no syllables, and one of them is often wider than a
// projector's column. They may break anywhere (the view sets them with `word-break: break-all`),
// so that one such title never costs a page; ordinary words keep breaking only at hyphenation
// points.

/** A run of a text: words (hyphenated where long) or a long token that breaks anywhere. */
export interface TextPart {
  text: string;
  anywhere: boolean;
}

/** Shorter tokens fit any column and stay whole, whatever they are made of. */
const SHORTEST_LONG_TOKEN = 12;

/** Characters no word has inside, but addresses, paths and hashtag chains do. */
const ADDRESS_CHARACTER = /[/@#_=&?\\]|\.\p{L}{2}/u;

export function isLongToken(token: string): boolean {
  return token.length >= SHORTEST_LONG_TOKEN && ADDRESS_CHARACTER.test(token);
}

/** The text cut into words and long tokens, in order; joined, the parts give the text back. */
export function splitLongTokens(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const push = (piece: string, anywhere: boolean) => {
    if (!piece) return;
    const last = parts.at(-1);
    if (last && last.anywhere === anywhere && !anywhere) last.text += piece;
    else parts.push({ text: piece, anywhere });
  };
  let index = 0;
  for (const match of text.matchAll(/\S+/g)) {
    if (!isLongToken(match[0])) continue;
    push(text.slice(index, match.index), false);
    push(match[0], true);
    index = match.index + match[0].length;
  }
  push(text.slice(index), false);
  return parts;
}

/** The parts as a screen shows them: words run through `hyphenate`, long tokens as they are. */
export function displayParts(text: string, hyphenate: (words: string) => string): TextPart[] {
  return splitLongTokens(text).map((part) => (part.anywhere ? part : { text: hyphenate(part.text), anywhere: false }));
}
