// decide, command by command: the events a command makes or the exact refusal a client shows,
// what counts as a change (none is no event), and the edges of place, claim and merge.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board, Session } from '../../shared/board.ts';
import { LIMITS } from '../../shared/limits.ts';
import { COMMAND_NAMES, COMMANDS, type Command } from '../../shared/commands.ts';
import { decide, permits, type Actor, type Decision } from '../../shared/decide.ts';
import { commandError, type ErrorCode, type RefusalDetails, type RefusalReason } from '../../shared/errors.ts';
import { normalizeTags } from '../../shared/commands/sessions.ts';
import { countingIds, NOW, sampleBoard, session } from '../fixtures/board.ts';
import { validPayload } from '../helpers/command-payloads.ts';

const facilitator: Actor = { role: 'facilitator' };
const publicActor: Actor = { role: 'public' };
const giverOf = (sessionId: string): Actor => ({ role: 'giver', sessionId });

function run(board: Board, command: Command, actor: Actor = facilitator): Decision {
  return decide(board, command, actor, countingIds());
}

function expectError(decision: Decision, code: string) {
  expect(decision.ok).toBe(false);
  if (!decision.ok) {
    expect(decision.error.code).toBe(code);
    expect(decision.error.message.length).toBeGreaterThan(5);
  }
}

function boardWith(placements: Board['placements']): Board {
  return { ...sampleBoard(), placements };
}

const claimingOpen = (board = sampleBoard()): Board => ({ ...board, event: { ...board.event, claiming: 'open' } });
const withPitch = (pitch: Partial<Board['pitch']>, board = sampleBoard()): Board => ({ ...board, pitch: { ...board.pitch, ...pitch } });

describe('session:submit', () => {
  it('creates a pitched session with trimmed text, normalized tags and the next id', () => {
    const decision = run(
      sampleBoard(),
      {
        type: 'session:submit',
        payload: { title: '  E-Akte  ', host: ' Petra ', description: ' Erfahrungen ', tags: ['#Verwaltung', 'verwaltung', ' E-Akte ', ''] },
      },
      publicActor,
    );
    expect(decision).toEqual({
      ok: true,
      data: { sessionId: 's1', similar: [] },
      events: [
        {
          type: 'session.submitted',
          session: {
            id: 's1',
            title: 'E-Akte',
            host: 'Petra',
            description: 'Erfahrungen',
            tags: ['Verwaltung', 'E-Akte'],
            interest: null,
            taps: 0,
            revision: 1,
            status: 'pitched',
            wishes: { timing: 'any', leaveBy: null, needsProjector: false },
            notesLink: '',
            notesUrl: '',
          },
        },
      ],
    });
  });

  it('keeps the wishes of the giver', () => {
    const decision = run(sampleBoard(), {
      type: 'session:submit',
      payload: { title: 'T', host: 'H', wishes: { timing: 'after_lunch', leaveBy: '15:30', needsProjector: true } },
    });
    expect(decision.ok && decision.events[0]).toMatchObject({
      session: { wishes: { timing: 'after_lunch', leaveBy: '15:30', needsProjector: true } },
    });
  });

  it('refuses a title of only spaces, naming the field', () => {
    expect(run(sampleBoard(), { type: 'session:submit', payload: { title: '   ', host: 'x' } })).toEqual({
      ok: false,
      error: commandError('invalid', 'empty', 'The title is empty.', { field: 'title' }),
    });
  });

  it('takes a session without a host from anyone: a giver may add one later', () => {
    for (const host of [undefined, '', ' ']) {
      const decision = run(sampleBoard(), { type: 'session:submit', payload: { title: 'x', ...(host === undefined ? {} : { host }) } }, { role: 'public' });
      expect(decision).toMatchObject({ ok: true, events: [{ type: 'session.submitted', session: { title: 'x', host: '' } }] });
    }
  });

  it('takes the host away when an edit sends "" (or only spaces), and leaves it when the edit does not name it', () => {
    const cleared = run(sampleBoard(), { type: 'session:update', payload: { sessionId: 's1', revision: 1, host: '  ' } }, { role: 'giver', sessionId: 's1' });
    expect(cleared).toMatchObject({ ok: true, events: [{ type: 'session.updated', sessionId: 's1', changes: { host: '' } }] });
    const kept = run(sampleBoard(), { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'Neu' } });
    expect(kept).toMatchObject({ ok: true, events: [{ changes: { title: 'Neu' } }] });
    expect(kept.ok && kept.events[0]).not.toHaveProperty('changes.host');
  });

  it('names sessions with a similar title in its answer, most alike first: the same topic pitched twice', () => {
    const board = {
      ...sampleBoard(),
      sessions: [
        session('v1', { title: 'Kulturwandel in der Verwaltung' }),
        session('v2', { title: 'Smart City im Quartier' }),
        session('v3', { title: 'Kulturwandel in Verwaltungen', status: 'withdrawn' }),
      ],
    };
    const decision = run(board, { type: 'session:submit', payload: { title: 'Kulturwandel Verwaltung', host: 'Ida' } });
    expect(decision).toMatchObject({ ok: true, data: { similar: [{ sessionId: 'v1', title: 'Kulturwandel in der Verwaltung' }] } });
  });

  it("takes the facilitator's quick entry without a host, as pitched already: it does not wait in the queue", () => {
    const decision = run(sampleBoard(), { type: 'session:submit', payload: { title: 'Gerade gepitcht' } });
    expect(decision).toMatchObject({ ok: true, events: [{ type: 'session.submitted', pitched: true, session: { title: 'Gerade gepitcht', host: '' } }] });
    const board = applyAll(sampleBoard(), decision.ok ? decision.events : []);
    expect(board.pitch.queue).toEqual(sampleBoard().pitch.queue);
    expect(board.sessions.at(-1)!.title).toBe('Gerade gepitcht');
  });

  it('gives a session submitted without tags none', () => {
    const decision = run(sampleBoard(), { type: 'session:submit', payload: { title: 'Ohne', host: 'H' } }, publicActor);
    expect(decision.ok && decision.events[0]).toMatchObject({ session: { tags: [] } });
  });
});

