import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../db/store.ts';
import type { CommandWriter } from '../commands.ts';

const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerApiRoutes(app: FastifyInstance, deps: { store: Store; writer: CommandWriter }): void {
  const { store, writer } = deps;

  app.get('/healthz', async () => ({ ok: true }));

  app.get<{ Params: { slug: string } }>(
    '/api/events/:slug/board',
    { schema: { params: SlugParams }, config: { rateLimit: { max: 600, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const event = store.findEvent(request.params.slug);
      if (!event) {
        return reply.code(404).send({ error: { code: 'not_found', message: `There is no event "${request.params.slug}".` } });
      }
      // Phones must never show an old plan from a cache after a change.
      reply.header('cache-control', 'no-store');
      return writer.snapshot(event.id);
    },
  );
}
