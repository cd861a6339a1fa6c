// The phone's whole plan (client/lib/attendee-plan.ts): what folds away as the day goes on, and
// what a search shows.
import { describe, expect, it } from 'vitest';
import { attendeePlan, dayFolding, type AttendeePlan } from '../../client/lib/attendee-plan.ts';
import type { Session } from '../../shared/board.ts';
import { twoDayPlan } from '../fixtures/board.ts';

const at = (date: string, time: string) => ({ date, time });
const slotIds = (plan: AttendeePlan, part: 'earlier' | 'ahead') => plan.days.map((d) => d[part].map((s) => s.slot.id));
const titled = (text: string) => (s: Session) => s.title.includes(text);

describe('the whole plan on a phone, while browsing', () => {
  it('folds the slots of today that are over and starts at the one running now', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-09', '13:10'));
    expect(slotIds(plan, 'earlier')).toEqual([['t10', 't11', 'tL'], []]);
    expect(slotIds(plan, 'ahead')).toEqual([
      ['t13', 't14'],
      ['t10-2', 't11-2', 'tL-2', 't13-2', 't14-2'],
    ]);
    expect(plan.begun).toBe(true);
  });

  it('counts a slot that ends this minute as over, so the plan starts at the next one', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-09', '13:45'));
    expect(slotIds(plan, 'earlier')[0]).toEqual(['t10', 't11', 'tL', 't13']);
    expect(slotIds(plan, 'ahead')[0]).toEqual(['t14']);
    // Between two slots the next one is first.
    expect(slotIds(attendeePlan(twoDayPlan(), at('2026-05-09', '13:50')), 'ahead')[0]).toEqual(['t14']);
  });

  it('folds nothing before the camp begins, and lists a double session once, at its first slot', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-09', '09:30'));
    expect(slotIds(plan, 'earlier')).toEqual([[], []]);
    expect(plan.begun).toBe(false);
    const day1 = plan.days[0]!.ahead;
    expect(day1.find((s) => s.slot.id === 't13')!.entries.map((e) => e.session.id)).toEqual(['s3']);
    expect(day1.find((s) => s.slot.id === 't14')!.entries.map((e) => e.session.id)).toEqual(['s4']);
    expect(day1.find((s) => s.slot.id === 'tL')!.entries).toEqual([]);
    expect(plan.sessionCount).toBe(6);
  });

  it('folds a whole day that is over while the camp runs, and nothing once the last day is over', () => {
    const secondDay = attendeePlan(twoDayPlan(), at('2026-05-10', '10:20'));
    expect(slotIds(secondDay, 'earlier')).toEqual([['t10', 't11', 'tL', 't13', 't14'], []]);
    expect(slotIds(secondDay, 'ahead')[1]![0]).toBe('t10-2');
    // After the camp the plan is a record: every slot shows, none folded.
    const after = attendeePlan(twoDayPlan(), at('2026-05-11', '09:00'));
    expect(after.days.map((d) => d.earlier.length)).toEqual([0, 0]);
    expect(after.days.map((d) => d.ahead.length)).toEqual([5, 5]);
  });

  it('names the day whose folded slots hold a session, for a link that points at it', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-10', '10:20'));
    expect(dayFolding(plan, 's3')).toBe('d1');
    // Not folded (running now), or not on the plan at all.
    expect(dayFolding(plan, 's5')).toBeUndefined();
    expect(dayFolding(plan, 'nope')).toBeUndefined();
  });
});

describe('the whole plan on a phone, while searching', () => {
  it('shows only the slots with hits, the past ones too, and no break', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-09', '13:50'), titled('Podcast'));
    expect(plan.days.map((d) => d.day.id)).toEqual(['d1']);
    expect(slotIds(plan, 'earlier')).toEqual([[]]);
    expect(slotIds(plan, 'ahead')).toEqual([['t13']]);
    expect(plan.sessionCount).toBe(1);

    const twoHits = attendeePlan(twoDayPlan(), at('2026-05-09', '13:50'), (s) => ['s1', 's6'].includes(s.id));
    expect(slotIds(twoHits, 'ahead')).toEqual([['t10'], ['t11-2']]);
    expect(twoHits.sessionCount).toBe(2);
  });

  it('leaves out every day when nothing matches: the page says so once', () => {
    const plan = attendeePlan(twoDayPlan(), at('2026-05-09', '13:50'), titled('Blockchain'));
    expect(plan.days).toEqual([]);
    expect(plan.sessionCount).toBe(0);
  });
});
