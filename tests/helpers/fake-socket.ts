// A stand-in for the client's Socket.IO socket, for unit tests of the client's store: the test
// plays the server (what it pushes, how it answers each ask) and reads what the store sent.
import type { BoardSocket } from '../../client/lib/socket.ts';
import type { HandshakeAuth } from '../../shared/protocol.ts';

type Listener = (...args: unknown[]) => void;

const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect']);
/** What an answer returns for an ask the server leaves unanswered this time (it times out). */
export const NO_ANSWER = Symbol('no answer');
type Answer = (payload: unknown) => unknown | Promise<unknown>;

export class FakeSocket {
  connected = false;
  auth: HandshakeAuth;
  /** Everything the store sent, in order (name and payload). */
  readonly sent: Array<{ name: string; payload: unknown }> = [];
  readonly #listeners = new Map<string, Listener[]>();
  readonly #anyListeners: Listener[] = [];
  /** The Manager's side that the store touches: closing the engine drops the line, as in Socket.IO. */
  readonly io = {
    engine: {
      close: () => {
        this.engineCloses++;
        if (this.connected) this.drop('forced close');
      },
    },
  };
  /** How often the store closed the engine (to make Socket.IO reconnect). */
  engineCloses = 0;
  readonly #answers = new Map<string, Answer>();

  constructor(auth: HandshakeAuth) {
    this.auth = auth;
  }

  /** How the server answers `name` from now on (none, or NO_ANSWER returned: the ask times out). */
  answer(name: string, answer: Answer): void {
    this.#answers.set(name, answer);
  }

  /** The server sends an event to this socket. */
  push(name: string, ...args: unknown[]): void {
    // As in Socket.IO, catch-all listeners hear the server's events, not the socket's own (connect, disconnect).
    if (!RESERVED_EVENTS.has(name)) for (const listener of [...this.#anyListeners]) listener(name, ...args);
    for (const listener of [...(this.#listeners.get(name) ?? [])]) listener(...args);
  }

  /** The connection comes up (as Socket.IO says it after the handshake). */
  open(): void {
    this.connected = true;
    this.push('connect');
  }

  drop(reason = 'transport close'): void {
    this.connected = false;
    this.push('disconnect', reason);
  }

  sentNames(): string[] {
    return this.sent.map((message) => message.name);
  }

  on(name: string, listener: Listener): this {
    this.#listeners.set(name, [...(this.#listeners.get(name) ?? []), listener]);
    return this;
  }

  onAny(listener: Listener): this {
    this.#anyListeners.push(listener);
    return this;
  }

  once(name: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.#listeners.set(
        name,
        (this.#listeners.get(name) ?? []).filter((l) => l !== wrapped),
      );
      listener(...args);
    };
    return this.on(name, wrapped);
  }

  connect(): this {
    return this;
  }

  disconnect(): this {
    this.connected = false;
    return this;
  }

  timeout(_ms: number) {
    // An answer may come at once or later (a promise: the real writer answers once it committed).
    const ask = async (name: string, payload: unknown): Promise<{ answered: boolean; answer?: unknown }> => {
      this.sent.push({ name, payload });
      const answer = this.#answers.get(name);
      const response = answer ? await answer(payload) : NO_ANSWER;
      return response === NO_ANSWER ? { answered: false } : { answered: true, answer: response };
    };
    return {
      emit: (name: string, payload: unknown, callback: (error: Error | null, response?: unknown) => void) => {
        void ask(name, payload).then(({ answered, answer }) => (answered ? callback(null, answer) : callback(new Error('operation has timed out'))));
      },
      emitWithAck: async (name: string, payload: unknown) => {
        const { answered, answer } = await ask(name, payload);
        if (!answered) throw new Error('operation has timed out');
        return answer;
      },
    };
  }
}

/** A `connect` for the store's options that hands out one fake socket and keeps it for the test. */
export function fakeConnect(): { connect: (auth: () => HandshakeAuth) => BoardSocket; socket: () => FakeSocket } {
  let socket: FakeSocket | undefined;
  return {
    connect: (auth) => {
      socket = new FakeSocket(auth());
      return socket as unknown as BoardSocket;
    },
    socket: () => socket!,
  };
}
