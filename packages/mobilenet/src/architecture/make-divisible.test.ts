import { describe, expect, it } from 'vitest';
import { makeDivisible } from './make-divisible.js';

describe('makeDivisible', () => {
  it('rounds to the nearest multiple of 8', () => {
    expect(makeDivisible(32, 8)).toBe(32);
    expect(makeDivisible(17, 8)).toBe(16);
    expect(makeDivisible(24 * 0.75, 8)).toBe(24); // 18 rounds to 16, which is < 16.2
    expect(makeDivisible(20, 8)).toBe(24); // ties round up, as int(v + 4) // 8 * 8 does
  });

  it('never goes below the divisor', () => {
    expect(makeDivisible(5, 8)).toBe(8);
  });

  it('steps up when rounding down would lose more than 10 %', () => {
    expect(makeDivisible(32 * 0.35, 8)).toBe(16); // 11.2 rounds to 8, which is < 10.08
  });

  it('gives the widened last layer of alpha 1.3 and 1.4', () => {
    expect(makeDivisible(1280 * 1.3, 8)).toBe(1664);
    expect(makeDivisible(1280 * 1.4, 8)).toBe(1792);
  });
});
