// Fitting type to a box (client/lib/fit.ts), with a stand-in element whose content "fits" by a
// rule on the custom properties the functions set.
import { describe, expect, it } from 'vitest';
import { DENSE_LARGEST_SCALE, DENSE_SMALLEST_SCALE, fitDenseGrid, fitTypeScale } from '../../client/lib/fit.ts';

function standIn() {
  const properties = new Map<string, string>();
  const element = {
    style: {
      setProperty: (name: string, value: string) => void properties.set(name, value),
      removeProperty: (name: string) => void properties.delete(name),
    },
    dataset: {} as Record<string, string | undefined>,
  };
  const scale = () => Number(properties.get('--s') ?? 1);
  const lines = () => (properties.has('--title-lines') ? Number(properties.get('--title-lines')) : Infinity);
  return { element: element as unknown as HTMLElement, properties, scale, lines, dataset: element.dataset };
}

describe('fitTypeScale', () => {
  it('keeps the largest scale that fits, from `largest` down to `smallest`', () => {
    const box = standIn();
    expect(fitTypeScale(box.element, () => true)).toBe(1);
    expect(fitTypeScale(box.element, () => box.scale() <= 0.6)).toBeCloseTo(0.6, 2);
    expect(box.scale()).toBeCloseTo(0.6, 2);
    expect(fitTypeScale(box.element, () => box.scale() <= 1.2, 0.5, 1.5)).toBeCloseTo(1.2, 2);
    // Nothing fits: the smallest.
    expect(fitTypeScale(box.element, () => false, 0.4)).toBe(0.4);
    expect(box.scale()).toBe(0.4);
  });
});

describe('fitDenseGrid', () => {
  it('grows the type where there is room, and cuts no title', () => {
    const box = standIn();
    expect(fitDenseGrid(box.element, () => true)).toEqual({ scale: DENSE_LARGEST_SCALE, titleLines: null });
    expect(box.properties.has('--title-lines')).toBe(false);
    expect(box.dataset.titleLines).toBeUndefined();
  });

  it('shrinks the type before it cuts a title', () => {
    const box = standIn();
    const result = fitDenseGrid(box.element, () => box.scale() <= 0.95 && box.lines() === Infinity);
    expect(result.titleLines).toBeNull();
    expect(result.scale).toBeCloseTo(0.95, 2);
  });

  it('at the smallest type, cuts titles to the most lines that fit, and says so on the element', () => {
    const box = standIn();
    expect(fitDenseGrid(box.element, () => box.scale() === DENSE_SMALLEST_SCALE && box.lines() <= 3)).toEqual({ scale: DENSE_SMALLEST_SCALE, titleLines: 3 });
    expect(box.properties.get('--title-lines')).toBe('3');
    expect(box.dataset.titleLines).toBe('3');
    // When the box grows again, the cut goes.
    expect(fitDenseGrid(box.element, () => true).titleLines).toBeNull();
    expect(box.dataset.titleLines).toBeUndefined();
    expect(box.properties.has('--title-lines')).toBe(false);
  });

  it('ends at two lines when even that does not fit (the box scrolls)', () => {
    const box = standIn();
    expect(fitDenseGrid(box.element, () => false)).toEqual({ scale: DENSE_SMALLEST_SCALE, titleLines: 2 });
    expect(box.dataset.titleLines).toBe('2');
  });
});
