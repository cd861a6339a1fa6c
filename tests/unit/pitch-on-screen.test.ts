import { describe, expect, it } from 'vitest';
import type { PitchState } from '../../shared/board.ts';
import { PITCH_LINGER_MS, pitchOnScreen, pitchShownUntil, timerRunsOutAt } from '../../shared/pitch-on-screen.ts';

const START = 1_000_000;
const running = (remainingMs = 30_000): PitchState => ({ queue: [], current: 's1', timer: { durationMs: 30_000, remainingMs, runningSince: START } });

describe('pitchOnScreen', () => {
  it('shows nobody when nobody is at the microphone (the round is over)', () => {
    const ended: PitchState = { queue: ['s2'], current: null, timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: null } };
    expect(pitchOnScreen(ended, START)).toBeNull();
    expect(pitchShownUntil(ended)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('shows the pitch while its countdown runs', () => {
    expect(pitchOnScreen(running(), START)).toBe('s1');
    expect(pitchOnScreen(running(), START + 29_999)).toBe('s1');
  });

  it('keeps it for 5 minutes after the countdown ran out, then lets it go by itself', () => {
    const runsOut = START + 30_000;
    expect(timerRunsOutAt(running().timer)).toBe(runsOut);
    expect(pitchOnScreen(running(), runsOut)).toBe('s1');
    expect(pitchOnScreen(running(), runsOut + PITCH_LINGER_MS - 1)).toBe('s1');
    expect(pitchOnScreen(running(), runsOut + PITCH_LINGER_MS)).toBeNull();
    // A round nobody ended, hours later: gone.
    expect(pitchOnScreen(running(), runsOut + 4 * 3_600_000)).toBeNull();
  });

  it('counts from what was left when a paused countdown was resumed', () => {
    // Resumed at START with 10 s left: it runs out at START + 10 s.
    expect(pitchShownUntil(running(10_000))).toBe(START + 10_000 + PITCH_LINGER_MS);
    expect(pitchOnScreen(running(10_000), START + 10_000 + PITCH_LINGER_MS)).toBeNull();
  });

  it('keeps a pitch whose countdown stands still (paused, or not started yet): the facilitator holds it', () => {
    const paused: PitchState = { queue: [], current: 's1', timer: { durationMs: 30_000, remainingMs: 12_000, runningSince: null } };
    const waiting: PitchState = { queue: [], current: 's1', timer: { durationMs: 30_000, remainingMs: 30_000, runningSince: null } };
    expect(timerRunsOutAt(paused.timer)).toBeNull();
    expect(pitchOnScreen(paused, START + 10 * 3_600_000)).toBe('s1');
    expect(pitchOnScreen(waiting, START + 10 * 3_600_000)).toBe('s1');
  });
});
