/**
 * A long list of a state file, parsed element by element as it is iterated (src/mock/state-reader.ts):
 * a 100,000-host GroundWork estate is then never held as one 300 MB string nor as one parsed tree.
 * A vendor's loadState is handed one in place of each list its module names in `streamedLists`.
 */
export interface StreamedList extends Iterable<unknown> {
  readonly [STREAMED]: true;
  readonly length: number;
}

/**
 * A streamed list whose elements can also be read one batch or one element at a time, in any
 * order, while the file stays open (a state file's: src/mock/state-reader.ts). A loader may then
 * index the list at start (`nameAt`) and parse the elements later (GroundWork's lazy load).
 */
export interface IndexedList extends StreamedList {
  /** Large enough that loading it lazily is worth it. */
  readonly lazy: boolean;
  /** The element's name field as the structure scan read it, when it could (else parse the element). */
  nameAt(i: number): string | undefined;
  /** The elements from `first` that make one batch, parsed; `last` is the index after them. */
  batch(first: number): { items: unknown[]; last: number };
  /** One element, parsed alone. */
  element(i: number): unknown;
  /** Keeps the file open after the read is closed, until release. */
  keep(): void;
  release(): void;
  /** Where to report a broken element found after the read (undefined: the loader throws it). */
  readonly onLateError?: (error: Error) => void;
}

export function isIndexedList(value: unknown): value is IndexedList {
  return isStreamedList(value) && 'batch' in value;
}

export const STREAMED: unique symbol = Symbol('understudy.streamedList');

export function isStreamedList(value: unknown): value is StreamedList {
  return typeof value === 'object' && value !== null && STREAMED in value;
}
