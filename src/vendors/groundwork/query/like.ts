/* eslint-disable @typescript-eslint/no-non-null-assertion -- index arithmetic (typed arrays, a heap, a merge)
   kept in bounds by each loop's condition: a guard would be a dead branch in the query's hot path. */
/**
 * SQL LIKE without building a RegExp from user input: `%` matches any run of characters (including
 * none), `_` exactly one character (a code point: `_` consumes a whole emoji, never half a surrogate
 * pair), everything else itself, case-sensitively (PostgreSQL's LIKE). There is no escape character,
 * so a backslash is an ordinary character; consecutive `%` collapse.
 *
 * Linear in the text: the pattern is split on `%` once, into segments. The first segment (unless the
 * pattern starts with `%`) must match at the start of the text, the last (unless it ends with `%`)
 * at the end, and each one between is looked for leftmost after the one before it: taking the
 * leftmost occurrence never spoils a later segment, so no text position is tried twice. A text
 * shorter than the pattern's fixed characters is refused before any of it is read.
 *
 * A segment of plain characters is found with String#indexOf (V8's Boyer-Moore; linear in finding a
 * first occurrence), or by Knuth-Morris-Pratt over code points when the pattern holds `_` or a
 * surrogate. A segment with `_` is found by Shift-And over code points, O(text × ⌈segment / 32⌉).
 * Backtracking from the last `%` on every mismatch would be O(text × pattern), a stall of every
 * other request: test/hardening/event-loop.test.ts holds the long-pattern case to its bound.
 */
export function likeMatch(text: string, pattern: string): boolean {
  return compileLike(pattern)(text);
}

/** Parses the pattern once, so that matching a row does no pattern work. */
export function compileLike(pattern: string): (text: string) => boolean {
  const parts = pattern.split('%');
  const leading = parts[0] ?? '';
  const trailing = parts.length > 1 ? parts.at(-1) : undefined;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const byUnits = !/[_\uD800-\uDFFF]/.test(pattern);
  if (byUnits) {
    const fixed = leading.length + (trailing?.length ?? 0) + middle.reduce((n, p) => n + p.length, 0);
    return (text) => matchUnits(text, leading, trailing, middle, fixed);
  }
  const first = new Segment(leading);
  const last = trailing === undefined ? undefined : new Segment(trailing);
  const between = middle.map((p) => new Segment(p));
  const fixed = first.length + (last?.length ?? 0) + between.reduce((n, s) => n + s.length, 0);
  return (text) => {
    if (text.length < fixed) return false; // code units are at least as many as code points
    return matchCodePoints(codePoints(text), first, last, between, fixed);
  };
}

