import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { STREAMED, type IndexedList } from '../common/streamed-list.js';

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
  /**
   * A streamed list of at least this many bytes may be loaded lazily (see IndexedList): the
   * vendor's loader decides; tests make it small.
   */
  lazyFromBytes?: number;
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

export const DEFAULT_READ_SIZES: Required<ReadSizes> = {
  chunkBytes: 8 << 20,
  batchBytes: 60 << 10,
  lazyFromBytes: 32 << 20,
};

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
  /** The parsed file, each streamed list in place (a StreamedList, here an IndexedList). */
  value: unknown;
  /** Closes the file, unless a list was kept (IndexedList.keep): then its release closes it. */
  close(): void;
}

/** What the reader needs beyond the lists' keys: see readStateFile. */
export interface ReadOptions {
  /** The top-level string field naming each element of a streamed list (GroundWork's hosts: `hostName`). */
  nameKey?: (vendor: string, list: string) => string | undefined;
  /** Told of a broken element found after the read (a lazy load's background parse). */
  onLateError?: (error: Error) => void;
}

interface ListAt {
  vendor: string;
  key: string;
  starts: number[];
  ends: number[];
  batchBytes: number;
  /** `"<nameKey>":` as bytes, when elements are named; names[i] is undefined where it was not found cheaply. */
  namePattern?: Buffer;
  names: Array<string | undefined>;
}

/** The file, open while the read or a kept list uses it. */
class OpenFile {
  private users = 1;
  constructor(readonly fd: number) {}
  use(): void {
    this.users++;
  }
  done(): void {
    if (--this.users === 0) closeSync(this.fd);
  }
}

