// The morning pitch: the queue of givers, who is at the microphone, and the countdown. None of it
// is undone: a countdown taken back would lie about the time that passed.
import { Type } from '@sinclair/typebox';
import { idleTimer, timerRemaining, type Board, type PitchState } from '../board.ts';
import { commandError, type CommandError } from '../errors.ts';
import { closed, Id } from '../fields.ts';
import { accept, command, CommandId, Empty, refused, type Decision } from './entry.ts';

/** The pitch after a change of it: nothing to send when it stays the same. */
function pitchBecomes(board: Board, next: PitchState | CommandError): Decision<undefined> {
  if ('code' in next) return refused(next);
  if (JSON.stringify(next) === JSON.stringify(board.pitch)) return accept([]);
  return accept([{ type: 'pitch.updated', pitch: next }]);
}

const pitchCommand = (history: { en: string; de: string }, next: (board: Board, now: number) => PitchState | CommandError) =>
  command({
    schema: Empty,
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    history,
    decide: (board, _payload, _actor, { now }) => pitchBecomes(board, next(board, now)),
  });

export const PITCH_COMMANDS = {
  /** Starts (or resumes) the countdown; with nobody at the microphone, calls the next in the queue. */
  'pitch:start': pitchCommand({ en: 'started the pitch countdown', de: 'hat den Pitch-Countdown gestartet' }, (board, now) => {
    const { queue, current, timer } = board.pitch;
    if (current === null) {
      const [first, ...rest] = queue;
      if (first === undefined) return commandError('invalid', 'nobody_waiting', 'Nobody is waiting to pitch.');
      return { queue: rest, current: first, timer: { ...idleTimer(board.event.pitchSeconds), runningSince: now } };
    }
    if (timer.runningSince !== null) return board.pitch;
    // A countdown that ran out starts over; a paused one resumes.
    const remainingMs = timer.remainingMs > 0 ? timer.remainingMs : timer.durationMs;
    return { queue, current, timer: { ...timer, remainingMs, runningSince: now } };
  }),

  'pitch:pause': pitchCommand({ en: 'paused the pitch countdown', de: 'hat den Pitch-Countdown angehalten' }, (board, now) => {
    const { queue, current, timer } = board.pitch;
    if (timer.runningSince === null) return board.pitch;
    return { queue, current, timer: { ...timer, remainingMs: timerRemaining(timer, now), runningSince: null } };
  }),

  /** The current pitch is done; the next in the queue steps up and the countdown runs at once: one press between two pitches. */
  'pitch:next': pitchCommand({ en: 'called the next pitch', de: 'hat den nächsten Pitch aufgerufen' }, (board, now) => {
    const [first, ...rest] = board.pitch.queue;
    const fresh = idleTimer(board.event.pitchSeconds);
    return { queue: rest, current: first ?? null, timer: first === undefined ? fresh : { ...fresh, runningSince: now } };
  }),

  /** The round is over: nobody at the microphone, the projector shows the plan only; those still waiting stay in the queue. */
  'pitch:end': pitchCommand({ en: 'ended the pitch round', de: 'hat die Pitch-Runde beendet' }, (board) => ({
    queue: board.pitch.queue,
    current: null,
    timer: idleTimer(board.event.pitchSeconds),
  })),

  /** The current giver is not here: back to the end of the queue, the next steps up. */
  'pitch:skip': pitchCommand({ en: 'skipped a pitch', de: 'hat einen Pitch übersprungen' }, (board) => {
    const { queue, current } = board.pitch;
    if (current === null) return commandError('invalid', 'nobody_pitching', 'Nobody is pitching right now.');
    const [first, ...rest] = [...queue, current];
    return { queue: rest, current: first ?? null, timer: idleTimer(board.event.pitchSeconds) };
  }),

  'pitch:reorder': command({
    schema: Type.Object({ commandId: CommandId, sessionId: Id, toIndex: Type.Integer({ minimum: 0, maximum: 10_000 }) }, closed),
    who: 'facilitator',
    rate: 'change',
    undoable: false,
    history: { en: 'reordered the pitch queue', de: 'hat die Pitch-Reihe umsortiert' },
    decide(board, { sessionId, toIndex }) {
      const { queue, current, timer } = board.pitch;
      if (!queue.includes(sessionId))
        return refused(commandError('not_found', 'not_in_queue', 'That session is not waiting in the pitch queue.', { field: 'sessionId' }));
      const reordered = queue.filter((id) => id !== sessionId);
      reordered.splice(Math.min(toIndex, reordered.length), 0, sessionId);
      return pitchBecomes(board, { queue: reordered, current, timer });
    },
  }),
};
