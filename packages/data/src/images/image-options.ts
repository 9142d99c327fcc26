import type { AbortSignalLike } from '@dendrite/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/**
 * A target image size, `[height, width]` in pixels, in the order Keras's `target_size` uses.
 *
 * @category Images
 */
export type ImageSize = readonly [height: number, width: number];

/**
 * How an image is brought to a target size.
 *
 * - `'stretch'`: the whole image is squeezed or stretched to the size, as Keras's
 *   `load_img(path, target_size=...)` does in the course; proportions change when the aspect differs.
 * - `'center-crop'`: the largest centred region with the target's aspect ratio is cut out and then
 *   resized, so proportions are kept and the edges are lost.
 *
 * @category Images
 * @example
 * ```ts
 * const image = await loadImage('cat.jpg', { size: [224, 224], resizeMode: 'center-crop' });
 * ```
 */
export type ResizeMode = 'stretch' | 'center-crop';

/**
 * Options for {@link loadImage}.
 *
 * @category Images
 */
export interface LoadImageOptions {
  /** Resize to `[height, width]`. Without it the image keeps its own size. */
  readonly size?: ImageSize;
  /** How to resize; default `'stretch'`, as the course does. */
  readonly resizeMode?: ResizeMode;
  /** Cancels reading (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
}

/**
 * Progress of loading a list of images, reported after each image.
 *
 * @category Images
 * @example
 * ```ts
 * const onProgress = (event: ImageLoadProgress) =>
 *   console.log(`${event.loadedImages}/${event.totalImages} ${event.source}`);
 * ```
 */
export interface ImageLoadProgress {
  /** The image just loaded (its path, URL or a description of in-memory bytes). */
  readonly source: string;
  /** Images loaded so far, including this one. */
  readonly loadedImages: number;
  /** Images in the whole list. */
  readonly totalImages: number;
}

/**
 * Options for {@link imageBatches}.
 *
 * @category Images
 */
export interface ImageBatchesOptions extends LoadImageOptions {
  /** Images per batch (the last batch may be smaller); default 32, as in Keras. */
  readonly batchSize?: number;
  /**
   * Applied to each batch before it is yielded, such as MobileNetV2's `preprocessInput`. Tensors it
   * creates along the way are disposed; the batch it receives is disposed if it returns a new one.
   */
  readonly preprocess?: (batch: Tensor4D) => Tensor4D;
  /** Called after each image is loaded. */
  readonly onProgress?: (event: ImageLoadProgress) => void;
}

/**
 * Options for {@link loadImages}.
 *
 * @category Images
 */
export interface LoadImagesOptions extends LoadImageOptions {
  /**
   * How many files are read at once; default 32. The result does not depend on it; a smaller value
   * holds fewer undecoded files in memory.
   */
  readonly batchSize?: number;
  /** Called after each image is loaded. */
  readonly onProgress?: (event: ImageLoadProgress) => void;
}
