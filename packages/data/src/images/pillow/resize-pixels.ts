import type { ImageSize } from '../image-options.js';
import type { Interpolation } from '../interpolation.js';
import { kerasCropBox } from './keras-crop-box.js';
import { pillowNearest } from './pillow-nearest.js';
import { pillowResample } from './pillow-resample.js';
import { wholeImage, type Pixels } from './pixels.js';
import { resamplingFilters } from './resampling-filters.js';

/**
 * How {@link resizePixels} resizes.
 *
 * @internal
 */
export interface ResizePixelsOptions {
  readonly interpolation: Interpolation;
  /** Resize only the centred box with the target's aspect ratio, as Keras's `keep_aspect_ratio`. */
  readonly keepAspectRatio: boolean;
}

/**
 * Resizes an image to `[height, width]` as Keras's `load_img` does with Pillow: nothing happens
 * when it already has that size; otherwise the whole image, or the centred box with the target's
 * aspect ratio, is resampled with the interpolation.
 *
 * @internal
 */
export function resizePixels<T extends Uint8Array | Float32Array>(
  image: Pixels<T>,
  size: ImageSize,
  options: ResizePixelsOptions,
): Pixels<T> {
  const [height, width] = size;
  if (image.height === height && image.width === width) return { ...image, data: image.data.slice() as T };
  const box = options.keepAspectRatio ? kerasCropBox(image.height, image.width, height, width) : wholeImage(image);
  if (options.interpolation === 'nearest') return pillowNearest(image, height, width, box);
  return pillowResample(image, height, width, box, resamplingFilters[options.interpolation]);
}
