import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws uniformly in [0, 1)', () => {
    const random = new SeededRandom(7);
    const values = Array.from({ length: 20_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const belowHalf = values.filter((v) => v < 0.5).length / values.length;
    expect(belowHalf).toBeGreaterThan(0.49);
    expect(belowHalf).toBeLessThan(0.51);
  });

  it('shuffles into a permutation, reproducibly', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new SeededRandom(5).shuffle([...items]);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(new SeededRandom(5).shuffle([...items])).toEqual(shuffled);
  });

  it('rejects a seed that is not an integer', () => {
    expect(() => new SeededRandom(1.5)).toThrow(InvalidArgumentError);
    expect(() => new SeededRandom(Number.NaN)).toThrow(/seed/);
  });
});
