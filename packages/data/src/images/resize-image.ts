import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import { centerCropBox } from './center-crop-box.js';
import type { ImageSize, ResizeMode } from './image-options.js';
import { validateImageSize, validateResizeMode } from './validate-image-options.js';

/**
 * Resizes an image `[height, width, channels]` or a batch `[n, height, width, channels]` to `size`
 * with bilinear interpolation, either stretching the whole image or cutting out its centre first.
 *
 * The input is left alone; the result is a new float32 tensor the caller owns. Pixel centres are
 * aligned (`halfPixelCenters`), as in TensorFlow 2's `tf.image.resize`, so the image is not shifted.
 *
 * @param images - one image (rank 3) or a batch (rank 4)
 * @param size - the target `[height, width]`
 * @param resizeMode - `'stretch'` (default, as the course does) or `'center-crop'`
 * @returns the resized image or batch, float32
 * @throws {@link @dendrite/core!InvalidArgumentError} when `size` or `resizeMode` is invalid, or `images` is not rank 3 or 4.
 * @category Images
 * @example
 * ```ts
 * const photo = tf.zeros([480, 640, 3]) as tf.Tensor3D;
 * const square = resizeImage(photo, [224, 224], 'center-crop'); // [224, 224, 3], the middle 480 x 480
 * ```
 */
export function resizeImage<T extends Tensor3D | Tensor4D>(images: T, size: ImageSize, resizeMode?: ResizeMode): T {
  const target = validateImageSize(size);
  if (target === undefined) {
    throw new InvalidArgumentError('size', 'is missing', 'Pass the target size as [height, width], e.g. [224, 224].');
  }
  const mode = validateResizeMode(resizeMode);
  if (images.rank !== 3 && images.rank !== 4) {
    throw new InvalidArgumentError(
      'images',
      `must be one image [height, width, channels] or a batch [n, height, width, channels], but has shape [${images.shape.join(', ')}]`,
      'Pass a rank 3 or rank 4 tensor.',
    );
  }
  const [height, width] = target;
  return tf.tidy(() => {
    const region = mode === 'center-crop' ? cropCentre(images, height, width) : images;
    const [regionHeight, regionWidth] = spatialShape(region);
    if (regionHeight === height && regionWidth === width) return tf.cast(region, 'float32');
    return tf.image.resizeBilinear(region, [height, width], false, true);
  });
}

function spatialShape(images: Tensor3D | Tensor4D): [number, number] {
  const offset = images.rank - 3;
  return [images.shape[offset] as number, images.shape[offset + 1] as number];
}

function cropCentre<T extends Tensor3D | Tensor4D>(images: T, height: number, width: number): T {
  const [imageHeight, imageWidth] = spatialShape(images);
  const box = centerCropBox(imageHeight, imageWidth, height, width);
  if (images.rank === 3) {
    return tf.slice(images as Tensor3D, [box.top, box.left, 0], [box.height, box.width, -1]) as T;
  }
  return tf.slice(images as Tensor4D, [0, box.top, box.left, 0], [-1, box.height, box.width, -1]) as T;
}
