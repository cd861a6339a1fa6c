// The HTTP API describes itself: a valid OpenAPI 3 document made from the routes' schemas, with
// every route, its parameters, body and answers, and a page to browse it.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Every HTTP route of the API: the contract other clients and scripts rely on. */
const ROUTES = {
  '/healthz': ['get'],
  '/api/addresses': ['get'],
  '/api/config': ['get'],
  '/api/events': ['post'],
  '/api/events/import': ['post'],
  '/api/events/{slug}/board': ['get'],
  '/api/events/{slug}/export.json': ['get'],
  '/api/events/{slug}/plan.ics': ['get'],
  '/api/events/{slug}/rooms/{roomId}.ics': ['get'],
  '/api/events/{slug}/sessions/{sessionId}.ics': ['get'],
  '/api/events/{slug}/sessions.csv': ['get'],
};

type Operation = {
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3 and lists every route with its parameters, body and answers', async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    // The validator resolves references in place: hand it a copy.
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(document.openapi).toMatch(/^3\./);
    const paths = document.paths as Record<string, Record<string, Operation>>;
    expect(Object.fromEntries(Object.entries(paths).map(([path, operations]) => [path, Object.keys(operations).filter((m) => m !== 'head')]))).toEqual(ROUTES);
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        // Every {parameter} of the path is described, and every answer has a body shape.
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        expect(operation.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [], `${method} ${path}`).toEqual(inPath);
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, answer] of Object.entries(operation.responses)) {
          expect(answer.content, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
    const create = paths['/api/events']!.post!;
    expect(Object.keys(create.requestBody!.content['application/json']!.schema.properties!)).toEqual(
      expect.arrayContaining(['title', 'dates', 'rooms', 'slots']),
    );
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '429']);
    expect(paths['/api/events/{slug}/plan.ics']!.get!.parameters!.map((p) => `${p.in} ${p.name}`)).toContain('query sessions');
    expect(Object.keys(paths['/api/events/{slug}/plan.ics']!.get!.responses['200']!.content!)).toEqual(['text/calendar']);
  });

  it('says what it is, how it is grouped and which keys its routes take', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(document.openapi).toBe('3.0.3');
    expect(document.info).toMatchObject({ title: 'Pitchboard', version: '1', description: expect.stringContaining('docs/protocol.md') });
    expect(document.tags.map((tag: { name: string; description: string }) => [tag.name, tag.description.length > 0])).toEqual([
      ['events', true],
      ['plan', true],
      ['server', true],
    ]);
    expect(document.components.securitySchemes).toEqual({
      facilitatorKey: { type: 'http', scheme: 'bearer', description: 'The facilitator key of the event' },
      createToken: { type: 'http', scheme: 'bearer', description: 'PITCHBOARD_CREATE_TOKEN, where the server sets one' },
    });
  });

  it('has a page to browse it', async () => {
    const page = await fetch(`${server.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger');
  });
});
