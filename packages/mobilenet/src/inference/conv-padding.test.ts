import { describe, expect, it } from 'vitest';
import { correctPad } from '../architecture/correct-pad.js';
import type { ConvGeometry, Pads } from './conv-padding.js';
import { addPads, convolutionPads, tfjsPadding } from './conv-padding.js';

const stride2: ConvGeometry = { kernelSize: [3, 3], strides: [2, 2], dilations: [1, 1] };
const stride1: ConvGeometry = { kernelSize: [3, 3], strides: [1, 1], dilations: [1, 1] };

function keras(rows: number, cols: number): Pads {
  const [[top, bottom], [left, right]] = correctPad(rows, cols, 3);
  return [top, bottom, left, right];
}

describe('convolutionPads', () => {
  it("pads as TensorFlow's 'same' does, the odd pixel after, and not at all for 'valid'", () => {
    expect(convolutionPads(224, 224, stride2, 'same')).toEqual([0, 1, 0, 1]);
    expect(convolutionPads(7, 8, stride2, 'same')).toEqual([1, 1, 0, 1]);
    expect(convolutionPads(10, 10, { kernelSize: [3, 1], strides: [1, 1], dilations: [2, 1] }, 'same')).toEqual([2, 2, 0, 0]);
    expect(convolutionPads(224, 224, stride2, 'valid')).toEqual([0, 0, 0, 0]);
  });
});

describe('tfjsPadding', () => {
  it("turns Keras's correct_pad before a stride-2 'valid' convolution into 'same', on even and odd sizes", () => {
    for (const [rows, cols] of [
      [224, 224],
      [7, 7],
      [9, 12],
    ] as const) {
      const pads = addPads(keras(rows, cols), convolutionPads(rows + 1, cols + 1, stride2, 'valid'));
      expect(tfjsPadding(pads, rows, cols, stride2)).toBe('same');
    }
  });

  it("uses 'valid' for none, a number for equal sides, and the explicit form otherwise", () => {
    expect(tfjsPadding([0, 0, 0, 0], 8, 8, stride1)).toBe('valid');
    expect(tfjsPadding([2, 2, 2, 2], 8, 8, stride1)).toBe(2);
    expect(tfjsPadding([1, 0, 2, 1], 8, 8, stride1)).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ]);
  });
});
