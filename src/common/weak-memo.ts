/**
 * Values remembered by object, forgotten all at once when `capacity` worth has been taken in since
 * the memory last started afresh (each value weighs 1 unless told): a WeakMap alone forgets only
 * what its keys' owners drop, so memories of long-lived keys (state records) need a bound too.
 * Starting afresh, not evicting one by one, keeps a look-up a WeakMap's own; a client that repeats
 * itself finds its entries again after one round.
 */
export class WeakMemo<K extends object, V> {
  private map = new WeakMap<K, V>();
  private taken = 0;

  constructor(readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V, weight = 1): void {
    this.taken += weight;
    if (this.taken > this.capacity) {
      this.map = new WeakMap();
      this.taken = weight;
    }
    this.map.set(key, value);
  }
}
