import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { STREAMED, type StreamedList } from '../common/streamed-list.js';

/**
 * Reads a state file (`{vendor: dump}`) without holding it whole: one pass over its bytes, a few
 * megabytes at a time, finds where each element of the lists the vendors stream (GroundWork's
 * `hosts`) begins and ends; everything else (the skeleton, those lists left empty) is parsed at
 * once with JSON.parse, and each streamed list becomes a StreamedList that reads and parses its
 * elements in batches of 60 KiB while the vendor's loader walks it.
 *
 * Why not a streaming JSON parser library: @streamparser/json, the best kept of them, took 7.4 s of
 * CPU to hand out the 100,000 hosts of a 300 MB estate on the bench machine, where this pass plus
 * JSON.parse of the elements take under 2 s. Only structure is tracked here (strings, brackets,
 * commas at the list's level); every value is still parsed, and its syntax checked, by JSON.parse.
 */

/** Bytes read at a time, and parsed at a time from a streamed list (tests make them small). */
export interface ReadSizes {
  chunkBytes: number;
  batchBytes: number;
}

/**
 * V8 keeps an object over 128 KiB (its kMaxRegularHeapObjectSize) in a space of its own, one
 * mapping each: decoding 256 KiB batches cost 1.5 s of CPU per 256 MB of text, batches under
 * 128 KiB 20 to 40 ms (Buffer#toString in a loop, Node 20). A batch is decoded with its brackets,
 * and as two bytes a character when it is not all Latin-1, so it stays under the limit at 60 KiB.
 * (Batches of 1 MiB also made Node's decoded text external strings, in malloc'd memory: +50 MB of
 * peak RSS at 100,000 hosts.)
 */
export const LARGE_OBJECT_BYTES = 1 << 17;