describe('session:place', () => {
  const place = (sessionId: string, roomId: string, slotId: string, expectedOccupant?: string | null): Command => ({
    type: 'session:place',
    payload: { sessionId, roomId, slotId, ...(expectedOccupant !== undefined ? { expectedOccupant } : {}) },
  });

  it('places a tray session into a free cell', () => {
    expect(run(sampleBoard(), place('s1', 'rA', 't1'))).toEqual({
      ok: true,
      // Placed before its turn at the microphone: it leaves the queue of those still to pitch.
      events: [
        { type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' },
        { type: 'session.dequeued', sessionId: 's1' },
      ],
    });
    const notWaiting = { ...sampleBoard(), pitch: { ...sampleBoard().pitch, queue: ['s2'] } };
    expect(run(notWaiting, place('s1', 'rA', 't1'))).toEqual({ ok: true, events: [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }] });
  });

  it('moves a placed session to a free cell', () => {
    const board = boardWith([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    const decision = run(board, place('s1', 'rB', 't2'));
    expect(decision.ok && applyAll(board, decision.events).placements).toEqual([{ sessionId: 's1', roomId: 'rB', slotId: 't2' }]);
  });

  it('swaps two placed sessions', () => {
    const board = boardWith([
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't2' },
    ]);
    const decision = run(board, place('s1', 'rB', 't2'));
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.events.map((e) => e.type)).toEqual(['session.unplaced', 'session.placed', 'session.placed', 'session.dequeued']);
    const after = applyAll(board, decision.events);
    expect(after.placements).toHaveLength(2);
    expect(after.placements).toEqual(
      expect.arrayContaining([
        { sessionId: 's1', roomId: 'rB', slotId: 't2' },
        { sessionId: 's2', roomId: 'rA', slotId: 't1' },
      ]),
    );
  });

  it('sends the occupant back to the tray when the mover came from the tray', () => {
    const board = boardWith([{ sessionId: 's2', roomId: 'rA', slotId: 't1' }]);
    const decision = run(board, place('s1', 'rA', 't1'));
    expect(decision.ok && applyAll(board, decision.events).placements).toEqual([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
  });

  it('never holds two sessions in one cell between the events of a swap', () => {
    const board = boardWith([
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't1' },
    ]);
    const decision = run(board, place('s1', 'rB', 't1'));
    if (!decision.ok) throw new Error('expected ok');
    let state = board;
    for (const event of decision.events) {
      state = applyAll(state, [event]);
      const cells = state.placements.map((p) => `${p.roomId}|${p.slotId}`);
      expect(new Set(cells).size).toBe(cells.length);
    }
  });

  it('refuses a break slot', () => {
    expectError(run(sampleBoard(), place('s1', 'rA', 'tL')), 'not_bookable');
  });

  it('refuses a withdrawn session', () => {
    expectError(run(sampleBoard(), place('sW', 'rA', 't1')), 'invalid');
  });

  it('refuses unknown sessions, rooms and slots', () => {
    expectError(run(sampleBoard(), place('nope', 'rA', 't1')), 'not_found');
    expectError(run(sampleBoard(), place('s1', 'nope', 't1')), 'not_found');
    expectError(run(sampleBoard(), place('s1', 'rA', 'nope')), 'not_found');
  });

  it('is for the facilitator only', () => {
    expectError(run(sampleBoard(), place('s1', 'rA', 't1'), publicActor), 'forbidden');
    expectError(run(sampleBoard(), place('s1', 'rA', 't1'), { role: 'giver', sessionId: 's1' }), 'forbidden');
  });

  it('refuses with cell_taken when the cell is no longer what the sender saw', () => {
    const board = boardWith([{ sessionId: 's2', roomId: 'rA', slotId: 't1' }]);
    expectError(run(board, place('s1', 'rA', 't1', null)), 'cell_taken');
    expectError(run(sampleBoard(), place('s1', 'rA', 't1', 's2')), 'cell_taken');
    expect(run(board, place('s1', 'rA', 't1', 's2')).ok).toBe(true);
  });

  it('changes nothing when dropped on its own cell', () => {
    const board = boardWith([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    expect(run(board, place('s1', 'rA', 't1'))).toEqual({ ok: true, events: [] });
  });
});

describe('session:place with a double session', () => {
  /** 10:00 and 11:00 back to back; s1 holds both in Room A. */
  function doubleBoard(blocked: Board['blocked'] = [], placements: Board['placements'] = []): Board {
    const board = sampleBoard();
    return {
      ...board,
      slots: [...board.slots, { id: 't1b', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' }],
      placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }, { sessionId: 's1', roomId: 'rA', slotId: 't1b' }, ...placements],
      blocked,
    };
  }
  const placedAfter = (board: Board, roomId: string, slotId: string) => {
    const decision = run(board, { type: 'session:place', payload: { sessionId: 's1', roomId, slotId } });
    if (!decision.ok) throw new Error(decision.error.message);
    return applyAll(board, decision.events).placements.filter((p) => p.sessionId === 's1');
  };

  it('moved one slot down onto its own second cell, it holds that cell (and the one below, a break here: none)', () => {
    expect(placedAfter(doubleBoard(), 'rA', 't1b')).toEqual([{ sessionId: 's1', roomId: 'rA', slotId: 't1b' }]);
  });

  it('stays double where the slot below is free, and becomes single where it is closed or taken', () => {
    expect(placedAfter(doubleBoard(), 'rB', 't1')).toEqual([
      { sessionId: 's1', roomId: 'rB', slotId: 't1' },
      { sessionId: 's1', roomId: 'rB', slotId: 't1b' },
    ]);
    expect(placedAfter(doubleBoard([{ roomId: 'rB', slotId: 't1b' }]), 'rB', 't1')).toEqual([{ sessionId: 's1', roomId: 'rB', slotId: 't1' }]);
    expect(placedAfter(doubleBoard([], [{ sessionId: 's2', roomId: 'rB', slotId: 't1b' }]), 'rB', 't1')).toEqual([
      { sessionId: 's1', roomId: 'rB', slotId: 't1' },
    ]);
  });
});

describe('session:place edges', () => {
  it('moving the first cell of a double session onto its own first cell changes nothing; onto its second, it moves', () => {
    const double = {
      ...sampleBoard(),
      placements: [
        { sessionId: 's1', roomId: 'rA', slotId: 't1' },
        { sessionId: 's1', roomId: 'rA', slotId: 't2' },
      ],
    };
    expect(run(double, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't1' } })).toEqual({ ok: true, events: [] });
    const ontoSecond = run(double, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't2' } });
    expect(ontoSecond.ok && ontoSecond.events.length).toBeGreaterThan(0);
  });
});

