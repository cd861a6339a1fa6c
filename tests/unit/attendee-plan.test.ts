// The phone's whole plan (client/lib/attendee-plan.ts): what folds away as the day goes on, and
// what a search shows.
import { describe, expect, it } from 'vitest';
import { attendeePlan, dayFolding, type AttendeePlan } from '../../client/lib/attendee-plan.ts';
import type { Board, Session } from '../../shared/board.ts';
import { session, twoDayCamp } from '../fixtures/board.ts';

/** Two days of the four-room camp (10:00, 11:00, lunch 12:00, 13:00, 14:00), a session in most slots, one double. */
function twoDays(): Board {
  const board = twoDayCamp(
    ['Wärmepumpen', 'Open Data', 'Podcasting', 'Lastenrad', 'Reparaturcafé', 'Wikis'].map((title, i) => session(`s${i + 1}`, { title })),
  );
  board.placements = [
    { sessionId: 's1', roomId: 'r0', slotId: 't10' },
    { sessionId: 's2', roomId: 'r1', slotId: 't10' },
    // A double session: 11:00 and 13:00 are not neighbours (lunch between), so 13:00 and 14:00.
    { sessionId: 's3', roomId: 'r0', slotId: 't13' },
    { sessionId: 's3', roomId: 'r0', slotId: 't14' },
    { sessionId: 's4', roomId: 'r1', slotId: 't14' },
    { sessionId: 's5', roomId: 'r0', slotId: 't10-2' },
    { sessionId: 's6', roomId: 'r2', slotId: 't11-2' },
  ];
  return board;
}

const at = (date: string, time: string) => ({ date, time });
const slotIds = (plan: AttendeePlan, part: 'earlier' | 'ahead') => plan.days.map((d) => d[part].map((s) => s.slot.id));
const titled = (text: string) => (s: Session) => s.title.includes(text);

describe('the whole plan on a phone, while browsing', () => {
  it('folds the slots of today that are over and starts at the one running now', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-09', '13:10'));
    expect(slotIds(plan, 'earlier')).toEqual([['t10', 't11', 'tL'], []]);
    expect(slotIds(plan, 'ahead')).toEqual([
      ['t13', 't14'],
      ['t10-2', 't11-2', 'tL-2', 't13-2', 't14-2'],
    ]);
    expect(plan.begun).toBe(true);
  });

  it('counts a slot that ends this minute as over, so the plan starts at the next one', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-09', '13:45'));
    expect(slotIds(plan, 'earlier')[0]).toEqual(['t10', 't11', 'tL', 't13']);
    expect(slotIds(plan, 'ahead')[0]).toEqual(['t14']);
    // Between two slots the next one is first.
    expect(slotIds(attendeePlan(twoDays(), at('2026-05-09', '13:50')), 'ahead')[0]).toEqual(['t14']);
  });

  it('folds nothing before the camp begins, and lists a double session once, at its first slot', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-09', '09:30'));
    expect(slotIds(plan, 'earlier')).toEqual([[], []]);
    expect(plan.begun).toBe(false);
    const day1 = plan.days[0]!.ahead;
    expect(day1.find((s) => s.slot.id === 't13')!.entries.map((e) => e.session.id)).toEqual(['s3']);
    expect(day1.find((s) => s.slot.id === 't14')!.entries.map((e) => e.session.id)).toEqual(['s4']);
    expect(day1.find((s) => s.slot.id === 'tL')!.entries).toEqual([]);
    expect(plan.sessionCount).toBe(6);
  });

  it('folds a whole day that is over while the camp runs, and nothing once the last day is over', () => {
    const secondDay = attendeePlan(twoDays(), at('2026-05-10', '10:20'));
    expect(slotIds(secondDay, 'earlier')).toEqual([['t10', 't11', 'tL', 't13', 't14'], []]);
    expect(slotIds(secondDay, 'ahead')[1]![0]).toBe('t10-2');
    // After the camp the plan is a record: every slot shows, none folded.
    const after = attendeePlan(twoDays(), at('2026-05-11', '09:00'));
    expect(after.days.map((d) => d.earlier.length)).toEqual([0, 0]);
    expect(after.days.map((d) => d.ahead.length)).toEqual([5, 5]);
  });

  it('names the day whose folded slots hold a session, for a link that points at it', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-10', '10:20'));
    expect(dayFolding(plan, 's3')).toBe('d1');
    // Not folded (running now), or not on the plan at all.
    expect(dayFolding(plan, 's5')).toBeUndefined();
    expect(dayFolding(plan, 'nope')).toBeUndefined();
  });
});

describe('the whole plan on a phone, while searching', () => {
  it('shows only the slots with hits, the past ones too, and no break', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-09', '13:50'), titled('Podcast'));
    expect(plan.days.map((d) => d.day.id)).toEqual(['d1']);
    expect(slotIds(plan, 'earlier')).toEqual([[]]);
    expect(slotIds(plan, 'ahead')).toEqual([['t13']]);
    expect(plan.sessionCount).toBe(1);

    const twoHits = attendeePlan(twoDays(), at('2026-05-09', '13:50'), (s) => ['s1', 's6'].includes(s.id));
    expect(slotIds(twoHits, 'ahead')).toEqual([['t10'], ['t11-2']]);
    expect(twoHits.sessionCount).toBe(2);
  });

  it('leaves out every day when nothing matches: the page says so once', () => {
    const plan = attendeePlan(twoDays(), at('2026-05-09', '13:50'), titled('Blockchain'));
    expect(plan.days).toEqual([]);
    expect(plan.sessionCount).toBe(0);
  });
});
