// The plan other sites embed (client/lib/embed.ts): what is still to come, and the language the
// framing site may ask for.
import { describe, expect, it } from 'vitest';
import { comingUp, embedLanguage } from '../../client/lib/embed.ts';
import type { Board } from '../../shared/board.ts';
import { twoDayPlan } from '../fixtures/board.ts';

const shown = (board: Board, date: string, time: string) =>
  comingUp(board, { date, time }).map(({ day, slots }) => [day.id, slots.map(({ slot, entries }) => [slot.id, entries.map((entry) => entry.session.id)])]);

describe('what the embedded plan shows', () => {
  it('before the camp: every slot with a session, a double session once at its start, in the rooms’ order; lunch and empty slots left out', () => {
    expect(shown(twoDayPlan(), '2026-05-01', '09:00')).toEqual([
      [
        'd1',
        [
          ['t10', ['s1', 's2']],
          ['t13', ['s3']],
          ['t14', ['s4']],
        ],
      ],
      [
        'd2',
        [
          ['t10-2', ['s5']],
          ['t11-2', ['s6']],
        ],
      ],
    ]);
  });

  it('during a day: the slot running now and what follows; a double session running in its second slot shows there; slots and days over are gone', () => {
    expect(shown(twoDayPlan(), '2026-05-09', '13:10')).toEqual([
      [
        'd1',
        [
          ['t13', ['s3']],
          ['t14', ['s4']],
        ],
      ],
      [
        'd2',
        [
          ['t10-2', ['s5']],
          ['t11-2', ['s6']],
        ],
      ],
    ]);
    expect(shown(twoDayPlan(), '2026-05-09', '13:45')).toEqual([
      ['d1', [['t14', ['s3', 's4']]]],
      [
        'd2',
        [
          ['t10-2', ['s5']],
          ['t11-2', ['s6']],
        ],
      ],
    ]);
    expect(shown(twoDayPlan(), '2026-05-10', '08:00')).toEqual([
      [
        'd2',
        [
          ['t10-2', ['s5']],
          ['t11-2', ['s6']],
        ],
      ],
    ]);
  });

  it('after the camp: the whole plan again, as a record of what ran', () => {
    expect(shown(twoDayPlan(), '2026-05-11', '08:00')).toEqual(shown(twoDayPlan(), '2026-05-01', '09:00'));
  });
});

describe('the language a framing site asks for', () => {
  it('is German or English from ?lang=, else none (the browser decides)', () => {
    expect(embedLanguage('?lang=en')).toBe('en');
    expect(embedLanguage('?x=1&lang=de')).toBe('de');
    expect(embedLanguage('?lang=fr')).toBeUndefined();
    expect(embedLanguage('')).toBeUndefined();
  });
});