describe('session:unplace', () => {
  it('takes a placed session back to the tray', () => {
    const board = boardWith([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    expect(run(board, { type: 'session:unplace', payload: { sessionId: 's1' } })).toEqual({
      ok: true,
      events: [{ type: 'session.unplaced', sessionId: 's1' }],
    });
  });

  it('changes nothing for a session in the tray, and refuses strangers and unknown ids', () => {
    expect(run(sampleBoard(), { type: 'session:unplace', payload: { sessionId: 's1' } })).toEqual({ ok: true, events: [] });
    expectError(run(sampleBoard(), { type: 'session:unplace', payload: { sessionId: 's1' } }, publicActor), 'forbidden');
    expectError(run(sampleBoard(), { type: 'session:unplace', payload: { sessionId: 'x' } }), 'not_found');
  });
});

describe('session:update', () => {
  const update = (payload: Partial<Extract<Command, { type: 'session:update' }>['payload']>): Command => ({
    type: 'session:update',
    payload: { sessionId: 's1', revision: 1, ...payload },
  });

  it('changes only what differs and bumps the revision', () => {
    expect(run(sampleBoard(), update({ title: ' New title ', host: 'Host s1', tags: ['a', 'A'] }))).toEqual({
      ok: true,
      events: [{ type: 'session.updated', sessionId: 's1', changes: { title: 'New title', tags: ['a'] }, revision: 2 }],
    });
  });

  it('refuses a stale revision, and one from the future, with conflict', () => {
    expectError(run(sampleBoard(), update({ revision: 0, title: 'x' })), 'conflict');
    expectError(run(sampleBoard(), update({ revision: 2, title: 'x' })), 'conflict');
  });

  it('lets the giver of the session edit it, and nobody else', () => {
    expect(run(sampleBoard(), update({ title: 'Mine' }), { role: 'giver', sessionId: 's1' }).ok).toBe(true);
    expectError(run(sampleBoard(), update({ title: 'Theirs' }), { role: 'giver', sessionId: 's2' }), 'forbidden');
    expectError(run(sampleBoard(), update({ title: 'Anon' }), publicActor), 'forbidden');
  });

  it('refuses an empty title, a withdrawn session and an unknown id', () => {
    expectError(run(sampleBoard(), update({ title: '  ' })), 'invalid');
    expectError(run(sampleBoard(), update({ sessionId: 'sW', title: 'x' })), 'invalid');
    expectError(run(sampleBoard(), update({ sessionId: 'nope', title: 'x' })), 'not_found');
  });

  it('changes nothing when nothing differs', () => {
    expect(run(sampleBoard(), update({ title: 'Session s1' }))).toEqual({ ok: true, events: [] });
  });
});

describe('session:update counts only real changes', () => {
  const board = { ...sampleBoard(), sessions: [session('s1', { host: 'Petra', description: 'Text', tags: ['KI', 'Schule'] })] };
  const update = (changes: Record<string, unknown>) => run(board, { type: 'session:update', payload: { sessionId: 's1', revision: 1, ...changes } } as Command);

  it('trims host and description; the same text after trimming, the same tags or no wishes are no change', () => {
    expect(update({ host: ' Petra ', description: ' Text ', tags: ['#KI', ' Schule ', 'ki'] })).toEqual({ ok: true, events: [] });
    // Another spelling is a change.
    expect(update({ tags: ['KI', 'schule'] })).toMatchObject({ events: [{ changes: { tags: ['KI', 'schule'] } }] });
    expect(update({ host: ' Ida ', description: '  Neu  ' })).toEqual({
      ok: true,
      events: [{ type: 'session.updated', sessionId: 's1', changes: { host: 'Ida', description: 'Neu' }, revision: 2 }],
    });
    expect(update({ tags: ['Schule', 'KI'] })).toMatchObject({ events: [{ changes: { tags: ['Schule', 'KI'] } }] });
    expect(update({ title: 'Session s1' })).toEqual({ ok: true, events: [] });
    // The wishes it has, sent again (all of them or some): no change either.
    expect(update({ wishes: board.sessions[0]!.wishes })).toEqual({ ok: true, events: [] });
    expect(update({ wishes: { needsProjector: board.sessions[0]!.wishes.needsProjector } })).toEqual({ ok: true, events: [] });
  });

  it('lets the giver of the session edit it', () => {
    expect(run(board, { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'Neu' } }, giverOf('s1'))).toMatchObject({ ok: true });
  });
});

describe('session:withdraw', () => {
  it('unplaces, then withdraws a placed session', () => {
    const board = boardWith([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
    expect(run(board, { type: 'session:withdraw', payload: { sessionId: 's1' } })).toEqual({
      ok: true,
      events: [
        { type: 'session.unplaced', sessionId: 's1' },
        { type: 'session.withdrawn', sessionId: 's1' },
      ],
    });
  });

  it('lets the giver withdraw, refuses strangers', () => {
    expect(run(sampleBoard(), { type: 'session:withdraw', payload: { sessionId: 's2' } }, { role: 'giver', sessionId: 's2' }).ok).toBe(true);
    expectError(run(sampleBoard(), { type: 'session:withdraw', payload: { sessionId: 's2' } }, publicActor), 'forbidden');
  });

  it('changes nothing for an already withdrawn session', () => {
    expect(run(sampleBoard(), { type: 'session:withdraw', payload: { sessionId: 'sW' } })).toEqual({ ok: true, events: [] });
  });
});

describe('session:claim and session:release', () => {
  const claim = (board: Board, sessionId: string, roomId: string, slotId: string) =>
    run(board, { type: 'session:claim', payload: { sessionId, roomId, slotId } }, giverOf(sessionId));

  it('claiming the one cell it holds changes nothing; a double session claiming one of its cells gives up the other', () => {
    const single = claimingOpen({ ...sampleBoard(), placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }] });
    expect(claim(single, 's1', 'rA', 't1')).toEqual({ ok: true, events: [] });
    const double = claimingOpen({
      ...sampleBoard(),
      placements: [
        { sessionId: 's1', roomId: 'rA', slotId: 't1' },
        { sessionId: 's1', roomId: 'rA', slotId: 't2' },
      ],
    });
    const decision = claim(double, 's1', 'rA', 't1');
    expect(decision.ok && decision.events.length).toBeGreaterThan(0);
  });

  it('a giver releasing a session not in the plan changes nothing', () => {
    expect(run(claimingOpen(), { type: 'session:release', payload: { sessionId: 's1' } }, giverOf('s1'))).toEqual({ ok: true, events: [] });
  });
});

describe('session:interest', () => {
  it('sets the interest, for the facilitator only', () => {
    expect(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 's1', interest: 12 } })).toEqual({
      ok: true,
      events: [{ type: 'session.interest_set', sessionId: 's1', interest: 12 }],
    });
    expectError(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 's1', interest: 3 } }, publicActor), 'forbidden');
    expectError(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 'x', interest: 3 } }), 'not_found');
  });

  it('the same count again changes nothing', () => {
    const board = { ...sampleBoard(), sessions: [session('s1', { interest: 7 })] };
    expect(run(board, { type: 'session:interest', payload: { sessionId: 's1', interest: 7 } })).toEqual({ ok: true, events: [] });
    expect(run(board, { type: 'session:interest', payload: { sessionId: 's1', interest: 8 } })).toEqual({
      ok: true,
      events: [{ type: 'session.interest_set', sessionId: 's1', interest: 8 }],
    });
  });
});

