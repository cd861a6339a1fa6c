// docs/protocol.md, the contract for clients in other languages, says what the code does: its
// command table is the registry's, and it names every event, error code and server message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/commands.ts';
import { ERROR_CODES, REFUSAL_REASONS } from '../../shared/errors.ts';
import { QUERY_NAMES } from '../../shared/queries.ts';
import { withCommandReference } from '../../shared/protocol-reference.ts';

const doc = readFileSync('docs/protocol.md', 'utf8');

describe('docs/protocol.md', () => {
  it('has the command table of the registry (npm run docs:protocol writes it)', () => {
    expect(withCommandReference(doc)).toBe(doc);
    for (const name of COMMAND_NAMES) expect(doc).toContain(`| \`${name}\` |`);
  });

  // Read from the sources' text, in a form that also holds for the rewritten copies a mutation run tests.
  it('names every domain event, every error code and every message the server sends', () => {
    const events = [...readFileSync('shared/events.ts', 'utf8').matchAll(/type: '([a-z_]+\.[a-z_]+)'/g)].map((match) => match[1]!);
    expect(events.length).toBeGreaterThan(20);
    for (const type of events) expect(doc, type).toMatch(new RegExp(`\`${type.replace('.', '\\.')}\``));
    for (const code of ERROR_CODES) expect(doc).toContain(`| \`${code}\` |`);
    // Every reason a refusal can give is in the table of reasons.
    const reasons = doc.slice(doc.indexOf('| reason | details | when |'));
    for (const reason of REFUSAL_REASONS) expect(reasons, reason).toMatch(new RegExp(`^\\| [^|]*\`${reason}\``, 'm'));
    const sent = [...readFileSync('shared/messages.ts', 'utf8').matchAll(/^\s+'([a-z]+:[a-z-]+)': \(/gm)].map((match) => match[1]!);
    expect(sent).toEqual(expect.arrayContaining(['board:snapshot', 'board:events', 'board:version', 'session:taps']));
    for (const name of [...sent, ...QUERY_NAMES]) expect(doc, name).toContain(`\`${name}\``);
  });

  it('writes the table between its two markers only, and says so when they are missing or swapped', () => {
    const start = '<!-- commands:start -->';
    const end = '<!-- commands:end -->';
    const written = withCommandReference(`${start}old${end}\nrest`);
    expect(written.startsWith(`${start}\n| command |`)).toBe(true);
    expect(written.endsWith(`|\n${end}\nrest`)).toBe(true);
    const refusal = `The document has no ${start} … ${end} block.`;
    expect(() => withCommandReference('no markers')).toThrow(refusal);
    expect(() => withCommandReference(`${start} only`)).toThrow(refusal);
    expect(() => withCommandReference(`${end} before ${start}`)).toThrow(refusal);
  });
});
