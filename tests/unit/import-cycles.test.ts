// No two modules of the app import each other, not even for a type: a loop makes the order in
// which modules load matter and ties files that should change alone. ESLint's import/no-cycle
// would parse every file again; the app's imports are plain enough to read with a pattern.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LAYERS = ['shared', 'db', 'server', 'client'];
const SOURCE = /\.(?:ts|svelte)$/;
// `import … from '…'`, `export … from '…'` (types too), `import '…'` and `import('…')`.
const SPECIFIERS = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]/g;

function sourceFiles(root: string): string[] {
  return LAYERS.flatMap((layer) => {
    const dir = path.join(root, layer);
    try {
      return readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((file) => SOURCE.test(file))
        .map((file) => path.join(layer, file));
    } catch {
      return [];
    }
  });
}

/** Each source file (relative to `root`) and the source files it imports. */
function importGraph(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      const targets = [...text.matchAll(SPECIFIERS)]
        .map((match) => match[1] ?? match[2]!)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => path.join(path.dirname(file), specifier))
        .filter((target) => known.has(target));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** The loops of the graph (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('import cycles', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'pitchboard-cycles-'));
    dirs.push(root);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  }

  it('finds a loop made of type imports, across layers and in Svelte components', () => {
    const root = tree({
      'shared/a.ts': "import { b } from './b.ts';\nexport const a = b;\n",
      'shared/b.ts': "import type {\n  C,\n} from './c.ts';\nexport const b: C = 1;\n",
      'shared/c.ts': "export type { A } from './a.ts';\nexport type C = number;\n",
      'client/View.svelte': '<script lang="ts">\n  import \'./lib/side.ts\';\n</script>\n',
      'client/lib/side.ts': "const View = () => import('../View.svelte');\nexport { View };\n",
      'server/alone.ts': "import { a } from '../shared/a.ts';\nimport os from 'node:os';\nexport const x = [a, os];\n",
    });
    expect(importCycles(importGraph(root))).toEqual([
      ['shared/a.ts', 'shared/b.ts', 'shared/c.ts'],
      ['client/View.svelte', 'client/lib/side.ts'],
    ]);
  });

  it('finds none in a tree whose imports point one way', () => {
    const root = tree({
      'shared/a.ts': "import type { B } from './b.ts';\nexport const a: B = 1;\n",
      'shared/b.ts': 'export type B = number;\n',
      'server/c.ts': "import { a } from '../shared/a.ts';\nexport const c = a;\n",
    });
    expect(importGraph(root).get('server/c.ts')).toEqual(['shared/a.ts']);
    expect(importCycles(importGraph(root))).toEqual([]);
  });

  it('finds none in the app (shared/, db/, server/, client/)', () => {
    const graph = importGraph(process.cwd());
    // The walk reads the real tree: the store imports the registry, the i18n module its catalogs.
    expect(graph.get('db/store.ts')).toContain('shared/board.ts');
    expect(graph.get('client/lib/i18n/i18n.svelte.ts')).toContain('client/lib/i18n/messages-more.ts');
    expect(importCycles(graph)).toEqual([]);
  });
});
