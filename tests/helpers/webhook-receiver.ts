// A webhook's receiver, for tests: an http server on this machine that keeps every post it gets
// (its headers, its body as sent) and answers as the test says: a status, or holding the answer
// back until the test lets it go.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  headers: http.IncomingHttpHeaders;
  /** The body as it came, byte for byte (the signature is over these). */
  raw: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedPost[];
  /** How the next posts are answered: a status, or 'hold' (no answer until `release`). */
  answer: (post: ReceivedPost, index: number) => number | 'hold';
  /** Answers every post held back so far with 200. */
  release(): void;
  /** Resolves once `count` posts have come. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedPost[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const held: http.ServerResponse[] = [];
  const waiters: Array<() => void> = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    release() {
      for (const response of held.splice(0)) response.writeHead(200).end();
    },
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline) throw new Error(`The receiver got ${receiver.received.length} posts, not ${count}.`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 50);
        });
      }
      return receiver.received.slice(0, count);
    },
    async close() {
      receiver.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const post: ReceivedPost = { headers: request.headers, raw, body: JSON.parse(raw) as Record<string, unknown> };
      const index = receiver.received.push(post) - 1;
      waiters.splice(0).forEach((wake) => wake());
      const answer = receiver.answer(post, index);
      if (answer === 'hold') held.push(response);
      else response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
