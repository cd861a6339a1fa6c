// The socket server's own rules, in this process (the CLI and resilience suites see them through
// child processes, which a mutation run does not reach): a key changed in the file lets open
// facilitator screens go without their sending anything, each bad handshake's refusal, the
// per-network bound on open connections, who may lift a limit, and whom a new key lets go.
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/auth.ts';
import { createEvent } from '../../server/create-event.ts';
import { DEFAULT_LIMITS } from '../../server/rate-limit.ts';
import { connectClient, refusalOf, TEST_EVENT } from '../helpers/server.ts';
import { serverPerTest } from '../helpers/server-per-test.ts';

const servers = serverPerTest();

describe('facilitator screens and a key changed elsewhere', () => {
  it('lets every open facilitator screen of the event go within the check interval, and nobody else', async () => {
    const server = await servers.start({ keyCheckMs: 50 });
    const laptop = await servers.client(server.key);
    const phone = await servers.client();
    const revoked = new Promise<void>((resolve) => laptop.socket.once('facilitator:revoked', () => resolve()));
    const gone = new Promise<void>((resolve) => laptop.socket.once('disconnect', () => resolve()));
    // What `npm run event:key` does from another process: only the file changes.
    server.store.setFacilitatorKeyHash(server.store.findEvent(server.slug)!.id, hashSecret('a-new-key-from-the-cli'));
    await Promise.all([revoked, gone]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(phone.socket.connected).toBe(true);
    expect((await phone.send('board:ping', {})).ok).toBe(true);
  });

  it('lets a screen go within the check interval it was given, not the default of seconds', async () => {
    const server = await servers.start({ keyCheckMs: 50 });
    const laptop = await servers.client(server.key);
    const revoked = new Promise<boolean>((resolve) => {
      laptop.socket.once('facilitator:revoked', () => resolve(true));
      setTimeout(() => resolve(false), 1_000);
    });
    server.store.setFacilitatorKeyHash(server.store.findEvent(server.slug)!.id, hashSecret('another-new-key'));
    expect(await revoked).toBe(true);
  });

  it('refuses the next command of a screen whose key changed, before any check comes round', async () => {
    const server = await servers.start({ keyCheckMs: 60_000 });
    const laptop = await servers.client(server.key);
    const revoked = new Promise<void>((resolve) => laptop.socket.once('facilitator:revoked', () => resolve()));
    server.store.setFacilitatorKeyHash(server.store.findEvent(server.slug)!.id, hashSecret('a-new-key-from-the-cli'));
    expect(await laptop.send('room:add', { name: 'Zu spät' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'The facilitator key was changed: open the board with the new link.' },
    });
    await revoked;
    expect(server.store.loadBoard(server.store.findEvent(server.slug)!.id).board.rooms.map((r) => r.name)).not.toContain('Zu spät');
  });

  it('keeps a facilitator screen whose key is still the one in the file', async () => {
    const server = await servers.start({ keyCheckMs: 50 });
    const laptop = await servers.client(server.key);
    let revoked = false;
    laptop.socket.once('facilitator:revoked', () => (revoked = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([revoked, laptop.socket.connected]).toEqual([false, true]);
  });
});

describe('a new key made on a facilitator screen', () => {
  it("lets go of the event's other facilitator screens at once, not at the next check", async () => {
    const server = await servers.start({ keyCheckMs: 60_000 });
    const rotating = await servers.client(server.key);
    const other = await servers.client(server.key);
    const revoked = new Promise<boolean>((resolve) => {
      other.socket.once('facilitator:revoked', () => resolve(true));
      setTimeout(() => resolve(false), 2_000);
    });
    expect((await rotating.send('event:rotate-key', {})).ok).toBe(true);
    expect(await revoked).toBe(true);
    expect((await rotating.send('room:add', { name: 'Weiter' })).ok).toBe(true);
  });

  it("lets go of the event's other facilitator screens only: another event's facilitator on this server stays", async () => {
    const server = await servers.start();
    const rotating = await servers.client(server.key);
    const nextDoor = createEvent(server.store, { ...TEST_EVENT, slug: 'nebenan' });
    const otherEvent = await connectClient(server.url, { event: nextDoor.slug, key: nextDoor.key });
    let otherRevoked = false;
    otherEvent.socket.once('facilitator:revoked', () => (otherRevoked = true));
    expect((await rotating.send('event:rotate-key', {})).ok).toBe(true);
    expect(await otherEvent.send('room:add', { name: 'Nebenan geht es weiter' })).toMatchObject({ ok: true });
    expect([otherRevoked, otherEvent.socket.connected]).toEqual([false, true]);
    otherEvent.close();
  });
});

describe('handshakes that are refused', () => {
  const cases: Array<[string, (slug: string) => unknown, string, string]> = [
    ['no event', () => ({}), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['an empty event', () => ({ event: '' }), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['an event name of 65 characters', () => ({ event: 'e'.repeat(65) }), 'invalid', 'The handshake must name an event: auth { event: slug }.'],
    ['a key that is a number', (slug) => ({ event: slug, key: 42 }), 'invalid', 'The facilitator key must be a string.'],
    ['a key of 201 characters', (slug) => ({ event: slug, key: 'k'.repeat(201) }), 'invalid', 'The facilitator key must be a string.'],
    ['a negative version', (slug) => ({ event: slug, version: -1 }), 'invalid', 'The version must be a whole number from 0 up.'],
    ['a version with a fraction', (slug) => ({ event: slug, version: 1.5 }), 'invalid', 'The version must be a whole number from 0 up.'],
    ['a short device id', (slug) => ({ event: slug, device: 'short' }), 'invalid', 'The device id must be 16 to 64 letters, digits, "_" or "-".'],
    [
      'a device id that is a number',
      (slug) => ({ event: slug, device: 1234567890123456 }),
      'invalid',
      'The device id must be 16 to 64 letters, digits, "_" or "-".',
    ],
    ['a wrong key', (slug) => ({ event: slug, key: 'wrong' }), 'unauthorized', 'This facilitator link is not valid (any more). Ask for the current link.'],
  ];
  it.each(cases)('%s', async (_what, auth, code, message) => {
    const server = await servers.start();
    expect((await refusalOf(server.url, auth(server.slug))).data).toEqual({ code, message });
  });

  it('takes an event name of 64 characters, a key of 200 and a device id of 16 as far as checking them', async () => {
    const server = await servers.start();
    expect((await refusalOf(server.url, { event: 'e'.repeat(64) })).data?.code).toBe('not_found');
    expect((await refusalOf(server.url, { event: server.slug, key: 'k'.repeat(200) })).data?.code).toBe('unauthorized');
    const phone = await servers.client(undefined, 'd'.repeat(16));
    expect(phone.socket.connected).toBe(true);
  });
});

describe('open connections per network', () => {
  it('refuses a phone beyond the bound, counts a closed one out, and never counts the facilitator', async () => {
    const server = await servers.start({ limits: { ...DEFAULT_LIMITS, connectionsPerAddress: 2 } });
    const first = await servers.client();
    await servers.client();
    const refused = await refusalOf(server.url, { event: server.slug });
    expect(refused.data).toEqual({ code: 'rate_limited', message: 'Too many open connections from this network. Please try again in a minute.' });
    expect((await servers.client(server.key)).socket.connected).toBe(true);
    first.close();
    await expect.poll(async () => (await servers.client().catch(() => undefined))?.socket.connected).toBe(true);
    // One closed makes room for one, not for more; a facilitator screen that comes and goes frees none.
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
    const laptop = await servers.client(server.key);
    laptop.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
  });
});

describe('the address a phone counts under', () => {
  /** Whether a phone that says it comes through a proxy from `forwardedFor` is let in. */
  const connects = (url: string, slug: string, forwardedFor: string) =>
    new Promise<boolean>((resolve) => {
      const socket = io(url, {
        auth: { event: slug },
        extraHeaders: { 'x-forwarded-for': forwardedFor },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      opened.push(socket);
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
  const opened: Socket[] = [];
  afterEach(() => opened.splice(0).forEach((socket) => socket.close()));

  it('is the right-most X-Forwarded-For entry no trusted proxy stands for: what the client writes itself does not count', async () => {
    const limits = { ...DEFAULT_LIMITS, connectionsPerAddress: 1 };
    // One proxy in front (PITCHBOARD_TRUST_PROXY=1): it appended the address it saw, last.
    const oneHop = await servers.start({ limits, trustProxy: 1 });
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.1')).toBe(true);
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.2')).toBe(true);
    // Made-up addresses in front of the one the proxy wrote buy nothing.
    expect(await connects(oneHop.url, oneHop.slug, '10.0.0.9, 10.0.0.1')).toBe(false);
    expect(await connects(oneHop.url, oneHop.slug, ' 172.16.0.1 , 10.0.0.2')).toBe(false);
    opened.splice(0).forEach((socket) => socket.close());
    await oneHop.close();

    // The proxies by address: this connection's peer (127.0.0.1) is one, so the entry before it counts.
    const byAddress = await servers.start({ limits, trustProxy: ['127.0.0.1'] });
    expect(await connects(byAddress.url, byAddress.slug, '10.0.0.5, 127.0.0.1')).toBe(true);
    expect(await connects(byAddress.url, byAddress.slug, '10.0.0.6, 10.0.0.5, 127.0.0.1')).toBe(false);
    opened.splice(0).forEach((socket) => socket.close());
    await byAddress.close();

    // A peer that is not a trusted proxy is the client, whatever its header says; so without a proxy.
    for (const trustProxy of [['10.9.9.9'], undefined]) {
      const direct = await servers.start({ limits, trustProxy });
      expect(await connects(direct.url, direct.slug, '10.0.0.1')).toBe(true);
      expect(await connects(direct.url, direct.slug, '10.0.0.2')).toBe(false);
      opened.splice(0).forEach((socket) => socket.close());
      await direct.close();
    }
  });
});

describe("a phone's limits, each with its sentence", () => {
  it('refuses commands past its budget, and whole boards past theirs', async () => {
    const server = await servers.start({
      limits: { ...DEFAULT_LIMITS, commandsPerDevice: { burst: 3, perSecond: 0 }, syncsPerDevice: { burst: 1, perSecond: 0 } },
    });
    const device = 'one-phone-0123456789';
    const phone = await servers.client(undefined, device);
    expect((await phone.send('board:sync', {})).ok).toBe(true);
    expect(await phone.send('board:sync', {})).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'The whole board was sent just now. Please wait a few seconds.' },
    });
    // The same phone on a new connection (a refusal is heard once a second on each).
    const again = await servers.client(undefined, device);
    expect((await again.send('board:ping', {})).ok).toBe(true);
    expect(await again.send('board:ping', {})).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many requests from this device. Please wait a few seconds.' },
    });
    // The facilitator's screens are not held to a phone's budget.
    const laptop = await servers.client(server.key);
    for (let i = 0; i < 5; i++) expect((await laptop.send('board:sync', {})).ok).toBe(true);
  });
});

describe('budgets that made-up names do not dodge', () => {
  const limited = (message: string) => ({ ok: false, error: { code: 'rate_limited', message } });

  it('counts the commands of all devices of one address together: fresh device ids buy nothing more', async () => {
    const server = await servers.start({ limits: { ...DEFAULT_LIMITS, commandsPerAddress: { burst: 10, perSecond: 0 } } });
    const phones = await Promise.all(Array.from({ length: 12 }, (_, i) => servers.client(undefined, `made-up-device-${String(i).padStart(4, '0')}`)));
    const acks = [];
    for (const phone of phones) acks.push(await phone.send('board:ping', {}));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.at(-1)).toEqual(limited('Too many requests from this network right now. Please wait a few seconds.'));
    // A name nobody knows costs the same, and the facilitator is not held to the phones' budget.
    expect(await phones[0]!.send('no:such-command', {})).toEqual(limited('Too many requests from this network right now. Please wait a few seconds.'));
    expect((await (await servers.client(server.key)).send('board:ping', {})).ok).toBe(true);
  });

  it("counts a name nobody knows within the sender's own budget", async () => {
    await servers.start({ limits: { ...DEFAULT_LIMITS, commandsPerDevice: { burst: 2, perSecond: 0 } } });
    const phone = await servers.client();
    const acks = [];
    for (let i = 0; i < 3; i++) acks.push(await phone.send('no:such-command', {}));
    expect(acks.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(['invalid', 'invalid', 'rate_limited']);
  });

  it('gives each facilitator screen its own bucket within the event: one screen that floods leaves the others room', async () => {
    const server = await servers.start({
      limits: { ...DEFAULT_LIMITS, facilitatorCommandsPerScreen: { burst: 5, perSecond: 0 }, facilitatorCommandsPerEvent: { burst: 8, perSecond: 0 } },
    });
    const [flooding, other] = [await servers.client(server.key), await servers.client(server.key)];
    const floodAcks = [];
    for (let i = 0; i < 7; i++) floodAcks.push(await flooding.send('board:ping', {}));
    expect(floodAcks.map((ack) => ack.ok)).toEqual([true, true, true, true, true, false, false]);
    expect(floodAcks[5]).toEqual(limited('Too many changes at once from this screen. Please wait a moment.'));
    const otherAcks = [];
    for (let i = 0; i < 4; i++) otherAcks.push(await other.send('board:ping', {}));
    expect(otherAcks.map((ack) => ack.ok)).toEqual([true, true, true, false]);
    expect(otherAcks[3]).toEqual(limited('Too many changes at once on this board. Please wait a moment.'));
  });

  it('shares one budget per address between unknown events, wrong keys and event pages that answer 404', async () => {
    const server = await servers.start({ limits: { ...DEFAULT_LIMITS, failedLookupsPerAddress: { burst: 3, perSecond: 0 } } });
    expect((await refusalOf(server.url, { event: 'gibt-es-nicht' })).data?.code).toBe('not_found');
    expect((await refusalOf(server.url, { event: server.slug, key: 'falsch' })).data?.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/e/auch-nicht`)).status).toBe(404);
    // Spent: the address learns nothing more, not even whether an event exists.
    expect((await refusalOf(server.url, { event: server.slug })).data?.code).toBe('rate_limited');
    const page = await fetch(`${server.url}/e/${server.slug}`);
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('Bitte warte eine Minute.');
  });
});

describe('a network held back', () => {
  it('is told to the facilitator at once when it starts, then its count once a second, not once a refusal', async () => {
    const server = await servers.start({ limits: { ...DEFAULT_LIMITS, submitPerAddress: { burst: 1, perSecond: 0 } } });
    const laptop = await servers.client(server.key);
    const heard: Array<{ networks: Array<{ refused: number }> }> = [];
    laptop.socket.on('limits:held', (held: (typeof heard)[number]) => heard.push(held));
    const phones = await Promise.all([1, 2, 3, 4].map(() => servers.client()));
    const acks = [];
    for (const phone of phones) acks.push(await phone.send('session:submit', { title: 'Flut', host: 'X' }));
    expect(acks.map((ack) => ack.ok)).toEqual([true, false, false, false]);
    expect(acks[1]).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: 'Too many new sessions from this network right now. Please wait a minute.' },
    });
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]!.networks.map((n) => n.refused)).toEqual([1]);
    await expect.poll(() => heard.length, { timeout: 3_000 }).toBe(2);
    expect(heard[1]!.networks.map((n) => n.refused)).toEqual([3]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(heard).toHaveLength(2);
    // A phone that comes now is not told about holds; only a facilitator screen is.
    let phoneHeard = 0;
    const latePhone = io(server.url, { auth: { event: server.slug }, transports: ['websocket'], reconnection: false, forceNew: true });
    latePhone.on('limits:held', () => phoneHeard++);
    await new Promise<void>((resolve) => latePhone.once('board:snapshot', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    latePhone.close();
    expect(phoneHeard).toBe(0);
  });

  it('is not mentioned to a facilitator screen when no network is held back', async () => {
    const server = await servers.start();
    let told = 0;
    const laptop = io(server.url, { auth: { event: server.slug, key: server.key }, transports: ['websocket'], reconnection: false, forceNew: true });
    laptop.on('limits:held', () => told++);
    await new Promise<void>((resolve) => laptop.once('board:snapshot', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    laptop.close();
    expect(told).toBe(0);
  });
});

describe('what a client sends', () => {
  it('is carried out without an ack function, and a name nobody knows is answered even without a payload', async () => {
    const server = await servers.start();
    const laptop = await servers.client(server.key);
    laptop.socket.emit('room:add', { name: 'Ohne Antwort' });
    await expect.poll(() => server.store.loadBoard(server.store.findEvent(server.slug)!.id).board.rooms.map((r) => r.name)).toContain('Ohne Antwort');
    expect(await laptop.socket.timeout(2_000).emitWithAck('no:such-command')).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Unknown command "no:such-command".' },
    });
  });
});

describe('lifting a limit', () => {
  it('is for the facilitator, who names a network', async () => {
    const server = await servers.start();
    const phone = await servers.client();
    expect(await phone.send('limits:lift', { network: 'x' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Only the facilitator may ask this.' },
    });
    const laptop = await servers.client(server.key);
    for (const [payload, message] of [
      [{}, 'Invalid network: Expected required property.'],
      [{ network: 7 }, 'Invalid network: Expected string.'],
      [{ network: 'n'.repeat(65) }, 'Invalid network: Expected string length less or equal to 64.'],
      [null, 'The payload must be an object.'],
    ] as const) {
      expect(await laptop.send('limits:lift', payload)).toEqual({ ok: false, error: { code: 'invalid', message } });
    }
    expect(await laptop.send('limits:lift', { network: 'n'.repeat(64) })).toMatchObject({ ok: true, data: { networks: [] } });
  });
});