describe('session:merge', () => {
  it('merges one topic pitched twice: both hosts and tags on the kept one, the other out of the plan and the queue', () => {
    const board = {
      ...sampleBoard(),
      sessions: [session('k', { host: 'Anna', tags: ['KI'] }), session('g', { host: 'anna & Ben', tags: ['ki', 'Schule'] })],
      placements: [{ sessionId: 'g', roomId: 'rA', slotId: 't1' }],
      pitch: { ...sampleBoard().pitch, queue: ['k', 'g'] },
    };
    const decision = run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    expect(decision).toEqual({
      ok: true,
      events: [
        { type: 'session.updated', sessionId: 'k', changes: { host: 'Anna, Ben', tags: ['KI', 'Schule'] }, revision: 2 },
        { type: 'session.unplaced', sessionId: 'g' },
        { type: 'session.withdrawn', sessionId: 'g' },
      ],
    });
    const merged = applyAll(board, decision.ok ? decision.events : []);
    expect(merged.pitch.queue).toEqual(['k']);
    expect(merged.placements).toEqual([]);
    expectError(run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'g' } }), 'invalid');
    expectError(run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'nobody' } }), 'not_found');
    expectError(run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } }, { role: 'public' }), 'forbidden');
    expectError(run(merged, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } }), 'invalid');
  });

  it('edits the kept one only where the merge adds something: the same host and tags give no text edit', () => {
    const board = { ...sampleBoard(), sessions: [session('k', { host: 'Anna', tags: ['KI', 'Schule'] }), session('g', { host: 'anna', tags: ['schule'] })] };
    const decision = run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    expect(decision).toEqual({ ok: true, events: [{ type: 'session.withdrawn', sessionId: 'g' }] });
  });

  it('merges two topics typed in without a host', () => {
    const board = { ...sampleBoard(), sessions: [session('k', { host: '' }), session('g', { host: '' })] };
    const decision = run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    expect(decision).toEqual({ ok: true, events: [{ type: 'session.withdrawn', sessionId: 'g' }] });
  });

  it('takes the host of the merged one when the kept one has none', () => {
    const board = { ...sampleBoard(), sessions: [session('k', { host: '' }), session('g', { host: 'Ben' })] };
    const decision = run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    expect(decision.ok && decision.events[0]).toEqual({ type: 'session.updated', sessionId: 'k', changes: { host: 'Ben' }, revision: 2 });
  });

  it('refuses what an edit would refuse: hosts longer than the limit together, or more tags than allowed', () => {
    const merge = (kept: Partial<Session>, gone: Partial<Session>) =>
      run({ ...sampleBoard(), sessions: [session('k', kept), session('g', gone)] }, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    const longHost = (name: string) => `${name} ${'x'.repeat(40)}`;
    expect(merge({ host: longHost('Anna') }, { host: longHost('Ben') })).toEqual({
      ok: false,
      error: commandError('invalid', 'too_long', `Together, the hosts must have at most ${LIMITS.host} characters: shorten them first.`, {
        field: 'host',
        limit: LIMITS.host,
      }),
    });
    const tags = (prefix: string) => Array.from({ length: 5 }, (_, i) => `${prefix}${i}`);
    expect(merge({ tags: tags('a') }, { tags: tags('b') })).toEqual({
      ok: false,
      error: commandError('invalid', 'too_many', `Together, the sessions have more than ${LIMITS.tags} tags: remove some first.`, {
        field: 'tags',
        limit: LIMITS.tags,
      }),
    });
    // At the limits, both are taken.
    expect(merge({ host: 'A'.repeat(38) }, { host: 'B'.repeat(40), tags: tags('b').slice(0, 3) })).toMatchObject({ ok: true });
    expect(merge({ tags: tags('a') }, { tags: [...tags('b').slice(0, 3), 'A0'] })).toMatchObject({ ok: true });
  });

  it('keeps the hosts it has when the merged one adds none, and adds no empty host', () => {
    const board = { ...sampleBoard(), sessions: [session('k', { host: 'Anna', tags: ['KI'] }), session('g', { host: '', tags: ['ki'] })] };
    const decision = run(board, { type: 'session:merge', payload: { sessionId: 'g', intoSessionId: 'k' } });
    expect(decision).toEqual({ ok: true, events: [{ type: 'session.withdrawn', sessionId: 'g' }] });
  });
});

