// The built Svelte client: hashed assets cached for long, every page path answered with
// index.html (the client routes; HEAD like GET), unknown /api paths with JSON 404s. Files go out
// compressed as the build made them (brotli or gzip, by Accept-Encoding).
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Store } from '../../db/store.ts';

const MISSING_BUILD = `<!doctype html><meta charset="utf-8"><title>Pitchboard</title>
<p>The client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds first).</p>`;

const EVENT_PAGE = /^\/e\/([^/?#]+)/;

export async function registerClientRoutes(
  app: FastifyInstance,
  deps: { store: Store; clientDir: string | undefined },
): Promise<void> {
  const { store, clientDir } = deps;
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

  app.setNotFoundHandler((request, reply) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/') && !request.url.startsWith('/assets/');
    if (!isPage) {
      return reply.code(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    }
    // An unknown event still gets the page (it explains itself), but with a 404 status.
    const slug = EVENT_PAGE.exec(request.url)?.[1];
    const unknownEvent = slug !== undefined && !store.findEvent(safeDecode(slug));
    if (!clientDir) return reply.code(unknownEvent ? 404 : 503).type('text/html').send(MISSING_BUILD);
    if (unknownEvent) reply.code(404);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
