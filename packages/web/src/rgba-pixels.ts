import { InvalidArgumentError } from '@dendrite/core';

/**
 * The RGB values of RGBA pixels (as canvas `getImageData` gives them), alpha dropped, as int32.
 *
 * @internal
 * @param rgba - 4 bytes per pixel, row by row
 * @param width - pixels per row
 * @param height - rows
 * @returns 3 values per pixel, row by row
 * @throws {@link @dendrite/core!InvalidArgumentError} when `rgba` does not hold `width * height` pixels
 * @category Images
 * @example
 * ```ts
 * rgbaToRgb(new Uint8ClampedArray([10, 20, 30, 255]), 1, 1); // Int32Array [10, 20, 30]
 * ```
 */
export function rgbaToRgb(rgba: ArrayLike<number>, width: number, height: number): Int32Array {
  const pixels = width * height;
  if (rgba.length !== pixels * 4) {
    throw new InvalidArgumentError(
      'rgba',
      `has ${rgba.length} values but ${width} x ${height} RGBA pixels need ${pixels * 4}`,
      'Pass 4 values per pixel.',
    );
  }
  const rgb = new Int32Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel++) {
    rgb[pixel * 3] = rgba[pixel * 4]!;
    rgb[pixel * 3 + 1] = rgba[pixel * 4 + 1]!;
    rgb[pixel * 3 + 2] = rgba[pixel * 4 + 2]!;
  }
  return rgb;
}
