import { emptyLike, type Pixels, type SourceBox } from './pixels.js';
import { fixedPointBits, fixedPointWeights, resampleCoefficients, type ResampleCoefficients } from './resample-coefficients.js';
import type { ResamplingFilter } from './resampling-filters.js';

const half = 1 << (fixedPointBits - 1);

/**
 * Resizes `box` of an image to `height` x `width` with a convolution filter, as Pillow's
 * `Image.resize` does: a horizontal pass, then a vertical pass, each rounding to whole levels for
 * 8-bit images (fixed-point weights, half added before the shift, clipped to 0..255) and keeping
 * float32 for float images. Only the input rows the vertical pass reads are resampled across, and
 * a pass is skipped when Pillow skips it.
 *
 * @internal
 */
export function pillowResample<T extends Uint8Array | Float32Array>(
  image: Pixels<T>,
  height: number,
  width: number,
  box: SourceBox,
  filter: ResamplingFilter,
): Pixels<T> {
  const vertical = resampleCoefficients(image.height, box.top, box.bottom, height, filter);
  // Pillow's test compares the box's right edge with the output width, not the input's.
  const needHorizontal = width !== image.width || box.left !== 0 || box.right !== width;
  const needVertical = height !== image.height || box.top !== 0 || box.bottom !== height;
  let current: Pixels<T> = image;
  let rowOffset = 0;
  if (needHorizontal) {
    const horizontal = resampleCoefficients(image.width, box.left, box.right, width, filter);
    const firstRow = vertical.first[0] as number;
    const lastRow = (vertical.first[height - 1] as number) + (vertical.count[height - 1] as number);
    current = resampleRows(image, firstRow, lastRow, horizontal, width);
    rowOffset = firstRow;
  }
  if (needVertical) current = resampleColumns(current, rowOffset, vertical, height);
  if (current === image) return { ...image, data: image.data.slice() as T };
  return current;
}

function resampleRows<T extends Uint8Array | Float32Array>(
  image: Pixels<T>,
  firstRow: number,
  lastRow: number,
  coefficients: ResampleCoefficients,
  width: number,
): Pixels<T> {
  const { channels } = image;
  const output = emptyLike(image.data, lastRow - firstRow, width, channels);
  const source = image.data;
  const target = output.data;
  const { first, count, taps } = coefficients;
  const { fixed, weights } = passWeights(source, coefficients);
  for (let y = firstRow; y < lastRow; y += 1) {
    const inRow = y * image.width * channels;
    const outRow = (y - firstRow) * width * channels;
    for (let x = 0; x < width; x += 1) {
      const start = inRow + (first[x] as number) * channels;
      const n = count[x] as number;
      const row = x * taps;
      for (let c = 0; c < channels; c += 1) {
        let sum = fixed === undefined ? 0 : half;
        for (let k = 0; k < n; k += 1) sum += (source[start + k * channels + c] as number) * (weights[row + k] as number);
        target[outRow + x * channels + c] = fixed === undefined ? sum : clip8(sum);
      }
    }
  }
  return output;
}

function resampleColumns<T extends Uint8Array | Float32Array>(
  image: Pixels<T>,
  rowOffset: number,
  coefficients: ResampleCoefficients,
  height: number,
): Pixels<T> {
  const { channels, width } = image;
  const output = emptyLike(image.data, height, width, channels);
  const source = image.data;
  const target = output.data;
  const { first, count, taps } = coefficients;
  const { fixed, weights } = passWeights(source, coefficients);
  const stride = width * channels;
  for (let y = 0; y < height; y += 1) {
    const start = ((first[y] as number) - rowOffset) * stride;
    const n = count[y] as number;
    const row = y * taps;
    const outRow = y * stride;
    for (let i = 0; i < stride; i += 1) {
      let sum = fixed === undefined ? 0 : half;
      for (let k = 0; k < n; k += 1) sum += (source[start + k * stride + i] as number) * (weights[row + k] as number);
      target[outRow + i] = fixed === undefined ? sum : clip8(sum);
    }
  }
  return output;
}

/** 8-bit images sum with fixed-point weights (`fixed`); float images with the exact ones. */
function passWeights(
  source: Uint8Array | Float32Array,
  coefficients: ResampleCoefficients,
): { readonly fixed: Int32Array | undefined; readonly weights: Int32Array | Float64Array } {
  const fixed = source instanceof Uint8Array ? fixedPointWeights(coefficients.weights) : undefined;
  return { fixed, weights: fixed ?? coefficients.weights };
}

function clip8(sum: number): number {
  const level = sum >> fixedPointBits;
  return level < 0 ? 0 : level > 255 ? 255 : level;
}
