import type { ResamplingFilter } from './resampling-filters.js';

/**
 * The weights of one resampling pass: output pixel `i` is the weighted sum of `count[i]` input
 * pixels starting at `first[i]`, with weights `weights[i * taps ..]`.
 *
 * @internal
 */
export interface ResampleCoefficients {
  readonly first: Int32Array;
  readonly count: Int32Array;
  readonly taps: number;
  readonly weights: Float64Array;
}

/**
 * Bits after the point in the 8-bit path's fixed-point weights: 32 bits less 8 for the level and 2
 * for sums that overshoot (negative lobes), as in Pillow.
 *
 * @internal
 */
export const fixedPointBits = 22;

/**
 * The weights that take `[start, end)` of an axis of `inSize` pixels to `outSize` pixels, computed
 * as Pillow's resampling does: the output pixel's centre is mapped into the box, the filter is
 * widened by the scale when shrinking (so every input pixel counts once: antialiasing), the taps
 * are the input pixels whose centres the widened filter reaches, clipped to the image (not to the
 * box), and each row of weights is normalised to sum to one.
 *
 * @internal
 */
export function resampleCoefficients(
  inSize: number,
  start: number,
  end: number,
  outSize: number,
  filter: ResamplingFilter,
): ResampleCoefficients {
  // Pillow keeps the box in single precision.
  const scale = Math.fround(Math.fround(end) - Math.fround(start)) / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  const inverse = 1 / filterScale;
  const origin = Math.fround(start);
  for (let out = 0; out < outSize; out += 1) {
    const centre = origin + (out + 0.5) * scale;
    const low = Math.max(0, Math.trunc(centre - support + 0.5));
    const high = Math.min(inSize, Math.trunc(centre + support + 0.5));
    const n = Math.max(0, high - low);
    let total = 0;
    const row = out * taps;
    for (let k = 0; k < n; k += 1) {
      const w = filter.weight((k + low - centre + 0.5) * inverse);
      weights[row + k] = w;
      total += w;
    }
    if (total !== 0) for (let k = 0; k < n; k += 1) weights[row + k] = (weights[row + k] as number) / total;
    first[out] = low;
    count[out] = n;
  }
  return { first, count, taps, weights };
}

/**
 * The weights rounded half away from zero to {@link fixedPointBits} bits, as the 8-bit path uses.
 *
 * @internal
 */
export function fixedPointWeights(weights: Float64Array): Int32Array {
  const one = 2 ** fixedPointBits;
  const fixed = new Int32Array(weights.length);
  for (let i = 0; i < weights.length; i += 1) {
    const w = (weights[i] as number) * one;
    fixed[i] = Math.trunc(w < 0 ? w - 0.5 : w + 0.5);
  }
  return fixed;
}
