// Resilience: every role × every command. Who is not allowed to do a thing never gets it done:
// an attendee's phone, a giver with their own, someone else's or a replaced link, the facilitator
// of another event, a facilitator screen whose key was changed from the command line meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { hashSecret, newSecret } from '../../server/auth.ts';
import { createEvent } from '../../server/create-event.ts';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '../../shared/commands.ts';
import { commandError } from '../../shared/errors.ts';
import type { Ack } from '../../shared/protocol.ts';
import { validPayload } from '../helpers/command-payloads.ts';
import { connectClient, startTestServer, syncedBoard, TEST_EVENT, type TestClient, type TestServer } from '../helpers/server.ts';
import { report } from './report.ts';
import { FACILITATOR_BUDGETS, lifted, PHONE_BUDGETS } from '../helpers/rate-limits.ts';

let server: TestServer;
let boss: TestClient;
const clients: TestClient[] = [];
beforeAll(async () => {
  server = await startTestServer({ limits: lifted(...PHONE_BUDGETS, ...FACILITATOR_BUDGETS) });
  boss = await connect({ event: server.slug, key: server.key });
  expect(await boss.send('event:update', { claiming: 'open' })).toMatchObject({ ok: true });
});
afterAll(async () => {
  clients.forEach((c) => c.close());
  await server?.close();
});

async function connect(auth: { event: string; key?: string }): Promise<TestClient> {
  const client = await connectClient(server.url, auth);
  clients.push(client);
  return client;
}
const versionOf = async (slug: string) => (await server.store.findEvent(slug))!.version;
const takesToken = (name: CommandName) => 'token' in ((COMMANDS[name].schema as TSchema).properties as object);
/** Withdrawing ends a giver's rights: it goes last. */
const ORDER = [...COMMAND_NAMES.filter((name) => name !== 'session:withdraw'), 'session:withdraw' as const];

interface Role {
  name: string;
  client: () => Promise<TestClient>;
  /** The session the role's commands are about and the link it holds, if any. */
  sessionId: () => string;
  token?: string;
  /** What this role may get done. */
  allowed: ReadonlySet<CommandName>;
  /** The allowed commands that went through (the role is what it claims to be). */
  done?: CommandName[];
}

/** Sends every command as the role: what went through although it should not have, and what was allowed and done. */
async function unauthorizedSuccesses(role: Role): Promise<string[]> {
  const wrong: string[] = [];
  role.done = [];
  for (const name of ORDER) {
    const board = await syncedBoard(boss);
    const payload = validPayload(name, board, { sessionId: role.sessionId() });
    if (role.token && takesToken(name)) payload.token = role.token;
    const before = await versionOf(server.slug);
    const client = await role.client();
    // A screen whose key changed may be let go by the key check before its command is answered
    // (on a loaded machine the check comes round first): let go, it got nothing done.
    const ack = await client.send(name, payload).catch((error: Error): Ack => ({ ok: false, error: commandError('forbidden', 'wrong_key', error.message) }));
    const changed = (await versionOf(server.slug)) !== before;
    if (role.allowed.has(name)) {
      if (ack.ok) role.done.push(name);
      continue;
    }
    if (ack.ok || changed) wrong.push(`${role.name}: ${name} ${ack.ok ? 'succeeded' : `was refused (${ack.error.code}) but changed the board`}`);
    else if (ack.error.code === 'internal') wrong.push(`${role.name}: ${name} answered internal`);
  }
  return wrong;
}

