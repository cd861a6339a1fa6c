import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import type { Command } from '../../shared/commands.ts';
import { decide, type Actor, type Decision } from '../../shared/decide.ts';
import { normalizeTags } from '../../shared/commands/sessions.ts';
import { countingIds, sampleBoard, session } from '../fixtures/board.ts';

const facilitator: Actor = { role: 'facilitator' };
const publicActor: Actor = { role: 'public' };

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

  it('refuses a title of only spaces, and a giver without a host', () => {
    expectError(run(sampleBoard(), { type: 'session:submit', payload: { title: '   ', host: 'x' } }), 'invalid');
    expectError(run(sampleBoard(), { type: 'session:submit', payload: { title: 'x', host: ' ' } }, { role: 'public' }), 'invalid');
    expectError(run(sampleBoard(), { type: 'session:submit', payload: { title: 'x' } }, { role: 'public' }), 'invalid');
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

  it("takes the facilitator's quick entry without a host, as pitched already: it does not wait in the queue", () => {
    const decision = run(sampleBoard(), { type: 'session:submit', payload: { title: 'Gerade gepitcht' } });
    expect(decision).toMatchObject({ ok: true, events: [{ type: 'session.submitted', pitched: true, session: { title: 'Gerade gepitcht', host: '' } }] });
    const board = applyAll(sampleBoard(), decision.ok ? decision.events : []);
    expect(board.pitch.queue).toEqual(sampleBoard().pitch.queue);
    expect(board.sessions.at(-1)!.title).toBe('Gerade gepitcht');
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

describe('session:interest', () => {
  it('sets the interest, for the facilitator only', () => {
    expect(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 's1', interest: 12 } })).toEqual({
      ok: true,
      events: [{ type: 'session.interest_set', sessionId: 's1', interest: 12 }],
    });
    expectError(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 's1', interest: 3 } }, publicActor), 'forbidden');
    expectError(run(sampleBoard(), { type: 'session:interest', payload: { sessionId: 'x', interest: 3 } }), 'not_found');
  });
});

describe('normalizeTags', () => {
  it('keeps the first spelling of each tag', () => {
    expect(normalizeTags(['Kultur', ' kultur', '#KULTUR', 'DMS'])).toEqual(['Kultur', 'DMS']);
  });
});
