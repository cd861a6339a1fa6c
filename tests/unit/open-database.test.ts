// Opening the database file and claiming it, in this process (the startup tests see the same
// through a server started as a child process): each way a file can be unusable is one sentence
// that names the file and says what to do.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { claimDatabase, claimFileOf, DatabaseUnusableError, openDatabase, unusable } from '../../db/open.ts';
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
    // The first start made the file, so that its claim has an inode to be named after.
    expect(existsSync(file)).toBe(true);
    const claim = claimFileOf(file);
    const { dev, ino } = statSync(file);
    expect(claim).toBe(path.join(dir, `pitchboard-${dev}-${ino}.server-pid`));
    expect(readFileSync(claim, 'utf8')).toBe(String(process.pid));
    // Another running process holds it (our parent stands in for a second server).
    writeFileSync(claim, String(process.ppid));
    expect(refusal(() => claimDatabase(file))).toBe(
      `Another Pitchboard (process ${process.ppid}) is already serving the database ${file}: stop it first, or start this one with PITCHBOARD_DB set to another file.`,
    );
    // Released by someone who does not hold it: the file stays.
    lock.release();
    expect(existsSync(claim)).toBe(true);
    writeFileSync(claim, String(process.pid));
    lock.release();
    expect(existsSync(claim)).toBe(false);
    lock.release();
  });

  it('follows the file, not its name: a symlink to a claimed file, or to its folder, is refused', () => {
    const file = path.join(dir, 'board.db');
    openDatabase(file).close();
    const lock = claimDatabase(file);
    writeFileSync(claimFileOf(file), String(process.ppid));
    const link = path.join(dir, 'link.db');
    symlinkSync(file, link);
    expect(refusal(() => claimDatabase(link))).toBe(
      `Another Pitchboard (process ${process.ppid}) is already serving the database ${link} (the file ${file}): stop it first, or start this one with PITCHBOARD_DB set to another file.`,
    );
    const folderLink = path.join(dir, 'elsewhere');
    symlinkSync(dir, folderLink);
    expect(refusal(() => claimDatabase(path.join(folderLink, 'board.db')))).toMatch(/^Another Pitchboard \(process \d+\) is already serving the database /);
    writeFileSync(claimFileOf(file), String(process.pid));
    lock.release();
  });

  it('refuses a file with a second name (a hard link), wherever that lies, with or without a server on it', () => {
    const file = path.join(dir, 'board.db');
    openDatabase(file).close();
    mkdirSync(path.join(dir, 'other'));
    const link = path.join(dir, 'other', 'copy.db');
    linkSync(file, link);
    const sentence = (named: string) =>
      `The database ${named} has 2 names (hard links), and SQLite under another name would keep another journal and can damage it: remove the other links (find / -xdev -samefile ${named}) and start again.`;
    expect(refusal(() => claimDatabase(link))).toBe(sentence(link));
    expect(refusal(() => claimDatabase(file))).toBe(sentence(file));
    // Nothing was claimed by the refusals; with the link gone the file is served.
    rmSync(link);
    expect(existsSync(claimFileOf(file))).toBe(false);
    claimDatabase(file).release();
  });

  it('on a first start through a symlink whose file is not there yet, makes the file and claims it', () => {
    const target = path.join(dir, 'real.db');
    const link = path.join(dir, 'link.db');
    symlinkSync(target, link);
    const lock = claimDatabase(link);
    expect(readFileSync(claimFileOf(target), 'utf8')).toBe(String(process.pid));
    // The second way to the same new file finds the claim.
    writeFileSync(claimFileOf(target), String(process.ppid));
    expect(refusal(() => claimDatabase(target))).toMatch(/is already serving the database /);
    writeFileSync(claimFileOf(target), String(process.pid));
    lock.release();
    openDatabase(link).close();
    expect(statSync(target).size).toBeGreaterThan(0);
  });

  it('takes over the claim of a process that no longer runs, or a claim that is not a process id', () => {
    const file = path.join(dir, 'board.db');
    writeFileSync(file, '');
    for (const stale of ['2147483646', 'kaputt', '0']) {
      writeFileSync(claimFileOf(file), stale);
      const lock = claimDatabase(file);
      expect(readFileSync(claimFileOf(file), 'utf8')).toBe(String(process.pid));
      lock.release();
    }
  });

  it('claims nothing for a database in memory', () => {
    expect(() => claimDatabase(':memory:').release()).not.toThrow();
    expect(readdirSync(process.cwd()).filter((name) => name.endsWith('.server-pid'))).toEqual([]);
  });

  it("takes over its own process id: a container's server restarted after a crash has the same one", () => {
    const file = path.join(dir, 'board.db');
    writeFileSync(file, '');
    writeFileSync(claimFileOf(file), String(process.pid));
    claimDatabase(file).release();
    expect(existsSync(claimFileOf(file))).toBe(false);
  });

  it('says why a claim beside a file that cannot be a folder fails, and a folder in the place of the file', () => {
    writeFileSync(path.join(dir, 'plain'), '');
    const file = path.join(dir, 'plain', 'board.db');
    expect(refusal(() => claimDatabase(file))).toMatch(new RegExp(`^The database ${literally(file)} cannot be opened: .*EEXIST`));
    const folder = path.join(dir, 'folder.db');
    mkdirSync(folder);
    expect(refusal(() => claimDatabase(folder))).toBe(`The database ${folder} is a folder: set PITCHBOARD_DB to the path of a file (made at the first start).`);
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
