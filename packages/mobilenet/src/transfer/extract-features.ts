import { getPlatform, InvalidArgumentError, type AbortSignalLike, type ByteCache, type Platform } from '@dendrite/core';
import { verifiedCache, type VerifiedCache } from '@dendrite/core/internal';
import { ImageDataset, type DatasetWarning, type ImageDatasetExample, type Interpolation, type ResizeMode, type SkippedImage } from '@dendrite/data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { preprocessInput } from '../preprocess-input.js';
import { featureModelDigest, featureRunner, type FeatureRunner } from './feature-runner.js';

/**
 * Progress of {@link extractFeatures}: images done of the total.
 *
 * @category Training
 * @example
 * ```ts
 * const onProgress = ({ done, total }: FeatureProgress) => bar.update(done, `${done}/${total}`);
 * ```
 */
export interface FeatureProgress {
  /** Images done so far (computed, read from the cache, or skipped). */
  readonly done: number;
  /** Images in the dataset. */
  readonly total: number;
  /** Of `done`, how many came from the cache. */
  readonly fromCache: number;
}

/**
 * Options of {@link extractFeatures}.
 *
 * @category Training
 */
export interface ExtractFeaturesOptions {
  /** Images decoded and run through the base at once. Default 32. */
  readonly batchSize?: number;
  /** How images are brought to the model's input size. Default `'stretch'`, as the course does. */
  readonly resizeMode?: ResizeMode;
  /**
   * How pixels are computed when resizing (as Pillow computes them for Keras). Default: the
   * dataset's, else `'bilinear'`. The course's `load_img(path, target_size=(224, 224))` is `'nearest'`.
   */
  readonly interpolation?: Interpolation;
  /**
   * Keep each image's features in a cache, keyed by a digest of the base's weights and the sha256
   * of the image file's bytes, so that a later run reads them instead of decoding and running the
   * base: `true` for the platform's cache (a folder on disk in Node), or a cache of your own.
   * Default false. Works with the default preprocessing only.
   */
  readonly cache?: boolean | ByteCache;
  /**
   * Run an inference-optimized copy of the base ({@link optimizeForInference}: batch normalisation
   * folded, activations fused), several times faster; the features equal the model's own up to
   * float rounding. Default true; `false` runs the model's layers.
   */
  readonly optimize?: boolean;
  /** Scales the pixels (0..255) for the model. Default {@link preprocessInput}. */
  readonly preprocess?: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Stop at the first unreadable image instead of skipping it with a warning. Default false. */
  readonly strict?: boolean;
  /** Receives the warning about skipped images. Default: the platform prints it. */
  readonly onWarning?: (warning: DatasetWarning) => void;
  /** Called as images are done. */
  readonly onProgress?: (progress: FeatureProgress) => void;
  /** Cancels reading (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
}

/**
 * The features of a labelled dataset, one row per image that could be read, in dataset order.
 *
 * @category Training
 * @example
 * ```ts
 * const { features, labels, sources }: ExtractedFeatures = await extractFeatures(model, cats);
 * ```
 */
export interface ExtractedFeatures {
  /** `[n, features]` (1280 for MobileNetV2); the caller owns it. */
  readonly features: tf.Tensor2D;
  /** The class index of each row, float32 `[n]`; the caller owns it. */
  readonly labels: tf.Tensor1D;
  /** The name (path, URL or file name) of each row's image. */
  readonly sources: readonly string[];
  /** How many rows came from the cache. */
  readonly fromCache: number;
}

const CACHE_VERSION = 'v1';

function resolveCache(cache: ExtractFeaturesOptions['cache'], platform: Platform): ByteCache | undefined {
  if (cache === undefined || cache === false) return undefined;
  if (cache === true) return platform.cache;
  const candidate = cache as Partial<ByteCache>;
  if (typeof candidate.get !== 'function' || typeof candidate.put !== 'function') {
    throw new InvalidArgumentError('cache', 'must be true, false or a ByteCache', 'Pass cache: true to use the platform cache.');
  }
  return cache;
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError('batchSize', `must be a whole number of at least 1, got ${String(batchSize)}`, 'Leave it out to use 32.');
  }
}

/** One extracted row while the pass runs. */
interface Row {
  readonly index: number;
  readonly values: Float32Array;
}

