import { describe, expect, it } from 'vitest';
import { batchNormAffine, foldAffine } from './fold-batch-norm.js';

describe('batchNormAffine', () => {
  it('gives scale gamma / sqrt(variance + epsilon) and shift beta - mean * scale', () => {
    const { scale, shift } = batchNormAffine({
      gamma: Float32Array.of(2, 1),
      beta: Float32Array.of(1, 0),
      movingMean: Float32Array.of(3, -1),
      movingVariance: Float32Array.of(3, 0.5),
      epsilon: 1,
    });
    expect([...scale]).toEqual([1, 1 / Math.sqrt(1.5)]);
    expect([...shift]).toEqual([-2, 1 / Math.sqrt(1.5)]);
  });

  it('takes gamma as 1 and beta as 0 when the layer neither scales nor centres', () => {
    const { scale, shift } = batchNormAffine({
      gamma: undefined,
      beta: undefined,
      movingMean: Float32Array.of(2),
      movingVariance: Float32Array.of(3),
      epsilon: 1,
    });
    expect([...scale]).toEqual([0.5]);
    expect([...shift]).toEqual([-1]);
  });
});

describe('foldAffine', () => {
  it('scales each output channel of a [h, w, in, out] kernel and folds the shift into the bias', () => {
    // 1x1 kernel, 2 inputs, 3 outputs: W[i][o] at i * 3 + o.
    const kernel = Float32Array.of(1, 2, 3, 4, 5, 6);
    const affine = { scale: Float64Array.of(2, -1, 0.5), shift: Float64Array.of(1, 1, -1) };
    const folded = foldAffine(kernel, Float32Array.of(10, 20, 30), affine);
    expect([...folded.kernel]).toEqual([2, -2, 1.5, 8, -5, 3]);
    expect([...folded.bias]).toEqual([21, -19, 14]);
    const x = [0.5, -2];
    for (let o = 0; o < 3; o++) {
      const before = (x[0]! * kernel[o]! + x[1]! * kernel[3 + o]! + [10, 20, 30][o]!) * affine.scale[o]! + affine.shift[o]!;
      const after = x[0]! * folded.kernel[o]! + x[1]! * folded.kernel[3 + o]! + folded.bias[o]!;
      expect(after).toBeCloseTo(before, 5);
    }
  });

  it('treats a depthwise [h, w, in, multiplier] kernel as in * multiplier output channels, and no bias as zeros', () => {
    // 1x1 depthwise, 2 inputs, multiplier 2: output channel c * 2 + m.
    const folded = foldAffine(Float32Array.of(1, 1, 1, 1), undefined, {
      scale: Float64Array.of(1, 2, 3, 4),
      shift: Float64Array.of(0, 0, 0, 5),
    });
    expect([...folded.kernel]).toEqual([1, 2, 3, 4]);
    expect([...folded.bias]).toEqual([0, 0, 0, 5]);
  });
});
