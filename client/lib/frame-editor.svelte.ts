// What the frame dialog (client/components/FrameDialog.svelte) does with a room, a time slot or a
// day: its form, the rules said in the page's language before anything is sent (the server checks
// them again), and the commands it sends. The dialog only shows it.
import { findSession, orderedRooms, placementsIn, type Board, type FramePart, type Slot } from '../../shared/board.ts';
import { dateTaken, isLastOfItsKind, slotTimeProblem } from '../../shared/commands/frame.ts';
import type { BoardStore } from './board.svelte.ts';
import type { FrameTarget } from './board-controller.svelte.ts';
import { slotRange } from './format.ts';
import { i18n, t } from './i18n/i18n.svelte.ts';
import { refusalText, type Failed } from './refusal.ts';

export class FrameEditor {
  readonly target: FrameTarget;
  // The form starts from what was clicked.
  name = $state('');
  /** Seats; a number input binds as a number, or null when empty. */
  capacity = $state<number | null>(null);
  projector = $state(false);
  from = $state('');
  to = $state('');
  slotKind = $state<Slot['kind']>('session');
  label = $state('');
  date = $state('');
  /** What went wrong, in the page's language; empty while all is well. */
  message = $state('');
  readonly #store: BoardStore;
  readonly #onclose: () => void;

  constructor(store: BoardStore, target: FrameTarget, onclose: () => void) {
    this.#store = store;
    this.target = target;
    this.#onclose = onclose;
    if (target.kind === 'room') {
      this.name = target.room?.name ?? '';
      this.capacity = target.room?.capacity ?? null;
      this.projector = target.room?.projector ?? false;
    } else if (target.kind === 'slot') {
      this.from = target.slot?.start ?? '';
      this.to = target.slot?.end ?? '';
      this.slotKind = target.slot?.kind ?? 'session';
      this.label = target.slot?.label ?? '';
    } else {
      this.date = target.day?.date ?? '';
      this.label = target.day?.label ?? '';
    }
  }

  get #board(): Board {
    return this.#store.board!;
  }

  get isNew(): boolean {
    const { target } = this;
    return target.kind === 'room' ? !target.room : target.kind === 'slot' ? !target.slot : !target.day;
  }

  get title(): string {
    const { target } = this;
    if (target.kind === 'room') return target.room ? t('frame.editRoom', { name: target.room.name }) : t('frame.addRoom');
    if (target.kind === 'slot') return target.slot ? t('frame.editSlot', { time: slotRange(target.slot) }) : t('frame.addSlot');
    return target.day ? t('frame.editDay') : t('frame.addDay');
  }

  /** The only room or day of the event: not removable, and the dialog says why. */
  get isLastOfItsKind(): boolean {
    return this.target.kind !== 'slot' && isLastOfItsKind(this.#board, this.target.kind);
  }

  /** The titles of the sessions a removal would send back to the tray, named in the confirmation. */
  get affected(): string[] {
    const { target } = this;
    const board = this.#board;
    const part: FramePart | undefined =
      target.kind === 'room'
        ? target.room && { roomId: target.room.id }
        : target.kind === 'slot'
          ? target.slot && { slotId: target.slot.id }
          : target.day && { dayId: target.day.id };
    if (!part) return [];
    return [...new Set(placementsIn(board, part).map((p) => p.sessionId))].flatMap((id) => findSession(board, id)?.title ?? []);
  }

  /** Adds or changes what the dialog is about; closes it once the server took the change. */
  async save(): Promise<boolean> {
    const { target, from, to, date, label } = this;
    const board = this.#board;
    if (target.kind === 'room') {
      const seats = typeof this.capacity === 'number' && Number.isInteger(this.capacity) && this.capacity > 0 ? this.capacity : null;
      const room = { name: this.name, capacity: seats, projector: this.projector };
      return this.#send(target.room ? this.#store.send('room:update', { roomId: target.room.id, ...room }) : this.#store.send('room:add', room));
    }
    if (target.kind === 'slot') {
      const problem = slotTimeProblem(board, target.dayId, from, to, target.slot?.id);
      if (problem) {
        this.message = problem.kind === 'backwards' ? t('frame.backwards') : t('frame.overlap', { time: `${from}–${to}`, other: slotRange(problem.with) });
        return false;
      }
      const slot = { start: from, end: to, kind: this.slotKind, label };
      return this.#send(
        target.slot ? this.#store.send('slot:update', { slotId: target.slot.id, ...slot }) : this.#store.send('slot:add', { dayId: target.dayId, ...slot }),
      );
    }
    if (dateTaken(board, date, target.day?.id)) {
      this.message = t('frame.dateTaken', { date: i18n.date(date) });
      return false;
    }
    return this.#send(target.day ? this.#store.send('day:update', { dayId: target.day.id, date, label }) : this.#store.send('day:add', { date, label }));
  }

  /** Removes the room, slot or day (its sessions go back to the tray) and closes the dialog. */
  async remove(): Promise<boolean> {
    const { target } = this;
    if (target.kind === 'room' && target.room) return this.#send(this.#store.send('room:remove', { roomId: target.room.id }));
    if (target.kind === 'slot' && target.slot) return this.#send(this.#store.send('slot:remove', { slotId: target.slot.id }));
    if (target.kind === 'day' && target.day) return this.#send(this.#store.send('day:remove', { dayId: target.day.id }));
    return false;
  }

  /** Moves the room one place left (-1) or right (+1) among the columns; the dialog stays open. */
  async move(delta: -1 | 1): Promise<boolean> {
    const { target } = this;
    if (target.kind !== 'room' || !target.room) return false;
    const index = orderedRooms(this.#board).findIndex((r) => r.id === target.room!.id);
    return this.#send(this.#store.send('room:move', { roomId: target.room.id, toIndex: Math.max(0, index + delta) }), false);
  }

  /** Closes the room at a slot, or opens it again; the dialog stays open. */
  async setAvailable(slotId: string, available: boolean): Promise<boolean> {
    const { target } = this;
    if (target.kind !== 'room' || !target.room) return false;
    const cell = { roomId: target.room.id, slotId };
    return this.#send(this.#store.send(available ? 'cell:unblock' : 'cell:block', cell), false);
  }

  async #send(sent: Promise<{ ok: true } | Failed>, close = true): Promise<boolean> {
    const outcome = await sent;
    if (!outcome.ok) {
      this.message = refusalText(outcome);
      return false;
    }
    this.message = '';
    if (close) this.#onclose();
    return true;
  }
}
