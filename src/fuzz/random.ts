import fc from 'fast-check';

/**
 * Everything random in a fuzz run comes from the run's seed: case `i` draws from a generator seeded
 * with `mixSeed(seed, i)`, so a case is a pure function of (seed, i) and the same seed sends the same
 * request sequence, whatever the target answers and however long the run is allowed to last.
 */
export { mixSeed, Rng } from '../common/random.js';

/** One value of a fast-check arbitrary, reproducible from the seed. */
export function sampleOne<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0] as T;
}
