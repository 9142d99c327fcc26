import type { UrlLike } from '@dendrite/core';
import { inspectKerasWeights, KerasWeightsMismatchError, loadKerasWeights, readKerasH5Weights } from '@dendrite/keras';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { WeightsMismatchError } from '../errors.js';
import { type ArchitectureFromWeights, architectureFromWeights } from './architecture-from-weights.js';
import type { CachingReader } from './caching-reader.js';
import { cachingReader } from './caching-reader.js';
import type { WeightsFormat, WeightsSource } from './imagenet-weights.js';
import type { ByteReader, LayersModelJsonOptions } from './layers-model-json.js';
import { readLayersModelJsonWith } from './layers-model-json.js';
import type { AssignNamedWeightsResult } from './named-weights.js';
import { assignNamedWeights } from './named-weights.js';
import { baseName, sourceName } from './source-name.js';

/**
 * The format of a weights file, from its name: `.keras`, `.h5` and `.hdf5` (`.weights.h5`
 * included) are Keras files, anything else is taken for a TF.js layers model.json.
 *
 * @internal
 * @param source - path or URL
 * @returns the format
 */
export function weightsFormatOf(source: string): WeightsFormat {
  return /\.(h5|hdf5|keras)$/i.test(source.replace(/[?#].*$/, '')) ? 'keras-h5' : 'tfjs-layers';
}

/**
 * Keras 3 files (`.keras`, `.weights.h5`) store weights by layer path and order, not by name:
 * @dendrite/keras pairs them with the model's layers. Named HDF5 files keep the by-name path,
 * which lets a full model's weights fill a model without its top.
 */
function isKeras3File(bytes: Uint8Array, source: string): boolean {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return true;
  try {
    return inspectKerasWeights(bytes, { name: source }).format === 'keras3-weights';
  } catch {
    // Not readable as a Keras 3 weights file: the by-name reader below says what is wrong with it.
    return false;
  }
}

async function assignKeras3(model: LayersModel, bytes: Uint8Array, source: string): Promise<AssignNamedWeightsResult | undefined> {
  if (!isKeras3File(bytes, source)) return undefined;
  const { assigned } = await loadKerasWeights(model, bytes, { name: source });
  return { assigned, unused: [] };
}

async function assignFrom(
  model: LayersModel,
  read: ByteReader,
  source: string,
  format: WeightsFormat,
  options: LayersModelJsonOptions,
): Promise<AssignNamedWeightsResult> {
  let weights: NamedTensorMap;
  if (format === 'keras-h5') {
    const bytes = await read(source, { onProgress: options.onProgress, signal: options.signal });
    const keras3 = await assignKeras3(model, bytes, source);
    if (keras3 !== undefined) return keras3;
    weights = readKerasH5Weights(bytes, { source });
  } else {
    weights = await readLayersModelJsonWith(read, source, options);
  }
  try {
    return assignNamedWeights(model, weights, { source });
  } finally {
    tf.dispose(weights);
  }
}

/**
 * Assigns the weights `reader` reads. When they cannot be read (a corrupt, truncated or wrong
 * download), the cache entries this load stored are removed; weights that are fine but made for
 * another architecture stay cached.
 */
async function assignThrough(
  model: LayersModel,
  reader: CachingReader,
  source: string,
  format: WeightsFormat,
  options: LayersModelJsonOptions,
): Promise<AssignNamedWeightsResult> {
  try {
    return await assignFrom(model, reader.read, source, format, options);
  } catch (error) {
    if (!(error instanceof WeightsMismatchError) && !(error instanceof KerasWeightsMismatchError)) await reader.discard();
    throw error;
  }
}

/** The cache key of a weights file given by URL: the URL itself, so each address is downloaded once. @internal */
export function weightsUrlCacheKey(url: string): string {
  return `weights/${url}`;
}

/**
 * Loads a weights file (TF.js layers model.json or Keras .h5, told apart by the name) into `model`
 * by layer name. Paths are read directly; http(s) files (the model.json and each shard) are
 * downloaded once into the platform's cache, keyed by URL, and read from it afterwards. @internal
 */
export async function loadWeightsFile(
  model: LayersModel,
  source: string | UrlLike,
  options: LayersModelJsonOptions = {},
  reader: CachingReader = weightsFileReader(),
): Promise<AssignNamedWeightsResult> {
  const name = sourceName(source);
  return assignThrough(model, reader, name, weightsFormatOf(name), options);
}

/** The reader a weights file is read through: the platform's cache for URLs, keyed by address. @internal */
export function weightsFileReader(): CachingReader {
  return cachingReader({ cacheKey: weightsUrlCacheKey });
}

/**
 * Reads what a weights file says about the MobileNetV2 it was saved from (alpha, top, classes),
 * through `reader`, which the load then reuses: a URL is downloaded once, and a load that fails
 * discards what this read cached. A file that cannot be inspected says nothing here; the load
 * reports what is wrong with it. @internal
 */
export async function architectureOfWeightsFile(
  source: string | UrlLike,
  reader: CachingReader,
  options: LayersModelJsonOptions = {},
): Promise<ArchitectureFromWeights | undefined> {
  const name = sourceName(source);
  const bytes = await reader.read(name, { onProgress: options.onProgress, signal: options.signal });
  try {
    return architectureFromWeights(inspectKerasWeights(bytes, { name }));
  } catch {
    return undefined;
  }
}

/**
 * Loads published weights into `model`, downloading each file once into the platform's cache under
 * `cacheFolder` (the sha256, when the registry gives one, is checked for the first file). @internal
 */
export async function loadPublishedWeights(
  model: LayersModel,
  published: WeightsSource,
  cacheFolder: string,
  options: LayersModelJsonOptions = {},
): Promise<AssignNamedWeightsResult> {
  const reader = cachingReader({
    cacheKey: (url) => `${cacheFolder}/${baseName(url)}`,
    sha256: (url) => (url === published.url ? published.sha256 : undefined),
  });
  return assignThrough(model, reader, published.url, published.format, options);
}
