/**
 * A small seeded pseudo-random generator for the simulator: deterministic
 * across platforms and processes, 32-bit state, good enough for schedules and
 * generated workloads (not for anything cryptographic).
 *
 * The state advances by a Weyl sequence (adding an odd constant), and each
 * output is that state passed through a multiply-xorshift finalizer, so nearby
 * seeds give unrelated streams.
 */
export class Random {
  private state: number;

  /** `seed` is any safe integer; only its low 32 bits and its sign matter. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`Random: seed must be a safe integer, got ${seed}`);
    // Fold the high bits in, so seeds that differ above bit 32 still differ.
    const high = Math.floor(seed / 0x1_0000_0000);
    this.state = (seed ^ Math.imul(high, 0x2c1b3c6d)) >>> 0;
  }

  /** The next value, uniform in [0, 2^32). */
  nextU32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n); `n` must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Random.int: bad bound ${n}`);
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly; the array must not be empty. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Random.pick: empty array');
    return xs[this.int(xs.length)] as T;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i] as T;
      out[i] = out[j] as T;
      out[j] = t;
    }
    return out;
  }
}
