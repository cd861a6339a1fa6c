// Rules for session givers (claim, release), the facilitator's settings and the pitch queue.
import { describe, expect, it } from 'vitest';
import { apply, applyAll } from '../../shared/apply.ts';
import { nearestFreeCells, timerRemaining, type Board } from '../../shared/board.ts';
import type { Command } from '../../shared/commands.ts';
import { decide, type Actor, type Decision } from '../../shared/decide.ts';
import { countingIds, NOW, sampleBoard } from '../fixtures/board.ts';

const facilitator: Actor = { role: 'facilitator' };
const giverOf = (sessionId: string): Actor => ({ role: 'giver', sessionId });

function run(board: Board, command: Command, actor: Actor = facilitator, now = NOW): Decision {
  return decide(board, command, actor, countingIds(now));
}
function after(board: Board, command: Command, actor: Actor = facilitator, now = NOW): Board {
  const decision = run(board, command, actor, now);
  if (!decision.ok) throw new Error(`${decision.error.code}: ${decision.error.message}`);
  return applyAll(board, decision.events);
}
function code(decision: Decision): string | undefined {
  return decision.ok ? undefined : decision.error.code;
}
function openBoard(): Board {
  const board = sampleBoard();
  return { ...board, event: { ...board.event, claiming: 'open' } };
}
const claim = (sessionId: string, roomId: string, slotId: string): Command => ({
  type: 'session:claim',
  payload: { sessionId, roomId, slotId, token: 't' },
});

describe('session:claim', () => {
  it('lets the giver take a free cell while claiming is open', () => {
    expect(run(openBoard(), claim('s1', 'rA', 't1'), giverOf('s1'))).toEqual({
      ok: true,
      events: [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }],
    });
  });

  it('moves the claim: a session holds one cell', () => {
    const board = after(openBoard(), claim('s1', 'rA', 't1'), giverOf('s1'));
    const moved = after(board, claim('s1', 'rB', 't2'), giverOf('s1'));
    expect(moved.placements).toEqual([{ sessionId: 's1', roomId: 'rB', slotId: 't2' }]);
  });

  it('refuses while claiming is closed, except for the facilitator', () => {
    expect(code(run(sampleBoard(), claim('s1', 'rA', 't1'), giverOf('s1')))).toBe('claiming_closed');
    expect(run(sampleBoard(), claim('s1', 'rA', 't1'), facilitator).ok).toBe(true);
  });

  it('refuses a taken cell, a break, another session and a withdrawn one', () => {
    const taken = after(openBoard(), claim('s2', 'rA', 't1'), giverOf('s2'));
    const lost = run(taken, claim('s1', 'rA', 't1'), giverOf('s1'));
    expect(code(lost)).toBe('cell_taken');
    expect(!lost.ok && lost.error.message).toContain('Room A at 10:00');
    expect(code(run(openBoard(), claim('s1', 'rA', 'tL'), giverOf('s1')))).toBe('not_bookable');
    expect(code(run(openBoard(), claim('s1', 'rA', 't1'), giverOf('s2')))).toBe('forbidden');
    expect(code(run(openBoard(), claim('s1', 'rA', 't1'), { role: 'public' }))).toBe('forbidden');
    expect(code(run(openBoard(), claim('sW', 'rA', 't1'), giverOf('sW')))).toBe('invalid');
    expect(code(run(openBoard(), claim('s1', 'nope', 't1'), giverOf('s1')))).toBe('not_found');
  });
});

describe('session:release', () => {
  const release = (sessionId: string): Command => ({ type: 'session:release', payload: { sessionId, token: 't' } });

  it('gives the cell back while claiming is open', () => {
    const board = after(openBoard(), claim('s1', 'rA', 't1'), giverOf('s1'));
    expect(after(board, release('s1'), giverOf('s1')).placements).toEqual([]);
  });

  it('is refused while claiming is closed and for strangers', () => {
    const board = after(openBoard(), claim('s1', 'rA', 't1'), giverOf('s1'));
    const closed = { ...board, event: { ...board.event, claiming: 'closed' as const } };
    expect(code(run(closed, release('s1'), giverOf('s1')))).toBe('claiming_closed');
    expect(code(run(board, release('s1'), giverOf('s2')))).toBe('forbidden');
    expect(run(closed, release('s1'), facilitator).ok).toBe(true);
  });
});

