// Pitchboard uses socket.io, engine.io, ws and every other library through their public APIs
// only: a private field or method (by convention named with a leading "_") may change in any
// minor release and break the server silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The tests and benchmarks too: a hostile client is played with public APIs as well (ws's pause()).
const SOURCE_FOLDERS = ['server', 'shared', 'db', 'client', 'tests', 'bench'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return name === 'public' ? [] : sourceFiles(file);
    return /\.(ts|svelte)$/.test(name) ? [file] : [];
  });
}

/** Uses of a private member: `x._name`, `x['_name']`, or a type that declares `_name` to reach it. */
export function privateUses(text: string): string[] {
  const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...code.matchAll(/\??\._[A-Za-z]\w*|\[\s*['"`]_[A-Za-z]\w*['"`]\s*\]|[{;,]\s*_[A-Za-z]\w*\??\s*:/g)].map((match) => match[0].trim());
}

describe('public APIs only', () => {
  it('finds a private member in each way it may be reached', () => {
    expect(privateUses('const sender = ws._sender;')).toEqual(['._sender']);
    expect(privateUses("transport['_canSendPreEncodedFrame'] = true;")).toEqual(["['_canSendPreEncodedFrame']"]);
    expect(privateUses('const tcp = x as unknown as { _socket: Socket };')).toEqual(['{ _socket:']);
    expect(privateUses('// ws._sender is private\nconst a = b._c;')).toEqual(['._c']);
    expect(privateUses('const { _time, ...rest } = snapshot; const t = _private;')).toEqual([]);
  });

  it('reaches into no library’s private parts anywhere: the code that ships, its tests and benchmarks', () => {
    // This file names private members in its own examples.
    const files = SOURCE_FOLDERS.flatMap(sourceFiles).filter((file) => !file.endsWith('public-apis.test.ts'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) => privateUses(readFileSync(file, 'utf8')).map((use) => `${file}: ${use}`));
    expect(found).toEqual([]);
  });
});