export const DEFAULT_READ_SIZES: ReadSizes = { chunkBytes: 8 << 20, batchBytes: 60 << 10 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export interface ReadState {
  /** The parsed file, each streamed list in place (a StreamedList). */
  value: unknown;
  /** Closes the file; the streamed lists cannot be iterated after. */
  close(): void;
}

interface ListAt {
  vendor: string;
  key: string;
  starts: number[];
  ends: number[];
  batchBytes: number;
}

/** `streamed(vendor)` names the lists of a vendor's dump to stream; anything else is parsed whole. */
export function readStateFile(
  path: string,
  streamed: (vendor: string) => readonly string[],
  sizes: ReadSizes = DEFAULT_READ_SIZES,
): ReadState {
  const fd = openSync(path, 'r');
  try {
    const { skeleton, lists } = scan(fd, streamed, sizes);
    const value: unknown = JSON.parse(skeleton);
    for (const list of lists) {
      const dump = (value as Record<string, Record<string, unknown> | undefined> | null)?.[list.vendor];
      if (dump && Array.isArray(dump[list.key])) dump[list.key] = new FileList(fd, list);
    }
    return { value, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A failure to read the file's structure, spelled as JSON.parse spells its own. */
class JsonSyntaxError extends SyntaxError {}

/**
 * The pass over the bytes. Depth 1 is the root object (keys: vendors), depth 2 a vendor's dump
 * (keys: its lists); an array opened at depth 2 under a streamed key is skipped in the skeleton,
 * its elements' byte ranges kept instead.
 */
function scan(
  fd: number,
  streamed: (vendor: string) => readonly string[],
  { chunkBytes, batchBytes }: ReadSizes,
): { skeleton: string; lists: ListAt[] } {
  const buf = Buffer.allocUnsafe(chunkBytes);
  const skeleton: Buffer[] = [];
  const lists: ListAt[] = [];
  /** Open containers, innermost last: true for an object. */
  const objects: boolean[] = [];
  /** Keys at depth 1 and 2 (vendor, list); a key is the first string after `{` or `,` in an object. */
  const keys: string[] = ['', ''];
  let expectKey = false;
  let inString = false;
  /** Bytes of a key at depth ≤ 2 being read (it may span chunks). */
  let keyBytes: Buffer[] | undefined;
  let keyFrom = 0;
  let list: ListAt | undefined;
  let walker: ListWalker | undefined;
  /** In a streamed list: whether an element has begun since the last `[` or `,`. */
  let inElement = false;
  let copyFrom = 0;
  let at = 0;
  for (;;) {
    const read = readSync(fd, buf, 0, chunkBytes, at);
    if (read === 0) break;
    let i = 0;
    while (i < read) {
      if (walker && !inString) {
        // Inside a streamed list, its own loop finds the elements; it stops at the list's end.
        i = walker.walk(buf, i, read, at);
        inElement = walker.inElement;
        if (i >= read) break;
      }
      if (inString) {
        const quote = buf.indexOf(QUOTE, i);
        if (quote === -1 || quote >= read) {
          i = read;
          continue;
        }
        let backslashes = 0;
        for (let k = quote - 1; k >= 0 && buf[k] === BACKSLASH; k--) backslashes++;
        // The backslashes before the quote may begin in the previous chunk.
        if (backslashes === quote && at > 0) backslashes += backslashesBefore(fd, at);
        i = quote + 1;
        if (backslashes % 2 === 1) continue;
        inString = false;
        if (keyBytes) {
          keyBytes.push(Buffer.from(buf.subarray(keyFrom, quote + 1)));
          const key = JSON.parse(Buffer.concat(keyBytes).toString('utf8')) as string;
          keys[objects.length - 1] = key;
          keyBytes = undefined;
        }
        continue;
      }
      const c = buf[i] ?? 0;
      const depth = objects.length;
      if (list && depth === 3 && !inElement && !isSpace(c) && c !== CLOSE_ARRAY) {
        if (c === COMMA) throw new JsonSyntaxError(`Unexpected token ',' in JSON at position ${at + i}`);
        inElement = true;
        list.starts.push(at + i);
      }
      i++;
      switch (c) {
        case QUOTE:
          inString = true;
          if (expectKey && depth <= 2) {
            keyBytes = [];
            keyFrom = i - 1;
          }
          break;
        case COLON:
          expectKey = false;
          break;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          objects.push(c === OPEN_OBJECT);
          expectKey = c === OPEN_OBJECT;
          if (
            c === OPEN_ARRAY &&
            depth === 2 &&
            objects[0] === true &&
            objects[1] === true &&
            streamed(keys[0] ?? '').includes(keys[1] ?? '')
          ) {
            skeleton.push(Buffer.from(buf.subarray(copyFrom - at, i)));
            list = { vendor: keys[0] ?? '', key: keys[1] ?? '', starts: [], ends: [], batchBytes };
            walker = new ListWalker(list);
            inElement = false;
          }
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (list && depth === 3) {
            if (inElement) list.ends.push(at + i - 1);
            else if (list.starts.length > 0)
              throw new JsonSyntaxError(`Unexpected token ']' in JSON at position ${at + i - 1}`);
            lists.push(list);
            list = undefined;
            walker = undefined;
            copyFrom = at + i - 1;
          }
          objects.pop();
          expectKey = false;
          break;
        case COMMA:
          if (list && depth === 3) {
            list.ends.push(at + i - 1);
            inElement = false;
          }
          expectKey = objects[objects.length - 1] === true;
          break;
      }
    }
    if (keyBytes) {
      keyBytes.push(Buffer.from(buf.subarray(keyFrom, read)));
      keyFrom = 0;
    }
    if (!list) skeleton.push(Buffer.from(buf.subarray(copyFrom - at, read)));
    at += read;
    copyFrom = Math.max(copyFrom, at);
  }
  // A list still open at the end: the skeleton ends inside it, and JSON.parse says the text is cut short.
  return { skeleton: Buffer.concat(skeleton).toString('utf8'), lists };
}

/**
 * The bytes of a streamed list, between its brackets: where each element begins and ends (a comma
 * or the bracket that closes the list, at the list's level). Only strings and nesting are
 * followed, in a loop of its own: the hosts are nearly all of a state file's bytes, and scan's
 * general loop (keys, the skeleton, a native indexOf to find the end of each string, 17 million
 * of them in a 100,000-host estate) is slower over them: reading that file's structure took a
 * median 1.4 s of CPU with it, 1.0 s with this (6 runs each, shared machine).
 */
class ListWalker {
  /** Containers open inside the current element. */
  private depth = 0;
  private inString = false;
  /** The chunk ended on a backslash in a string: the next chunk's first byte is escaped. */
  private escaped = false;
  inElement = false;

  constructor(private readonly list: ListAt) {}

  /** Walks buf[i..read) (file offset `at` + index); returns `read`, or the index of the `]` (or stray `}`) that ends the list. */
  walk(buf: Buffer, i: number, read: number, at: number): number {
    const { starts, ends } = this.list;
    let { depth, inString, escaped, inElement } = this;
    if (escaped && i < read) {
      escaped = false;
      i++;
    }
    while (i < read) {
      if (inString) {
        while (i < read) {
          const s = buf[i++];
          if (s === QUOTE) {
            inString = false;
            break;
          }
          if (s === BACKSLASH) {
            if (i < read) i++;
            else escaped = true;
          }
        }
        continue;
      }
      const c = buf[i] ?? 0;
      if (depth === 0) {
        if (isSpace(c)) {
          i++;
          continue;
        }
        // The end of the list (or a stray `}`, which the skeleton's parse then refuses): scan's.
        if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) break;
        if (c === COMMA) {
          if (!inElement) throw new JsonSyntaxError(`Unexpected token ',' in JSON at position ${at + i}`);
          ends.push(at + i);
          inElement = false;
          i++;
          continue;
        }
        if (!inElement) {
          inElement = true;
          starts.push(at + i);
        }
      }
      i++;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.inElement = inElement;
    return i;
  }
}

/** How many backslashes end the file's bytes before `offset`. */
function backslashesBefore(fd: number, offset: number): number {
  const byte = Buffer.alloc(1);
  let count = 0;
  while (offset > 0 && readSync(fd, byte, 0, 1, offset - 1) === 1 && byte[0] === BACKSLASH) {
    count++;
    offset--;
  }
  return count;
}

/** The elements of a list, read and parsed 60 KiB at a time as they are iterated. */
class FileList implements StreamedList {
  readonly [STREAMED] = true as const;

  constructor(
    private readonly fd: number,
    private readonly at: ListAt,
  ) {}

  get length(): number {
    return this.at.starts.length;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    const { starts, ends, batchBytes } = this.at;
    let buf = Buffer.alloc(0);
    for (let first = 0; first < starts.length;) {
      let last = first + 1;
      const from = starts[first] ?? 0;
      while (last < starts.length && (ends[last] ?? 0) - from <= batchBytes) last++;
      const bytes = (ends[last - 1] ?? 0) - from;
      if (buf.length < bytes + 2) buf = Buffer.allocUnsafe(Math.max(bytes, batchBytes) + 2);
      // The elements with the commas between them, in brackets: one JSON.parse for the batch, of a
      // string made in one copy (brackets added to it by concatenation were a second one). A batch
      // that is all ASCII (host names, statuses, plug-in outputs mostly are) is copied as latin1,
      // which is the same text and faster than decoding UTF-8.
      buf[0] = OPEN_ARRAY;
      readSync(this.fd, buf, 1, bytes, from);
      buf[bytes + 1] = CLOSE_ARRAY;
      const text = buf.toString(isAscii(buf.subarray(0, bytes + 2)) ? 'latin1' : 'utf8', 0, bytes + 2);
      let items: unknown[];
      try {
        items = JSON.parse(text) as unknown[];
      } catch {
        throw this.failure(buf, first, last);
      }
      if (items.length !== last - first) throw this.failure(buf, first, last);
      yield* items;
      first = last;
    }
  }

  /** Names the first element of the batch that does not parse alone. */
  private failure(buf: Buffer, first: number, last: number): Error {
    const { starts, ends, vendor, key } = this.at;
    const from = (starts[first] ?? 0) - 1;
    for (let i = first; i < last; i++) {
      try {
        JSON.parse(buf.toString('utf8', (starts[i] ?? 0) - from, (ends[i] ?? 0) - from));
      } catch (error) {
        return new Error(`${vendor}.${key}[${i}] is not JSON (${(error as Error).message})`, { cause: error });
      }
    }
    return new Error(`${vendor}.${key}[${first}..${last - 1}] is not JSON`);
  }
}
