/**
 * SQL LIKE without building a RegExp from user input: `%` matches any run of
 * characters (including none), `_` exactly one character, everything else
 * itself, case-sensitively (PostgreSQL's LIKE). There is no escape
 * character, so a backslash is an ordinary character.
 *
 * Greedy two-pointer matching that remembers only the most recent `%`: on a
 * mismatch it retries with that `%` swallowing one more character. Earlier
 * `%`s never need revisiting, so the worst case is O(text × pattern) and
 * patterns like `%a%a%a%a%b` cannot blow up exponentially.
 */
export function likeMatch(text: string, pattern: string): boolean {
  return compileLike(pattern)(text);
}

/** Splits the pattern once so per-row matching does no pattern work. */
export function compileLike(pattern: string): (text: string) => boolean {
  const tokens = tokenize(pattern);
  // Without `_` and without surrogates in the pattern, no literal can land on half of a surrogate
  // pair, so matching UTF-16 code units gives the same answer as matching code points, and the
  // text need not be split into an array on every row.
  if (tokens.every((t) => t === ANY_RUN || (typeof t === 'string' && t.length === 1 && !isSurrogate(t.charCodeAt(0))))) {
    const units = tokens.map((t) => (t === ANY_RUN ? -1 : (t as string).charCodeAt(0)));
    return (text) => matchUnits(text, units);
  }
  return (text) => matchTokens(Array.from(text), tokens);
}

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff;

type Token = string | typeof ANY_RUN | typeof ONE;
const ANY_RUN = Symbol('%');
const ONE = Symbol('_');

// Array.from splits by code point, so `_` consumes a whole emoji rather
// than half a surrogate pair. Consecutive `%` collapse: `%%` means `%`.
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  for (const ch of pattern) {
    if (ch === '%') {
      if (tokens[tokens.length - 1] !== ANY_RUN) tokens.push(ANY_RUN);
    } else {
      tokens.push(ch === '_' ? ONE : ch);
    }
  }
  return tokens;
}

function matchTokens(text: string[], tokens: Token[]): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token === ANY_RUN) {
      starP = p++;
      starT = t;
    } else if (token !== undefined && (token === ONE || token === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (tokens[p] === ANY_RUN) p++;
  return p === tokens.length;
}

/** matchTokens over code units; -1 is `%`. */
function matchUnits(text: string, units: number[]): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const unit = p < units.length ? units[p]! : -2;
    if (unit === -1) {
      starP = p++;
      starT = t;
    } else if (unit === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (units[p] === -1) p++;
  return p === units.length;
}
