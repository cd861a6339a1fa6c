// The attendee's phone loads only its own code, within the budget of the issue (60 KB gzip).
import { describe, expect, it } from 'vitest';
import { filesOf, gzippedBytes, readManifest } from '../../bench/bundle-sizes.ts';

describe('what the attendee phone downloads', () => {
  const manifest = readManifest();

  it('stays within 60 KB of JS and CSS, gzipped', () => {
    const { js, css } = gzippedBytes(filesOf(manifest, 'attendee'));
    expect(js + css).toBeLessThanOrEqual(60 * 1024);
  });

  it('does not load the drag-and-drop board', () => {
    const files = filesOf(manifest, 'attendee');
    const boardOnly = filesOf(manifest, 'board').filter((file) => !files.includes(file));
    expect(boardOnly.some((file) => file.includes('BoardView'))).toBe(true);
    expect(files.some((file) => /BoardView|PlanGrid|SessionDialog/.test(file))).toBe(false);
  });
});