/**
 * Runs the frozen base of a transfer model (or, for any other model, the whole model) once over
 * every image, and returns the features its head reads, for `fit` on {@link transferHead}: the fast
 * way of transfer learning. With a tensor of preprocessed images it returns their features; with a
 * labelled dataset it streams the images batch by batch (decoded, resized to the model's input,
 * preprocessed), so memory holds one batch of images at a time, and returns the features with their
 * labels. Unreadable images are skipped with one warning (or thrown with `strict`).
 *
 * With `cache`, each image's features are stored under a key made of a digest of the base's weights
 * and the sha256 of the file's bytes: a later run on the same files and weights decodes nothing and
 * runs no model for them; changed weights or a changed file never reuse stale features.
 *
 * @param model - a transfer model from {@link transferModel} (its frozen base is run), or a feature
 *   extractor such as `MobileNetV2({ includeTop: false, pooling: 'avg' })`
 * @param images - preprocessed images `[n, height, width, 3]`, or a labelled {@link ImageDataset}
 * @param options - batch size, resize mode, cache, optimization, preprocessing, warnings, progress
 * @returns for a tensor, the features `[n, features]`; for a dataset, the features, labels and
 *   sources. The caller owns the tensors.
 * @throws InvalidArgumentError for bad options; with `strict`, the platform's read or decode error
 * @category Training
 * @example
 * ```ts
 * const model = transferModel(await MobileNetV2(), { classNames: cats.classNames, seed: 42 });
 * const { features, labels } = await extractFeatures(model, cats, { cache: true });
 * const head = transferHead(model);
 * await fit(head, features, labels, { epochs: 20, seed: 42 });
 * head.dispose();
 * ```
 */
export async function extractFeatures(model: LayersModel, images: tf.Tensor4D, options?: ExtractFeaturesOptions): Promise<tf.Tensor2D>;
export async function extractFeatures(model: LayersModel, images: ImageDataset, options?: ExtractFeaturesOptions): Promise<ExtractedFeatures>;
export async function extractFeatures(
  model: LayersModel,
  images: tf.Tensor4D | ImageDataset,
  options: ExtractFeaturesOptions = {},
): Promise<tf.Tensor2D | ExtractedFeatures> {
  const batchSize = options.batchSize ?? 32;
  checkBatchSize(batchSize);
  if (options.cache !== undefined && options.cache !== false && options.preprocess !== undefined) {
    throw new InvalidArgumentError('cache', 'cannot be used with a custom preprocess, which its keys do not describe', 'Leave preprocess out (MobileNetV2 scaling), or pass cache: false.');
  }
  const runner = featureRunner(model, options.optimize ?? true, batchSize);
  try {
    if (images instanceof ImageDataset) return await datasetFeatures(runner, images, batchSize, options);
    if (!(images instanceof tf.Tensor) || images.rank !== 4) {
      throw new InvalidArgumentError('images', 'must be an ImageDataset or a tensor [n, height, width, 3]', 'Pass a dataset, or images stacked and preprocessed.');
    }
    return await runner.run(images);
  } finally {
    runner.dispose();
  }
}

async function datasetFeatures(runner: FeatureRunner, dataset: ImageDataset, batchSize: number, options: ExtractFeaturesOptions): Promise<ExtractedFeatures> {
  const platform = getPlatform();
  const store = resolveCache(options.cache, platform);
  // Entries are checked when read (recorded sha256, finite values) and a cache that cannot be written
  // only warns: the feature cache is a speed-up, never a reason to stop.
  const cache = store === undefined ? undefined : verifiedCache(platform, store);
  const total = dataset.length;
  const rows: Row[] = [];
  const skipped: SkippedImage[] = [];
  let fromCache = 0;
  const report = (): void => options.onProgress?.({ done: rows.length + skipped.length, total, fromCache });
  const interpolation = options.interpolation ?? dataset.defaults.interpolation ?? 'bilinear';
  const prefix = cache === undefined ? undefined : `features/${CACHE_VERSION}/${await featureModelDigest(runner.featureModel, (bytes) => platform.sha256(bytes))}/${runner.size.join('x')}-${options.resizeMode ?? 'stretch'}-${interpolation}`;

  for (let start = 0; start < total; start += batchSize) {
    const chunk = dataset.examples.slice(start, start + batchSize).map((example, offset) => ({ example, index: start + offset }));
    let misses: Array<{ example: ImageDatasetExample; index: number; key?: string }> = chunk;
    if (cache !== undefined && prefix !== undefined) {
      misses = [];
      for (const { example, index } of chunk) {
        let bytes: Uint8Array;
        try {
          bytes = await platform.readBytes(example.source, options.signal === undefined ? {} : { signal: options.signal });
        } catch (error) {
          if (options.strict === true || options.signal?.aborted === true) throw error;
          skipped.push({ name: example.name, reason: error instanceof Error ? error.message : String(error), error });
          continue;
        }
        const key = `${prefix}/${await platform.sha256(bytes)}`;
        const width = runner.featureModel.outputs[0]?.shape.at(-1);
        const { bytes: stored } = await cache.read(key, { validate: featureProblem });
        if (stored !== undefined && stored.byteLength === (width ?? 0) * 4 && stored.byteLength > 0) {
          rows.push({ index, values: new Float32Array(stored.slice().buffer) });
          fromCache += 1;
        } else {
          // The bytes are already read: decode them rather than reading the file again.
          misses.push({ example: { ...example, source: bytes }, index, key });
        }
      }
    }
    if (misses.length > 0) await computeMisses(runner, dataset.classNames, misses, { ...options, interpolation }, rows, skipped, cache);
    report();
  }

  rows.sort((a, b) => a.index - b.index);
  if (skipped.length > 0) {
    const warning = skippedWarning(skipped, total);
    (options.onWarning ?? ((w: DatasetWarning) => platform.print(`Warning: ${w.message}`)))(warning);
  }
  const width = runner.featureModel.outputs[0]?.shape.at(-1) ?? 0;
  const flat = new Float32Array(rows.length * width);
  rows.forEach((row, i) => flat.set(row.values, i * width));
  const examples = dataset.examples;
  return {
    features: tf.tensor2d(flat, [rows.length, width]),
    labels: tf.tensor1d(rows.map((row) => (examples[row.index] as ImageDatasetExample).label), 'float32'),
    sources: rows.map((row) => (examples[row.index] as ImageDatasetExample).name),
    fromCache,
  };
}

