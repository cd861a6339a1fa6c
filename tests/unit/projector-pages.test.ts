import { describe, expect, it } from 'vitest';
import { planPages, projectorRows, splitEvenly, type PageRequest, type ProjectorRow, type ProjectorSession } from '../../client/lib/projector-pages.ts';
import { countLines } from '../../client/lib/text-lines.ts';
import { displayParts, isLongToken, splitLongTokens } from '../../client/lib/long-tokens.ts';
import { session as sampleSession, sampleBoard } from '../fixtures/board.ts';

/** Every character 10 px wide: easy to count by hand. */
const mono = (text: string) => text.length * 10;
const SHY = '\u00AD';

describe('countLines', () => {
  it('breaks at spaces like a browser, trailing spaces hanging', () => {
    expect(countLines('Open Data im Rathaus', 200, mono)).toBe(1);
    expect(countLines('Open Data im Rathaus', 120, mono)).toBe(2);
    expect(countLines('Open Data im Rathaus', 70, mono)).toBe(3);
  });
  it('breaks after a hyphen and at soft hyphens, adding the visible hyphen there', () => {
    expect(countLines('KI-Werkzeuge', 90, mono)).toBe(2);
    expect(countLines('KI-Werkzeuge', 120, mono)).toBe(1);
    expect(countLines(`Da${SHY}ten${SHY}schutz`, 60, mono)).toBe(2); // "Daten-", "schutz"
    expect(countLines(`Ab${SHY}cd`, 40, mono)).toBe(1);
    expect(countLines(`Ab${SHY}cd`, 30, mono)).toBe(2); // "Ab-", "cd"
    // A line ending at a soft hyphen shows the hyphen, so "Abc-" needs 40 px.
    expect(countLines(`Abc${SHY}de`, 30, mono)).toBe(Number.POSITIVE_INFINITY);
  });
  it('is Infinity when a word without break points is wider than the column', () => {
    expect(countLines('Verwaltungsdigitalisierung', 100, mono)).toBe(Number.POSITIVE_INFINITY);
    expect(countLines('', 100, mono)).toBe(0);
  });
});

