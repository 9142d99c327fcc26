import { InvalidArgumentError } from './errors.js';

/**
 * A seeded pseudo-random number generator (mulberry32): the same seed gives the same sequence in
 * Node and in every browser, so datasets, splits and shuffles are reproducible.
 *
 * @category Data
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * const x = random.next(); // a number in [0, 1)
 * ```
 */
export class SeededRandom {
  private state: number;

  /**
   * @param seed - any integer; the same seed gives the same sequence
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidArgumentError('seed', `must be an integer, got ${String(seed)}`, 'Pass a whole number such as 42.');
    }
    this.state = seed >>> 0;
  }

  /**
   * The next number, uniform in [0, 1).
   *
   * @returns a number in [0, 1)
   * @example
   * ```ts
   * const value = new SeededRandom(1).next();
   * ```
   */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * An integer uniform in [0, `maxExclusive`).
   *
   * @param maxExclusive - one more than the largest integer wanted
   * @returns an integer in [0, `maxExclusive`)
   * @example
   * ```ts
   * const die = new SeededRandom(7).nextInt(6) + 1;
   * ```
   */
  nextInt(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /**
   * A 32-bit integer, for seeding other generators (such as TensorFlow.js initializers).
   *
   * @returns an integer in [0, 2^31)
   * @example
   * ```ts
   * const initializerSeed = new SeededRandom(42).nextSeed();
   * ```
   */
  nextSeed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }

  /**
   * Shuffles `items` in place (Fisher–Yates) and returns them.
   *
   * @param items - the array to shuffle; it is changed
   * @returns the same array, shuffled
   * @example
   * ```ts
   * const order = new SeededRandom(3).shuffle([0, 1, 2, 3]);
   * ```
   */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }
}