describe('session:reissue', () => {
  it('is for the facilitator and changes nothing on the board', () => {
    const decision = run(sampleBoard(), { type: 'session:reissue', payload: { sessionId: 's2' } });
    expect(decision).toEqual({ ok: true, events: [{ type: 'session.token_reissued', sessionId: 's2' }], data: { sessionId: 's2' } });
    expect(apply(sampleBoard(), { type: 'session.token_reissued', sessionId: 's2' })).toEqual(sampleBoard());
    expect(code(run(sampleBoard(), { type: 'session:reissue', payload: { sessionId: 's2' } }, giverOf('s2')))).toBe('forbidden');
  });
});

describe('event:update', () => {
  it('opens claiming and changes the pitch length, which an untouched countdown follows', () => {
    const board = after(sampleBoard(), { type: 'event:update', payload: { claiming: 'open', pitchSeconds: 45 } });
    expect(board.event).toMatchObject({ claiming: 'open', pitchSeconds: 45 });
    expect(board.pitch.timer).toEqual({ durationMs: 45_000, remainingMs: 45_000, runningSince: null });
  });

  it('refuses strangers, an unknown time zone and an empty title', () => {
    expect(code(run(sampleBoard(), { type: 'event:update', payload: { claiming: 'open' } }, giverOf('s1')))).toBe('forbidden');
    expect(code(run(sampleBoard(), { type: 'event:update', payload: { timezone: 'Mars/Olympus' } }))).toBe('invalid');
    expect(code(run(sampleBoard(), { type: 'event:update', payload: { title: '  ' } }))).toBe('invalid');
    expect(after(sampleBoard(), { type: 'event:update', payload: { timezone: 'America/New_York' } }).event.timezone).toBe('America/New_York');
  });
});

