// Rounds of 2–5 givers claiming one cell at the same moment: exactly one wins each round, and
// every other one is told the cell was just taken. Used by the integration suite (50 rounds)
// and the resilience suite (250 rounds, with figures).
import { expect } from 'vitest';
import { bookableCells } from '../../shared/board.ts';
import { syncedBoard, type TestClient } from './server.ts';

export interface Giver {
  client: TestClient;
  sessionId: string;
  token: string;
}

/** Plays the rounds; the claiming must be open. Returns how many claims lost, all told so. */
export async function claimRounds(boss: TestClient, givers: Giver[], rounds: number): Promise<{ claims: number; losersTold: number }> {
  const cells = bookableCells(boss.snapshot.board);
  let claims = 0;
  let losersTold = 0;
  for (let round = 0; round < rounds; round++) {
    const contenders = givers.slice(0, 2 + (round % 4));
    const cell = cells[round % cells.length]!;
    const acks = await Promise.all(contenders.map((g) => g.client.send('session:claim', { sessionId: g.sessionId, token: g.token, ...cell })));
    claims += acks.length;
    expect(
      acks.filter((ack) => ack.ok),
      `round ${round}`,
    ).toHaveLength(1);
    for (const ack of acks.filter((a) => !a.ok)) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'cell_taken' } });
      expect(!ack.ok && ack.error.message).toMatch(/was just taken/);
      losersTold++;
    }
    const board = await syncedBoard(boss);
    const inCell = board.placements.filter((p) => p.roomId === cell.roomId && p.slotId === cell.slotId);
    expect(inCell).toHaveLength(1);
    const winner = contenders[acks.findIndex((a) => a.ok)]!;
    expect(inCell[0]!.sessionId).toBe(winner.sessionId);
    // Each session holds one cell at most.
    expect(board.placements.filter((p) => p.sessionId === winner.sessionId)).toHaveLength(1);
    expect(await winner.client.send('session:release', { sessionId: winner.sessionId, token: winner.token })).toMatchObject({ ok: true });
  }
  return { claims, losersTold };
}
