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

  #dropAt(x: number, y: number): string | null {
    const element = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-drop]');
    return element?.dataset.drop ?? null;
  }
}
