// The socket's messages both ways, made from the registries: a command or query added there is a
// message here, with its payload's and answer's types.
import type { CommandData, CommandName, CommandPayload } from './commands.ts';
import type { Ack, BoardVersion, EventsBroadcast, HeldNetwork, Snapshot, WebhookInfo } from './protocol.ts';
import type { QueryData, QueryName, QueryPayload } from './queries.ts';

export interface ServerToClientEvents {
  'board:snapshot': (snapshot: Snapshot) => void;
  /** A big board's version, on connect or after a big change, instead of the board (see BoardVersion). */
  'board:version': (current: BoardVersion) => void;
  /** Sent to facilitator screens just before they are disconnected because the key changed. */
  'facilitator:revoked': () => void;
  'board:events': (broadcast: EventsBroadcast) => void;
  /**
   * Phones' "Interested" counts that changed (at most every 250 ms per event), and all of them
   * after a reconnect caught up by events. Not a board change: no version.
   */
  'session:taps': (update: { taps: Record<string, number> }) => void;
  /** Facilitator screens only: the networks whose new sessions are held back now (on connect and on change). */
  'limits:held': (held: { networks: HeldNetwork[] }) => void;
  /**
   * Facilitator screens only: the event's webhooks, when one was added or removed, fails or works
   * again (and on connect, while one fails). Beside the board: no version.
   */
  'webhook:status': (status: { webhooks: WebhookInfo[] }) => void;
  /** To every screen every ALIVE_EVERY_MS, without a payload: the server and the line to it are there. */
  'board:alive': () => void;
}

export type ClientToServerEvents = {
  [N in CommandName]: (payload: CommandPayload<N>, ack: (response: Ack<CommandData[N]>) => void) => void;
} & {
  [N in QueryName]: (payload: QueryPayload<N>, ack: (response: Ack<QueryData[N]>) => void) => void;
};
