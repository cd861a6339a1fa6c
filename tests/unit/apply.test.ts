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
