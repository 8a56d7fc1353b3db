/**
 * A long list of a state file, parsed element by element as it is iterated (src/mock/state-reader.ts):
 * a 100,000-host GroundWork estate is then never held as one 300 MB string nor as one parsed tree.
 * A vendor's loadState is handed one in place of each list its module names in `streamedLists`.
 */
export interface StreamedList extends Iterable<unknown> {
  readonly [STREAMED]: true;
  readonly length: number;
}

export const STREAMED: unique symbol = Symbol('understudy.streamedList');

export function isStreamedList(value: unknown): value is StreamedList {
  return typeof value === 'object' && value !== null && STREAMED in value;
}