describe('splitEvenly', () => {
  it('cuts into runs that differ by at most one, in order', () => {
    expect(splitEvenly([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(splitEvenly([1, 2], 1)).toEqual([[1, 2]]);
  });
});

/** At a type size of 10 px (the sizes below), in px: the metrics are in units of the type size. */
const PX = {
  titleLine: 20,
  hostLine: 15,
  roomLine: 20,
  titleGap: 0,
  cellPaddingX: 5,
  cellPaddingY: 5,
  columnGap: 0,
  rowGap: 0,
  timeColumn: 50,
  breakRow: 30,
  timeRow: 20,
  roomColumn: 70,
};
const metrics = Object.fromEntries(Object.entries(PX).map(([name, px]) => [name, px / 10])) as typeof PX;
/** Every character 1 px wide at a type size of 1 px: 10 px at the tests' 10 px. */
const monoAt1px = (text: string) => text.length;
const TEN_PX = { smallest: 10, largest: 10 };

function request(overrides: Partial<PageRequest> & Pick<PageRequest, 'width' | 'height'>): PageRequest {
  const rooms = ['A', 'B', 'C', 'D'].map((id) => ({ id, name: `Raum ${id}` }));
  const one = (title: string): ProjectorSession => ({ sessionId: title, title, host: 'Ada', rows: 1 });
  const rows: ProjectorRow[] = [
    { slotId: 't1', kind: 'session', sessions: new Map(rooms.map((r) => [r.id, one(`Titel ${r.id}1`)])) },
    { slotId: 't2', kind: 'session', sessions: new Map(rooms.map((r) => [r.id, one(`Titel ${r.id}2`)])) },
    { slotId: 'lunch', kind: 'break', sessions: new Map() },
    { slotId: 't3', kind: 'session', sessions: new Map(rooms.map((r) => [r.id, one(`Titel ${r.id}3`)])) },
  ];
  return { rooms, rows, metrics, sizes: TEN_PX, fonts: { title: monoAt1px, host: monoAt1px, room: monoAt1px }, hyphenate: (t) => t, ...overrides };
}

describe('planPages', () => {
  it('shows everything on one page when it fits', () => {
    // 4 columns of 100 px: "Titel A1" is 80 px; each row 10 + 20 + 15 = 45; header 30.
    const plan = planPages(request({ width: 450, height: 400 }));
    expect(plan).toEqual({ pages: [{ roomIds: ['A', 'B', 'C', 'D'], rows: [0, 1, 2, 3] }], fits: true, fontPx: 10, turned: false, roomColumn: 0 });
  });
  it('puts fewer rooms side by side when titles would not fit the columns', () => {
    // 4 columns would be 50 px, narrower than "Titel" + room names: two rooms a page.
    const plan = planPages(request({ width: 250, height: 400 }));
    expect(plan.pages.map((p) => p.roomIds)).toEqual([
      ['A', 'B'],
      ['C', 'D'],
    ]);
    expect(plan.pages.every((p) => p.rows.length === 4)).toBe(true);
  });
  it('pages by slots when the day is too tall, in time order, every room on every page', () => {
    const plan = planPages(request({ width: 450, height: 140 }));
    expect(plan.fits).toBe(true);
    expect(plan.pages.map((p) => p.rows)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(plan.pages.every((p) => p.roomIds.length === 4)).toBe(true);
  });
  it('keeps both rows of a double session on one page', () => {
    const base = request({ width: 450, height: 140 });
    const rows = base.rows.map((row) => ({ ...row, sessions: new Map(row.sessions) }));
    rows[1]!.sessions.set('A', { sessionId: 'x', title: 'Doppelt', host: 'Bo', rows: 2 });
    rows[2] = { slotId: 't2b', kind: 'session', sessions: new Map() };
    const plan = planPages({ ...base, rows });
    expect(plan.pages.some((p) => p.rows.includes(1) && p.rows.includes(2))).toBe(true);
  });
  it('says when nothing fits, and still offers one room and one slot a page', () => {
    const plan = planPages(request({ width: 60, height: 400 }));
    expect(plan.fits).toBe(false);
    expect(plan.pages).toHaveLength(16);
  });
});

describe('projectorRows', () => {
  it('lists each session once, a double one spanning two shown rows, and shows its second half alone once the first is past', () => {
    const board = sampleBoard();
    board.slots.push({ id: 't1b', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' });
    board.sessions.push(sampleSession('s9', { status: 'withdrawn' }));
    board.placements = [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's1', roomId: 'rA', slotId: 't1b' },
      { sessionId: 's2', roomId: 'rB', slotId: 't1b' },
      { sessionId: 's9', roomId: 'rB', slotId: 't1' },
    ];
    const slot = (id: string) => board.slots.find((s) => s.id === id)!;
    const all = projectorRows(board, [slot('t1'), slot('t1b'), slot('tL'), slot('t2')]);
    expect(all.map((row) => [...row.sessions].map(([room, s]) => `${room}:${s.sessionId}:${s.rows}`))).toEqual([['rA:s1:2'], ['rB:s2:1'], [], []]);
    const later = projectorRows(board, [slot('t1b'), slot('tL'), slot('t2')]);
    expect([...later[0]!.sessions.keys()]).toEqual(['rA', 'rB']);
    expect(later[0]!.sessions.get('rA')!.rows).toBe(1);
  });
});

describe('long tokens (addresses, e-mail addresses, hashtag chains)', () => {
  it('are told apart from words, long compounds and punctuation included', () => {
    expect(splitLongTokens('Barrierefreie Formulare https://www.example.org/a-b')).toEqual([
      { text: 'Barrierefreie Formulare ', anywhere: false },
      { text: 'https://www.example.org/a-b', anywhere: true },
    ]);
    expect(splitLongTokens('Fragen an info@verein-ruhr.de bitte').map((p) => p.anywhere)).toEqual([false, true, false]);
    expect(isLongToken('#barcamp#ruhr#2026')).toBe(true);
    for (const word of ['Datenschutzgrundverordnung', 'Selbstorganisation:', '(Erfahrungsaustausch)', 'Barcamp-Moderation', 'z.B.', 'Web3.0-Anwendungen']) {
      expect(isLongToken(word), word).toBe(false);
    }
  });
  it('break after any character when counting lines, words still only at their break points', () => {
    const url = displayParts('Mehr: https://example.org/abcdefghij', (t) => t);
    // "Mehr: " on the first line (60 px), then the address in pieces of at most 10 characters.
    expect(countLines(url, 100, mono)).toBe(4);
    expect(countLines('Mehr: https://example.org/abcdefghij', 100, mono)).toBe(Number.POSITIVE_INFINITY);
  });
  it('never cost a page: a title with an address needs the same pages as without it', () => {
    const base = request({ width: 450, height: 400 });
    const rows = base.rows.map((row) => ({ ...row, sessions: new Map(row.sessions) }));
    rows[0]!.sessions.set('A', { sessionId: 'u', title: 'Formulare https://www.example.org/barrierefreiheit', host: 'Ada', rows: 1 });
    expect(planPages({ ...base, rows }).pages).toEqual(planPages(base).pages);
  });
});

describe('planPages with type that may grow, and a grid that may turn', () => {
  const twelveRooms = (titleOf: (room: number, slot: number) => string, slots: number): Pick<PageRequest, 'rooms' | 'rows'> => {
    const rooms = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, name: `Raum ${i}` }));
    const rows: ProjectorRow[] = Array.from({ length: slots }, (_, slot) => ({
      slotId: `t${slot}`,
      kind: 'session',
      sessions: new Map(rooms.map((room, index) => [room.id, { sessionId: `${room.id}${slot}`, title: titleOf(index, slot), host: 'Ada', rows: 1 }])),
    }));
    return { rooms, rows };
  };

  it('takes the largest type that needs no more pages, so that a page fills the screen', () => {
    const plan = planPages(request({ width: 450, height: 400, sizes: { smallest: 10, largest: 30 } }));
    expect(plan.pages).toHaveLength(1);
    expect(plan.fontPx).toBeGreaterThan(10);
    // One step larger would need another page.
    const larger = planPages(request({ width: 450, height: 400, sizes: { smallest: plan.fontPx + 0.5, largest: plan.fontPx + 0.5 } }));
    expect(larger.pages.length).toBeGreaterThan(1);
  });

  it('turns the grid (rooms as rows) when few slots are left and that saves pages: 12 rooms on one page', () => {
    // 12 columns of a 1000 px box leave 10-character columns; 2 slots as columns leave room for the titles.
    const plan = planPages({ ...request({ width: 1000, height: 700 }), ...twelveRooms(() => 'Offene Daten im Rathaus', 2) });
    expect(plan.turned).toBe(true);
    expect(plan.pages).toHaveLength(1);
    expect(plan.pages[0]!.roomIds).toHaveLength(12);
    expect(plan.roomColumn).toBeGreaterThanOrEqual(70);
  });

  it('puts more rooms on a page when fewer rows are left', () => {
    // Three lines in a sixth of the width, one line in half of it.
    const title = () => 'Werkstatt Werkstatt Werkstatt';
    const morning = planPages({ ...request({ width: 1000, height: 700 }), ...twelveRooms(title, 6) });
    const afternoon = planPages({ ...request({ width: 1000, height: 700 }), ...twelveRooms(title, 2) });
    const roomsPerPage = (plan: typeof morning) => Math.max(...plan.pages.map((p) => p.roomIds.length));
    expect(roomsPerPage(afternoon)).toBeGreaterThan(roomsPerPage(morning));
  });

  it('keeps the plan upright when turning saves no page', () => {
    expect(planPages(request({ width: 450, height: 400 })).turned).toBe(false);
  });
});
