import { getPlatform, InvalidArgumentError } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import type { AbortSignalLike, Platform } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import { decodeToSize } from '../images/decode-to-size.js';
import type { ImageSize } from '../images/image-options.js';
import type { ResizePixelsOptions } from '../images/pillow/resize-pixels.js';
import { throwIfAborted } from '../images/throw-if-aborted.js';
import { validateBatchSize, validateImageSize, validateResize } from '../images/validate-image-options.js';
import type {
  DatasetWarning,
  ImageDatasetBatch,
  ImageDatasetBatchesOptions,
  ImageDatasetDefaults,
  ImageDatasetExample,
  LabelMode,
  SkippedImage,
} from './image-dataset-types.js';
import { skippedImage, skippedImagesWarning } from './skipped-images-warning.js';
import { applyPreprocess } from '../images/apply-preprocess.js';

interface StreamSettings {
  readonly platform: Platform;
  readonly batchSize: number;
  readonly size: ImageSize;
  readonly resize: ResizePixelsOptions;
  readonly preprocess: ((images: Tensor4D) => Tensor4D) | undefined;
  readonly strict: boolean;
  readonly warn: (warning: DatasetWarning) => void;
  readonly signal: AbortSignalLike | undefined;
  /** Example indices in the order they are visited. */
  readonly order: readonly number[];
  readonly labelMode: LabelMode;
  readonly classCount: number;
}

/**
 * What a pass over a dataset needs from the dataset itself: its defaults, its number of classes,
 * and which pass this is (so that each pass of a seeded dataset is shuffled anew, reproducibly).
 *
 * @internal
 */
export interface DatasetContext {
  readonly defaults: ImageDatasetDefaults;
  readonly classCount: number;
  readonly pass: number;
}

/** The images of one batch while it is being filled. */
interface Gathered {
  readonly images: Tensor3D[];
  readonly labels: number[];
  readonly names: string[];
}

/**
 * Streams labelled batches of `examples`: only the files of the batch being filled are read, and
 * only its resized images are held. Images that cannot be read or decoded are skipped (and the next
 * examples fill their places) unless `strict` is set. Options are checked when called.
 *
 * @internal
 */
export function datasetBatches<Labels extends Tensor1D | Tensor2D>(
  examples: readonly ImageDatasetExample[],
  options: ImageDatasetBatchesOptions,
  context: DatasetContext,
): AsyncGenerator<ImageDatasetBatch<Labels>, void, undefined> {
  return streamBatches(examples, resolveSettings(examples.length, options ?? {}, context));
}

function resolveSettings(count: number, given: Partial<ImageDatasetBatchesOptions>, context: DatasetContext): StreamSettings {
  const { defaults } = context;
  const options: Partial<ImageDatasetBatchesOptions> = {
    ...given,
    size: given.size ?? defaults.imageSize,
    batchSize: given.batchSize ?? defaults.batchSize,
    interpolation: given.interpolation ?? defaults.interpolation,
    cropToAspectRatio: given.cropToAspectRatio ?? (given.resizeMode === undefined ? defaults.cropToAspectRatio : undefined),
    shuffle: given.shuffle ?? defaults.shuffle,
  };
  const size = validateImageSize(options.size);
  if (size === undefined) {
    throw new InvalidArgumentError(
      'size',
      'is missing; images in a dataset can have any size, so batches need one',
      'Pass size: [height, width], for example size: [224, 224] for MobileNetV2.',
    );
  }
  const platform = getPlatform();
  const order = Array.from({ length: count }, (_, i) => i);
  if (checkFlag('shuffle', options.shuffle)) {
    new SeededRandom(shuffleSeed(given.seed, defaults.seed, context.pass)).shuffle(order);
  }
  return {
    platform,
    labelMode: defaults.labelMode ?? 'int',
    classCount: context.classCount,
    batchSize: validateBatchSize(options.batchSize),
    size,
    resize: validateResize(options, 'bilinear', { name: 'cropToAspectRatio', value: options.cropToAspectRatio }),
    preprocess: options.preprocess,
    strict: checkFlag('strict', options.strict),
    warn: options.onWarning ?? ((warning) => platform.print(`Warning: ${warning.message}`)),
    signal: options.signal,
    order,
  };
}

/** A seed given to the call is used as is; a dataset's seed gives each pass its own order. */
function shuffleSeed(given: number | undefined, dataset: number | undefined, pass: number): number {
  if (given !== undefined) return given;
  if (dataset !== undefined) return new SeededRandom(dataset + pass * 7919).nextInt(2 ** 31);
  return Math.floor(Math.random() * 2 ** 31);
}

/** The labels of a batch as its label mode gives them, float32. */
function labelTensor(labels: readonly number[], mode: LabelMode, classCount: number): Tensor1D | Tensor2D {
  if (mode === 'int') return tf.tensor1d([...labels], 'float32');
  if (mode === 'binary') return tf.tensor2d([...labels], [labels.length, 1], 'float32');
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d([...labels], 'int32'), classCount), 'float32') as Tensor2D);
}

function checkFlag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError(name, `must be true or false, but got ${String(value)}`, `Pass ${name}: true or leave it out.`);
  }
  return value;
}

async function* streamBatches<Labels extends Tensor1D | Tensor2D>(
  examples: readonly ImageDatasetExample[],
  settings: StreamSettings,
): AsyncGenerator<ImageDatasetBatch<Labels>, void, undefined> {
  const { order, batchSize } = settings;
  const skipped: SkippedImage[] = [];
  let cursor = 0;
  try {
    while (cursor < order.length) {
      const gathered: Gathered = { images: [], labels: [], names: [] };
      let stacked: Tensor4D;
      try {
        // Skipped images leave gaps that the following examples fill, so batches stay full.
        while (gathered.images.length < batchSize && cursor < order.length) {
          const take = order.slice(cursor, cursor + batchSize - gathered.images.length);
          cursor += take.length;
          await gatherChunk(
            take.map((index) => examples[index] as ImageDatasetExample),
            settings,
            gathered,
            skipped,
          );
        }
        if (gathered.images.length === 0) return;
        stacked = tf.stack(gathered.images) as Tensor4D;
      } finally {
        tf.dispose(gathered.images);
      }
      const xs = applyPreprocess(stacked, settings.preprocess);
      const ys = labelTensor(gathered.labels, settings.labelMode, settings.classCount) as Labels;
      yield { xs, ys, sources: gathered.names };
    }
  } finally {
    if (skipped.length > 0) settings.warn(skippedImagesWarning(skipped, order.length));
  }
}

/** Reads a chunk's files together, then decodes and resizes them one at a time. */
async function gatherChunk(
  chunk: readonly ImageDatasetExample[],
  settings: StreamSettings,
  gathered: Gathered,
  skipped: SkippedImage[],
): Promise<void> {
  const { platform, signal } = settings;
  throwIfAborted(signal);
  const readOptions = signal === undefined ? {} : { signal };
  const reads = await Promise.allSettled(chunk.map((example) => platform.readBytes(example.source, readOptions)));
  for (const [offset, read] of reads.entries()) {
    throwIfAborted(signal);
    const example = chunk[offset] as ImageDatasetExample;
    try {
      if (read.status === 'rejected') throw read.reason;
      const image = await decodeToSize(platform, read.value, example.name, settings.size, settings.resize);
      gathered.images.push(image);
      gathered.labels.push(example.label);
      gathered.names.push(example.name);
    } catch (error) {
      if (settings.strict || signal?.aborted === true) throw error;
      skipped.push(skippedImage(example.name, error));
    }
  }
}
