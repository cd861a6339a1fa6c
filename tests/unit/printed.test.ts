// What the last print showed, and which sheets differ now (client/lib/printed.ts).
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { changedSince, loadPrinted, printedPlan, savePrinted } from '../../client/lib/printed.ts';
import { sampleBoard } from '../fixtures/board.ts';

describe('changes since the last print', () => {
  it('names the moved, retitled, new and gone sessions and both places a moved one touches', () => {
    let board = applyAll(sampleBoard(), [
      { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { type: 'session.placed', sessionId: 's2', roomId: 'rB', slotId: 't1' },
    ]);
    const printed = printedPlan(board);
    expect(changedSince(board, printed)).toEqual({ sessionIds: new Set(), places: new Set() });
    // The interest or a description is not on paper: no change.
    board = applyAll(board, [{ type: 'session.interest_set', sessionId: 's2', interest: 30 }]);
    expect(changedSince(board, printed).sessionIds.size).toBe(0);

    board = applyAll(board, [
      { type: 'session.unplaced', sessionId: 's1' },
      { type: 'session.placed', sessionId: 's1', roomId: 'rB', slotId: 't2' },
    ]);
    const date = board.days[0]!.date;
    expect(changedSince(board, printed)).toEqual({ sessionIds: new Set(['s1']), places: new Set([`rA|${date}`, `rB|${date}`]) });
    board = applyAll(board, [{ type: 'session.updated', sessionId: 's2', changes: { title: 'Neu' }, revision: 2 }]);
    expect(changedSince(board, printed).sessionIds).toEqual(new Set(['s1', 's2']));
    board = applyAll(board, [{ type: 'session.unplaced', sessionId: 's2' }]);
    expect(changedSince(board, printed).places).toEqual(new Set([`rA|${date}`, `rB|${date}`]));
  });

  it('is kept per event in the storage of the laptop that printed', () => {
    const storage = new Map<string, string>();
    const store = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
    const board = applyAll(sampleBoard(), [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    expect(loadPrinted('camp', store)).toBeNull();
    savePrinted('camp', board, store);
    expect(loadPrinted('camp', store)).toEqual(printedPlan(board));
    expect(loadPrinted('other', store)).toBeNull();
    storage.set('pitchboard:printed:camp', '{broken');
    expect(loadPrinted('camp', store)).toBeNull();
  });
});
