// Type that shrinks until the text fits its box: a door sign that never scrolls, a printed sheet
// that holds every title whole.

/**
 * Sets the largest type scale (`largest`, 1 unless told, down to `smallest`) at which `fits`
 * holds, found by halving, on the element's `--s` custom property, and returns it. Synchronous:
 * each try is laid out and measured at once, and only the result is ever drawn.
 */
export function fitTypeScale(element: HTMLElement, fits: () => boolean, smallest = 0.3, largest = 1): number {
  const fitsAt = (scale: number) => {
    element.style.setProperty('--s', String(scale));
    return fits();
  };
  if (fitsAt(largest)) return largest;
  let low = smallest;
  let high = largest;
  for (let step = 0; step < 8; step++) {
    const middle = (low + high) / 2;
    if (fitsAt(middle)) low = middle;
    else high = middle;
  }
  fitsAt(low);
  return low;
}

/** The type scales of the whole-day grid: its titles stay at 11 px or more, and grow to 16 px where there is room. */
export const DENSE_SMALLEST_SCALE = 11 / 12.5;
export const DENSE_LARGEST_SCALE = 16 / 12.5;
/** Lines of a title tried, most first, when the titles cannot all be whole even at the smallest type. */
const TITLE_LINES = [5, 4, 3, 2] as const;

/**
 * Fits the whole-day grid to its box. Whole titles come first: the type shrinks (`--s`, down to
 * 11 px) before any title is cut. Only when even the smallest type does not fit are titles cut
 * to the most lines that fit (`data-title-lines` and `--title-lines`), so that the rows of short
 * titles keep their room for the long ones. Returns what was set; synchronous, so only the result
 * is drawn.
 */
export function fitDenseGrid(element: HTMLElement, fits: () => boolean): { scale: number; titleLines: number | null } {
  const cutTo = (lines: number | null) => {
    if (lines === null) {
      element.style.removeProperty('--title-lines');
      delete element.dataset.titleLines;
    } else {
      element.style.setProperty('--title-lines', String(lines));
      element.dataset.titleLines = String(lines);
    }
  };
  cutTo(null);
  const scale = fitTypeScale(element, fits, DENSE_SMALLEST_SCALE, DENSE_LARGEST_SCALE);
  if (scale > DENSE_SMALLEST_SCALE || fits()) return { scale, titleLines: null };
  for (const lines of TITLE_LINES) {
    cutTo(lines);
    if (fits()) return { scale, titleLines: lines };
  }
  return { scale, titleLines: TITLE_LINES.at(-1)! };
}
