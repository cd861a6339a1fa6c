// The text of a PDF as a viewer finds it, read with pdf.js (Mozilla's reader, Firefox's viewer).
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One string per page, its lines ending in "\n", characters as the PDF maps them (nothing normalized). */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const { items } = await (await document.getPage(number)).getTextContent({ disableNormalization: true });
    pages.push(items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages;
}

/**
 * The text a viewer's search goes through, by pdf.js's find's rules: a word hyphenated at a line's
 * end ("Barrierefrei‐" / "heit") is one word again; a hyphen the word has anyway ("Online-" /
 * "Moderation") stays, without the line end; other line ends are spaces.
 */
export function searchedText(page: string): string {
  return page
    .replaceAll('\u2010', '-')
    .replace(/(?<=\p{Ll})-\n(?=\p{Ll})|(?<=\p{Lu})-\n(?=\p{L})/gu, '')
    .replace(/(?<=\S-)\n/gu, '')
    .replaceAll('\n', ' ');
}
