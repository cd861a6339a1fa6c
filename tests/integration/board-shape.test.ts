// docs/protocol.md says the board's shape field by field ("The board's shape"): this compares what
// it lists with a board the server serves and with openapi.json, so that none can change alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bookableCells, placementAt } from '../../shared/board.ts';
import { serverPerFile } from '../helpers/server-per-file.ts';

const file = serverPerFile();

/** The documented fields of each part of the board: `board`, `board.event`, `board.days[]`, … */
function documentedFields(): Map<string, string[]> {
  const doc = readFileSync('docs/protocol.md', 'utf8');
  const section = doc.slice(doc.indexOf("### The board's shape"), doc.indexOf('### The plan as files'));
  const parts = new Map<string, string[]>();
  for (const [, part, table] of section.matchAll(/#### `([\w.[\]]+)`\n\n([\s\S]*?)(?=\n####|$)/g)) {
    parts.set(
      part!,
      [...table!.matchAll(/^\| `(\w+)` \|/gm)].map(([, field]) => field!),
    );
  }
  return parts;
}

/** The same parts of a served board: each object's keys, an array's by its first item. */
function servedFields(board: Record<string, unknown>): Map<string, string[]> {
  const parts = new Map<string, string[]>([['board', Object.keys(board)]]);
  for (const [name, value] of Object.entries(board)) {
    if (Array.isArray(value)) {
      expect(value.length, `board.${name} holds something to compare`).toBeGreaterThan(0);
      parts.set(`board.${name}[]`, Object.keys(value[0] as object));
    } else parts.set(`board.${name}`, Object.keys(value as object));
  }
  return parts;
}

describe("the board's shape in docs/protocol.md", () => {
  it('lists every field of every part of a served board, and nothing else', async () => {
    const boss = await file.client(file.server.key);
    const { board } = boss.snapshot;
    // Something in every list: a placement and a blocked cell.
    const [first, second] = bookableCells(board).filter((cell) => !placementAt(board, cell));
    expect(await boss.send('session:place', { sessionId: board.sessions[0]!.id, ...first! })).toMatchObject({ ok: true });
    expect(await boss.send('cell:block', second!)).toMatchObject({ ok: true });
    const served = await (await fetch(`${file.server.url}/api/events/${file.server.slug}/board`)).json();
    const documented = documentedFields();
    const actual = servedFields(served.board);
    expect([...documented.keys()].sort()).toEqual([...actual.keys()].sort());
    for (const [part, fields] of actual) expect(documented.get(part)?.sort(), part).toEqual([...fields].sort());
  });

  it('is what openapi.json says GET /board answers, field by field', async () => {
    const document = await (await fetch(`${file.server.url}/api/openapi.json`)).json();
    const board = document.paths['/api/events/{slug}/board'].get.responses['200'].content['application/json'].schema.properties.board;
    type Schema = { properties?: Record<string, Schema>; items?: Schema };
    const described = new Map<string, string[]>([['board', Object.keys(board.properties)]]);
    for (const [name, schema] of Object.entries(board.properties as Record<string, Schema>)) {
      if (schema.items) described.set(`board.${name}[]`, Object.keys(schema.items.properties ?? {}));
      else described.set(`board.${name}`, Object.keys(schema.properties ?? {}));
    }
    const documented = documentedFields();
    expect([...described.keys()].sort()).toEqual([...documented.keys()].sort());
    for (const [part, fields] of documented) expect(described.get(part)?.sort(), part).toEqual([...fields].sort());
  });
});
