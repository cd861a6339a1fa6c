// Whether the pitch at the microphone is still worth showing on the projector and the phones.
// A round the facilitator forgot to end would otherwise leave "0:00 Time is up" up all day:
// the panel stays while the countdown runs and for a while after it ran out, then leaves by
// itself. One rule for every screen, so the projector and the phones agree.
import type { PitchState, PitchTimer } from './board.ts';

/** How long a pitch stays up after its countdown ran out: the giver finishes, the room counts hands. */
export const PITCH_LINGER_MS = 5 * 60_000;

/**
 * Server time (ms) at which a running countdown reaches zero, or null for a countdown that
 * stands still (paused, or not started yet): the facilitator holds it, so it has no end of its own.
 */
export function timerRunsOutAt(timer: PitchTimer): number | null {
  return timer.runningSince === null ? null : timer.runningSince + timer.remainingMs;
}

/**
 * Until when (server time, ms) the pitch is shown: -Infinity when nobody is at the microphone,
 * Infinity while its countdown stands still, else 5 minutes after the countdown runs out.
 */
export function pitchShownUntil(pitch: PitchState): number {
  if (pitch.current === null) return Number.NEGATIVE_INFINITY;
  const runsOutAt = timerRunsOutAt(pitch.timer);
  return runsOutAt === null ? Number.POSITIVE_INFINITY : runsOutAt + PITCH_LINGER_MS;
}

/** The session at the microphone if it is still worth showing at server time `now`, else null. */
export function pitchOnScreen(pitch: PitchState, now: number): string | null {
  return now < pitchShownUntil(pitch) ? pitch.current : null;
}
