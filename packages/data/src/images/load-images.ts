import { InvalidArgumentError } from '@dendrite/core';
import type { ByteSource } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { imageBatches } from './image-batches.js';
import type { LoadImagesOptions } from './image-options.js';
import { validateImageSize } from './validate-image-options.js';

/**
 * Loads a list of images into one float32 tensor `[n, height, width, 3]`, values 0..255, in the
 * order given. The caller owns the tensor. For lists too large to hold at once, use
 * {@link imageBatches}.
 *
 * @param sources - paths, URLs, bytes or Blobs
 * @param options - `size` `[height, width]` (needed when the images differ in size), `interpolation`
 *   (default `'nearest'`, as Keras's `load_img`), `keepAspectRatio` (default `false`, as the course), `batchSize` (files read at once), `onProgress`
 *   after each image, and a `signal` to cancel
 * @returns all images stacked, float32 `[n, height, width, 3]`
 * @throws {@link @dendrite/core!InvalidArgumentError} when an option is invalid, or `sources` is empty and no `size`
 *   says what shape the result has; {@link @dendrite/core!InvalidDataError} when images differ in size and no
 *   `size` was given; the platform's read and decode errors, naming the source.
 * @category Images
 * @example
 * ```ts
 * await useNodePlatform();
 * const x = await loadImages(['cats/f01.jpg', 'cats/m01.jpg'], { size: [224, 224] });
 * console.log(x.shape); // [2, 224, 224, 3]
 * x.dispose();
 * ```
 */
export async function loadImages(sources: readonly ByteSource[], options: LoadImagesOptions = {}): Promise<Tensor4D> {
  const batches = imageBatches(sources, options);
  if (sources.length === 0) {
    const size = validateImageSize(options.size);
    if (size === undefined) {
      throw new InvalidArgumentError(
        'sources',
        'is empty and no size was given, so the shape of the result is unknown',
        'Pass at least one image, or pass size: [height, width] to get an empty [0, height, width, 3] tensor.',
      );
    }
    return tf.zeros([0, size[0], size[1], 3], 'float32');
  }
  const loaded: Tensor4D[] = [];
  try {
    for await (const batch of batches) loaded.push(batch);
    if (loaded.length === 1) return loaded.pop() as Tensor4D;
    return tf.concat(loaded, 0);
  } finally {
    tf.dispose(loaded);
  }
}
