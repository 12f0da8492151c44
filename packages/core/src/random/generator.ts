import { DescentError } from '../errors';

/**
 * The one seeded generator of descent: xoshiro128** (Blackman & Vigna). Every operation is 32-bit integer arithmetic (Math.imul, shifts), so a
 * seed gives the same sequence on every platform and in every backend.
 *
 * - `nextUint32()`: the next 32-bit output of xoshiro128**.
 * - `nextFloat()`: a double in [0, 1) with 53 random bits: (a >>> 5)·2^26 + (b >>> 6), over 2^53,
 *   from two consecutive outputs a, b.
 * - `nextInt(n)`: an integer in [0, n), unbiased (rejection of the top partial range).
 * - `nextNormal()`: a standard normal by Box–Muller from two nextFloat() draws; exact
 *   wherever Math.log/cos/sqrt are (V8: fdlibm ports), within an ulp elsewhere.
 * - Seeding: the four state words are the next four values of a Weyl sequence
 *   (x ← x + 0x9e3779b9 mod 2^32, x starting at the seed) passed through murmur3's fmix32.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** A generator seeded with an integer (any value in [0, 2^32) or negative; taken modulo 2^32). */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new DescentError('seed', seed, 'an integer');
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A double uniformly in [0, 1), 53 bits. */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** An integer uniformly in [0, n), for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new DescentError('n', n, 'an integer in [1, 2^32]');
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A double uniformly in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /** A standard normal deviate (Box–Muller). */
  nextNormal(): number {
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles an array in place (Fisher–Yates, from the end) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /** A new generator seeded from this one's next output: an independent stream for a sub-task. */
  fork(): Random {
    return new Random(this.nextUint32());
  }

  /** The four state words, to save and later restore with `Random.fromState`. */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** A generator that continues exactly from a saved state. */
  static fromState(state: readonly number[]): Random {
    if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296) || state.every((w) => w === 0)) {
      throw new DescentError('state', state, 'four 32-bit unsigned integers from getState(), not all zero');
    }
    const random = new Random(0);
    [random.s0, random.s1, random.s2, random.s3] = state.map((w) => w | 0);
    return random;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