/** `streamed(vendor)` names the lists of a vendor's dump to stream; anything else is parsed whole. */
export function readStateFile(
  path: string,
  streamed: (vendor: string) => readonly string[],
  sizes: ReadSizes = DEFAULT_READ_SIZES,
  options: ReadOptions = {},
): ReadState {
  const fd = openSync(path, 'r');
  try {
    const { skeleton, lists } = scan(fd, streamed, sizes, options.nameKey);
    const value: unknown = JSON.parse(skeleton);
    const file = new OpenFile(fd);
    for (const list of lists) {
      const dump = (value as Record<string, Record<string, unknown> | undefined> | null)?.[list.vendor];
      if (dump && Array.isArray(dump[list.key]))
        dump[list.key] = new FileList(
          file,
          list,
          sizes.lazyFromBytes ?? DEFAULT_READ_SIZES.lazyFromBytes,
          options.onLateError,
        );
    }
    return { value, close: () => file.done() };
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
  nameKey: ReadOptions['nameKey'],
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
            const vendor = keys[0] ?? '';
            const key = keys[1] ?? '';
            const name = nameKey?.(vendor, key);
            list = { vendor, key, starts: [], ends: [], batchBytes, names: [] };
            if (name !== undefined) list.namePattern = Buffer.from(`${JSON.stringify(name)}:`);
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
            nameElements(list, buf, at);
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
    else nameElements(list, buf, at);
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

/**
 * The names of the list's elements that ended in this chunk (`buf` holds the file from offset
 * `at`): the value of the first `"<nameKey>":` key, when it comes before any nested object or list
 * (so at the element's own level), is a string without escapes, and the element began in this
 * chunk; otherwise undefined, and the loader parses that element to learn its name. In valid JSON
 * the bytes `"hostName":` are always a key: a quote inside a string is escaped, so `e"` cannot be.
 */
function nameElements(list: ListAt, buf: Buffer, at: number): void {
  const { starts, ends, names, namePattern } = list;
  if (!namePattern) return;
  for (let k = names.length; k < ends.length; k++) {
    const start = (starts[k] ?? 0) - at;
    names.push(start < 0 ? undefined : nameIn(buf, start, (ends[k] ?? 0) - at, namePattern));
  }
}

function nameIn(buf: Buffer, start: number, end: number, pattern: Buffer): string | undefined {
  if (buf[start] !== OPEN_OBJECT) return undefined;
  // Byte by byte up to the key (a native indexOf per element took 170 µs each: a second a 10,000
  // hosts); a nested object or list first means it is not at the element's level, or not early.
  let key = -1;
  for (let j = start + 1; j < end; j++) {
    const c = buf[j];
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) return undefined;
    if (c === QUOTE && startsWith(buf, j, end, pattern)) {
      key = j;
      break;
    }
  }
  if (key < 0) return undefined;
  let from = key + pattern.length;
  while (from < end && isSpace(buf[from] ?? 0)) from++;
  if (buf[from] !== QUOTE) return undefined;
  from++;
  let to = from;
  while (to < end && buf[to] !== QUOTE) {
    if (buf[to] === BACKSLASH) return undefined;
    to++;
  }
  if (to === from || to >= end) return undefined;
  return buf.toString('utf8', from, to);
}

function startsWith(buf: Buffer, at: number, end: number, pattern: Buffer): boolean {
  if (at + pattern.length > end) return false;
  for (let k = 0; k < pattern.length; k++) if (buf[at + k] !== pattern[k]) return false;
  return true;
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

/**
 * The elements of a list, read and parsed 60 KiB at a time as they are iterated; or, for a lazy
 * load, a batch or one element at a time wherever asked (IndexedList), the file kept open for it.
 */
class FileList implements IndexedList {
  readonly [STREAMED] = true as const;
  private kept = false;

  constructor(
    private readonly file: OpenFile,
    private readonly at: ListAt,
    private readonly lazyFromBytes: number,
    readonly onLateError?: (error: Error) => void,
  ) {}

  get length(): number {
    return this.at.starts.length;
  }

  get lazy(): boolean {
    const { starts, ends } = this.at;
    return starts.length > 0 && (ends[ends.length - 1] ?? 0) - (starts[0] ?? 0) >= this.lazyFromBytes;
  }

  nameAt(i: number): string | undefined {
    return this.at.names[i];
  }

  keep(): void {
    if (this.kept) return;
    this.kept = true;
    this.file.use();
  }

  release(): void {
    if (!this.kept) return;
    this.kept = false;
    this.file.done();
  }

  *[Symbol.iterator](): Iterator<unknown> {
    let buf: Buffer = Buffer.alloc(0);
    for (let first = 0; first < this.length;) {
      const batch = this.batchFrom(first, buf);
      buf = batch.buf;
      yield* batch.items;
      first = batch.last;
    }
  }

  batch(first: number): { items: unknown[]; last: number } {
    return this.batchFrom(first, Buffer.alloc(0));
  }

  element(i: number): unknown {
    return this.parse(i, i + 1, Buffer.alloc(0)).items[0];
  }

  /** The elements from `first` that fit in a batch (at least one). */
  private batchFrom(first: number, buf: Buffer): { items: unknown[]; last: number; buf: Buffer } {
    const { starts, ends, batchBytes } = this.at;
    let last = first + 1;
    const from = starts[first] ?? 0;
    while (last < starts.length && (ends[last] ?? 0) - from <= batchBytes) last++;
    return this.parse(first, last, buf);
  }

  private parse(first: number, last: number, buf: Buffer): { items: unknown[]; last: number; buf: Buffer } {
    const { starts, ends, batchBytes } = this.at;
    const from = starts[first] ?? 0;
    const bytes = (ends[last - 1] ?? 0) - from;
    if (buf.length < bytes + 2) buf = Buffer.allocUnsafe(Math.max(bytes, batchBytes) + 2);
    // The elements with the commas between them, in brackets: one JSON.parse for the batch, of a
    // string made in one copy (brackets added to it by concatenation were a second one). A batch
    // that is all ASCII (host names, statuses, plug-in outputs mostly are) is copied as latin1,
    // which is the same text and faster than decoding UTF-8.
    buf[0] = OPEN_ARRAY;
    readSync(this.file.fd, buf, 1, bytes, from);
    buf[bytes + 1] = CLOSE_ARRAY;
    const text = buf.toString(isAscii(buf.subarray(0, bytes + 2)) ? 'latin1' : 'utf8', 0, bytes + 2);
    let items: unknown[];
    try {
      items = JSON.parse(text) as unknown[];
    } catch {
      throw this.failure(buf, first, last);
    }
    if (items.length !== last - first) throw this.failure(buf, first, last);
    return { items, last, buf };
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
