// Answers any site may read: the board, the calendar feeds, the spreadsheets and the schedules are
// public and read-only, and a camp's website or a schedule app in a browser fetches them from an
// origin of its own. No cookie ever says who asks, so `*` lends no one's rights to another site.
// Nothing that needs a key or a token has these headers: the export (the facilitator key), a
// phone's own feed (its id is its key), and nothing that writes.
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_READ_HEADERS = {
  'access-control-allow-origin': '*',
  // A script elsewhere may read the tag (to ask again with If-None-Match) and the server's clock.
  'access-control-expose-headers': 'ETag, X-Server-Time',
  // Helmet's same-origin default would keep the answer from another site's page in no-cors mode.
  'cross-origin-resource-policy': 'cross-origin',
} as const;

/** A route's onSend hook for a public read-only answer: every answer of it, a refusal too, may be read by any site. */
export async function readableByAnySite(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  reply.headers(PUBLIC_READ_HEADERS);
  return payload;
}