describe('event:update counts only real changes', () => {
  const event = sampleBoard().event;
  it.each([
    [{ title: event.title }],
    [{ title: `  ${event.title}  ` }],
    [{ timezone: event.timezone }],
    [{ pitchSeconds: event.pitchSeconds }],
    [{ claiming: event.claiming }],
  ])('%j is no change', (payload) => {
    expect(run(sampleBoard(), { type: 'event:update', payload } as Command)).toEqual({ ok: true, events: [] });
  });

  it('a new title alone is the only change', () => {
    expect(run(sampleBoard(), { type: 'event:update', payload: { title: ' Neu ', timezone: event.timezone } })).toEqual({
      ok: true,
      events: [{ type: 'event.updated', changes: { title: 'Neu' } }],
    });
  });

  it('a new pitch length resets a countdown only while it is untouched', () => {
    const untouched = run(sampleBoard(), { type: 'event:update', payload: { pitchSeconds: 60 } });
    expect(untouched.ok && untouched.events).toEqual([
      { type: 'event.updated', changes: { pitchSeconds: 60 } },
      { type: 'pitch.updated', pitch: { ...sampleBoard().pitch, timer: { ...sampleBoard().pitch.timer, durationMs: 60_000, remainingMs: 60_000 } } },
    ]);
    const running = withPitch({ current: 's1', timer: { ...sampleBoard().pitch.timer, runningSince: NOW } });
    const paused = withPitch({ current: 's1', timer: { ...sampleBoard().pitch.timer, remainingMs: 10_000 } });
    for (const board of [running, paused]) {
      const decision = run(board, { type: 'event:update', payload: { pitchSeconds: 60 } });
      expect(decision.ok && decision.events).toEqual([{ type: 'event.updated', changes: { pitchSeconds: 60 } }]);
    }
  });
});

