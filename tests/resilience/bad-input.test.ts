// Resilience: a table of bad input for every socket command and every HTTP route. Each bad
// request gets a clear 4xx / `invalid`-class answer, never a 5xx or `internal`, the server keeps
// running and the board stays exactly as it was.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { COMMAND_NAMES, COMMANDS } from '../../shared/commands.ts';
import { badPayloads, validPayload } from '../helpers/command-payloads.ts';
import { connectClient, startTestServer, syncedBoard, type TestClient, type TestServer } from '../helpers/server.ts';
import { report } from './report.ts';
import { FACILITATOR_BUDGETS, lifted, PHONE_BUDGETS } from '../helpers/rate-limits.ts';
import { sleep } from '../helpers/time.ts';

let server: TestServer;
let boss: TestClient;
let phone: TestClient;
beforeAll(async () => {
  // The table is far faster than any person: the per-phone limits would answer before the checks.
  server = await startTestServer({ limits: lifted(...PHONE_BUDGETS, ...FACILITATOR_BUDGETS) });
  boss = await connectClient(server.url, { event: server.slug, key: server.key });
  phone = await connectClient(server.url, { event: server.slug });
});
afterAll(async () => {
  boss?.close();
  phone?.close();
  await server?.close();
});

const version = async () => (await server.store.findEvent(server.slug))!.version;

/** What is wrong with the server's answer to a bad payload, or undefined when it is right. */
async function judge(client: TestClient, name: string, payload: unknown, structural: boolean): Promise<string | undefined> {
  const before = await version();
  const ack = await client.send(name, payload);
  if (ack.ok) return (await version()) === before ? 'accepted it' : 'accepted it and changed the board';
  if (ack.error.code === 'internal') return `answered internal: ${ack.error.message}`;
  if (structural && ack.error.code !== 'invalid') return `answered ${ack.error.code} instead of invalid`;
  if (!ack.error.message || ack.error.message.length < 6) return 'answered without a message';
  if ((await version()) !== before) return 'changed the board although it refused';
  return undefined;
}

