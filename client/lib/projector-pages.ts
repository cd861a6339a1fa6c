// The projector shows every title whole at a size the back row can read. When a day does not fit
// on the screen at that size, it is cut into pages (groups of rooms × groups of slots) that the
// projector turns by itself; with many rooms and few slots left, the grid is turned (rooms as
// rows). The type grows until a page fills the screen. This plans the pages from measured text
// widths; pure, so tested.
import { cellsOf, findSession, placementAt, type Board, type Slot } from '../../shared/board.ts';
import { displayParts } from './long-tokens.ts';
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

/**
 * Sizes in units of the type size (em), the same numbers the view's CSS uses: the planner tries
 * several type sizes, and everything scales with it.
 */
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
  /** The height of a break's row, or the width of its column when the grid is turned. */
  breakRow: number;
  /** The header row of a turned grid: the slot's time and the "now" mark above it. */
  timeRow: number;
  /** A turned grid's first column (room names) is at least this wide, and wider for a long word. */
  roomColumn: number;
}

/** Widths of texts at a type size of 1 px (a canvas's measureText divided by its size). */
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
  /** The type sizes (px) that may be used: the back row reads the smallest, the largest fills a screen. */
  sizes: { smallest: number; largest: number };
  /** Words as shown (with soft hyphens in long words); long tokens are kept apart (long-tokens.ts). */
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
  /** The type size (px) the pages are planned for. */
  fontPx: number;
  /** Rooms as rows and slots as columns: with many rooms and few slots left, the titles get the width. */
  turned: boolean;
  /** A turned grid's first column (px), where the room names stand. */
  roomColumn: number;
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

/** One type size worked out: every length in px, every text measured at that size. */
interface Sized {
  request: PageRequest;
  px: ProjectorMetrics;
  lines: (kind: keyof ProjectorFonts, text: string, width: number) => number;
}

function sized(request: PageRequest, size: number): Sized {
  const px = Object.fromEntries(Object.entries(request.metrics).map(([name, em]) => [name, em * size])) as unknown as ProjectorMetrics;
  const lines = (kind: keyof ProjectorFonts, text: string, width: number) =>
    countLines(displayParts(text, request.hyphenate), width, (piece) => request.fonts[kind](piece) * size);
  return { request, px, lines };
}

/** Height of a session's title and host at one text width. */
function contentHeight({ px, lines }: Sized, session: ProjectorSession, textWidth: number): number {
  return 2 * px.cellPaddingY + lines('title', session.title, textWidth) * px.titleLine + px.titleGap + lines('host', session.host, textWidth) * px.hostLine;
}