describe('the pitch timer', () => {
  it('start while running and pause while paused change nothing', () => {
    const running = withPitch({ current: 's1', queue: ['s2'], timer: { ...sampleBoard().pitch.timer, runningSince: NOW - 5_000 } });
    expect(run(running, { type: 'pitch:start', payload: {} })).toEqual({ ok: true, events: [] });
    const paused = withPitch({ current: 's1', queue: ['s2'], timer: { ...sampleBoard().pitch.timer, remainingMs: 10_000 } });
    expect(run(paused, { type: 'pitch:pause', payload: {} })).toEqual({ ok: true, events: [] });
  });
});

describe('pitch:next', () => {
  it('calls the first in the queue to the microphone with the countdown running', () => {
    expect(run(withPitch({ current: 's3', queue: ['s1', 's2'] }), { type: 'pitch:next', payload: {} })).toEqual({
      ok: true,
      events: [{ type: 'pitch.updated', pitch: { queue: ['s2'], current: 's1', timer: { ...sampleBoard().pitch.timer, runningSince: NOW } } }],
    });
  });

  it('with nobody waiting, leaves the microphone empty and the countdown idle', () => {
    expect(run(withPitch({ current: 's3', queue: [] }), { type: 'pitch:next', payload: {} })).toEqual({
      ok: true,
      events: [{ type: 'pitch.updated', pitch: { queue: [], current: null, timer: sampleBoard().pitch.timer } }],
    });
  });
});

