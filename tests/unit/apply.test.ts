import { describe, expect, it } from 'vitest';
import { apply } from '../../shared/apply.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { sampleBoard, session } from '../fixtures/board.ts';

describe('apply', () => {
  it('session.submitted appends the session', () => {
    const added = session('new', { title: 'Neu' });
    const after = apply(sampleBoard(), { type: 'session.submitted', session: added });
    expect(after.sessions.at(-1)).toEqual(added);
    expect(after.sessions).toHaveLength(sampleBoard().sessions.length + 1);
  });

  it('session.updated merges the changes and takes the revision', () => {
    const after = apply(sampleBoard(), { type: 'session.updated', sessionId: 's1', changes: { title: 'T', tags: ['x'] }, revision: 2 });
    expect(after.sessions[0]).toMatchObject({ id: 's1', title: 'T', host: 'Host s1', tags: ['x'], revision: 2 });
  });

  it('session.withdrawn marks the session withdrawn', () => {
    expect(apply(sampleBoard(), { type: 'session.withdrawn', sessionId: 's2' }).sessions[1]!.status).toBe('withdrawn');
  });

  it('session.placed puts the session in the cell and out of its old one', () => {
    const once = apply(sampleBoard(), { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' });
    expect(once.placements).toEqual([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    const twice = apply(once, { type: 'session.placed', sessionId: 's1', roomId: 'rB', slotId: 't2' });
    expect(twice.placements).toEqual([{ sessionId: 's1', roomId: 'rB', slotId: 't2' }]);
  });

  it('session.unplaced removes the placement', () => {
    const placed = apply(sampleBoard(), { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' });
    expect(apply(placed, { type: 'session.unplaced', sessionId: 's1' }).placements).toEqual([]);
  });

  it('session.interest_set sets the interest', () => {
    expect(apply(sampleBoard(), { type: 'session.interest_set', sessionId: 's3', interest: 7 }).sessions[2]!.interest).toBe(7);
  });

  it('event.updated changes the event settings', () => {
    const after = apply(sampleBoard(), { type: 'event.updated', changes: { claiming: 'open', pitchSeconds: 60, title: 'Neu' } });
    expect(after.event).toMatchObject({ claiming: 'open', pitchSeconds: 60, title: 'Neu', slug: 'test' });
  });

  it('pitch.updated replaces the pitch state', () => {
    const pitch = { queue: ['s3'], current: 's1', timer: { durationMs: 30_000, remainingMs: 12_000, runningSince: null } };
    expect(apply(sampleBoard(), { type: 'pitch.updated', pitch }).pitch).toEqual(pitch);
  });

  it('session.token_reissued leaves the board as it is', () => {
    const board = sampleBoard();
    expect(apply(board, { type: 'session.token_reissued', sessionId: 's1' })).toBe(board);
  });

  it('session.submitted queues the session for the pitch; session.withdrawn takes it out', () => {
    const added = apply(sampleBoard(), { type: 'session.submitted', session: session('n') });
    expect(added.pitch.queue).toEqual(['s1', 's2', 's3', 'n']);
    expect(apply(added, { type: 'session.withdrawn', sessionId: 's2' }).pitch.queue).toEqual(['s1', 's3', 'n']);
  });

  it('never changes the board it was given', () => {
    const board = sampleBoard();
    const frozen = JSON.stringify(board);
    const events: DomainEvent[] = [
      { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { type: 'session.interest_set', sessionId: 's1', interest: 3 },
      { type: 'session.updated', sessionId: 's1', changes: { title: 'x' }, revision: 2 },
      { type: 'session.withdrawn', sessionId: 's1' },
      { type: 'event.updated', changes: { claiming: 'open' } },
      { type: 'pitch.updated', pitch: { queue: [], current: null, timer: { durationMs: 1, remainingMs: 1, runningSince: null } } },
    ];
    for (const event of events) apply(board, event);
    expect(JSON.stringify(board)).toBe(frozen);
  });
});

describe('apply, the edges (found by a mutation run)', () => {
  const running = { ...sampleBoard().pitch.timer, runningSince: 1, remainingMs: 9_000 };
  const pitching = () => ({ ...sampleBoard(), pitch: { queue: ['s2', 's3'], current: 's1', timer: running } });

  it('session.dequeued takes only that session out of the queue', () => {
    expect(apply(sampleBoard(), { type: 'session.dequeued', sessionId: 's2' }).pitch.queue).toEqual(['s1', 's3']);
  });

  it('session.queued puts it back at its place, once', () => {
    const without = apply(sampleBoard(), { type: 'session.dequeued', sessionId: 's2' });
    expect(apply(without, { type: 'session.queued', sessionId: 's2', queueIndex: 1 }).pitch.queue).toEqual(['s1', 's2', 's3']);
    expect(apply(sampleBoard(), { type: 'session.queued', sessionId: 's2', queueIndex: 0 }).pitch.queue).toEqual(['s1', 's2', 's3']);
  });

  it('session.withdrawn of one who waits leaves the one at the microphone and the countdown alone', () => {
    const after = apply(pitching(), { type: 'session.withdrawn', sessionId: 's3' });
    expect(after.pitch).toEqual({ queue: ['s2'], current: 's1', timer: running });
    const current = apply(pitching(), { type: 'session.withdrawn', sessionId: 's1' });
    expect(current.pitch).toEqual({ queue: ['s2', 's3'], current: null, timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: null } });
  });

  it('session.restored comes back to the queue only with a place in it, and only once', () => {
    const withdrawn = apply(sampleBoard(), { type: 'session.withdrawn', sessionId: 's2' });
    expect(apply(withdrawn, { type: 'session.restored', sessionId: 's2', queueIndex: null }).pitch.queue).toEqual(['s1', 's3']);
    expect(apply(withdrawn, { type: 'session.restored', sessionId: 's2', queueIndex: 1 }).pitch.queue).toEqual(['s1', 's2', 's3']);
    const queuedAlready = apply(sampleBoard(), { type: 'session.restored', sessionId: 's2', queueIndex: 0 });
    expect(queuedAlready.pitch.queue).toEqual(['s1', 's2', 's3']);
    expect(queuedAlready.sessions[1]!.status).toBe('pitched');
  });

  it('day.updated changes that day only', () => {
    const twoDays = { ...sampleBoard(), days: [...sampleBoard().days, { id: 'd2', date: '2026-05-10', label: '' }] };
    const after = apply(twoDays, { type: 'day.updated', dayId: 'd2', changes: { label: 'Sonntag' } });
    expect(after.days.map((d) => d.label)).toEqual(['', 'Sonntag']);
  });

  it('keeps slots in time order by their day’s date and start, whatever the days’ ids: a day moved earlier takes its slots with it', () => {
    const base = sampleBoard();
    // "a_late" sorts before "z_early" by id, and is the later day.
    const board = {
      ...base,
      days: [{ id: 'z_early', date: '2026-05-09', label: '' }],
      slots: [{ ...base.slots[0]!, id: 'e10', dayId: 'z_early', start: '10:00', end: '10:45' }],
    };
    const late = { id: 'a_late', date: '2026-05-10', label: '' };
    const slot = (id: string, start: string) => ({ id, dayId: 'a_late', start, end: start.replace(':00', ':45'), kind: 'session' as const, label: '' });
    const twoDays = apply(board, { type: 'day.added', day: late, slots: [slot('l11', '11:00'), slot('l09', '09:00')] });
    expect(twoDays.slots.map((s) => s.id)).toEqual(['e10', 'l09', 'l11']);
    expect(apply(twoDays, { type: 'slot.added', slot: { ...slot('e09', '09:00'), dayId: 'z_early' } }).slots.map((s) => s.id)).toEqual([
      'e09',
      'e10',
      'l09',
      'l11',
    ]);
    const moved = apply(twoDays, { type: 'day.updated', dayId: 'a_late', changes: { date: '2026-05-08' } });
    expect(moved.days.map((d) => d.id)).toEqual(['a_late', 'z_early']);
    expect(moved.slots.map((s) => s.id)).toEqual(['l09', 'l11', 'e10']);
    expect(apply(twoDays, { type: 'slot.updated', slotId: 'l11', changes: { start: '08:00', end: '08:45' } }).slots.map((s) => s.id)).toEqual([
      'e10',
      'l11',
      'l09',
    ]);
  });

  it('room.removed takes what was placed or closed there with it', () => {
    const board = {
      ...sampleBoard(),
      placements: [
        { sessionId: 's1', roomId: 'rA', slotId: 't1' },
        { sessionId: 's2', roomId: 'rB', slotId: 't1' },
      ],
      blocked: [{ roomId: 'rB', slotId: 't2' }],
    };
    const after = apply(board, { type: 'room.removed', roomId: 'rB' });
    expect([after.placements, after.blocked, after.slots.length]).toEqual([[{ sessionId: 's1', roomId: 'rA', slotId: 't1' }], [], 3]);
  });
});
