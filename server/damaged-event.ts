// An event whose stored data is damaged (a row's JSON does not parse, see DamagedDataError) is
// said so on every way in — its pages, its feeds, its API — in one sentence, in the language of
// the page, with 503: never a stack trace or raw JSON, and nothing of what the row holds.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVER_TEXTS as TEXTS, type Language } from '../shared/language.ts';
import { languageOf } from './attendee-page.ts';
import { sendError } from './http-error.ts';

/** The English words for logs and programs (JSON answers, a refused socket). */
export const DAMAGED_EVENT_MESSAGE = TEXTS.en['damaged.text'];

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A page of its own, without scripts: the app could show nothing more. */
export function damagedEventPage(language: Language): string {
  const texts = TEXTS[language];
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(texts['damaged.title'])}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><main data-damaged-event><h1>${escapeHtml(texts['damaged.title'])}</h1><p>${escapeHtml(texts['damaged.text'])}</p><p><a href="/">${escapeHtml(texts['notFound.home'])}</a></p></main></body>
</html>
`;
}

/** Files a program reads as they are (calendars, spreadsheets): the sentence as plain text. */
const FEED = /\.(?:ics|csv|xml|xlsx)(?:[?#]|$)/;

/**
 * Answers a request for a damaged event with 503 (a load balancer and a calendar app try again
 * later): a page for people, the sentence as text for a feed, the error shape for the JSON API.
 */
export function sendDamagedEvent(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const language = languageOf(request.headers['accept-language']);
  reply.header('cache-control', 'no-store').header('retry-after', '60');
  if (!request.url.startsWith('/api/')) return reply.code(503).type('text/html; charset=utf-8').send(damagedEventPage(language));
  if (FEED.test(request.url)) return reply.code(503).type('text/plain; charset=utf-8').send(`${TEXTS[language]['damaged.text']}\n`);
  return sendError(reply, 503, 'internal', 'damaged', DAMAGED_EVENT_MESSAGE);
}