describe('every command that names a session', () => {
  const naming = COMMAND_NAMES.filter((name) => 'sessionId' in (COMMANDS[name].schema.properties as object));

  it.each(naming)('%s refuses one that does not exist with not_found, even from the facilitator', (name) => {
    const board = claimingOpen();
    const payload = { ...validPayload(name, board, { sessionId: 's1' }), sessionId: 'nope' };
    expectError(run(board, { type: name, payload } as Command), 'not_found');
  });

  it.each(naming.filter((name) => COMMANDS[name].who === 'facilitator'))(
    "%s is the facilitator's, not the giver's, even for the giver's own session",
    (name) => {
      const board = claimingOpen();
      expectError(run(board, { type: name, payload: validPayload(name, board, { sessionId: 's1' }) } as Command, giverOf('s1')), 'forbidden');
    },
  );
});

describe('refusals say what is wrong', () => {
  const doubleInA = {
    ...sampleBoard(),
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's1', roomId: 'rA', slotId: 't2' },
    ],
  };
  const blockedA1 = { ...sampleBoard(), blocked: [{ roomId: 'rA', slotId: 't1' }] };
  it.each([
    [
      'fill the plan as a stranger',
      sampleBoard(),
      { type: 'board:autofill', payload: {} },
      publicActor,
      'forbidden',
      'facilitator_only',
      'Only the facilitator may do this.',
    ],
    [
      'replace the key as a stranger',
      sampleBoard(),
      { type: 'event:rotate-key', payload: {} },
      publicActor,
      'forbidden',
      'facilitator_only',
      'Only the facilitator may do this.',
    ],
    ['undo without the log', sampleBoard(), { type: 'board:undo', payload: {} }, facilitator, 'invalid', 'nothing_to_undo', 'There is nothing to undo.'],
    ['redo without the log', sampleBoard(), { type: 'board:redo', payload: {} }, facilitator, 'invalid', 'nothing_to_redo', 'There is nothing to redo.'],
    [
      'place into a closed cell',
      blockedA1,
      { type: 'session:place', payload: { sessionId: 's2', roomId: 'rA', slotId: 't1' } },
      facilitator,
      'not_bookable',
      'cell_blocked',
      'Room A is not available at 10:00.',
      { obstacle: { kind: 'closed', room: 'Room A', time: '10:00' } },
    ],
    [
      'place onto a double session',
      doubleInA,
      { type: 'session:place', payload: { sessionId: 's2', roomId: 'rA', slotId: 't2' } },
      facilitator,
      'cell_taken',
      'double_in_the_way',
      '"Session s1" is a double session there: shrink or move it first.',
      { obstacle: { kind: 'taken', room: 'Room A', time: '13:00', title: 'Session s1' } },
    ],
    [
      "edit another giver's session",
      sampleBoard(),
      { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'X' } },
      giverOf('s2'),
      'forbidden',
      'facilitator_or_giver',
      'Only the facilitator or the session giver may change this session.',
    ],
    [
      'claim for a withdrawn session',
      claimingOpen(),
      { type: 'session:claim', payload: { sessionId: 'sW', roomId: 'rA', slotId: 't1' } },
      giverOf('sW'),
      'invalid',
      'withdrawn',
      'A withdrawn session cannot claim a slot.',
    ],
    [
      'claim while claiming is closed',
      sampleBoard(),
      { type: 'session:claim', payload: { sessionId: 's1', roomId: 'rA', slotId: 't1' } },
      giverOf('s1'),
      'claiming_closed',
      'claiming_closed',
      'Claiming slots is closed right now. The facilitator opens it.',
    ],
    [
      'claim a closed cell',
      claimingOpen(blockedA1),
      { type: 'session:claim', payload: { sessionId: 's2', roomId: 'rA', slotId: 't1' } },
      giverOf('s2'),
      'not_bookable',
      'cell_blocked',
      'Room A at 10:00 is not available.',
      { obstacle: { kind: 'closed', room: 'Room A', time: '10:00' } },
    ],
    [
      'release while claiming is closed',
      sampleBoard(),
      { type: 'session:release', payload: { sessionId: 's1' } },
      giverOf('s1'),
      'claiming_closed',
      'releasing_closed',
      'Slots can only be released while claiming is open. Ask the facilitator.',
    ],
    [
      'change the event as a stranger',
      sampleBoard(),
      { type: 'event:update', payload: { title: 'X' } },
      publicActor,
      'forbidden',
      'facilitator_only',
      'Only the facilitator may do this.',
    ],
    [
      'retitle the event to nothing',
      sampleBoard(),
      { type: 'event:update', payload: { title: '   ' } },
      facilitator,
      'invalid',
      'empty',
      'The title is empty.',
      { field: 'title' },
    ],
    [
      'run the pitch as a stranger',
      sampleBoard(),
      { type: 'pitch:start', payload: {} },
      publicActor,
      'forbidden',
      'facilitator_only',
      'Only the facilitator may do this.',
    ],
    [
      'start with nobody waiting',
      withPitch({ queue: [] }),
      { type: 'pitch:start', payload: {} },
      facilitator,
      'invalid',
      'nobody_waiting',
      'Nobody is waiting to pitch.',
    ],
    [
      'skip with nobody pitching',
      sampleBoard(),
      { type: 'pitch:skip', payload: {} },
      facilitator,
      'invalid',
      'nobody_pitching',
      'Nobody is pitching right now.',
    ],
    [
      'reorder one not waiting',
      sampleBoard(),
      { type: 'pitch:reorder', payload: { sessionId: 'sW', toIndex: 0 } },
      facilitator,
      'not_found',
      'not_in_queue',
      'That session is not waiting in the pitch queue.',
      { field: 'sessionId' },
    ],
    [
      'add a room as a stranger',
      sampleBoard(),
      { type: 'room:add', payload: { name: 'X' } },
      publicActor,
      'forbidden',
      'facilitator_only',
      'Only the facilitator may do this.',
    ],
    [
      'merge a withdrawn session',
      sampleBoard(),
      { type: 'session:merge', payload: { sessionId: 'sW', intoSessionId: 's1' } },
      facilitator,
      'invalid',
      'withdrawn',
      'A withdrawn session cannot be merged.',
    ],
    [
      'merge into a withdrawn session',
      sampleBoard(),
      { type: 'session:merge', payload: { sessionId: 's1', intoSessionId: 'sW' } },
      facilitator,
      'invalid',
      'withdrawn',
      'A withdrawn session cannot be merged.',
    ],
  ] as Array<[string, Board, Command, Actor, ErrorCode, RefusalReason, string, RefusalDetails?]>)(
    '%s',
    (_name, board, command, actor, code, reason, message, details) => {
      expect(run(board, command, actor)).toEqual({ ok: false, error: commandError(code, reason, message, details) });
    },
  );

  it('names a time zone that is not one', () => {
    const decision = run(sampleBoard(), { type: 'event:update', payload: { timezone: 'Europe/Bochum' } });
    expect(decision.ok === false && decision.error.message).toMatch(/^"Europe\/Bochum" is not a time zone \(e\.g\. /);
  });
});

