// Similar titles: one topic pitched twice, written a little differently.
import { describe, expect, it } from 'vitest';
import { SIMILAR, similarSessions, titleSimilarity } from '../../shared/similar.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

describe('titles of one topic', () => {
  it.each([
    ['Kulturwandel in der Verwaltung', 'Kulturwandel Verwaltung'],
    ['Kulturwandel in der Verwaltung', 'kulturwandel in Verwaltungen'],
    ['Open Data im Rathaus', 'Open-Data-Rathaus'],
    ['Podcasting für Einsteiger', 'Podcasting für Einsteiger:innen'],
    ['Mobilität auf dem Land', 'Mobilitat auf dem Lande'],
  ])('"%s" and "%s" are alike', (a, b) => {
    expect(titleSimilarity(a, b)).toBeGreaterThanOrEqual(SIMILAR);
    expect(titleSimilarity(b, a)).toBeGreaterThanOrEqual(SIMILAR);
  });

  it.each([
    ['Open Data im Rathaus', 'Offene Daten in der Kommune'],
    ['Mobilitätswende auf dem Land', 'Smart City'],
    ['Kulturwandel in der Verwaltung', 'Verwaltungsdigitalisierung'],
    ['Datenschutz im Verein', 'Datenschutzgrundverordnung im Vereinsalltag'],
    ['Die und der', 'Das und die'],
  ])('"%s" and "%s" are different topics', (a, b) => {
    expect(titleSimilarity(a, b)).toBeLessThan(SIMILAR);
  });

  it('lists pitched sessions only, leaving out the one asked about, most alike first', () => {
    const board = {
      ...sampleBoard(),
      sessions: [
        session('a', { title: 'Kulturwandel in Verwaltungen' }),
        session('b', { title: 'Kulturwandel Verwaltung' }),
        session('c', { title: 'Kulturwandel in der Verwaltung', status: 'withdrawn' }),
        session('d', { title: 'Kulturwandel in der Verwaltung' }),
        session('e', { title: 'Smart City' }),
      ],
    };
    expect(similarSessions(board, 'Kulturwandel in der Verwaltung', 'd').map((s) => s.sessionId)).toEqual(['a', 'b']);
    expect(similarSessions(board, 'Kulturwandel in der Verwaltung', undefined, 1)).toHaveLength(1);
  });

  it('leaves out filler words also when typed with their accents ("für", "über")', () => {
    expect(titleSimilarity('für', 'für')).toBe(0);
    expect(titleSimilarity('Reden über Geld', 'Reden für Geld')).toBe(1);
  });

  it('folds ß, takes endings off long words only, and compares words of the shorter title', () => {
    expect(titleSimilarity('Straßenfest', 'Strassenfest')).toBe(1);
    // "Kurse" is too short to lose its ending: only the letter triples are shared (3 of 5 and 4).
    expect(titleSimilarity('Kurse', 'Kurs')).toBeCloseTo(6 / 9, 10);
    expect(titleSimilarity('Kulturwandel Verwaltung', 'Kulturwandel Verwaltung Praxis')).toBe(1);
    expect(titleSimilarity('Alpha Beta Gamma Delta', 'Alpha Beta Gamma Omega')).toBe(0.75);
  });

  it('gives 0 when a title has no words left, on either side', () => {
    expect([titleSimilarity('und', 'der'), titleSimilarity('und', 'Kurs'), titleSimilarity('Kurs', 'und')]).toEqual([0, 0, 0]);
  });

  it('counts three shared words of four as alike, and lists the most alike first', () => {
    const board = {
      ...sampleBoard(),
      sessions: [
        session('close', { title: 'Alpha Beta Gamma Omega' }),
        session('same', { title: 'Alpha Beta Gamma Delta' }),
        session('far', { title: 'Alpha Omega' }),
      ],
    };
    expect(similarSessions(board, 'Alpha Beta Gamma Delta').map((s) => s.sessionId)).toEqual(['same', 'close']);
  });
});
