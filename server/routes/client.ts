// The built Svelte client: hashed assets cached for long, every page path answered with
// index.html (the client routes; HEAD like GET), unknown /api paths with JSON 404s. Files go out
// compressed as the build made them (brotli or gzip, by Accept-Encoding).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Store } from '../../db/store.ts';
import { loadAttendeePage } from '../attendee-page.ts';
import type { CommandWriter } from '../writer.ts';
import { sendError } from '../http-error.ts';
import type { Budget } from '../rate-limit.ts';

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Pitchboard</title>
<p>The client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first).</p>`;

/** For an address that named too many events that do not exist: in both languages, as the page's is not known. */
const TOO_MANY_GUESSES = `<!doctype html><meta charset="utf-8"><title>Pitchboard</title>
<p lang="de">Von diesem Netz kamen zu viele Links, die nicht funktionieren. Bitte warte eine Minute.</p>
<p lang="en">Too many links that do not work came from this network. Please wait a minute.</p>`;

const EVENT_PAGE = /^\/e\/([^/?#]+)/;
/** The plan other sites may frame. */
const EMBED_PAGE = /^\/e\/[^/?#]+\/embed\/?(?:[?#]|$)/;
/** The attendee page: the event's address itself. */
const ATTENDEE_PAGE = /^\/e\/([^/?#]+)\/?(?:[?#]|$)/;

export async function registerClientRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; clientDir: string | undefined; failedLookups: Budget },
): Promise<void> {
  const { store, writer, clientDir, failedLookups } = deps;
  const attendeePage = clientDir ? await loadAttendeePage(clientDir) : undefined;
  if (clientDir) {
    await app.register(fastifyStatic, {
      root: clientDir,
      wildcard: false,
      index: false,
      // The build leaves .br and .gz copies beside each file: sent by the browser's Accept-Encoding.
      preCompressed: true,
      setHeaders(res, filePath) {
        const hashed = filePath.includes('/assets/');
        res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  /** Every page is the client's shell; the attendee page comes with its plan rendered in. */
  const servePage = async (request: FastifyRequest, reply: FastifyReply) => {
    // An unknown event still gets the page (it explains itself), but with a 404 status.
    const slug = EVENT_PAGE.exec(request.url)?.[1];
    // An address that keeps naming events that do not exist is guessing (as the socket's handshake).
    if (slug !== undefined && !(await failedLookups.has(request.ip))) return reply.code(429).type('text/html; charset=utf-8').send(TOO_MANY_GUESSES);
    // The router has refused an address with a broken %-escape already (frameworkErrors in app.ts).
    const event = slug === undefined ? undefined : await store.findEvent(decodeURIComponent(slug));
    const unknownEvent = slug !== undefined && !event;
    if (unknownEvent) await failedLookups.take(request.ip);
    // Every page of an event needs its board: one whose stored data is damaged is said so now
    // (the error handler answers with a sentence in the page's language), not once it has loaded.
    if (event) await writer.version(event.id);
    if (!clientDir)
      return reply
        .code(unknownEvent ? 404 : 503)
        .type('text/html')
        .send(MISSING_BUILD);
    if (unknownEvent) reply.code(404);
    reply.header('cache-control', 'no-cache');
    if (event && attendeePage && ATTENDEE_PAGE.test(request.url)) {
      // The plan in the HTML: on a slow wifi it is on screen before any script has arrived.
      // Without an opener policy: that policy makes the browser swap in a fresh renderer process
      // for the page, which cost a slowed phone ~0.4 s before the plan (bench:first-plan). This
      // public page holds no secret and opens no window; the pages with a key or token keep it.
      reply.removeHeader('cross-origin-opener-policy').removeHeader('origin-agent-cluster');
      return reply.type('text/html; charset=utf-8').send(attendeePage.html(await writer.snapshot(event.id), request.headers['accept-language']));
    }
    if (EMBED_PAGE.test(request.url)) {
      // The compact live plan is made to be framed by any site (a camp's website): this page
      // alone lets every origin frame it. It holds nothing secret and sends no command.
      const policy = String(reply.getHeader('content-security-policy') ?? '');
      reply.header('content-security-policy', policy.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
      reply.removeHeader('x-frame-options').removeHeader('cross-origin-opener-policy');
    }
    return reply.sendFile('index.html');
  };

  // A route of its own (HEAD included), so that the rendered page goes out compressed. The pages
  // are for people (README, "The screens"), not part of the API's document.
  app.get('/e/:slug', { schema: { hide: true } }, servePage);

  app.setNotFoundHandler((request, reply) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (!isPage) {
      return sendError(reply, 404, 'not_found', 'no_such', 'Not found.');
    }
    return servePage(request, reply);
  });
}
