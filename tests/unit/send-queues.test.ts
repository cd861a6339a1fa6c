import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SendQueues, type WatchedConnection } from '../../server/send-queues.ts';

/** An Engine.IO connection as the server sees it: packets created, buffers handed over, closed. */
class FakeConnection extends EventEmitter implements WatchedConnection {
  closedWith: boolean | undefined;
  send(data: unknown) {
    this.emit('packetCreate', { type: 'message', data });
  }
  drain() {
    this.emit('drain');
  }
  close(discard?: boolean) {
    this.closedWith = discard;
    this.emit('close');
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const limits = { perConnection: 1000, perAddress: 2500 };

describe('SendQueues', () => {
  it('counts what a connection was given since the buffer was last handed over, in UTF-8 bytes', () => {
    const queues = new SendQueues(limits);
    const connection = new FakeConnection();
    const unsent = queues.watch(connection, '10.0.0.1');
    connection.send('abc');
    connection.send('ä');
    connection.send(Buffer.alloc(10));
    connection.send(undefined);
    expect(unsent()).toBe(3 + 2 + 10);
    expect(queues.unsentOf('10.0.0.1')).toBe(15);
    connection.drain();
    expect(unsent()).toBe(0);
    expect(queues.unsentOf('10.0.0.1')).toBe(0);
  });

  it('lets go, at once and discarding what is unsent, of a connection still over its bound once the turn is over', async () => {
    const dropped: Array<[string, number]> = [];
    const queues = new SendQueues(limits, (address, unsent) => dropped.push([address, unsent]));
    const connection = new FakeConnection();
    queues.watch(connection, '10.0.0.1');
    connection.send('x'.repeat(1000));
    await turn();
    expect(connection.closedWith).toBeUndefined();
    connection.send('x');
    expect(connection.closedWith).toBeUndefined();
    await turn();
    expect(connection.closedWith).toBe(true);
    expect(dropped).toEqual([['10.0.0.1', 1001]]);
    expect(queues.unsentOf('10.0.0.1')).toBe(0);
  });

  it('keeps a connection that took a burst of changes made at once, once the network took it', async () => {
    const queues = new SendQueues(limits);
    const connection = new FakeConnection();
    queues.watch(connection, '10.0.0.1');
    for (let i = 0; i < 10; i++) connection.send('x'.repeat(500));
    connection.drain();
    await turn();
    expect(connection.closedWith).toBeUndefined();
  });

  it('bounds all connections of one address together, and only that address', async () => {
    const queues = new SendQueues(limits);
    const [first, second, third, elsewhere] = [new FakeConnection(), new FakeConnection(), new FakeConnection(), new FakeConnection()];
    queues.watch(first, 'nat');
    queues.watch(second, 'nat');
    queues.watch(third, 'nat');
    queues.watch(elsewhere, 'other');
    for (const connection of [first, second, elsewhere]) connection.send('x'.repeat(900));
    await turn();
    expect([first, second, elsewhere].map((c) => c.closedWith)).toEqual([undefined, undefined, undefined]);
    third.send('x'.repeat(900));
    await turn();
    expect(third.closedWith).toBe(true);
    expect([first.closedWith, second.closedWith, elsewhere.closedWith]).toEqual([undefined, undefined, undefined]);
    expect(queues.unsentOf('nat')).toBe(1800);
  });

  it('forgets a connection that closed, and counts nothing after it was let go', () => {
    const queues = new SendQueues(limits);
    const connection = new FakeConnection();
    const unsent = queues.watch(connection, 'nat');
    connection.send('x'.repeat(100));
    connection.close();
    expect(queues.unsentOf('nat')).toBe(0);
    connection.send('x'.repeat(100));
    expect(queues.unsentOf('nat')).toBe(0);
    expect(unsent()).toBe(0);
  });
});
