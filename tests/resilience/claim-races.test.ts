// Resilience: 250 rounds of 2–5 givers tapping one free cell at the same moment.
import { afterAll, describe, expect, it } from 'vitest';
import { claimRounds, type Giver } from '../helpers/claim-rounds.ts';
import { connectClient, startTestServer, type TestServer } from '../helpers/server.ts';
import { report } from './report.ts';
import { FACILITATOR_BUDGETS, lifted } from '../helpers/rate-limits.ts';

const ROUNDS = 250;
let server: TestServer;
afterAll(() => server?.close());

describe('claim races', () => {
  it(`${ROUNDS} rounds: exactly one winner each, every other giver told cell_taken`, async () => {
    // Far faster than any person taps: the per-phone command limit is lifted.
    server = await startTestServer({ limits: lifted('commandsPerDevice', 'commandsPerAddress', ...FACILITATOR_BUDGETS) });
    const boss = await connectClient(server.url, { event: server.slug, key: server.key });
    const givers: Giver[] = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      const client = await connectClient(server.url, { event: server.slug });
      const ack = await client.send<{ sessionId: string; token: string }>('session:submit', { title: `Race ${name}`, host: name });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      givers.push({ client, ...ack.data! });
    }
    expect(await boss.send('event:update', { claiming: 'open' })).toMatchObject({ ok: true });
    const started = Date.now();
    const { claims, losersTold } = await claimRounds(boss, givers, ROUNDS);
    expect(losersTold).toBe(claims - ROUNDS);
    report('claim races', [
      ['rounds', ROUNDS],
      ['claims sent at once (2–5 a round)', claims],
      ['winners', ROUNDS],
      ['losers told cell_taken', losersTold],
      ['ms per round (claims, check, release)', ((Date.now() - started) / ROUNDS).toFixed(1)],
    ]);
    for (const client of [boss, ...givers.map((g) => g.client)]) client.close();
  });
});
