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

/**
 * fast-check's `unit: 'binary'`, value for value: the same index drawn (`fc.nat`, as its
 * `mapToConstant` does) gives the same code point, so a seed gives the same strings. Its unit reads
 * a value back through a map of all 1,112,064 code points, built the first time a string arbitrary
 * is made from it (~1.1 s of CPU per test worker); this one computes the index instead.
 */
export const binaryUnit: fc.Arbitrary<string> = fc.nat({ max: LAST_INDEX }).map(codePointAt, indexOf);
