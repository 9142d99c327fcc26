import { InvalidArgumentError } from '@dendrite/core';

/**
 * How pixels are computed when an image is resized, by the names Keras's `load_img` uses. Each is
 * computed as Pillow (which `load_img` calls) computes it, so the pixels equal the Python course's:
 *
 * - `'nearest'`: each output pixel copies the input pixel under its centre. `load_img`'s default.
 * - `'bilinear'`, `'bicubic'`, `'lanczos'`, `'hamming'`, `'box'`: a weighted sum of the input pixels
 *   around the output pixel's centre (triangle, cubic, 3-lobe Lanczos, Hamming-windowed sinc, or
 *   box weights). When shrinking, the filter widens by the scale, so every input pixel contributes
 *   (antialiasing). Weights are rounded to fixed point and results to whole levels, as in Pillow.
 *
 * @category Images
 * @example
 * ```ts
 * const smooth = await loadImage('boef.jpg', { size: [224, 224], interpolation: 'bilinear' });
 * ```
 */
export type Interpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos' | 'box' | 'hamming';

/** Every {@link Interpolation}, in Keras's order. @internal */
export const interpolations: readonly Interpolation[] = ['nearest', 'bilinear', 'bicubic', 'lanczos', 'box', 'hamming'];

/**
 * Checks an `interpolation` option and applies `fallback` when it is absent.
 *
 * @internal
 */
export function validateInterpolation(value: unknown, fallback: Interpolation): Interpolation {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && interpolations.includes(value as Interpolation)) return value as Interpolation;
  throw new InvalidArgumentError(
    'interpolation',
    `must be one of ${interpolations.map((name) => `'${name}'`).join(', ')}, but got ${typeof value === 'string' ? `'${value}'` : String(value)}`,
    "Use 'nearest' (as Keras's load_img does by default) or 'bilinear' (as image_dataset_from_directory does).",
  );
}
