import { InvalidArgumentError } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from './rgba-pixels.js';

describe('rgbaToRgb', () => {
  it('drops the alpha of every pixel, keeping row order', () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0, 7, 8, 9, 128, 10, 11, 12, 255]);
    expect(Array.from(rgbaToRgb(rgba, 2, 2))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses data that does not match the size', () => {
    expect(() => rgbaToRgb(new Uint8ClampedArray(12), 2, 2)).toThrow(InvalidArgumentError);
  });
});
