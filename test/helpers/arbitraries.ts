import fc from 'fast-check';

/** The code points fast-check's `unit: 'binary'` draws: all of Unicode but the surrogates' range. */
const SURROGATES_FROM = 0xd800;
const SURROGATES = 0x800;
const LAST_INDEX = 0x10ffff - SURROGATES;

function codePointAt(index: number): string {
  return String.fromCodePoint(index < SURROGATES_FROM ? index : index + SURROGATES);
}

function indexOf(value: unknown): number {
  const codePoint = typeof value === 'string' ? value.codePointAt(0) : undefined;
  if (
    codePoint === undefined ||
    String.fromCodePoint(codePoint) !== value ||
    (codePoint >= SURROGATES_FROM && codePoint < SURROGATES_FROM + SURROGATES)
  )
    throw new Error(`not one code point of the binary unit: ${JSON.stringify(value)}`);
  return codePoint < SURROGATES_FROM ? codePoint : codePoint - SURROGATES;
}

/** fast-check's `unit: 'binary'`: every code point but the surrogates (the index computed, see below). */
const scalarUnit = fc.nat({ max: LAST_INDEX }).map(codePointAt, indexOf);

/** One UTF-16 surrogate unit, D800-DFFF: alone, or next to another drawn one (a pair, by chance). */
const surrogateUnit = fc.integer({ min: SURROGATES_FROM, max: SURROGATES_FROM + SURROGATES - 1 }).map(
  (unit) => String.fromCharCode(unit),
  (value) => {
    const unit = typeof value === 'string' && value.length === 1 ? value.charCodeAt(0) : -1;
    if (unit < SURROGATES_FROM || unit >= SURROGATES_FROM + SURROGATES)
      throw new Error(`not one surrogate unit: ${JSON.stringify(value)}`);
    return unit;
  },
);

/**
 * Any code point, lone surrogates included. fast-check's `unit: 'binary'` never draws a surrogate, so
 * a property over it never sees a lone one (what utf8Length, JSON and the state file must handle); here
 * one unit in 16 is a surrogate, so a string of a few units has one in a good share of runs.
 *
 * The scalar part computes the index (`fc.nat`, as fast-check's `mapToConstant` does) instead of
 * reading it back through fast-check's map of all 1,112,064 code points, built the first time a string
 * arbitrary is made from its unit (~1.1 s of CPU per test worker).
 */
export const binaryUnit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: scalarUnit, weight: 15 },
  { arbitrary: surrogateUnit, weight: 1 },
);