describe('bad input on the socket', () => {
  it('every command, every field wrong in turn, from the facilitator and from a phone: refused, nothing changed', async () => {
    const start = await syncedBoard(boss);
    const sessionId = start.sessions[0]!.id;
    const problems: string[] = [];
    let cases = 0;
    for (const client of [boss, phone]) {
      for (const name of COMMAND_NAMES) {
        for (const bad of badPayloads(name, validPayload(name, start, { sessionId }))) {
          cases++;
          const problem = await judge(client, name, bad.payload, bad.structural);
          if (problem) problems.push(`${client === boss ? 'facilitator' : 'phone'} ${name} with ${bad.what}: ${problem}`);
        }
      }
      for (const [name, payload] of [
        ['board:sync', { commandId: 5 }],
        ['board:sync', { extra: true }],
        ['board:history', { before: -1 }],
        ['board:history', { before: 'gestern' }],
        ['board:history', { limit: 1e9 }],
        ['board:ping', null],
        ['board:teleport', {}],
      ] as const) {
        cases++;
        const ack = await client.send(name, payload);
        if (ack.ok || ack.error.code === 'internal') problems.push(`${name} ${JSON.stringify(payload)}: ${JSON.stringify(ack)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await syncedBoard(boss)).toEqual(start);
    expect(await phone.send('board:ping', {})).toMatchObject({ ok: true, version: 0 });
    report('bad input on the socket', [
      ['commands', COMMAND_NAMES.length + 3],
      ['bad payloads sent (facilitator and phone)', cases],
      ['answered invalid-class, board unchanged', cases - problems.length],
      ['5xx / internal / crashes', 0],
    ]);
  });

  it('starts every command from a payload the schema takes, so each bad variant differs in one thing only', async () => {
    const board = await syncedBoard(boss);
    const invalid = COMMAND_NAMES.filter((name) => !Value.Check(COMMANDS[name].schema, validPayload(name, board, { sessionId: board.sessions[0]!.id })));
    expect(invalid).toEqual([]);
  });

  it('the judge catches a server that takes what it should refuse (the check can fail)', async () => {
    const board = await syncedBoard(boss);
    const accepted = await judge(boss, 'room:add', validPayload('room:add', board, { sessionId: board.sessions[0]!.id }), true);
    expect(accepted).toBe('accepted it and changed the board');
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true });
    const wrongCode = await judge(boss, 'session:unplace', { sessionId: 'no-such-session' }, true);
    expect(wrongCode).toBe('answered not_found instead of invalid');
  });

  it('survives packets that are not Socket.IO at all and keeps serving the others', async () => {
    const port = new URL(server.url).port;
    const garbage = [
      '42["session:place",{"sessionId":',
      '4',
      '42[',
      '42{}',
      '451-["x",{"_placeholder":true,"num":9}]',
      '\u0000\u0001\u0002',
      '9'.repeat(10_000),
      '42["__proto__",{}]',
    ];
    for (const frame of garbage) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      await new Promise<void>((resolve) => {
        ws.once('message', () => {
          ws.send(`40${JSON.stringify({ event: server.slug })}`);
          // Once the namespace answered the connect ("40…", or "44…" refused), the garbage.
          const connected = (data: WebSocket.RawData) => {
            if (!/^4[04]/.test(data.toString())) return;
            ws.off('message', connected);
            ws.send(frame);
            // A moment for the server to meet it (nothing marks that it did), then the next.
            void sleep(50).then(() => {
              ws.terminate();
              resolve();
            });
          };
          ws.on('message', connected);
        });
        ws.once('error', () => resolve());
      });
    }
    expect(await boss.send('board:ping', {})).toMatchObject({ ok: true });
    expect(await phone.send('board:ping', {})).toMatchObject({ ok: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

interface HttpCase {
  what: string;
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
}

const json = { 'content-type': 'application/json' };
const goodCreate = { title: 'Tabellencamp', dates: ['2027-03-01'], rooms: 'Raum A:20', slots: '10:00-10:45' };

/** Bodies that must never create anything, for both routes that create an event. */
function badBodies(route: string, valid: Record<string, unknown>): HttpCase[] {
  const post = (what: string, payload: string | Buffer, headers: Record<string, string> = json): HttpCase => ({
    what,
    method: 'POST',
    url: route,
    headers,
    payload,
  });
  const withField = (field: string, value: unknown) => JSON.stringify({ ...valid, [field]: value });
  const cases = [
    post('malformed JSON', '{"title": "x",'),
    post('an empty JSON body', ''),
    post('JSON null', 'null'),
    post('a JSON array', '[]'),
    post('a NaN literal', '{"title": NaN}'),
    post('form-urlencoded', 'title=x&dates=2027-03-01', { 'content-type': 'application/x-www-form-urlencoded' }),
    post('multipart', '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b' }),
    post('no content type', JSON.stringify(valid), {}),
    post('text/plain', JSON.stringify(valid), { 'content-type': 'text/plain' }),
    post('300 KB', JSON.stringify({ ...valid, title: 'x'.repeat(300_000) })),
    post('a __proto__ key', `{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`),
    post('constructor.prototype', JSON.stringify({ ...valid, constructor: { prototype: { polluted: true } } })),
    post('an unknown field', withField('admin', true)),
    post('NUL bytes in the title', withField('title', 'Camp\u0000')),
    post('a lone surrogate in the title', withField('title', 'Camp\uD800')),
    post('a title of zero-width spaces', withField('title', '\u200B\u200B')),
    post('a number as title', withField('title', 42)),
    post('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    post('a deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`),
  ];
  return cases;
}

const httpCases = (slug: string): HttpCase[] => [
  ...badBodies('/api/events', goodCreate),
  {
    what: 'capacity 1e20 in the rooms',
    method: 'POST',
    url: '/api/events',
    headers: json,
    payload: JSON.stringify({ ...goodCreate, rooms: 'A:100000000000000000000' }),
  },
  { what: 'a room of control characters', method: 'POST', url: '/api/events', headers: json, payload: JSON.stringify({ ...goodCreate, rooms: 'A\u0001B:20' }) },
  {
    what: 'the same date twice',
    method: 'POST',
    url: '/api/events',
    headers: json,
    payload: JSON.stringify({ ...goodCreate, dates: ['2027-03-01', '2027-03-01'] }),
  },
  { what: '2027-02-31', method: 'POST', url: '/api/events', headers: json, payload: JSON.stringify({ ...goodCreate, dates: ['2027-02-31'] }) },
  ...badBodies('/api/events/import', { data: { format: 'pitchboard', version: 1 } }),
  { what: 'an import that is not an export', method: 'POST', url: '/api/events/import', headers: json, payload: JSON.stringify({ data: { hello: 'world' } }) },
  { what: 'an unknown event', method: 'GET', url: '/api/events/no-such-camp/board' },
  { what: 'a slug of 5,000 characters', method: 'GET', url: `/api/events/${'a'.repeat(5000)}/board` },
  { what: 'a NUL in the slug', method: 'GET', url: '/api/events/%00/board' },
  { what: 'a broken percent escape', method: 'GET', url: '/api/events/%E0%A4%A/board' },
  { what: 'a path escape', method: 'GET', url: '/api/events/..%2F..%2Fetc%2Fpasswd/board' },
  { what: 'the export without a key', method: 'GET', url: `/api/events/${slug}/export.json` },
  { what: 'the export with a stranger key', method: 'GET', url: `/api/events/${slug}/export.json`, headers: { authorization: 'Bearer not-the-key' } },
  { what: 'the export with a 100 KB key', method: 'GET', url: `/api/events/${slug}/export.json`, headers: { authorization: `Bearer ${'k'.repeat(100_000)}` } },
  { what: 'the export of an unknown event', method: 'GET', url: '/api/events/no-such-camp/export.json' },
  { what: 'an unknown API path', method: 'GET', url: '/api/nothing-here' },
  { what: 'DELETE on an event', method: 'DELETE', url: `/api/events/${slug}/board` },
  { what: 'PUT on the events', method: 'PUT', url: '/api/events', headers: json, payload: JSON.stringify(goodCreate) },
  { what: 'POST on healthz', method: 'POST', url: '/healthz', headers: json, payload: '{}' },
  { what: 'a page of an unknown event', method: 'GET', url: '/e/no-such-camp/board' },
  { what: 'a page with a broken escape', method: 'GET', url: '/e/%E0%A4%A' },
];

/** Sends a bad request; says what is wrong with the answer (not a 4xx, no JSON error from the API). */
async function judgeHttp(testCase: HttpCase, remoteAddress: string): Promise<{ status: number; problem?: string }> {
  const answer = await server.app.inject({ ...testCase, remoteAddress });
  const status = answer.statusCode;
  if (status < 400 || status >= 500) return { status, problem: `answered ${status}` };
  if (!testCase.url.startsWith('/api/')) return { status };
  const body = answer.json() as { error?: { code?: string; message?: string } };
  return { status, problem: body.error?.code && body.error.message ? undefined : 'no JSON error body' };
}

describe('bad input over HTTP', () => {
  it('every route: 4xx with a JSON error for the API, never a 5xx, and nothing created', async () => {
    const eventsBefore = await server.store.countEvents();
    const versionBefore = await version();
    const problems: string[] = [];
    const cases = httpCases(server.slug);
    const statuses = new Map<number, number>();
    for (const [index, testCase] of cases.entries()) {
      // Each from its own address: the per-address limit on creating events would answer first.
      const { status, problem } = await judgeHttp(testCase, `10.9.${Math.floor(index / 250)}.${index % 250}`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (problem) problems.push(`${testCase.method} ${testCase.url.slice(0, 60)} (${testCase.what}): ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(await server.store.countEvents()).toBe(eventsBefore);
    expect(await version()).toBe(versionBefore);
    expect(await boss.send('board:ping', {})).toMatchObject({ ok: true });
    report('bad input over HTTP', [
      ['requests', cases.length],
      ...[...statuses].sort(([a], [b]) => a - b).map(([status, count]): [string, number] => [`answered ${status}`, count]),
      ['5xx', 0],
    ]);
  });

  it('the table notices a request that goes through (the check can fail)', async () => {
    const good: HttpCase = { what: 'a good event', method: 'POST', url: '/api/events', headers: json, payload: JSON.stringify(goodCreate) };
    expect(await judgeHttp(good, '10.8.0.1')).toEqual({ status: 201, problem: 'answered 201' });
  });
});
