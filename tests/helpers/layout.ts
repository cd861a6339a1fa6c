// Measures in the page what a person sees: whether the page scrolls, whether text is cut or
// spills, whether a word is broken across lines, how big the type is.
import type { Page } from 'playwright-core';

/** How far the page reaches beyond the window (0, 0 when nothing scrolls). */
export function pageOverflow(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => ({
    x: Math.max(0, document.documentElement.scrollWidth - window.innerWidth),
    y: Math.max(0, document.documentElement.scrollHeight - window.innerHeight),
  }));
}

/**
 * Words of up to `longest` letters that the browser set on more than one line, in the text of
 * the elements matching `selector` ("Klein / e / Helfe / rlein" is what this finds).
 */
export function brokenWords(page: Page, selector: string, longest = 15): Promise<string[]> {
  return page.evaluate(
    ({ selector, longest }) => {
      const broken: string[] = [];
      for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          for (const match of node.data.matchAll(/[^\s\-–]+/g)) {
            const letters = match[0].replace(/\u00AD/g, '').replace(/[^\p{L}]/gu, '');
            if (letters.length === 0 || letters.length > longest) continue;
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(match[0]);
          }
        }
      }
      return broken;
    },
    { selector, longest },
  );
}

/**
 * Elements matching `selector` whose text is not shown whole: cut by their box or a line clamp,
 * ended with an ellipsis, or reaching outside the window.
 */
export function cutTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const cut: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const style = getComputedStyle(element);
      const rect = element.getBoundingClientRect();
      const clamped = style.getPropertyValue('-webkit-line-clamp') !== 'none' && style.getPropertyValue('-webkit-line-clamp') !== '';
      const spills = element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1;
      const outside = rect.bottom > window.innerHeight + 0.5 || rect.right > window.innerWidth + 0.5 || rect.top < -0.5 || rect.left < -0.5;
      // Clipped by an ancestor that hides overflow (a table cell, the grid's box).
      let clippedBy = false;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const parentStyle = getComputedStyle(parent);
        if (parentStyle.overflow === 'visible' && parentStyle.overflowY === 'visible') continue;
        const box = parent.getBoundingClientRect();
        if (rect.bottom > box.bottom + 0.5 || rect.right > box.right + 0.5) clippedBy = true;
      }
      if (clamped || spills || outside || clippedBy || style.textOverflow === 'ellipsis') cut.push(element.textContent ?? '');
    }
    return cut;
  }, selector);
}

/** The smallest font size (px) among the elements matching `selector`. */
export function smallestFont(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => Math.min(...[...document.querySelectorAll(selector)].map((e) => parseFloat(getComputedStyle(e).fontSize))), selector);
}

/** Elements matching `selector` that are not wholly inside the window. */
export function outsideWindow(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => {
    return [...document.querySelectorAll(selector)].filter((element) => {
      const rect = element.getBoundingClientRect();
      return rect.top < -0.5 || rect.left < -0.5 || rect.bottom > window.innerHeight + 0.5 || rect.right > window.innerWidth + 0.5;
    }).length;
  }, selector);
}

/**
 * How much of each text matching `selector` a person sees: `whole` when nothing is cut (by its
 * box, a line clamp or an ancestor that hides overflow), else the characters drawn before the
 * first hidden one, measured glyph by glyph. `text` is what a person reads: without soft hyphens
 * and without parts hidden from screen readers (a count in front of a title).
 */
export function shownTexts(page: Page, selector: string): Promise<Array<{ text: string; whole: boolean; shown: number; fontSize: number }>> {
  return page.evaluate((selector) => {
    const visibleBox = (element: Element) => {
      let box = element.getBoundingClientRect();
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        if (style.overflow === 'visible' && style.overflowY === 'visible') continue;
        const outer = parent.getBoundingClientRect();
        box = new DOMRect(box.x, Math.max(box.y, outer.y), box.width, Math.max(0, Math.min(box.bottom, outer.bottom) - Math.max(box.y, outer.y)));
      }
      return box;
    };
    return [...document.querySelectorAll<HTMLElement>(selector)].map((element) => {
      const box = visibleBox(element);
      const bottom = Math.min(box.bottom, element.getBoundingClientRect().top + element.clientHeight);
      let shown = 0;
      let total = 0;
      let text = '';
      let cut = false;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.parentElement?.closest('[aria-hidden="true"], .sr-only')) continue;
        for (let i = 0; i < node.data.length; i++) {
          if (node.data[i] === '\u00AD') continue;
          total++;
          text += node.data[i];
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0 || node.data[i] === ' ');
          // A glyph's box may reach a little past a tight line box: its middle decides.
          const drawn = rects.some((r) => (r.top + r.bottom) / 2 <= bottom && (r.top + r.bottom) / 2 >= box.top);
          if (drawn && !cut) shown++;
          else if (!drawn && node.data[i] !== ' ') cut = true;
        }
      }
      const style = getComputedStyle(element);
      const whole = !cut && style.textOverflow !== 'ellipsis';
      return { text, whole, shown: whole ? total : shown, fontSize: parseFloat(style.fontSize) };
    });
  }, selector);
}

/**
 * Words matching `selector` that a line break cuts anywhere but at a syllable (a soft hyphen) or
 * after a hyphen or dash: "Podcas|t" is listed, "Pod-|cast" is not.
 */
export function wordsCutOffSyllable(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const cut: string[] = [];
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (const match of node.data.matchAll(/\S+/g)) {
          let previousTop: number | null = null;
          for (let i = 0; i < match[0].length; i++) {
            const range = document.createRange();
            range.setStart(node, match.index + i);
            range.setEnd(node, match.index + i + 1);
            // After a break at a soft hyphen, the next letter's range also holds the drawn hyphen: its last box is the letter.
            const rect = [...range.getClientRects()].filter((r) => r.width > 0).at(-1);
            if (!rect) continue;
            const top = Math.round(rect.top);
            if (previousTop !== null && top > previousTop + 2 && !/[\u00AD\-–/]/.test(match[0][i - 1]!)) {
              cut.push(match[0].replace(/\u00AD/g, ''));
              break;
            }
            previousTop = top;
          }
        }
      }
    }
    return cut;
  }, selector);
}
