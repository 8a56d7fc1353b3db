/**
 * Values remembered by a text or a number, forgotten all at once when `capacity` are held and
 * another is set: never more than `capacity`. Starting afresh, not evicting one by one, keeps a
 * look-up a Map's own (no order to keep up on every hit); a client that repeats itself finds its
 * entries again after one round. The Map flavour of WeakMemo (weak-memo.ts), for keys that are not
 * objects: it counts entries, not weights, since a Map knows its size.
 */
export class Memo<K extends string | number, V> {
  private readonly map = new Map<K, V>();

  /**
   * `maxKeyLength`: `remember` computes a longer text key each time and keeps nothing for it, so one
   * long text (a 16 KB credential, a message listing many issues) neither fills the memory nor
   * empties it of the short ones that come again.
   */
  constructor(
    readonly capacity: number,
    readonly maxKeyLength = Infinity,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** For memories whose values may be undefined (an answer of "none" is remembered too). */
  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Remembers `value` (starting afresh first when full) and answers it. */
  set(key: K, value: V): V {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(key, value);
    return value;
  }

  /** The value remembered for `key`, else `compute(key)`, remembered: computed once per key until forgotten. */
  remember(key: K, compute: (key: K) => V): V {
    if (typeof key === 'string' && key.length > this.maxKeyLength) return compute(key);
    const known = this.map.get(key);
    if (known !== undefined || this.map.has(key)) return known as V;
    return this.set(key, compute(key));
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
