/**
 * Values made once per number key and kept while at most `limit` keys are in use: past
 * that the cache forgets everything and starts over. So its memory is bounded whatever
 * keys arrive (tensors of a million distinct lengths), and a working set of up to `limit`
 * keys allocates nothing once made.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<number, V>();

  constructor(
    private readonly limit: number,
    private readonly make: (key: number) => V,
  ) {}

  /** The number of keys held now (at most `limit`). */
  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, made now when it is not held. */
  get(key: number): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      value = this.make(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Forgets every value. */
  clear(): void {
    this.entries.clear();
  }
}
