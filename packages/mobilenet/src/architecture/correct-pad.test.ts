import { describe, expect, it } from 'vitest';
import { correctPad } from './correct-pad.js';

describe('correctPad', () => {
  it('pads one less before than after on even sizes', () => {
    expect(correctPad(112, 112, 3)).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });

  it('pads evenly on odd sizes', () => {
    expect(correctPad(113, 57, 3)).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('treats rows and columns separately', () => {
    expect(correctPad(56, 45, 3)).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
