// Type that shrinks until the text fits its box: a door sign that never scrolls, a printed sheet
// that holds every title whole.

/**
 * Sets the largest type scale (1 down to `smallest`) at which `fits` holds, found by halving, on
 * the element's `--s` custom property, and returns it. Synchronous: each try is laid out and
 * measured at once, and only the result is ever drawn.
 */
export function fitTypeScale(element: HTMLElement, fits: () => boolean, smallest = 0.3): number {
  const fitsAt = (scale: number) => {
    element.style.setProperty('--s', String(scale));
    return fits();
  };
  if (fitsAt(1)) return 1;
  let low = smallest;
  let high = 1;
  for (let step = 0; step < 8; step++) {
    const middle = (low + high) / 2;
    if (fitsAt(middle)) low = middle;
    else high = middle;
  }
  fitsAt(low);
  return low;
}
