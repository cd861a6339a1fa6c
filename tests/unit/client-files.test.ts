// Which files a screen of the built client loads, read from Vite's manifest.
import { describe, expect, it } from 'vitest';
import { chunkFiles, type Manifest } from '../../server/client-files.ts';

describe('chunkFiles', () => {
  const manifest: Manifest = {
    'attendee.ts': { file: 'assets/attendee.js', css: ['assets/attendee.css'], imports: ['_store.js', '_i18n.js'], isEntry: true },
    '_store.js': { file: 'assets/store.js', imports: ['_i18n.js'], dynamicImports: ['_lazy.js'] },
    '_i18n.js': { file: 'assets/i18n.js', css: ['assets/i18n.css'], imports: ['_store.js'] },
    '_lazy.js': { file: 'assets/lazy.js' },
    'main.ts': { file: 'assets/main.js', css: ['assets/main.css'], isEntry: true },
  };

  it('lists a chunk’s script and styles and those of everything it imports, each once, imports that import each other too', () => {
    expect(chunkFiles(manifest, ['attendee.ts'])).toEqual([
      'assets/attendee.js',
      'assets/attendee.css',
      'assets/store.js',
      'assets/i18n.js',
      'assets/i18n.css',
    ]);
  });

  it('leaves out what is only loaded later, and sources the manifest does not know', () => {
    expect(chunkFiles(manifest, ['main.ts', 'nowhere.ts'])).toEqual(['assets/main.js', 'assets/main.css']);
    expect(chunkFiles(manifest, [])).toEqual([]);
  });
});
