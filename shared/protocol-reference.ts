// The command table of docs/protocol.md, made from the command registry (shared/commands.ts):
// a new command or field shows up in the document, and a test fails until the file is rewritten
// (`npm run docs:protocol`).
import type { TSchema } from '@sinclair/typebox';
import { COMMAND_NAMES, COMMANDS, entryOf, type CommandName } from './commands.ts';

/** A schema's type in a few characters: `string`, `integer`, `'a' \| 'b'`, `string[]`, `{ … }`. */
function typeOf(schema: TSchema): string {
  if (schema.const !== undefined) return `'${String(schema.const)}'`;
  if (schema.anyOf) return (schema.anyOf as TSchema[]).map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `${typeOf(schema.items as TSchema)}[]`;
  if (schema.type === 'object') {
    const fields = Object.entries((schema.properties ?? {}) as Record<string, TSchema>).map(
      ([name]) => `${name}${(schema.required as string[] | undefined)?.includes(name) ? '' : '?'}`,
    );
    return `{ ${fields.join(', ')} }`;
  }
  return String(schema.type);
}

/** The fields of a command's payload, `commandId` (every command takes one) left out. */
function payloadOf(name: CommandName): string {
  const schema = COMMANDS[name].schema as TSchema;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const fields = Object.entries((schema.properties ?? {}) as Record<string, TSchema>)
    .filter(([field]) => field !== 'commandId')
    .map(([field, fieldSchema]) => `\`${field}${required.has(field) ? '' : '?'}\`: ${typeOf(fieldSchema)}`);
  // Nothing to say, but a payload all the same: the server refuses a command sent without an object.
  return fields.length ? fields.join('<br>') : '`{}` (an empty object: required)';
}

/** The Markdown table of every command: payload, ack data, whether undo takes it back. */
export function commandReference(): string {
  const rows = COMMAND_NAMES.map((name) => {
    const data = entryOf(name).data?.says ?? '—';
    return `| \`${name}\` | ${payloadOf(name)} | ${data} | ${COMMANDS[name].undoable ? 'yes' : 'no'} |`;
  });
  return ['| command | payload (besides `commandId?`) | ack `data` | undoable |', '|---|---|---|---|', ...rows].join('\n');
}

const START = '<!-- commands:start -->';
const END = '<!-- commands:end -->';

/** docs/protocol.md with its command table made anew from the registry. */
export function withCommandReference(markdown: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`The document has no ${START} … ${END} block.`);
  return `${markdown.slice(0, start + START.length)}\n${commandReference()}\n${markdown.slice(end)}`;
}