describe('normalizeTags', () => {
  it('keeps the first spelling of each tag', () => {
    expect(normalizeTags(['Kultur', ' kultur', '#KULTUR', 'DMS'])).toEqual(['Kultur', 'DMS']);
  });

  it('drops a leading # and the spaces around it and what follows, keeps a # inside, tells tags apart as lower case does', () => {
    expect(normalizeTags(['  # KI  ', 'C#', 'Maß', 'MASS', 'mass'])).toEqual(['KI', 'C#', 'Maß', 'MASS']);
  });
});

describe('who may send each command (the only refusal as forbidden)', () => {
  it('opens submitting to anyone, a session’s own edits and claims to its giver, and the rest to the facilitator only', () => {
    const byWho = (who: string) => COMMAND_NAMES.filter((name) => COMMANDS[name].who === who).sort();
    expect(byWho('anyone')).toEqual(['session:submit']);
    expect(byWho('giver')).toEqual(['session:claim', 'session:release', 'session:update', 'session:withdraw']);
    expect(byWho('facilitator')).toHaveLength(COMMAND_NAMES.length - 5);
    // A new session is the one command that counts against a network's budget for new sessions.
    expect(COMMAND_NAMES.filter((name) => COMMANDS[name].rate === 'submission')).toEqual(['session:submit']);
  });

  it('lets a giver act on the session of their link only, and the facilitator on any', () => {
    const giver: Actor = { role: 'giver', sessionId: 's1' };
    expect(permits('giver', giver, { sessionId: 's1' })).toBe(true);
    expect(permits('giver', giver, { sessionId: 's2' })).toBe(false);
    expect(permits('giver', giver, {})).toBe(false);
    expect(permits('giver', publicActor, { sessionId: 's1' })).toBe(false);
    expect(permits('giver', facilitator, { sessionId: 's2' })).toBe(true);
    expect(permits('facilitator', giver, { sessionId: 's1' })).toBe(false);
    expect(permits('anyone', publicActor, {})).toBe(true);
  });
});
