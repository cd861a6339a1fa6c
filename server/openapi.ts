// The HTTP API describes itself: an OpenAPI 3 document made from the routes' own schemas
// (GET /api/openapi.json) and a page to browse it (/api/docs). The socket's protocol, which
// OpenAPI cannot describe, is in docs/protocol.md.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** Registers the document; call before any route, so that every route is in it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Pitchboard',
        version: '1',
        description:
          'The live session board of a barcamp. Reading is public; creating events may need a token (PITCHBOARD_CREATE_TOKEN); the export needs the facilitator key. Changes to a board go over Socket.IO: see docs/protocol.md.',
      },
      tags: [
        { name: 'events', description: 'Creating, exporting and importing events' },
        { name: 'plan', description: 'The plan as data, calendars and a spreadsheet' },
        { name: 'server', description: 'The server itself' },
      ],
      components: {
        securitySchemes: {
          facilitatorKey: { type: 'http', scheme: 'bearer', description: 'The facilitator key of the event' },
          createToken: { type: 'http', scheme: 'bearer', description: 'PITCHBOARD_CREATE_TOKEN, where the server sets one' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger();
  });
}