/** Heights of the header and of every row for one group of rooms at one column width. */
function heightsFor(sizedRequest: Sized, roomIds: readonly string[], columnWidth: number): { header: number; rows: number[] } | undefined {
  const { request, px, lines } = sizedRequest;
  const { rows } = request;
  const textWidth = columnWidth - 2 * px.cellPaddingX;
  if (textWidth <= 0) return undefined;
  let header = 0;
  for (const id of roomIds) {
    const name = request.rooms.find((r) => r.id === id)?.name ?? '';
    header = Math.max(header, lines('room', name, textWidth) * px.roomLine);
  }
  header += 2 * px.cellPaddingY;

  const heights = rows.map((row) => {
    if (row.kind === 'break') return px.breakRow;
    let height = px.titleLine + 2 * px.cellPaddingY;
    for (const id of roomIds) {
      const session = row.sessions.get(id);
      if (session?.rows === 1) height = Math.max(height, contentHeight(sizedRequest, session, textWidth));
    }
    return height;
  });
  // A double session spreads over its two rows: the second grows if the two are too short.
  rows.forEach((row, index) => {
    for (const id of roomIds) {
      const session = row.sessions.get(id);
      if (session?.rows !== 2 || index + 1 >= rows.length) continue;
      const missing = contentHeight(sizedRequest, session, textWidth) - (heights[index]! + px.rowGap + heights[index + 1]!);
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
function groupRows(request: PageRequest, rowGap: number, groups: Array<{ header: number; rows: number[] }>): number[][] | undefined {
  const joined = joinedWithNext(request.rows);
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

/** Rooms as columns, slots as rows (the plan as everyone knows it): the fewest pages at one size. */
function upright(sizedRequest: Sized): ProjectorPage[] | undefined {
  const { request, px } = sizedRequest;
  const { rooms } = request;
  let best: ProjectorPage[] | undefined;
  let lastGroupCount = 0;
  for (let perPage = rooms.length; perPage >= 1; perPage--) {
    const groupCount = Math.ceil(rooms.length / perPage);
    if (groupCount === lastGroupCount) continue;
    lastGroupCount = groupCount;
    const roomGroups = splitEvenly(rooms, groupCount);
    const widest = Math.max(...roomGroups.map((g) => g.length));
    const columnWidth = (request.width - px.timeColumn - (widest + 2) * px.columnGap) / widest;
    const heights = roomGroups.map((group) =>
      heightsFor(
        sizedRequest,
        group.map((r) => r.id),
        columnWidth,
      ),
    );
    if (heights.some((h) => h === undefined)) continue;
    const rowGroups = groupRows(request, px.rowGap, heights as Array<{ header: number; rows: number[] }>);
    if (!rowGroups) continue;
    const pages = rowGroups.flatMap((rows) => roomGroups.map((group) => ({ roomIds: group.map((r) => r.id), rows })));
    if (!best || pages.length < best.length) best = pages;
    // Fewer rooms side by side only pays when it saves pages; one page cannot be beaten.
    if (pages.length === 1) break;
  }
  return best;
}

/**
 * Width of a turned grid's first column: wide enough that every room name takes at most two lines
 * (a row is as tall as its room's name), or at least that its longest word fits; 14 em at most.
 */
function roomColumnWidth(sizedRequest: Sized, size: number): number | undefined {
  const { request, px, lines } = sizedRequest;
  let narrowestWhole: number | undefined;
  for (let width = px.roomColumn; width <= 14 * size; width += 0.5 * size) {
    const counts = request.rooms.map((room) => lines('room', room.name, width - 2 * px.cellPaddingX));
    if (counts.every((count) => count <= 2)) return width;
    if (narrowestWhole === undefined && counts.every(Number.isFinite)) narrowestWhole = width;
  }
  return narrowestWhole;
}

/**
 * Rooms as rows, every slot left a column: with few slots left, each title gets a third or more
 * of the screen's width and the rooms are stacked. Pages hold runs of rooms.
 */
function turned(sizedRequest: Sized, size: number): ProjectorPage[] | undefined {
  const { request, px, lines } = sizedRequest;
  const { rows, rooms } = request;
  const roomColumn = roomColumnWidth(sizedRequest, size);
  const sessionColumns = rows.filter((r) => r.kind === 'session').length;
  if (roomColumn === undefined || sessionColumns === 0) return undefined;
  const breakColumns = rows.length - sessionColumns;
  const columnWidth = (request.width - roomColumn - breakColumns * px.breakRow - (rows.length + 2) * px.columnGap) / sessionColumns;
  // The slot's time must stay on one line above its column.
  if (columnWidth < 6 * size) return undefined;
  const textWidth = columnWidth - 2 * px.cellPaddingX;
  const doubleTextWidth = 2 * columnWidth + px.columnGap - 2 * px.cellPaddingX;
  const heightOf = (room: { id: string; name: string }) => {
    let height = Math.max(px.titleLine + 2 * px.cellPaddingY, lines('room', room.name, roomColumn - 2 * px.cellPaddingX) * px.roomLine + 2 * px.cellPaddingY);
    for (const row of rows) {
      const session = row.sessions.get(room.id);
      if (session) height = Math.max(height, contentHeight(sizedRequest, session, session.rows === 2 ? doubleTextWidth : textWidth));
    }
    return height;
  };
  const heights = new Map(rooms.map((room) => [room.id, heightOf(room)]));
  if ([...heights.values()].some((h) => !Number.isFinite(h))) return undefined;
  const allRows = rows.map((_, i) => i);
  for (let groupCount = 1; groupCount <= rooms.length; groupCount++) {
    const groups = splitEvenly(rooms, groupCount);
    const fits = groups.every(
      (group) => px.timeRow + group.reduce((sum, room) => sum + heights.get(room.id)! + px.rowGap, 0) + 2 * px.rowGap <= request.height,
    );
    if (fits) return groups.map((group) => ({ roomIds: group.map((r) => r.id), rows: allRows }));
  }
  return undefined;
}

function pagesAt(request: PageRequest, size: number, isTurned: boolean): ProjectorPage[] | undefined {
  const sizedRequest = sized(request, size);
  return isTurned ? turned(sizedRequest, size) : upright(sizedRequest);
}

/** Type sizes are tried in steps of this many px. */
const SIZE_STEP = 0.25;

/**
 * The pages with the fewest turns, at the largest type that still needs no more of them (so a
 * page fills the screen). The grid is turned (rooms as rows) only when that saves pages.
 */
export function planPages(request: PageRequest): PagePlan {
  const { rooms, sizes } = request;
  const smallest = sizes.smallest;
  const largest = Math.max(smallest, sizes.largest);
  const allRows = request.rows.map((_, i) => i);
  if (rooms.length === 0) return { pages: [{ roomIds: [], rows: allRows }], fits: true, fontPx: smallest, turned: false, roomColumn: 0 };
  let best: { pages: ProjectorPage[]; size: number; turned: boolean } | undefined;
  for (const isTurned of [false, true]) {
    const atSmallest = pagesAt(request, smallest, isTurned);
    if (!atSmallest || (best && atSmallest.length >= best.pages.length)) continue;
    const count = atSmallest.length;
    // Larger type needs as many pages or more: the largest that needs no more, by halving.
    let found = { pages: atSmallest, size: smallest };
    const atLargest = pagesAt(request, largest, isTurned);
    if (atLargest && atLargest.length <= count) found = { pages: atLargest, size: largest };
    else {
      let low = smallest;
      let high = largest;
      while (high - low > SIZE_STEP) {
        const middle = Math.round(((low + high) / 2) * 4) / 4;
        if (middle <= low || middle >= high) break;
        const pages = pagesAt(request, middle, isTurned);
        if (pages && pages.length <= count) {
          low = middle;
          found = { pages, size: middle };
        } else high = middle;
      }
    }
    best = { ...found, turned: isTurned };
  }
  if (best) {
    const roomColumn = best.turned ? (roomColumnWidth(sized(request, best.size), best.size) ?? 0) : 0;
    return { pages: best.pages, fits: true, fontPx: best.size, turned: best.turned, roomColumn };
  }
  // Nothing fits (a tiny window): one room, one row a page, which is the most room a title gets.
  return {
    pages: allRows.flatMap((row) => rooms.map((room) => ({ roomIds: [room.id], rows: [row] }))),
    fits: false,
    fontPx: smallest,
    turned: false,
    roomColumn: 0,
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
