// The projector shows every title whole at a size the back row can read. When a day does not fit
// on the screen at that size, it is cut into pages (groups of rooms × groups of slots) that the
// projector turns by itself. This plans the pages from measured text widths; pure, so tested.
import { cellsOf, findSession, placementAt, type Board, type Slot } from '../../shared/board.ts';
import { countLines, type MeasureWidth } from './text-lines.ts';

export interface ProjectorSession {
  sessionId: string;
  title: string;
  host: string;
  /** 2 for a double session that also takes the row below. */
  rows: 1 | 2;
}

export interface ProjectorRow {
  slotId: string;
  kind: 'session' | 'break';
  /** The sessions starting in this row, by room id. A double session's second row has none there. */
  sessions: ReadonlyMap<string, ProjectorSession>;
}

/** Sizes in px, the same numbers the view's CSS uses. */
export interface ProjectorMetrics {
  titleLine: number;
  hostLine: number;
  roomLine: number;
  /** Space between a title and its host line. */
  titleGap: number;
  cellPaddingX: number;
  cellPaddingY: number;
  columnGap: number;
  rowGap: number;
  timeColumn: number;
  breakRow: number;
}

export interface ProjectorFonts {
  title: MeasureWidth;
  host: MeasureWidth;
  room: MeasureWidth;
}

export interface PageRequest {
  /** The box the grid may fill. */
  width: number;
  height: number;
  rooms: ReadonlyArray<{ id: string; name: string }>;
  rows: readonly ProjectorRow[];
  fonts: ProjectorFonts;
  metrics: ProjectorMetrics;
  /** The text as shown (with soft hyphens in long words). */
  hyphenate: (text: string) => string;
}

export interface ProjectorPage {
  roomIds: string[];
  /** Indexes into the request's rows. */
  rows: number[];
}

export interface PagePlan {
  pages: ProjectorPage[];
  /** False when even one room and one slot a page does not fit: the best that could be done. */
  fits: boolean;
}

/** Rooms split into `groups` runs of nearly equal size, in order. */
export function splitEvenly<T>(items: readonly T[], groups: number): T[][] {
  const result: T[][] = [];
  let start = 0;
  for (let g = 0; g < groups; g++) {
    const size = Math.floor(items.length / groups) + (g < items.length % groups ? 1 : 0);
    result.push(items.slice(start, start + size));
    start += size;
  }
  return result;
}

/** Heights of the header and of every row for one group of rooms at one column width. */
function heightsFor(request: PageRequest, roomIds: readonly string[], columnWidth: number): { header: number; rows: number[] } | undefined {
  const { fonts, metrics, rows, hyphenate } = request;
  const textWidth = columnWidth - 2 * metrics.cellPaddingX;
  if (textWidth <= 0) return undefined;
  let header = 0;
  for (const id of roomIds) {
    const name = request.rooms.find((r) => r.id === id)?.name ?? '';
    header = Math.max(header, countLines(hyphenate(name), textWidth, fonts.room) * metrics.roomLine);
  }
  header += 2 * metrics.cellPaddingY;
  const contentHeight = (session: ProjectorSession) =>
    2 * metrics.cellPaddingY +
    countLines(hyphenate(session.title), textWidth, fonts.title) * metrics.titleLine +
    metrics.titleGap +
    countLines(hyphenate(session.host), textWidth, fonts.host) * metrics.hostLine;

  const heights = rows.map((row) => {
    if (row.kind === 'break') return metrics.breakRow;
    let height = metrics.titleLine + 2 * metrics.cellPaddingY;
    for (const id of roomIds) {
      const session = row.sessions.get(id);
      if (session?.rows === 1) height = Math.max(height, contentHeight(session));
    }
    return height;
  });
  // A double session spreads over its two rows: the second grows if the two are too short.
  rows.forEach((row, index) => {
    for (const id of roomIds) {
      const session = row.sessions.get(id);
      if (session?.rows !== 2 || index + 1 >= rows.length) continue;
      const missing = contentHeight(session) - (heights[index]! + metrics.rowGap + heights[index + 1]!);
      if (missing > 0) heights[index + 1]! += missing;
    }
  });
  if (!Number.isFinite(header) || heights.some((h) => !Number.isFinite(h))) return undefined;
  return { header, rows: heights };
}

