// A change said in one sentence for a chat channel (shared/change-sentence.ts): what a webhook in
// the `text` format posts.
import { describe, expect, it } from 'vitest';
import { apply } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import { changeSentence, testSentence } from '../../shared/change-sentence.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

const after = (board: Board, ...events: DomainEvent[]) => events.reduce(apply, board);
const place = (sessionId: string, roomId: string, slotId: string): DomainEvent => ({ type: 'session.placed', sessionId, roomId, slotId });

describe('the sentence of a change', () => {
  const board = sampleBoard();

  it('says where and when a session is now, in the language asked for', () => {
    const placed = after(board, place('s1', 'rA', 't1'));
    expect(changeSentence(board, placed, 'de')).toBe('„Session s1“ ist jetzt im Raum „Room A“ um 10:00.');
    expect(changeSentence(board, placed, 'en')).toBe('“Session s1” is now in “Room A” at 10:00.');
    const moved = after(placed, { type: 'session.unplaced', sessionId: 's1' }, place('s1', 'rB', 't2'));
    expect(changeSentence(placed, moved, 'de')).toBe('„Session s1“ ist jetzt im Raum „Room B“ um 13:00.');
  });

  it('names the day when the camp has more than one', () => {
    const twoDays: Board = {
      ...board,
      days: [...board.days, { id: 'd2', date: '2026-05-10', label: '' }],
      slots: [...board.slots, { id: 'u1', dayId: 'd2', start: '09:30', end: '10:15', kind: 'session', label: '' }],
    };
    const placed = after(twoDays, place('s2', 'rA', 'u1'));
    expect(changeSentence(twoDays, placed, 'de')).toBe('„Session s2“ ist jetzt im Raum „Room A“ am So., 10. Mai um 09:30.');
    expect(changeSentence(twoDays, placed, 'en')).toBe('“Session s2” is now in “Room A” on Sun, May 10 at 09:30.');
  });

  it('says a session left the plan, was cancelled, was renamed or is new', () => {
    const placed = after(board, place('s1', 'rA', 't1'));
    expect(changeSentence(placed, after(placed, { type: 'session.unplaced', sessionId: 's1' }), 'de')).toBe('„Session s1“ ist nicht mehr im Plan.');
    expect(changeSentence(placed, after(placed, { type: 'session.withdrawn', sessionId: 's1' }), 'de')).toBe('„Session s1“ fällt aus.');
    const renamed = after(placed, { type: 'session.updated', sessionId: 's1', changes: { title: 'Barrierefreiheit' }, revision: 2 });
    expect(changeSentence(placed, renamed, 'de')).toBe('„Session s1“ heißt jetzt „Barrierefreiheit“.');
    expect(changeSentence(placed, renamed, 'en')).toBe('“Session s1” is now called “Barrierefreiheit”.');
    const submitted = after(board, { type: 'session.submitted', session: session('s9', { title: 'Offene Daten' }) });
    expect(changeSentence(board, submitted, 'de')).toBe('Neue Session: „Offene Daten“.');
    expect(changeSentence(board, submitted, 'en')).toBe('New session: “Offene Daten”.');
  });

  it('names four changes of many and counts the rest, in one sentence', () => {
    const sessions = Array.from({ length: 7 }, (_, i) => session(`n${i}`, { title: `Thema ${i}` }));
    const many = after(board, ...sessions.map((s): DomainEvent => ({ type: 'session.submitted', session: s })));
    expect(changeSentence(board, many, 'de')).toBe(
      'Neue Session: „Thema 0“; neue Session: „Thema 1“; neue Session: „Thema 2“; neue Session: „Thema 3“; und 3 weitere Änderungen.',
    );
    // Five are all named: counting one would say no less.
    const five = after(board, ...sessions.slice(0, 5).map((s): DomainEvent => ({ type: 'session.submitted', session: s })));
    expect(changeSentence(board, five, 'en')).toBe(
      'New session: “Thema 0”; new session: “Thema 1”; new session: “Thema 2”; new session: “Thema 3”; new session: “Thema 4”.',
    );
  });

  it('says nothing of a change people do not follow', () => {
    expect(changeSentence(board, after(board, { type: 'session.interest_set', sessionId: 's1', interest: 12 }), 'de')).toBeUndefined();
    expect(changeSentence(board, after(board, { type: 'room.updated', roomId: 'rA', changes: { capacity: 60 } }), 'de')).toBeUndefined();
    expect(changeSentence(board, board, 'en')).toBeUndefined();
  });

  it('says a test in the event’s language', () => {
    expect(testSentence(board)).toBe('Test von Pitchboard für „Test Camp“: Dieser Webhook kommt an.');
    expect(testSentence({ ...board, event: { ...board.event, locale: 'en' } })).toBe('Test from Pitchboard for “Test Camp”: this webhook works.');
  });
});
