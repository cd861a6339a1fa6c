// The plan a server-rendered page carries (shared/embedded-plan.ts): a script element no title
// can close, with the event zone's offsets from yesterday until shortly after the camp.
import { describe, expect, it } from 'vitest';
import { EMBEDDED_PLAN_ID, embeddedPlan, type EmbeddedPlan } from '../../shared/embedded-plan.ts';
import type { Board } from '../../shared/board.ts';
import type { Snapshot } from '../../shared/protocol.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

const DAY = 86_400_000;
const snapshotOf = (board: Board, version = 1): Snapshot => ({ version, board, serverTime: 0, undo: { canUndo: false, canRedo: false } });

function carried(snapshot: Snapshot, now: number): EmbeddedPlan {
  const element = embeddedPlan(snapshot, now);
  const match = new RegExp(`^<script type="application/json" id="${EMBEDDED_PLAN_ID}">(.*)</script>$`, 's').exec(element);
  expect(match).not.toBeNull();
  expect(match![1]).not.toContain('<');
  return JSON.parse(match![1]!) as EmbeddedPlan;
}

describe('the plan embedded in a page', () => {
  it('carries the snapshot whole, with no "<" that could end the element', () => {
    const board = sampleBoard();
    board.sessions.push(session('x', { title: '</script><script>alert(1)</script>' }));
    const snapshot = snapshotOf(board, 7);
    expect(carried(snapshot, Date.parse('2026-05-01T12:00:00Z')).snapshot).toEqual(snapshot);
  });

  it("covers the zone from a day before now until three days after the camp's last day", () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    const board = sampleBoard();
    board.days = [
      { id: 'd2', date: '2026-05-10', label: '' },
      { id: 'd1', date: '2026-05-09', label: '' },
    ];
    const { zone } = carried(snapshotOf(board), now);
    expect(zone.timezone).toBe('Europe/Berlin');
    expect(zone.stretches[0]!.from).toBe(now - DAY);
    expect(zone.until).toBe(Date.parse('2026-05-10T00:00:00Z') + 3 * DAY);
  });

  it('covers at most 400 days for a camp far ahead, and from now on for one that is over', () => {
    const now = Date.parse('2026-05-01T12:00:00Z');
    const far = sampleBoard();
    far.days = [{ id: 'd1', date: '2029-05-09', label: '' }];
    expect(carried(snapshotOf(far), now).zone.until).toBe(now + 400 * DAY);
    const past = sampleBoard();
    past.days = [{ id: 'd1', date: '2025-05-09', label: '' }];
    expect(carried(snapshotOf(past), now).zone.until).toBe(now + 3 * DAY);
  });
});