/** Decodes, runs and (with a cache) stores the images not found in the cache. */
async function computeMisses(
  runner: FeatureRunner,
  classNames: readonly string[],
  misses: ReadonlyArray<{ example: ImageDatasetExample; index: number; key?: string }>,
  options: ExtractFeaturesOptions,
  rows: Row[],
  skipped: SkippedImage[],
  cache: VerifiedCache | undefined,
): Promise<void> {
  const subset = new ImageDataset(classNames, misses.map(({ example }) => example));
  let next = 0;
  const batches = subset.batches({
    size: runner.size,
    batchSize: misses.length,
    preprocess: options.preprocess ?? preprocessInput,
    ...(options.resizeMode !== undefined ? { resizeMode: options.resizeMode } : {}),
    ...(options.interpolation !== undefined ? { interpolation: options.interpolation } : {}),
    strict: options.strict ?? false,
    onWarning: (warning) => skipped.push(...warning.skipped),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const writes: Promise<void>[] = [];
  for await (const { xs, ys, sources } of batches) {
    let values: Float32Array;
    let width: number;
    try {
      const features = await runner.run(xs);
      width = features.shape[1];
      values = (await features.data()) as Float32Array;
      features.dispose();
    } finally {
      tf.dispose([xs, ys]);
    }
    for (const [i, source] of sources.entries()) {
      // Skipped images leave gaps: the next miss with this name is the row.
      while (next < misses.length && (misses[next] as { example: ImageDatasetExample }).example.name !== source) next++;
      const miss = misses[next++];
      if (miss === undefined) break;
      const row = values.slice(i * width, (i + 1) * width);
      rows.push({ index: miss.index, values: row });
      if (cache !== undefined && miss.key !== undefined && featureProblem(new Uint8Array(row.buffer)) === undefined) {
        writes.push(cache.write(miss.key, new Uint8Array(row.buffer)).then(() => undefined));
      }
    }
  }
  // Each entry is flushed to disk before it is renamed into place; flushing them side by side
  // rather than one after another keeps a cold run from waiting on the disk 32 times in a row.
  await Promise.all(writes);
}

/** Why cached feature bytes cannot be used: not whole float32 values, or NaN or Infinity among them. */
function featureProblem(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength % 4 !== 0) return 'its length is not a whole number of float32 values';
  const values = new Float32Array(bytes.slice().buffer);
  return values.every(Number.isFinite) ? undefined : 'it holds NaN or Infinity';
}

function skippedWarning(skipped: readonly SkippedImage[], total: number): DatasetWarning {
  const shown = skipped.slice(0, 10).map((image) => `${image.name} (${image.reason})`);
  const more = skipped.length > 10 ? `, and ${skipped.length - 10} more` : '';
  return {
    message: `${skipped.length} of ${total} images could not be read or decoded and ${skipped.length === 1 ? 'was' : 'were'} left out: ${shown.join('; ')}${more}. Remove or replace them, or pass strict: true to stop at the first one instead.`,
    skipped,
  };
}
