// `npm run docs:protocol`: writes the command table of docs/protocol.md from the command registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { withCommandReference } from '../shared/protocol-reference.ts';

const file = new URL('../docs/protocol.md', import.meta.url);
writeFileSync(file, withCommandReference(readFileSync(file, 'utf8')));
console.log('docs/protocol.md: command table written.');
