// GET /api/events/:slug/board: how a screen gets a whole board. A big camp's board is megabytes
// of JSON; made and compressed once per version, the same bytes go to every screen that asks,
// whatever encoding it takes. A client that does not read its answer then holds no copy of its own
// (the socket keeps a reference to the shared buffer), and one that has the version gets a 304.
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';

export type BoardEncoding = 'br' | 'gzip' | 'identity';
/** In order of preference: brotli is the smaller, gzip what every client takes. */
const ENCODINGS: BoardEncoding[] = ['br', 'gzip', 'identity'];

const compressors: Record<Exclude<BoardEncoding, 'identity'>, (text: Buffer) => Promise<Buffer>> = {
  // Quality 5 of 11: nearly the size of the best, in a fraction of the time (a 4 MB board in ~60 ms).
  br: (text) => promisify(brotliCompress)(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } }),
  gzip: (text) => promisify(gzip)(text, { level: 6 }),
};

/** The encoding to answer with for an Accept-Encoding header (none or unknown: as it is). */
export function boardEncodingFor(acceptEncoding: string | undefined): BoardEncoding {
  return (acceptEncoding && negotiate(acceptEncoding, ENCODINGS)) || 'identity';
}

/**
 * The entity tag of what an event's board at a version makes (the board, a feed, a schedule):
 * what a client sends back in If-None-Match. Never a hash of the body: a calendar's DTSTAMP makes
 * every body new. `more` names what else an answer holds that makes no version (a phone's stars,
 * the phones' taps in a spreadsheet).
 */
export const boardTag = (eventId: number, version: number, more?: string): string => `"${eventId}-${version}${more ? `-${more}` : ''}"`;

/** Whether an If-None-Match header names the tag (weakly compared, as RFC 9110 13.1.2 says), or is "*". */
export function tagMatches(ifNoneMatch: string | undefined, tag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((given) => given.trim().replace(/^W\//, '') === tag);
}

interface Kept {
  /** What the bodies were made for: the writer's edition of the board (see CommandWriter.boardAnswer). */
  edition: object;
  bodies: Map<BoardEncoding, Promise<Buffer>>;
  bytes: number;
}

export class BoardAnswers {
  /** Per event, the newest edition asked for; least recently asked first (a Map keeps insertion order). */
  readonly #kept = new Map<number, Kept>();
  readonly #maxBytes: number;
  #bytes = 0;

  /** `maxBytes`: what all kept answers may hold together; past it the least recently asked go. */
  constructor(maxBytes = 32 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  /** The answer's bytes in `encoding`, made once for this edition of the event's board (`json` is asked for only then). */
  body(eventId: number, edition: object, encoding: BoardEncoding, json: () => string): Promise<Buffer> {
    let kept = this.#kept.get(eventId);
    if (kept?.edition !== edition) {
      this.#drop(eventId);
      kept = { edition, bodies: new Map(), bytes: 0 };
    }
    // Least recently asked last.
    this.#kept.delete(eventId);
    this.#kept.set(eventId, kept);
    const ready = kept.bodies.get(encoding);
    if (ready) return ready;
    const entry = kept;
    const remember = (which: BoardEncoding, body: Promise<Buffer>) => {
      entry.bodies.set(which, body);
      void body.then(
        (bytes) => this.#count(eventId, entry, bytes.length),
        // Compressing a buffer does not fail; should it, the next ask makes it again.
        () => entry.bodies.delete(which),
      );
      return body;
    };
    const plain = kept.bodies.get('identity') ?? remember('identity', Promise.resolve(Buffer.from(json())));
    return encoding === 'identity' ? plain : remember(encoding, plain.then(compressors[encoding]));
  }

  /** How many bytes the kept answers hold. */
  get bytes(): number {
    return this.#bytes;
  }

  #count(eventId: number, entry: Kept, bytes: number): void {
    if (this.#kept.get(eventId) !== entry) return;
    entry.bytes += bytes;
    this.#bytes += bytes;
    for (const oldest of this.#kept.keys()) {
      if (this.#bytes <= this.#maxBytes || oldest === eventId) break;
      this.#drop(oldest);
    }
  }

  #drop(eventId: number): void {
    const kept = this.#kept.get(eventId);
    if (!kept) return;
    this.#bytes -= kept.bytes;
    this.#kept.delete(eventId);
  }
}
