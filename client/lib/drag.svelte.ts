// Dragging cards with a pointer: one code path for mouse, pen and touch. HTML5 drag and drop
// is not used because touch browsers support it unevenly.

/** What a drop zone says in its data-drop attribute: "tray" or "cell:<roomId>|<slotId>". */
export type DropTarget = { kind: 'tray' } | { kind: 'cell'; roomId: string; slotId: string };

export function parseDropTarget(value: string | undefined | null): DropTarget | null {
  if (value === 'tray') return { kind: 'tray' };
  const match = /^cell:([^|]+)\|(.+)$/.exec(value ?? '');
  return match ? { kind: 'cell', roomId: match[1]!, slotId: match[2]! } : null;
}

/** Movement in px before a press becomes a drag (a smaller move is still a tap). */
const DRAG_THRESHOLD = 6;
/** Closer than this to the edge of a box that scrolls, a dragged card scrolls it... */
const EDGE_PX = 48;
/** ...by up to this many px a frame, faster the closer it is... */
const MOST_PX_PER_FRAME = 18;
/** ...once it has been held there this long (ms). */
const EDGE_DWELL_MS = 300;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * How far a box should scroll this frame while a card is held at (x, y): nothing in the middle,
 * more the nearer the pointer is to an edge (or past it). Pure, so tested.
 */
export function edgeScroll(x: number, y: number, box: Box, edge = EDGE_PX, most = MOST_PX_PER_FRAME): { dx: number; dy: number } {
  const speed = (inside: number) => (inside >= edge ? 0 : Math.round(most * Math.min(1, (edge - inside) / edge)));
  const dx = speed(x - box.left) > 0 ? -speed(x - box.left) : speed(box.right - x);
  const dy = speed(y - box.top) > 0 ? -speed(y - box.top) : speed(box.bottom - y);
  return { dx, dy };
}

/** Whether a box can still scroll the way (dx, dy) asks. */
function canScroll(box: Element, dx: number, dy: number): boolean {
  return (
    (dx < 0 && box.scrollLeft > 0) ||
    (dx > 0 && box.scrollLeft + box.clientWidth < box.scrollWidth - 1) ||
    (dy < 0 && box.scrollTop > 0) ||
    (dy > 0 && box.scrollTop + box.clientHeight < box.scrollHeight - 1)
  );
}

/** The boxes around an element that can scroll further, innermost first, the page last. */
function scrollersAround(element: Element | null): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (let node = element; node && node !== document.documentElement; node = node.parentElement) {
    if (!(node instanceof HTMLElement)) continue;
    const style = getComputedStyle(node);
    const scrolls = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
    if ((scrolls(style.overflowY) && node.scrollHeight > node.clientHeight) || (scrolls(style.overflowX) && node.scrollWidth > node.clientWidth))
      found.push(node);
  }
  found.push(document.scrollingElement as HTMLElement);
  return found;
}

export class PointerDrag {
  #sessionId = $state<string | null>(null);
  #title = $state('');
  #x = $state(0);
  #y = $state(0);
  #over = $state<string | null>(null);
  #start: { x: number; y: number; pointerId: number } | null = null;
  #suppressClick = false;
  readonly #onDrop: (sessionId: string, target: DropTarget) => void;

  constructor(onDrop: (sessionId: string, target: DropTarget) => void) {
    this.#onDrop = onDrop;
  }

  /** The session being dragged, once the pointer has moved far enough. */
  get sessionId(): string | null {
    return this.#sessionId;
  }
  get title(): string {
    return this.#title;
  }
  get x(): number {
    return this.#x;
  }
  get y(): number {
    return this.#y;
  }
  /** The data-drop value under the pointer. */
  get over(): string | null {
    return this.#over;
  }

  press(event: PointerEvent, sessionId: string, title: string): void {
    if (event.button !== 0 || this.#start) return;
    this.#start = { x: event.clientX, y: event.clientY, pointerId: event.pointerId };
    const move = (e: PointerEvent) => {
      if (!this.#start || e.pointerId !== this.#start.pointerId) return;
      if (!this.#sessionId) {
        if (Math.hypot(e.clientX - this.#start.x, e.clientY - this.#start.y) < DRAG_THRESHOLD) return;
        this.#sessionId = sessionId;
        this.#title = title;
      }
      e.preventDefault();
      this.#x = e.clientX;
      this.#y = e.clientY;
      this.#over = this.#dropAt(e.clientX, e.clientY);
      this.#scrollWhileHeld();
    };
    const finish = (e: PointerEvent) => {
      if (!this.#start || e.pointerId !== this.#start.pointerId) return;
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', finish);
      window.removeEventListener('pointercancel', finish);
      const dragged = this.#sessionId;
      const target = e.type === 'pointerup' ? parseDropTarget(this.#dropAt(e.clientX, e.clientY)) : null;
      this.#start = null;
      this.#sessionId = null;
      this.#over = null;
      cancelAnimationFrame(this.#scrollFrame);
      this.#scrollFrame = 0;
      this.#nearEdgeSince = null;
      if (dragged) {
        // The click that follows a drag must not also pick the card up.
        this.#suppressClick = true;
        setTimeout(() => (this.#suppressClick = false), 0);
        if (target) this.#onDrop(dragged, target);
      }
    };
    window.addEventListener('pointermove', move, { passive: false });
    window.addEventListener('pointerup', finish);
    window.addEventListener('pointercancel', finish);
  }

  /** True once for the click that ends a drag. */
  consumeClick(): boolean {
    const suppressed = this.#suppressClick;
    this.#suppressClick = false;
    return suppressed;
  }

  #scrollFrame = 0;
  /** Since when the card is held near an edge that can scroll (ms, performance.now()). */
  #nearEdgeSince: number | null = null;
  /**
   * Near the edge of the grid, the tray or the page, the box under the card scrolls each frame
   * while the card is held there (the pointer need not move), so that a far cell can be reached.
   * Only after a moment there: a card carried past the edge to a cell near it is not scrolled away.
   */
  #scrollWhileHeld(): void {
    if (this.#scrollFrame) return;
    const step = () => {
      this.#scrollFrame = 0;
      if (!this.#sessionId) return;
      const near = scrollersAround(document.elementFromPoint(this.#x, this.#y))
        .map((box) => {
          const page = box === document.scrollingElement;
          const rect = page ? { left: 0, top: 0, right: innerWidth, bottom: innerHeight } : box.getBoundingClientRect();
          return { box, ...edgeScroll(this.#x, this.#y, rect) };
        })
        .find(({ box, dx, dy }) => canScroll(box, dx, dy));
      if (!near) {
        this.#nearEdgeSince = null;
        return;
      }
      this.#nearEdgeSince ??= performance.now();
      if (performance.now() - this.#nearEdgeSince >= EDGE_DWELL_MS) {
        near.box.scrollBy(near.dx, near.dy);
        this.#over = this.#dropAt(this.#x, this.#y);
      }
      this.#scrollFrame = requestAnimationFrame(step);
    };
    this.#scrollFrame = requestAnimationFrame(step);
  }

  #dropAt(x: number, y: number): string | null {
    const element = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-drop]');
    return element?.dataset.drop ?? null;
  }
}
