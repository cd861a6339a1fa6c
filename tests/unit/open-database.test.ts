// Opening the database file and claiming it, in this process (the startup tests see the same
// through a server started as a child process): each way a file can be unusable is one sentence
// that names the file and says what to do.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { claimDatabase, DatabaseUnusableError, openDatabase, unusable } from '../../db/open.ts';
import { tempDir } from '../helpers/server.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A path inside a regular expression, as itself. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function refusal(open: () => unknown): string {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseUnusableError);
    return (error as Error).message;
  }
  throw new Error('opened');
}

describe('openDatabase', () => {
  it('creates the file and its folder, and opens it again', () => {
    const file = path.join(dir, 'new', 'board.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('says a file that is not a database is damaged', () => {
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, 'x'.repeat(5000));
    expect(refusal(() => openDatabase(file))).toBe(
      `The database ${file} is damaged (SQLITE_NOTADB): restore it from a backup or move it away to start with a new one.`,
    );
  });

  it('says a file of a newer Pitchboard is too new, naming it', () => {
    const file = path.join(dir, 'newer.db');
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(refusal(() => openDatabase(file))).toMatch(new RegExp(`^${literally(file)}: .*999.*Update Pitchboard`));
  });

  it('says a folder in the place of the file cannot be written', () => {
    const folder = path.join(dir, 'folder.db');
    mkdirSync(folder);
    expect(refusal(() => openDatabase(folder))).toBe(
      `The database ${folder} cannot be written (SQLITE_CANTOPEN): give this user write access to the file and its folder, or set PITCHBOARD_DB to another path.`,
    );
  });

  it('finds a file damaged inside, though SQLite still opens and writes it', () => {
    const file = path.join(dir, 'damaged.db');
    const db = new Database(file);
    db.exec('CREATE TABLE notes (text TEXT); CREATE INDEX notes_text ON notes (text);');
    const insert = db.prepare('INSERT INTO notes VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`note ${i}`);
    })();
    db.close();
    // Every page after the first two gets an impossible cell count: the b-trees are broken,
    // the header and the schema are whole.
    const bytes = readFileSync(file);
    for (let page = 3; page < bytes.length / 4096; page++) bytes.fill(0xff, page * 4096 + 3, page * 4096 + 5);
    writeFileSync(file, bytes);
    expect(refusal(() => openDatabase(file))).toBe(
      `The database ${file} is damaged (SQLITE_CORRUPT): restore it from a backup or move it away to start with a new one.`,
    );
  });

  it('says what else went wrong when the folder cannot be made', () => {
    writeFileSync(path.join(dir, 'plain'), '');
    const file = path.join(dir, 'plain', 'board.db');
    expect(refusal(() => openDatabase(file))).toMatch(new RegExp(`^The database ${literally(file)} cannot be opened: .+`));
  });
});

describe('claimDatabase', () => {
  it('claims a file, refuses a second claim while the first holder runs, and lets go', () => {
    const file = path.join(dir, 'board.db');
    const lock = claimDatabase(file);
    expect(readFileSync(`${file}.server-pid`, 'utf8')).toBe(String(process.pid));
    // Another running process holds it (our parent stands in for a second server).
    writeFileSync(`${file}.server-pid`, String(process.ppid));
    expect(refusal(() => claimDatabase(file))).toBe(
      `Another Pitchboard (process ${process.ppid}) is already serving the database ${file}: stop it first, or start this one with PITCHBOARD_DB set to another file.`,
    );
    // Released by someone who does not hold it: the file stays.
    lock.release();
    expect(existsSync(`${file}.server-pid`)).toBe(true);
    writeFileSync(`${file}.server-pid`, String(process.pid));
    lock.release();
    expect(existsSync(`${file}.server-pid`)).toBe(false);
    lock.release();
  });

  it('takes over the claim of a process that no longer runs, or a claim that is not a process id', () => {
    const file = path.join(dir, 'board.db');
    for (const stale of ['2147483646', 'kaputt', '0']) {
      writeFileSync(`${file}.server-pid`, stale);
      const lock = claimDatabase(file);
      expect(readFileSync(`${file}.server-pid`, 'utf8')).toBe(String(process.pid));
      lock.release();
    }
  });

  it('claims nothing for a database in memory', () => {
    expect(() => claimDatabase(':memory:').release()).not.toThrow();
    expect(existsSync(path.resolve(':memory:.server-pid'))).toBe(false);
  });

  it("takes over its own process id: a container's server restarted after a crash has the same one", () => {
    const file = path.join(dir, 'board.db');
    writeFileSync(`${file}.server-pid`, String(process.pid));
    claimDatabase(file).release();
    expect(existsSync(`${file}.server-pid`)).toBe(false);
  });

  it('says why a claim beside a file that cannot be a folder fails', () => {
    writeFileSync(path.join(dir, 'plain'), '');
    const file = path.join(dir, 'plain', 'board.db');
    expect(refusal(() => claimDatabase(file))).toMatch(new RegExp(`^The database ${literally(file)} cannot be opened: .*EEXIST`));
  });
});

describe('unusable: the sentence for each reason', () => {
  const file = '/srv/board.db';
  const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });
  it.each(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN'])('%s: cannot be written', (code) => {
    expect(unusable(file, failure(code)).message).toBe(
      `The database ${file} cannot be written (${code}): give this user write access to the file and its folder, or set PITCHBOARD_DB to another path.`,
    );
  });
  it.each(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_IOERR_SHORT_READ'])('%s: damaged', (code) => {
    expect(unusable(file, failure(code)).message).toBe(
      `The database ${file} is damaged (${code}): restore it from a backup or move it away to start with a new one.`,
    );
  });
  it.each(['ENOSPC', 'SQLITE_BUSY', 'XEACCES', 'MY_SQLITE_READONLY', 'NOT_SQLITE_CORRUPT'])('%s: says what went wrong', (code) => {
    expect(unusable(file, failure(code)).message).toBe(`The database ${file} cannot be opened: failed with ${code}`);
  });
  it('says what went wrong without a code, also when it was not an Error', () => {
    expect(unusable(file, new Error('boom')).message).toBe(`The database ${file} cannot be opened: boom`);
    expect(unusable(file, 'plain text').message).toBe(`The database ${file} cannot be opened: plain text`);
  });
});
