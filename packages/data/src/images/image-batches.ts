import { getPlatform, InvalidDataError } from '@dendrite/core';
import type { AbortSignalLike, ByteSource, Platform } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import { decodeToSize } from './decode-to-size.js';
import type { ImageBatchesOptions, ImageLoadProgress, ImageSize } from './image-options.js';
import type { ResizePixelsOptions } from './pillow/resize-pixels.js';
import { describeSource } from './source-name.js';
import { throwIfAborted } from './throw-if-aborted.js';
import { validateBatchSize, validateImageSize, validateResize } from './validate-image-options.js';
import { applyPreprocess } from './apply-preprocess.js';

interface BatchSettings {
  readonly platform: Platform;
  readonly batchSize: number;
  readonly size: ImageSize | undefined;
  readonly resize: ResizePixelsOptions;
  readonly signal: AbortSignalLike | undefined;
  readonly preprocess: ((batch: Tensor4D) => Tensor4D) | undefined;
  readonly onProgress: ((event: ImageLoadProgress) => void) | undefined;
}

/** The first image's size and name, which every later image must match when no `size` is given. */
interface Reference {
  shape?: readonly number[];
  source?: string;
}

/**
 * Loads images a batch at a time, as an async generator of float32 tensors
 * `[batchSize, height, width, 3]` (the last batch holds what is left), so that a long list of files
 * never sits in memory at once. Each batch belongs to the consumer, who disposes it.
 *
 * The files of one batch are read together; they are decoded and resized one at a time. Without
 * `size`, every image must already have the first image's size. Options are checked when the
 * function is called; reading starts at the first `next()`. Leaving the loop early is safe.
 *
 * @param sources - paths, URLs, bytes or Blobs, in the order the batches will hold them
 * @param options - `batchSize` (default 32), `size`, `interpolation` (default `'nearest'`, as Keras's
 *   `load_img`), `keepAspectRatio`, `preprocess` applied to each batch,
 *   `onProgress` after each image, and a `signal` to cancel
 * @returns an async generator of batches
 * @throws {@link @dendrite/core!InvalidArgumentError} at once when an option is invalid; during iteration the
 *   platform's read and decode errors (naming the source), and {@link @dendrite/core!InvalidDataError} when images
 *   differ in size and no `size` was given.
 * @category Images
 * @example
 * ```ts
 * for await (const batch of imageBatches(paths, { batchSize: 8, size: [224, 224], preprocess: preprocessInput })) {
 *   const features = base.predict(batch) as tf.Tensor;
 *   batch.dispose();
 *   // ... use features, then dispose them
 * }
 * ```
 */
export function imageBatches(
  sources: readonly ByteSource[],
  options: ImageBatchesOptions = {},
): AsyncGenerator<Tensor4D, void, undefined> {
  const settings: BatchSettings = {
    platform: getPlatform(),
    batchSize: validateBatchSize(options.batchSize),
    size: validateImageSize(options.size),
    resize: validateResize(options, 'nearest', { name: 'keepAspectRatio', value: options.keepAspectRatio }),
    signal: options.signal,
    preprocess: options.preprocess,
    onProgress: options.onProgress,
  };
  return generateBatches([...sources], settings);
}

async function* generateBatches(sources: readonly ByteSource[], settings: BatchSettings): AsyncGenerator<Tensor4D, void, undefined> {
  const reference: Reference = {};
  for (let start = 0; start < sources.length; start += settings.batchSize) {
    const images = await loadChunk(sources, start, settings, reference);
    let batch: Tensor4D;
    try {
      batch = tf.stack(images) as Tensor4D;
    } finally {
      tf.dispose(images);
    }
    yield applyPreprocess(batch, settings.preprocess);
  }
}

async function loadChunk(
  sources: readonly ByteSource[],
  start: number,
  settings: BatchSettings,
  reference: Reference,
): Promise<Tensor3D[]> {
  const { platform, signal } = settings;
  const chunk = sources.slice(start, start + settings.batchSize);
  throwIfAborted(signal);
  const allBytes = await Promise.all(chunk.map((source) => platform.readBytes(source, signal === undefined ? {} : { signal })));
  const images: Tensor3D[] = [];
  try {
    for (const [offset, bytes] of allBytes.entries()) {
      throwIfAborted(signal);
      const index = start + offset;
      const name = describeSource(chunk[offset] as ByteSource, index);
      const image = await decodeToSize(platform, bytes, name, settings.size, settings.resize);
      images.push(image);
      if (settings.size === undefined) checkSameSize(image, name, reference);
      settings.onProgress?.({ source: name, loadedImages: index + 1, totalImages: sources.length });
    }
    return images;
  } catch (error) {
    tf.dispose(images);
    throw error;
  }
}

function checkSameSize(image: Tensor3D, source: string, reference: Reference): void {
  if (reference.shape === undefined) {
    reference.shape = image.shape;
    reference.source = source;
    return;
  }
  const [height, width] = image.shape;
  const [firstHeight, firstWidth] = reference.shape;
  if (height !== firstHeight || width !== firstWidth) {
    throw new InvalidDataError(
      'images',
      `${source} is ${width} x ${height} pixels but ${reference.source} is ${firstWidth} x ${firstHeight}, so they cannot share a batch`,
      'Pass size: [height, width] to resize every image to the same size.',
    );
  }
}
