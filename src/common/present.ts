/**
 * A value the code's own invariants guarantee (a map filled at start-up, a list checked non-empty):
 * a miss is a bug in understudy, thrown where it happens instead of read as `undefined` further on.
 */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`understudy bug: ${what} is missing`);
  return value;
}

/** The item at `i` of a list read round and round (fixture generators cycle through names and kinds). */
export function cyclic<T>(items: readonly T[], i: number): T {
  return present(items[i % items.length], 'an item of an empty list');
}