describe('the pitch queue', () => {
  const pitch = (type: 'pitch:start' | 'pitch:pause' | 'pitch:next' | 'pitch:skip' | 'pitch:end'): Command => ({ type, payload: {} });

  it('start calls the first in the queue and runs the countdown from the server clock', () => {
    const board = after(sampleBoard(), pitch('pitch:start'));
    expect(board.pitch).toEqual({
      queue: ['s2', 's3'],
      current: 's1',
      timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: NOW },
    });
    expect(timerRemaining(board.pitch.timer, NOW + 12_000)).toBe(18_000);
    expect(timerRemaining(board.pitch.timer, NOW + 99_000)).toBe(0);
  });

  it('pause keeps what is left, start resumes it, a finished countdown starts over', () => {
    const running = after(sampleBoard(), pitch('pitch:start'));
    const paused = after(running, pitch('pitch:pause'), facilitator, NOW + 10_000);
    expect(paused.pitch.timer).toEqual({ durationMs: 30_000, remainingMs: 20_000, runningSince: null });
    const resumed = after(paused, pitch('pitch:start'), facilitator, NOW + 60_000);
    expect(resumed.pitch.timer).toEqual({ durationMs: 30_000, remainingMs: 20_000, runningSince: NOW + 60_000 });
    const ranOut = after(resumed, pitch('pitch:pause'), facilitator, NOW + 200_000);
    expect(ranOut.pitch.timer.remainingMs).toBe(0);
    expect(after(ranOut, pitch('pitch:start'), facilitator, NOW + 300_000).pitch.timer.remainingMs).toBe(30_000);
  });

  it('next moves on with a fresh countdown that runs at once; skip sends the current giver to the end', () => {
    const first = after(sampleBoard(), pitch('pitch:start'));
    const second = after(first, pitch('pitch:next'), facilitator, NOW + 40_000);
    expect(second.pitch).toEqual({ queue: ['s3'], current: 's2', timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: NOW + 40_000 } });
    const skipped = after(second, pitch('pitch:skip'));
    expect(skipped.pitch.queue).toEqual(['s2']);
    expect(skipped.pitch.current).toBe('s3');
    const done = after(after(skipped, pitch('pitch:next')), pitch('pitch:next'));
    expect(done.pitch).toMatchObject({ queue: [], current: null });
    expect(code(run(done, pitch('pitch:start')))).toBe('invalid');
    expect(code(run(done, pitch('pitch:skip')))).toBe('invalid');
  });

  it('ends the round: nobody at the microphone, the countdown idle, the waiting ones keep their places', () => {
    const pitching = after(sampleBoard(), pitch('pitch:start'));
    const ended = after(pitching, pitch('pitch:end'));
    expect(ended.pitch).toEqual({ queue: ['s2', 's3'], current: null, timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: null } });
    // Ending again changes nothing; a new round starts with the next in the queue.
    expect(run(ended, pitch('pitch:end'))).toEqual({ ok: true, events: [] });
    expect(after(ended, pitch('pitch:start')).pitch.current).toBe('s2');
    expect(code(run(pitching, pitch('pitch:end'), giverOf('s1')))).toBe('forbidden');
  });

  it('reorders the waiting sessions', () => {
    const moved = after(sampleBoard(), { type: 'pitch:reorder', payload: { sessionId: 's3', toIndex: 0 } });
    expect(moved.pitch.queue).toEqual(['s3', 's1', 's2']);
    const last = after(moved, { type: 'pitch:reorder', payload: { sessionId: 's3', toIndex: 99 } });
    expect(last.pitch.queue).toEqual(['s1', 's2', 's3']);
    expect(code(run(sampleBoard(), { type: 'pitch:reorder', payload: { sessionId: 'sW', toIndex: 0 } }))).toBe('not_found');
  });

  it('is run by the facilitator only', () => {
    expect(code(run(sampleBoard(), pitch('pitch:start'), { role: 'public' }))).toBe('forbidden');
    expect(code(run(sampleBoard(), pitch('pitch:next'), giverOf('s1')))).toBe('forbidden');
  });

  it('a new session joins the end of the queue; a withdrawn one leaves it, also when pitching', () => {
    const submitted = after(sampleBoard(), { type: 'session:submit', payload: { title: 'Neu', host: 'X' } }, { role: 'public' });
    expect(submitted.pitch.queue).toEqual(['s1', 's2', 's3', submitted.sessions.at(-1)!.id]);
    const pitching = after(sampleBoard(), pitch('pitch:start'));
    const withdrawn = after(pitching, { type: 'session:withdraw', payload: { sessionId: 's1' } });
    expect(withdrawn.pitch).toEqual({ queue: ['s2', 's3'], current: null, timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: null } });
    const waiting = after(sampleBoard(), { type: 'session:withdraw', payload: { sessionId: 's2' } });
    expect(waiting.pitch.queue).toEqual(['s1', 's3']);
  });
});

describe('nearestFreeCells', () => {
  it('offers the same slot in other rooms first, then the next slots', () => {
    const board = { ...sampleBoard(), placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }] };
    expect(nearestFreeCells(board, { roomId: 'rA', slotId: 't1' })).toEqual([
      { roomId: 'rB', slotId: 't1' },
      { roomId: 'rA', slotId: 't2' },
      { roomId: 'rB', slotId: 't2' },
    ]);
    const full = {
      ...board,
      placements: [...board.placements, { sessionId: 's2', roomId: 'rB', slotId: 't1' }, { sessionId: 's3', roomId: 'rA', slotId: 't2' }],
    };
    expect(nearestFreeCells(full, { roomId: 'rA', slotId: 't1' })).toEqual([{ roomId: 'rB', slotId: 't2' }]);
  });
});