/** Rows that must stay on one page with the row after them (a double session spans both). */
function joinedWithNext(rows: readonly ProjectorRow[]): boolean[] {
  return rows.map((row, index) => index + 1 < rows.length && [...row.sessions.values()].some((s) => s.rows === 2));
}

/**
 * Groups of consecutive rows that fit under the header in every room group, or undefined when a
 * row (or a pair held together by a double session) is too tall even alone.
 */
function groupRows(request: PageRequest, groups: Array<{ header: number; rows: number[] }>): number[][] | undefined {
  const joined = joinedWithNext(request.rows);
  const { rowGap } = request.metrics;
  // Blocks of rows that cannot be separated.
  const blocks: number[][] = [];
  request.rows.forEach((_, index) => {
    if (index > 0 && joined[index - 1]) blocks.at(-1)!.push(index);
    else blocks.push([index]);
  });
  const fits = (rowIndexes: number[]) =>
    groups.every((g) => g.header + rowIndexes.reduce((sum, i) => sum + g.rows[i]! + rowGap, 0) + 2 * rowGap <= request.height);
  const result: number[][] = [];
  let current: number[] = [];
  for (const block of blocks) {
    if (fits([...current, ...block])) {
      current.push(...block);
      continue;
    }
    if (current.length === 0 || !fits(block)) return undefined;
    result.push(current);
    current = [...block];
  }
  if (current.length) result.push(current);
  return result;
}

export function planPages(request: PageRequest): PagePlan {
  const { rooms, metrics } = request;
  const allRows = request.rows.map((_, i) => i);
  if (rooms.length === 0) return { pages: [{ roomIds: [], rows: allRows }], fits: true };
  let best: { pages: ProjectorPage[]; perPage: number } | undefined;
  let lastGroupCount = 0;
  for (let perPage = rooms.length; perPage >= 1; perPage--) {
    const groupCount = Math.ceil(rooms.length / perPage);
    if (groupCount === lastGroupCount) continue;
    lastGroupCount = groupCount;
    const roomGroups = splitEvenly(rooms, groupCount);
    const widest = Math.max(...roomGroups.map((g) => g.length));
    const columnWidth = (request.width - metrics.timeColumn - (widest + 1) * metrics.columnGap) / widest;
    const heights = roomGroups.map((group) =>
      heightsFor(
        request,
        group.map((r) => r.id),
        columnWidth,
      ),
    );
    if (heights.some((h) => h === undefined)) continue;
    const rowGroups = groupRows(request, heights as Array<{ header: number; rows: number[] }>);
    if (!rowGroups) continue;
    const pages = rowGroups.flatMap((rows) => roomGroups.map((group) => ({ roomIds: group.map((r) => r.id), rows })));
    if (!best || pages.length < best.pages.length) best = { pages, perPage };
    // Fewer rooms side by side only pays when it saves pages; one page cannot be beaten.
    if (pages.length === 1) break;
  }
  if (best) return { pages: best.pages, fits: true };
  // Nothing fits (a tiny window): one room, one row a page, which is the most room a title gets.
  return {
    pages: allRows.flatMap((row) => rooms.map((room) => ({ roomIds: [room.id], rows: [row] }))),
    fits: false,
  };
}

/**
 * The rows the projector shows for `slots` (in time order): each session once, at the first of
 * its cells that is shown; a double session whose both slots are shown spans two rows.
 */
export function projectorRows(board: Board, slots: readonly Slot[]): ProjectorRow[] {
  const shown = new Set(slots.map((s) => s.id));
  return slots.map((slot, index) => {
    const sessions = new Map<string, ProjectorSession>();
    if (slot.kind === 'session') {
      for (const room of board.rooms) {
        const placement = placementAt(board, { roomId: room.id, slotId: slot.id });
        const session = placement && findSession(board, placement.sessionId);
        if (!session || session.status !== 'pitched') continue;
        const cells = cellsOf(board, session.id);
        const firstShown = cells.find((c) => shown.has(c.slotId));
        if (firstShown?.slotId !== slot.id) continue;
        const spansNext = cells.some((c) => c.slotId === slots[index + 1]?.id);
        sessions.set(room.id, { sessionId: session.id, title: session.title, host: session.host, rows: spansNext ? 2 : 1 });
      }
    }
    return { slotId: slot.id, kind: slot.kind, sessions };
  });
}
