import type { AbortSignalLike } from '@dendrite/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Interpolation } from './interpolation.js';

/**
 * A target image size, `[height, width]` in pixels, in the order Keras's `target_size` uses.
 *
 * @category Images
 */
export type ImageSize = readonly [height: number, width: number];

/**
 * How an image is brought to a target size (the older spelling of `keepAspectRatio`).
 *
 * - `'stretch'`: the whole image is squeezed or stretched to the size, as Keras's
 *   `load_img(path, target_size=...)` does in the course; proportions change when the aspect differs.
 * - `'center-crop'`: the same as `keepAspectRatio: true`.
 *
 * @deprecated Use `keepAspectRatio` (Keras's `keep_aspect_ratio`) instead.
 * @category Images
 * @example
 * ```ts
 * // Prefer { keepAspectRatio: true }.
 * const image = await loadImage('cat.jpg', { size: [224, 224], resizeMode: 'center-crop' });
 * ```
 */
export type ResizeMode = 'stretch' | 'center-crop';

/**
 * How an image is resized, by Keras's names: the options every image loader takes.
 *
 * @category Images
 */
export interface ResizeOptions {
  /**
   * How pixels are computed, as Pillow computes them for Keras's `load_img`. Default `'nearest'`
   * for the loaders that mirror `load_img` ({@link loadImage}, {@link loadImages},
   * {@link imageBatches}), `'bilinear'` for datasets, as `image_dataset_from_directory`.
   */
  readonly interpolation?: Interpolation;
  /**
   * Resize only the largest centred box with the target's aspect ratio, so proportions are kept and
   * the edges are lost, as Keras's `keep_aspect_ratio=True`. Default `false`: the whole image is
   * stretched to the size, as the course's `load_img(path, target_size=(224, 224))` does.
   */
  readonly keepAspectRatio?: boolean;
  /**
   * The older spelling of `keepAspectRatio`: `'center-crop'` keeps it, `'stretch'` does not.
   *
   * @deprecated Use `keepAspectRatio`.
   */
  readonly resizeMode?: ResizeMode;
}

/**
 * Options for {@link loadImage}: Keras's `load_img(path, target_size, interpolation,
 * keep_aspect_ratio)`.
 *
 * @category Images
 * @example
 * ```ts
 * // The course's keras.utils.load_img(path, target_size=(224, 224)):
 * const options: LoadImageOptions = { size: [224, 224] }; // interpolation 'nearest'
 * ```
 */
export interface LoadImageOptions extends ResizeOptions {
  /** Resize to `[height, width]` (Keras's `target_size`). Without it the image keeps its own size. */
  readonly size?: ImageSize;
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
