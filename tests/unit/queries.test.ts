import { describe, expect, it } from 'vitest';
import { mayAsk, notYoursToAsk } from '../../server/queries.ts';
import type { SocketData } from '../../server/realtime/handshake.ts';
import { QUERIES, QUERY_NAMES } from '../../shared/queries.ts';

const screen = (fields: Partial<SocketData>): SocketData => ({
  unsent: () => 0,
  eventId: 1,
  slug: 'camp',
  isFacilitator: false,
  address: '10.0.0.1',
  device: '10.0.0.1|*',
  ...fields,
});
const facilitator = screen({ isFacilitator: true, deviceHash: 'h' });
const phone = screen({ deviceHash: 'h', tapDevice: 'h' });
const browserWithoutDevice = screen({});

describe('who may ask a query', () => {
  it('lets the facilitator ask the facilitator’s questions, and nobody else', () => {
    expect([facilitator, phone, browserWithoutDevice].map((asker) => mayAsk('facilitator', asker))).toEqual([true, false, false]);
  });

  it('lets only a phone that named its device tap; the facilitator counts hands', () => {
    expect([facilitator, phone, browserWithoutDevice].map((asker) => mayAsk('phone', asker))).toEqual([false, true, false]);
  });

  it('lets anyone ask the rest', () => {
    expect([facilitator, phone, browserWithoutDevice].map((asker) => mayAsk('anyone', asker))).toEqual([true, true, true]);
  });

  it('says who may ask, in words', () => {
    expect(notYoursToAsk('phone')).toEqual({
      ok: false,
      error: { code: 'forbidden', reason: 'phones_only', message: 'Only a phone with a device id taps "Interested"; the facilitator counts hands.' },
    });
    expect(notYoursToAsk('facilitator')).toEqual({
      ok: false,
      error: { code: 'forbidden', reason: 'facilitator_only', message: 'Only the facilitator may ask this.' },
    });
  });

  it('keeps the history, lifting a hold and the webhooks to the facilitator, and taps to phones', () => {
    const open = Object.fromEntries(QUERY_NAMES.map((name) => [name, QUERIES[name].who]));
    expect(open).toEqual({
      'board:sync': 'anyone',
      'board:history': 'facilitator',
      'board:ping': 'anyone',
      'board:warnings': 'anyone',
      'session:suggest': 'anyone',
      'session:interested': 'phone',
      'limits:lift': 'facilitator',
      'webhook:add': 'facilitator',
      'webhook:remove': 'facilitator',
      'webhook:test': 'facilitator',
      'webhook:list': 'facilitator',
    });
  });
});