/** `trailing` undefined: the pattern has no `%`, so `leading` is all of it. */
function matchUnits(
  text: string,
  leading: string,
  trailing: string | undefined,
  middle: string[],
  fixed: number,
): boolean {
  if (trailing === undefined) return text === leading;
  if (text.length < fixed || !text.startsWith(leading) || !text.endsWith(trailing)) return false;
  const end = text.length - trailing.length;
  let pos = leading.length;
  for (const part of middle) {
    const at = text.indexOf(part, pos);
    if (at < 0 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}

function matchCodePoints(
  text: Uint32Array,
  first: Segment,
  last: Segment | undefined,
  middle: Segment[],
  fixed: number,
): boolean {
  if (last === undefined) return text.length === first.length && first.matchesAt(text, 0);
  if (text.length < fixed || !first.matchesAt(text, 0) || !last.matchesAt(text, text.length - last.length))
    return false;
  const end = text.length - last.length;
  let pos = first.length;
  for (const segment of middle) {
    const at = segment.find(text, pos);
    if (at < 0 || at + segment.length > end) return false;
    pos = at + segment.length;
  }
  return true;
}

/**
 * A typed array sized once to the code units (an upper bound): pushing onto a growing array cost ~7
 * times as much (2 ms for one 32,768-character value, a whole time slice of a scan's).
 */
function codePoints(text: string): Uint32Array {
  const out = new Uint32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out[n++] = (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    out[n++] = unit; // a lone surrogate is a code point of its own, as Array.from reads it
  }
  return n === text.length ? out : out.subarray(0, n);
}

const ANY = -1;

/** One `%`-free piece of a pattern, as code points (`_` is ANY), with what finding it needs. */
class Segment {
  readonly length: number;
  private readonly tokens: number[];
  /** Knuth-Morris-Pratt failure links, for a segment without `_`. */
  private readonly failure?: Int32Array;
  /** Shift-And: per code point, the positions it may take (`_`'s positions included). */
  private readonly masks?: Map<number, Uint32Array>;
  private readonly anyMask?: Uint32Array;

  constructor(text: string) {
    this.tokens = Array.from(codePoints(text), (c) => (c === 0x5f /* _ */ ? ANY : c));
    this.length = this.tokens.length;
    if (!this.tokens.includes(ANY)) {
      this.failure = failureLinks(this.tokens);
      return;
    }
    const words = Math.ceil(this.length / 32);
    const anyMask = new Uint32Array(words);
    this.tokens.forEach((t, i) => {
      if (t === ANY) anyMask[i >>> 5]! |= 1 << (i & 31);
    });
    const masks = new Map<number, Uint32Array>();
    this.tokens.forEach((t, i) => {
      if (t === ANY) return;
      let mask = masks.get(t);
      if (!mask) masks.set(t, (mask = Uint32Array.from(anyMask)));
      mask[i >>> 5]! |= 1 << (i & 31);
    });
    this.anyMask = anyMask;
    this.masks = masks;
  }

  matchesAt(text: Uint32Array, at: number): boolean {
    if (at < 0 || at + this.length > text.length) return false;
    for (let i = 0; i < this.length; i++) {
      const t = this.tokens[i]!;
      if (t !== ANY && t !== text[at + i]) return false;
    }
    return true;
  }

  /** Index of the leftmost occurrence at or after `from`, or -1. */
  find(text: Uint32Array, from: number): number {
    return this.failure ? this.findPlain(text, from) : this.findWithAny(text, from);
  }

  private findPlain(text: Uint32Array, from: number): number {
    const { tokens, failure } = this;
    if (!failure) return -1;
    let k = 0;
    for (let i = from; i < text.length; i++) {
      while (k > 0 && tokens[k] !== text[i]) k = failure[k - 1]!;
      if (tokens[k] === text[i]) k++;
      if (k === tokens.length) return i - k + 1;
    }
    return -1;
  }

  /** Shift-And: bit j of `state` says the last j + 1 code points match the segment's first j + 1. */
  private findWithAny(text: Uint32Array, from: number): number {
    const { masks, anyMask } = this;
    if (!masks || !anyMask) return -1;
    const words = anyMask.length;
    const state = new Uint32Array(words);
    const top = this.length - 1;
    const topWord = top >>> 5;
    const topBit = 1 << (top & 31);
    // Every word above `live` is zero. A step's shift carries at most one word higher, so only words
    // 0..live + 1 are computed: a partial match grows a bit a step, and a state that fell back (a
    // mismatch) costs only the words it still holds, not the segment's length.
    let live = 0;
    for (let i = from; i < text.length; i++) {
      const mask = masks.get(text[i]!) ?? anyMask;
      const upper = live + 1 < words ? live + 1 : live;
      // Shifted left by one across words, highest word first so each reads its neighbour's old bits.
      for (let w = upper; w > 0; w--) state[w] = ((state[w]! << 1) | (state[w - 1]! >>> 31)) & mask[w]!;
      state[0] = ((state[0]! << 1) | 1) & mask[0]!;
      if (state[topWord]! & topBit) return i - top;
      live = upper;
      while (live > 0 && state[live] === 0) live--;
    }
    return -1;
  }
}

function failureLinks(tokens: number[]): Int32Array {
  const links = new Int32Array(tokens.length);
  let k = 0;
  for (let i = 1; i < tokens.length; i++) {
    while (k > 0 && tokens[k] !== tokens[i]) k = links[k - 1]!;
    if (tokens[k] === tokens[i]) k++;
    links[i] = k;
  }
  return links;
}
