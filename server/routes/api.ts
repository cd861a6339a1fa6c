import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../db/store.ts';
import type { CommandWriter } from '../commands.ts';
import { serverAddresses } from '../links.ts';
import type { ServerAddresses } from '../../shared/links.ts';
import { sendError } from '../http-error.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerApiRoutes(app: FastifyInstance, deps: { store: Store; writer: CommandWriter; publicUrl: string | undefined }): void {
  const { store, writer, publicUrl } = deps;

  // For a monitor or a load balancer: 503 while the database fails (the last write, or damage met).
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const database = store.health();
    return database.ok ? { ok: true, database: 'ok' } : reply.code(503).send({ ok: false, database: database.problem });
  });

  // Where phones can reach this server: the projector and door signs put it in their QR codes.
  app.get('/api/addresses', async (_request, reply): Promise<ServerAddresses> => {
    reply.header('cache-control', 'no-store');
    const address = app.server.address();
    return serverAddresses(typeof address === 'object' ? address : null, publicUrl);
  });

  app.get<{ Params: { slug: string } }>(
    '/api/events/:slug/board',
    { schema: { params: SlugParams }, config: { rateLimit: { max: 600, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const event = store.findEvent(request.params.slug);
      if (!event) {
        return sendError(reply, 404, 'not_found', `There is no event "${request.params.slug}".`);
      }
      // Phones must never show an old plan from a cache after a change.
      reply.header('cache-control', 'no-store');
      // The same JSON text as the screens' handshake: the board serialized once per version.
      return reply.type('application/json; charset=utf-8').send(writer.snapshotJson(event.id));
    },
  );
}
