import { describe, expect, it } from 'vitest';
import { CONNECTIONS_TOLD_EVERY_MS, OpenConnections, TOLD_FROM } from '../../server/realtime/open-connections.ts';

function counted(bound: number) {
  // A clock at a time of day, as Date.now is: a sum in place of a difference shows.
  let now = 1_764_000_000_000;
  const connections = new OpenConnections(bound, () => now);
  return { connections, wait: (ms: number) => (now += ms) };
}

const openMany = (connections: OpenConnections, address: string, count: number) =>
  Array.from({ length: count }, () => connections.open(address)).filter(Boolean).length;

describe('open connections on one process', () => {
  it('lets a network open up to its bound, and one more once one closed', () => {
    const { connections } = counted(3);
    expect(openMany(connections, 'venue', 5)).toBe(3);
    expect(connections.open('elsewhere')).toBe(true);
    connections.close('venue');
    expect(connections.open('venue')).toBe(true);
    expect(connections.open('venue')).toBe(false);
  });

  it('frees every place once all closed, and a close too many does not make room beyond the bound', () => {
    const { connections } = counted(2);
    openMany(connections, 'venue', 2);
    for (let i = 0; i < 3; i++) connections.close('venue');
    expect(openMany(connections, 'venue', 3)).toBe(2);
  });
});

describe('what a process tells the others', () => {
  it('names only networks with at least TOLD_FROM connections, with their counts', () => {
    const { connections } = counted(10_000);
    openMany(connections, 'venue', TOLD_FROM);
    openMany(connections, 'phone on mobile data', TOLD_FROM - 1);
    expect(connections.told()).toEqual({ venue: TOLD_FROM });
    connections.close('venue');
    expect(connections.told()).toEqual({});
  });
});

describe('counts heard from other processes', () => {
  it('count against the bound, added up over the processes', () => {
    const { connections } = counted(100);
    connections.heard('a', { venue: 40 });
    connections.heard('b', { venue: 50, other: 99 });
    expect(openMany(connections, 'venue', 20)).toBe(10);
    expect(openMany(connections, 'third', 5)).toBe(5);
  });

  it('replace what the same process told before: a network it no longer names counts nothing there', () => {
    const { connections } = counted(100);
    connections.heard('a', { venue: 90 });
    connections.heard('a', { elsewhere: 30 });
    expect(openMany(connections, 'venue', 100)).toBe(100);
  });

  it('no longer hold once the process has not told anything for three tellings (killed)', () => {
    const { connections, wait } = counted(100);
    connections.heard('killed', { venue: 100 });
    expect(connections.open('venue')).toBe(false);
    wait(3 * CONNECTIONS_TOLD_EVERY_MS);
    expect(connections.open('venue')).toBe(false);
    wait(1);
    expect(connections.open('venue')).toBe(true);
  });

  it('ignore counts that are not whole numbers above zero', () => {
    const { connections } = counted(10);
    connections.heard('odd', { venue: Number.NaN, a: -5, b: 2.5, c: Number.POSITIVE_INFINITY, d: 4 } as Record<string, number>);
    expect(openMany(connections, 'venue', 20)).toBe(10);
    expect(openMany(connections, 'a', 20)).toBe(10);
    expect(openMany(connections, 'b', 20)).toBe(10);
    expect(openMany(connections, 'c', 20)).toBe(10);
    expect(openMany(connections, 'd', 20)).toBe(6);
  });
});
