/**
 * Value interning: the evaluator joins on small integer ids instead of values,
 * so keys hash and compare as integers. `5`, `"5"` and `true` get different ids
 * (a Map keys by SameValueZero, which tells types apart).
 */
import type { Value } from '../ir/types.js';

/**
 * Most values one interner holds. A JavaScript Map cannot hold more than
 * 2^24 keys (it throws a RangeError past that); the interner stops a little
 * before, with {@link InternerFull}, so the evaluator can end the tick with a
 * clean error instead of a crash.
 */
export const MAX_INTERNED = 16_000_000;

/** Thrown by {@link Interner.id} when a new value would go over the interner's capacity. */
export class InternerFull extends Error {
  constructor(readonly capacity: number) {
    super(`more than ${capacity} distinct values in one evaluation`);
    this.name = 'InternerFull';
  }
}

export class Interner {
  private map = new Map<Value, number>();
  /**
   * `values[id]` is the value with that id. The array is only ever appended
   * to; {@link truncate} replaces it with a new one, so a holder of the old
   * array can still decode the ids it has.
   */
  values: Value[] = [];

  constructor(private readonly capacity = MAX_INTERNED) {}

  /** The id of `v`, assigning the next one if it is new; throws {@link InternerFull} when there is no room for it. */
  id(v: Value): number {
    let i = this.map.get(v);
    if (i === undefined) {
      i = this.values.length;
      if (i >= this.capacity) throw new InternerFull(this.capacity);
      // -0 and 0 share an id (SameValueZero); store 0 so it decodes as 0.
      this.values.push(v === 0 ? 0 : v);
      this.map.set(v, i);
    }
    return i;
  }

  get size(): number {
    return this.values.length;
  }

  /**
   * Forgets every id from `keep` on: ids below `keep` keep their values, and
   * `values` becomes a new array (the old one is left as it was).
   */
  truncate(keep: number): void {
    this.values = this.values.slice(0, keep);
    this.map = new Map();
    for (let i = 0; i < keep; i++) this.map.set(this.values[i] as Value, i);
  }
}
