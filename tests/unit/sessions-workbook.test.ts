// The sessions as a workbook (sessionsWorkbook in server/plan-files.ts), read back with exceljs:
// the nastiest texts the one check accepts stay the strings they are, and a workbook of a big
// camp keeps every session.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { importEvent } from '../../server/create-event.ts';
import { sessionsWorkbook } from '../../server/plan-files.ts';
import { CommandWriter } from '../../server/writer.ts';
import type { Board } from '../../shared/board.ts';
import { sessionSheets } from '../../shared/session-sheet.ts';
import { nastyCamp } from '../fixtures/nasty-camp.ts';

const NOW = new Date('2026-03-01T09:00:00Z');

async function readBack(board: Board, language: 'de' | 'en'): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // As the bytes arrive over HTTP.
  await book.xlsx.load(Uint8Array.from(await sessionsWorkbook(board, language)).buffer);
  return book;
}

describe('the workbook', () => {
  it('keeps the nastiest accepted texts as the strings they are, never a formula, on sheets named as the table says', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    const { slug } = await importEvent(store, nastyCamp(NOW), {}, NOW);
    const board = (await new CommandWriter(store, () => NOW).snapshot((await store.findEvent(slug))!.id)).board;
    for (const language of ['de', 'en'] as const) {
      const book = await readBack(board, language);
      const sheets = sessionSheets(board, language);
      expect(book.worksheets.map((sheet) => sheet.name)).toEqual(sheets.map((sheet) => sheet.name));
      const all = book.worksheets[0]!;
      const titles = sheets[0]!.rows.map((_, index) => all.getCell(index + 2, 1));
      expect(titles.map((cell) => cell.value)).toEqual(sheets[0]!.rows.map((row) => row.values.title));
      const descriptions = sheets[0]!.rows.map((_, index) => all.getCell(index + 2, 11).value ?? '');
      // Line breaks as a cell has them: a line feed.
      expect(descriptions).toEqual(sheets[0]!.rows.map((row) => row.values.description.replace(/\r\n/g, '\n')));
      for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
    }
  });

  it('writes a title that looks like a formula as a string cell', async () => {
    const store = new SqliteStore(openDatabase(':memory:'));
    const camp = nastyCamp(NOW);
    camp.sessions[0]!.title = '=HYPERLINK("http://evil.example","Klick")';
    camp.sessions[1]!.title = '+SUM(1;2)';
    const { slug } = await importEvent(store, camp, {}, NOW);
    const board = (await new CommandWriter(store, () => NOW).snapshot((await store.findEvent(slug))!.id)).board;
    const all = (await readBack(board, 'de')).worksheets[0]!;
    const cells: ExcelJS.Cell[] = [];
    all.eachRow((row) => cells.push(row.getCell(1)));
    const formulaLike = cells.filter((cell) => String(cell.value).startsWith('=') || String(cell.value).startsWith('+'));
    expect(formulaLike.map((cell) => [cell.value, cell.type, cell.formula])).toEqual(
      expect.arrayContaining([
        ['=HYPERLINK("http://evil.example","Klick")', ExcelJS.ValueType.String, undefined],
        ['+SUM(1;2)', ExcelJS.ValueType.String, undefined],
      ]),
    );
  });
});