describe('authorization matrix', () => {
  it('every role × every command: 0 unauthorized successes', async () => {
    const start = await syncedBoard(boss);
    const anyOther = start.sessions[0]!.id;

    const phone = await connect({ event: server.slug });
    const giverPhone = await connect({ event: server.slug });
    const own = await giverPhone.send<{ sessionId: string; token: string }>('session:submit', { title: 'Meine eigene Session', host: 'Gabi' });
    const replaced = await giverPhone.send<{ sessionId: string; token: string }>('session:submit', { title: 'Neu verschickter Link', host: 'Hanna' });
    if (!own.ok || !replaced.ok) throw new Error('submit failed');
    expect(await boss.send('session:reissue', { sessionId: replaced.data!.sessionId })).toMatchObject({ ok: true });

    // Another event on the same server, with its own facilitator.
    const other = await createEvent(server.store, { ...TEST_EVENT, slug: 'anderes-camp', title: 'Anderes Camp' });
    const otherBoss = await connect({ event: other.slug, key: other.key });

    // A facilitator screen opened with a key that `npm run event:key` replaced since (another
    // process writes the new hash): each command finds the key gone.
    const eventId = (await server.store.findEvent(server.slug))!.id;
    const staleKeyScreen = async () => {
      const oldKey = newSecret();
      await server.store.setFacilitatorKeyHash(eventId, hashSecret(oldKey));
      const screen = await connect({ event: server.slug, key: oldKey });
      await server.store.setFacilitatorKeyHash(eventId, hashSecret(server.key));
      return screen;
    };

    const nothing = new Set<CommandName>();
    const submitOnly = new Set<CommandName>(['session:submit']);
    const roles: Role[] = [
      { name: 'attendee', client: async () => phone, sessionId: () => anyOther, allowed: submitOnly },
      {
        name: 'giver with own link',
        client: async () => giverPhone,
        sessionId: () => own.data!.sessionId,
        token: own.data!.token,
        allowed: new Set(['session:submit', 'session:update', 'session:claim', 'session:release', 'session:withdraw']),
      },
      { name: "giver with someone else's link", client: async () => giverPhone, sessionId: () => anyOther, token: own.data!.token, allowed: submitOnly },
      {
        name: 'giver with a replaced link',
        client: async () => giverPhone,
        sessionId: () => replaced.data!.sessionId,
        token: replaced.data!.token,
        allowed: submitOnly,
      },
      { name: 'facilitator with a changed key', client: staleKeyScreen, sessionId: () => anyOther, allowed: nothing },
    ];
    const wrong: string[] = [];
    for (const role of roles) wrong.push(...(await unauthorizedSuccesses(role)));

    // The other event's facilitator may change their own event, never this one.
    const before = await versionOf(server.slug);
    const otherBoard = await syncedBoard(otherBoss);
    let otherAccepted = 0;
    for (const name of ORDER) {
      const ack = await otherBoss.send(name, validPayload(name, await syncedBoard(boss), { sessionId: anyOther }));
      if (ack.ok) otherAccepted++;
      if ((await versionOf(server.slug)) !== before) wrong.push(`facilitator of another event: ${name} changed this event`);
    }
    expect(await syncedBoard(otherBoss)).not.toBe(otherBoard);

    expect(wrong).toEqual([]);
    // The links are real: their owner gets done what a giver may, so the refusals above mean something.
    expect(roles[1]!.done?.sort()).toEqual(['session:claim', 'session:release', 'session:submit', 'session:update', 'session:withdraw']);
    expect(roles[0]!.done).toEqual(['session:submit']);
    expect(await boss.send('board:ping', {})).toMatchObject({ ok: true });
    report('authorization matrix', [
      ['roles', roles.length + 1],
      ['commands', ORDER.length],
      ['role × command cases', (roles.length + 1) * ORDER.length],
      ["accepted for another event's facilitator (on their own event)", otherAccepted],
      ['unauthorized successes', wrong.length],
    ]);
  });

  it('the matrix notices a role that gets through (the check can fail)', async () => {
    const sessionId = (await syncedBoard(boss)).sessions[0]!.id;
    const wrong = await unauthorizedSuccesses({
      name: 'facilitator posing as attendee',
      client: async () => boss,
      sessionId: () => sessionId,
      allowed: new Set(),
    });
    expect(wrong.length).toBeGreaterThan(10);
    expect(wrong).toContain('facilitator posing as attendee: room:add succeeded');
  });
});
