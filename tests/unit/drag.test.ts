// Pointer dragging's pure parts: what a drop zone's attribute means, and how fast a box scrolls
// while a card is held near its edge.
import { describe, expect, it } from 'vitest';
import { edgeScroll, parseDropTarget } from '../../client/lib/drag.svelte.ts';

describe('parseDropTarget', () => {
  it('reads the tray and a cell, and nothing else', () => {
    expect(parseDropTarget('tray')).toEqual({ kind: 'tray' });
    expect(parseDropTarget('cell:r1|d1t2')).toEqual({ kind: 'cell', roomId: 'r1', slotId: 'd1t2' });
    expect(parseDropTarget('cell:r1')).toBeNull();
    expect(parseDropTarget('cell:|d1t2')).toBeNull();
    expect(parseDropTarget(undefined)).toBeNull();
    expect(parseDropTarget('trays')).toBeNull();
  });
});

describe('edgeScroll', () => {
  const box = { left: 100, top: 50, right: 900, bottom: 650 };

  it('does not scroll while the card is held away from every edge', () => {
    expect(edgeScroll(500, 300, box)).toEqual({ dx: 0, dy: 0 });
    // Exactly the edge distance away: still nothing.
    expect(edgeScroll(148, 98, box)).toEqual({ dx: 0, dy: 0 });
  });

  it('scrolls towards the edge the card is near, faster the nearer it is', () => {
    expect(edgeScroll(500, 640, box)).toEqual({ dx: 0, dy: 14 });
    expect(edgeScroll(500, 626, box)).toEqual({ dx: 0, dy: 9 });
    expect(edgeScroll(500, 60, box)).toEqual({ dx: 0, dy: -14 });
    expect(edgeScroll(890, 300, box)).toEqual({ dx: 14, dy: 0 });
    expect(edgeScroll(110, 300, box)).toEqual({ dx: -14, dy: 0 });
    // In a corner, both ways at once.
    expect(edgeScroll(899, 649, box)).toEqual({ dx: 18, dy: 18 });
  });

  it('scrolls at full speed past the edge, never faster', () => {
    expect(edgeScroll(500, 700, box)).toEqual({ dx: 0, dy: 18 });
    expect(edgeScroll(20, 300, box)).toEqual({ dx: -18, dy: 0 });
  });

  it('takes its edge and speed from the caller', () => {
    expect(edgeScroll(500, 630, box, 20, 10)).toEqual({ dx: 0, dy: 0 });
    expect(edgeScroll(500, 640, box, 20, 10)).toEqual({ dx: 0, dy: 5 });
  });
});
