// The HTTP API describes itself: a valid OpenAPI 3 document made from the routes' schemas, with
// every route, its parameters, body and answers, and a page to browse it.
import SwaggerParser from '@apidevtools/swagger-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

// The document is made from the schemas given as the app is built: the mutation run builds it
// for each test (see server-per-file.ts), this suite once for the file.
const file = serverPerFile();
let server: EventOnServer;
beforeEach(() => {
  server = file.server;
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
  '/api/events/{slug}/sessions.xlsx': ['get'],
  '/api/events/{slug}/my/{feedId}.ics': ['get'],
  '/api/events/{slug}/my/{feedId}': ['put'],
  '/api/events/{slug}/my/{feedId}/push': ['post', 'delete'],
  '/api/events/{slug}/schedule.json': ['get'],
  '/api/events/{slug}/schedule.xml': ['get'],
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
        // Every {parameter} of the path is described, and every answer but "not modified" has a body shape.
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        expect(operation.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [], `${method} ${path}`).toEqual(inPath);
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, answer] of Object.entries(operation.responses)) {
          // "Not modified" and "no content" (DELETE …/push) have no body.
          if (status === '304' || status === '204') expect(answer.content, `${method} ${path} ${status}`).toBeUndefined();
          else expect(answer.content, `${method} ${path} ${status}`).toBeDefined();
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
    expect(Object.keys(paths['/api/events/{slug}/sessions.csv']!.get!.responses['200']!.content!)).toEqual(['text/csv']);
    const described = (path: string) => (paths[path]!.get!.responses['200'] as { description?: string }).description;
    expect(described('/api/events/{slug}/plan.ics')).toBe('iCal (RFC 5545): one VEVENT per placed session, times in UTC');
    expect(described('/api/events/{slug}/sessions.csv')).toMatch(/^RFC 4180, UTF-8 with a byte order mark, headers in the language: title, host, date/);
    expect(described('/api/events/{slug}/sessions.csv')).toContain('apostrophe');
    const queryOf = (path: string) => paths[path]!.get!.parameters!.filter((p) => p.in === 'query').map((p) => p.name);
    expect(queryOf('/api/events/{slug}/sessions.csv')).toEqual(['lang', 'sep']);
    expect(queryOf('/api/events/{slug}/sessions.xlsx')).toEqual(['lang']);
    expect(Object.keys(paths['/api/events/{slug}/sessions.xlsx']!.get!.responses['200']!.content!)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(described('/api/events/{slug}/sessions.xlsx')).toMatch(/^Office Open XML workbook: a sheet of every session/);
    expect(described('/api/events/{slug}/my/{feedId}.ics')).toContain('never a 404');
    // The schedules for conference apps: their formats, and operationIds a generated client names its calls by.
    const schedule = (format: string) => paths[`/api/events/{slug}/schedule.${format}`]!.get! as Operation & { operationId?: string; description?: string };
    expect(Object.keys(schedule('json').responses['200']!.content!)).toEqual(['application/json']);
    expect(Object.keys(schedule('xml').responses['200']!.content!)).toEqual(['application/xml']);
    expect([schedule('json').operationId, schedule('xml').operationId]).toEqual(['getScheduleJson', 'getScheduleXml']);
    expect(schedule('json').description).toContain('c3voc');
    expect(schedule('xml').description).toContain('frab');
    const stars = paths['/api/events/{slug}/my/{feedId}']!.put!;
    expect(Object.keys(stars.requestBody!.content['application/json']!.schema.properties!)).toEqual(['sessions']);
    expect(Object.keys(stars.responses['200']!.content!)).toEqual(['application/json']);
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

  it('describes each operation: its group, what it does, its answers and the key it takes', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const described = Object.entries(
      document.paths as Record<string, Record<string, { tags: string[]; summary: string; responses: object; security?: object }>>,
    ).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => method !== 'head')
        .map(([method, operation]) => [`${method} ${path}`, operation.tags, operation.summary, Object.keys(operation.responses), operation.security ?? null]),
    );
    const createToken = [{ createToken: [] }, {}];
    // Every feed and schedule answers 304 to a client that has its version.
    const calendar = ['200', '304', '400', '404'];
    expect(Object.fromEntries(described.map(([operation, ...rest]) => [operation, rest]))).toEqual({
      'get /healthz': [['server'], 'Whether the server and its database work', ['200', '503'], null],
      'get /api/addresses': [['server'], 'Where phones can reach this server (for QR codes)', ['200'], null],
      'get /api/config': [['server'], 'What the home page needs to know', ['200'], null],
      'post /api/events': [['events'], 'Create an event', ['201', '400', '401', '429'], createToken],
      'post /api/events/import': [['events'], 'Create an event from an export', ['201', '400', '401', '429'], createToken],
      'get /api/events/{slug}/board': [['plan'], 'The board as the screens see it', ['200', '304', '400', '404'], null],
      'get /api/events/{slug}/export.json': [
        ['events'],
        'The whole event as a file (frame, sessions, plan), without secrets',
        ['200', '400', '401', '404'],
        [{ facilitatorKey: [] }],
      ],
      'get /api/events/{slug}/plan.ics': [['plan'], 'Calendar of the whole plan, or of the sessions given', calendar, null],
      'get /api/events/{slug}/rooms/{roomId}.ics': [['plan'], 'Calendar of one room', calendar, null],
      'get /api/events/{slug}/sessions/{sessionId}.ics': [['plan'], 'Calendar of one session (empty while it is not in the plan)', calendar, null],
      'get /api/events/{slug}/sessions.csv': [['plan'], 'Every session as a spreadsheet (CSV)', calendar, null],
      'get /api/events/{slug}/sessions.xlsx': [['plan'], 'Every session as a workbook (Excel, LibreOffice)', calendar, null],
      'get /api/events/{slug}/my/{feedId}.ics': [
        ['plan'],
        'A phone’s own calendar: the sessions it starred (PUT my/:feedId), as they are in the plan',
        calendar,
        null,
      ],
      'get /api/events/{slug}/schedule.json': [['plan'], 'The plan for conference apps: a c3voc schedule (JSON)', calendar, null],
      'get /api/events/{slug}/schedule.xml': [['plan'], 'The plan for conference apps: a frab schedule (XML)', calendar, null],
      'put /api/events/{slug}/my/{feedId}': [['plan'], 'Tell a phone’s own calendar which sessions it starred', ['200', '400', '404', '429'], null],
      'post /api/events/{slug}/my/{feedId}/push': [['plan'], 'Be told by push when a session this phone starred changes', ['200', '400', '404', '429'], null],
      'delete /api/events/{slug}/my/{feedId}/push': [['plan'], 'No more pushes for this phone’s feed', ['204', '400', '404', '429'], null],
    });
    // What each answer holds, where a client needs to know it.
    const { paths } = document;
    expect(paths['/healthz'].get.responses['503'].content['application/json'].schema.properties).toEqual({
      ok: { type: 'boolean', enum: [false] },
      database: { type: 'string', description: 'What is wrong with the database' },
      events: { type: 'array', items: { type: 'string' }, description: 'The events (slugs) whose stored data was found damaged' },
    });
    expect(paths['/api/addresses'].get.responses['200'].content['application/json'].schema.properties.publicUrl).toEqual({ type: 'string', nullable: true });
    expect(paths['/api/config'].get.responses['200'].content['application/json'].schema.properties.createNeedsToken).toEqual({
      type: 'boolean',
      description: 'Creating an event needs the create token',
    });
    expect(paths['/api/events/{slug}/export.json'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('sessions');
    expect(paths['/api/events/{slug}/board'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty('board');
    expect(paths['/api/events/import'].post.responses['201'].content['application/json'].schema.properties).toHaveProperty('facilitatorUrl');
    expect(paths['/api/events/{slug}/board'].get.responses['404'].content['application/json'].schema.properties).toHaveProperty('error');
  });

  it('names every operation with an operationId of its own, and documents the 400 a slug over 64 characters gets', async () => {
    const document = await (await fetch(`${server.url}/api/openapi.json`)).json();
    const operations = Object.values(document.paths as Record<string, Record<string, { operationId?: string; responses: object }>>).flatMap((byMethod) =>
      Object.entries(byMethod)
        .filter(([method]) => method !== 'head')
        .map(([, operation]) => operation),
    );
    const ids = operations.map((operation) => operation.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const tooLong = 'x'.repeat(65);
    for (const [path, operation] of Object.entries(document.paths as Record<string, Record<string, { responses: object }>>)) {
      if (!path.includes('{slug}')) continue;
      for (const [method, { responses }] of Object.entries(operation))
        if (method !== 'head') expect(Object.keys(responses), `${method} ${path}`).toContain('400');
    }
    const answer = await fetch(`${server.url}/api/events/${tooLong}/board`);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { code: 'invalid' } });
  });

  it('has a page to browse it', async () => {
    const page = await fetch(`${server.url}/api/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger');
    // Under the server's own security policy, not one of the page's making.
    const policy = (await fetch(`${server.url}/api/config`)).headers.get('content-security-policy');
    expect(page.headers.get('content-security-policy')).toBe(policy);
    // The document changes with the server: never an old one from a cache.
    expect((await fetch(`${server.url}/api/openapi.json`)).headers.get('cache-control')).toBe('no-cache');
  });
});
