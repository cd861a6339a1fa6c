// Sessions with a similar title: "Kulturwandel in der Verwaltung" and "Kulturwandel Verwaltung"
// are one topic pitched twice. Words are compared without case, accents, filler words and common
// endings, and whole titles by their letter triples, so that a compound written apart or a
// plural still matches. Pure; the facilitator decides whether to merge.
import type { Board, Session } from './board.ts';

/** Lower case without accents ("Über" is "uber"): titles typed on phones with and without them match. */
function withoutAccents(text: string): string {
  return text
    .toLocaleLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u0302\u0304-\u036f]/g, '')
    .normalize('NFC');
}

/** Words that say nothing about a topic, in German and English, as titles are compared ("für" as "fur"). */
const FILLER = new Set(
  withoutAccents(
    'der die das den dem des ein eine einer eines einem einen und oder mit ohne für von vom zu zum zur auf im in an am bei aus als ' +
      'wie was wir ist sind es über unter nach vor durch gegen mehr neue neuen the a an of in on for and or with without to at from by ' +
      'is are how what why we our your about into new more',
  ).split(' '),
);

/** A word as compared (already without accents): "ß" as "ss", a common ending taken off. */
function stem(word: string): string {
  const folded = word.replace(/ß/g, 'ss');
  return folded.length > 5 ? folded.replace(/(ungen|ung|en|er|es|e|n|s)$/, '') : folded;
}

function wordsOf(title: string): string[] {
  return withoutAccents(title)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word && !FILLER.has(word))
    .map(stem);
}

function triples(words: readonly string[]): Set<string> {
  const text = ` ${words.join('')} `;
  const result = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) result.add(text.slice(i, i + 3));
  return result;
}

/** How alike two titles are, 0 to 1: the larger of shared words (of the shorter title) and shared letter triples. */
export function titleSimilarity(a: string, b: string): number {
  const [wordsA, wordsB] = [wordsOf(a), wordsOf(b)];
  if (wordsA.length === 0 || wordsB.length === 0) return 0;
  const setB = new Set(wordsB);
  const shared = new Set(wordsA.filter((word) => setB.has(word))).size;
  const byWords = shared / Math.min(new Set(wordsA).size, setB.size);
  const [triA, triB] = [triples(wordsA), triples(wordsB)];
  const sharedTriples = [...triA].filter((triple) => triB.has(triple)).length;
  const byLetters = (2 * sharedTriples) / (triA.size + triB.size);
  return Math.max(byWords, byLetters);
}

/** From this on two titles count as one topic. */
export const SIMILAR = 0.75;

/** Pitched sessions whose title is like `title`, most alike first (at most `limit`), leaving out `exceptId`. */
export function similarSessions(board: Board, title: string, exceptId?: string, limit = 3): Array<Pick<Session, 'title'> & { sessionId: string }> {
  return board.sessions
    .filter((s) => s.id !== exceptId && s.status === 'pitched')
    .map((s) => ({ session: s, score: titleSimilarity(title, s.title) }))
    .filter(({ score }) => score >= SIMILAR)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ session }) => ({ sessionId: session.id, title: session.title }));
}
