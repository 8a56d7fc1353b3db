import { randomUuid } from '../../core/random.js';
import type { IssuedToken, ListenerStatus } from './state.js';

const PREFIX = 'ListenerStatus-';
/** `ListenerStatus-` and a UUID: 8-4-4-4-12 hex digits. */
const NAME_LENGTH = PREFIX.length + 36;
const DASHES = [8, 13, 18, 23].map((i) => PREFIX.length + i);
const TWO_16 = 0x1_0000;
const TWO_32 = 0x1_0000_0000;

/** The number `digits` lower-case hex digits of `text` from `at` spell, or -1. */
function hexAt(text: string, at: number, digits: number): number {
  let n = 0;
  for (let i = at; i < at + digits; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
/** A name's character codes, written in place: the prefix and dashes stay, the digits change. */
const nameCodes = Array.from(`${PREFIX}00000000-0000-0000-0000-000000000000`, (c) => c.charCodeAt(0));

/** Writes `n`'s last `digits` hex digits (at most 8: `n` is taken as 32 bits) into the name from `at`. */
function writeHex(n: number, at: number, digits: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    nameCodes[i] = HEX_DIGITS[n & 0xf] ?? 0;
    n >>>= 4;
  }
}

/** The name of a token: its serial, then its random digits (middle: 32 bits, last: 48 bits). */
function spell(serial: number, middle: number, last: number): string {
  const at = PREFIX.length;
  writeHex(Math.floor(serial / TWO_16), at, 8);
  writeHex(serial % TWO_16, at + 9, 4);
  writeHex(middle >>> 16, at + 14, 4);
  writeHex(middle, at + 19, 4);
  writeHex(Math.floor(last / TWO_32), at + 24, 4);
  writeHex(last % TWO_32, at + 28, 8);
  return String.fromCharCode(...nameCodes);
}

/**
 * The live listener status tokens of one state, in the order they were issued: a ring of slots kept
 * in columns (typed arrays), not an object, a name string and a Map entry per token. A token lives
 * half an hour and 20,000 of them may be alive, so each one's objects were copied out of the young
 * generation and traced in the old one: most of what a QUERY cost (`npm run bench:pipeline`).
 *
 * A token the store issues is named by a serial number and random digits it keeps as numbers:
 * `ListenerStatus-SSSSSSSS-SSSS-4RRR-VRRR-RRRRRRRRRRRR`, a version 4 UUID whose first 48 bits are the
 * serial; a GET finds the slot by the serial (serials rise along the ring) and checks the random
 * digits, so a name is spelled only when it is answered or dumped. A token loaded from a dump is kept
 * as the object it was, under its own name, whatever it holds (a state file is not checked further).
 */
export class TokenStore {
  private capacity = 0;
  private head = 0;
  /** Live tokens. */
  size = 0;
  private nextSerial = 0;
  private serials = new Float64Array(0);
  private issuedAt = new Float64Array(0);
  private pending = new Float64Array(0);
  private delivered = new Uint8Array(0);
  /** The name's 4th and 5th groups (16 bits each), and its last (48 bits). */
  private middle = new Uint32Array(0);
  private last = new Float64Array(0);
  private results: (ListenerStatus[] | undefined)[] = [];
  private loaded: (IssuedToken | undefined)[] = [];
  /** The serial of the first loaded token of each name. */
  private loadedNames = new Map<string, number>();
  /** The earliest `issuedAt`: while it has not expired, no token has. */
  private earliest = Infinity;
  private latest = -Infinity;
  /** Each token was issued no earlier than the one before (the mock's clock was not set back). */
  private ordered = true;

  /** A store of a dump's tokens, each kept as the object it is. */
  static of(tokens: IssuedToken[]): TokenStore {
    const store = new TokenStore();
    for (const token of tokens) {
      const at = store.append(typeof token.issuedAt === 'number' ? token.issuedAt : Number(token.issuedAt));
      // A loaded `issuedAt` that is not a number is read as one; expiry then looks at every token.
      if (typeof token.issuedAt !== 'number') store.ordered = false;
      store.loaded[at] = token;
      store.results[at] = undefined;
      if (typeof token.token === 'string' && !store.loadedNames.has(token.token))
        store.loadedNames.set(token.token, store.serials[at] ?? 0);
    }
    return store;
  }

  /** The tokens as a dump lists them, oldest first (the results are the live arrays). */
  list(): IssuedToken[] {
    const out: IssuedToken[] = [];
    for (let i = 0; i < this.size; i++) {
      const at = this.slot(i);
      out.push(
        this.loaded[at] ?? {
          token: this.nameAt(at),
          issuedAt: this.issuedAt[at] ?? 0,
          pendingPolls: this.pending[at] ?? 0,
          delivered: this.delivered[at] === 1,
          result: this.results[at] ?? [],
        },
      );
    }
    return out;
  }

  /** Issues a token; the caller has made room. */
  issue(result: ListenerStatus[], now: number, pendingPolls: number): string {
    const at = this.append(now);
    const uuid = randomUuid();
    this.middle[at] = (hexAt(uuid, 14, 4) * TWO_16 + hexAt(uuid, 19, 4)) >>> 0;
    this.last[at] = hexAt(uuid, 24, 12);
    this.pending[at] = pendingPolls;
    this.delivered[at] = 0;
    this.results[at] = result;
    this.loaded[at] = undefined;
    return this.nameAt(at);
  }

  private append(issuedAt: number): number {
    if (this.size === this.capacity) this.grow();
    const at = this.slot(this.size++);
    this.serials[at] = this.nextSerial++;
    this.issuedAt[at] = issuedAt;
    if (issuedAt < this.latest) this.ordered = false;
    this.latest = issuedAt;
    this.earliest = Math.min(this.earliest, issuedAt);
    return at;
  }

  private slot(i: number): number {
    const at = this.head + i;
    return at >= this.capacity ? at - this.capacity : at;
  }

  private nameAt(at: number): string {
    return spell(this.serials[at] ?? 0, this.middle[at] ?? 0, this.last[at] ?? 0);
  }

  private grow(): void {
    const capacity = Math.max(16, this.capacity * 2);
    const move = <A extends Float64Array | Uint32Array | Uint8Array>(old: A, fresh: A): A => {
      for (let i = 0; i < this.size; i++) fresh[i] = old[this.slot(i)] ?? 0;
      return fresh;
    };
    this.serials = move(this.serials, new Float64Array(capacity));
    this.issuedAt = move(this.issuedAt, new Float64Array(capacity));
    this.pending = move(this.pending, new Float64Array(capacity));
    this.delivered = move(this.delivered, new Uint8Array(capacity));
    this.middle = move(this.middle, new Uint32Array(capacity));
    this.last = move(this.last, new Float64Array(capacity));
    const order = Array.from({ length: this.size }, (_, i) => this.slot(i));
    this.results = [...order.map((at) => this.results[at]), ...new Array<undefined>(capacity - this.size)];
    this.loaded = [...order.map((at) => this.loaded[at]), ...new Array<undefined>(capacity - this.size)];
    this.head = 0;
    this.capacity = capacity;
  }

  /** The slot of the live token of this name, or -1. */
  find(name: string): number {
    const loaded = this.loadedNames.get(name);
    if (loaded !== undefined) return this.bySerial(loaded);
    if (name.length !== NAME_LENGTH || !name.startsWith(PREFIX) || DASHES.some((i) => name.charCodeAt(i) !== 45))
      return -1;
    const high = hexAt(name, PREFIX.length, 8);
    const low = hexAt(name, PREFIX.length + 9, 4);
    const middle = hexAt(name, PREFIX.length + 14, 4) * TWO_16 + hexAt(name, PREFIX.length + 19, 4);
    const last = hexAt(name, PREFIX.length + 24, 12);
    if (high < 0 || low < 0 || middle < 0 || last < 0) return -1;
    const at = this.bySerial(high * TWO_16 + low);
    return at >= 0 && !this.loaded[at] && this.middle[at] === middle && this.last[at] === last ? at : -1;
  }

  private bySerial(serial: number): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.slot(mid);
      const found = this.serials[at] ?? 0;
      if (found === serial) return at;
      if (found < serial) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  expired(at: number, now: number, ttlMs: number): boolean {
    return now - (this.issuedAt[at] ?? 0) >= ttlMs;
  }

  /**
   * One GET of a token's slot: a pending poll taken, or the result once (`undefined` after). A token
   * loaded from a dump is read and changed in its own object, as the dump holds it.
   */
  take(at: number): 'pending' | ListenerStatus[] | undefined {
    const loaded = this.loaded[at];
    if (loaded) {
      if (loaded.pendingPolls > 0) {
        loaded.pendingPolls--;
        return 'pending';
      }
      if (loaded.delivered) return undefined;
      loaded.delivered = true;
      return loaded.result;
    }
    if ((this.pending[at] ?? 0) > 0) {
      this.pending[at] = (this.pending[at] ?? 0) - 1;
      return 'pending';
    }
    if (this.delivered[at] === 1) return undefined;
    this.delivered[at] = 1;
    return this.results[at];
  }

  /** Forgets the tokens that have expired. */
  expire(now: number, ttlMs: number): void {
    if (now - this.earliest < ttlMs) return;
    if (this.ordered) {
      let count = 0;
      while (count < this.size && this.expired(this.slot(count), now, ttlMs)) count++;
      this.dropOldest(count);
    } else this.keep((at) => !this.expired(at, now, ttlMs));
  }

  /** Forgets the oldest `count` tokens. */
  dropOldest(count: number): void {
    if (count <= 0) return;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const at = this.slot(i);
      const token = this.loaded[at];
      if (token && typeof token.token === 'string') names.push(token.token);
      this.results[at] = undefined;
      this.loaded[at] = undefined;
    }
    this.head = this.slot(count);
    this.size -= count;
    this.earliest = this.size > 0 ? (this.issuedAt[this.head] ?? 0) : Infinity;
    if (this.size === 0) this.latest = -Infinity;
    for (const name of names) this.relink(name);
  }

  /** Keeps the tokens `keeping` says to, in order (the clock was set back: expiry looks at each). */
  private keep(keeping: (at: number) => boolean): void {
    const kept = Array.from({ length: this.size }, (_, i) => this.slot(i)).filter(keeping);
    const store = new TokenStore();
    for (const at of kept) {
      const to = store.append(this.issuedAt[at] ?? 0);
      const token = this.loaded[at];
      if (token && typeof token.issuedAt !== 'number') store.ordered = false;
      store.serials[to] = this.serials[at] ?? 0;
      store.pending[to] = this.pending[at] ?? 0;
      store.delivered[to] = this.delivered[at] ?? 0;
      store.middle[to] = this.middle[at] ?? 0;
      store.last[to] = this.last[at] ?? 0;
      store.results[to] = this.results[at];
      store.loaded[to] = token;
    }
    store.nextSerial = this.nextSerial;
    Object.assign(this, store);
    this.loadedNames = new Map();
    for (let i = this.size - 1; i >= 0; i--) {
      const token = this.loaded[this.slot(i)];
      if (token && typeof token.token === 'string') this.loadedNames.set(token.token, this.serials[this.slot(i)] ?? 0);
    }
  }

  /** Points a loaded name at the first live token that has it, if one does. */
  private relink(name: string): void {
    this.loadedNames.delete(name);
    for (let i = 0; i < this.size; i++) {
      const at = this.slot(i);
      if (this.loaded[at]?.token === name) {
        this.loadedNames.set(name, this.serials[at] ?? 0);
        return;
      }
    }
  }
}
