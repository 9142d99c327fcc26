import type { UrlLike } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { WeightsFormat, WeightsSource } from './imagenet-weights.js';
import { WeightsMismatchError } from '../errors.js';
import { readKerasH5Weights } from '@dendrite/keras';
import { cachingReader } from './caching-reader.js';
import type { CachingReader } from './caching-reader.js';
import { readLayersModelJsonWith } from './layers-model-json.js';
import type { ByteReader, LayersModelJsonOptions } from './layers-model-json.js';
import { assignNamedWeights } from './named-weights.js';
import type { AssignNamedWeightsResult } from './named-weights.js';
import { baseName, sourceName } from './source-name.js';

/**
 * The format of a weights file, from its name: `.h5` and `.hdf5` are Keras HDF5, anything else is
 * taken for a TF.js layers model.json.
 *
 * @internal
 * @param source - path or URL
 * @returns the format
 */
export function weightsFormatOf(source: string): WeightsFormat {
  return /\.(h5|hdf5)$/i.test(source.replace(/[?#].*$/, '')) ? 'keras-h5' : 'tfjs-layers';
}

async function readNamedWeights(read: ByteReader, source: string, format: WeightsFormat, options: LayersModelJsonOptions): Promise<NamedTensorMap> {
  if (format === 'tfjs-layers') return readLayersModelJsonWith(read, source, options);
  const bytes = await read(source, { onProgress: options.onProgress, signal: options.signal });
  return readKerasH5Weights(bytes, { source });
}

async function assignFrom(model: LayersModel, read: ByteReader, source: string, format: WeightsFormat, options: LayersModelJsonOptions): Promise<AssignNamedWeightsResult> {
  const weights = await readNamedWeights(read, source, format, options);
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
async function assignThrough(model: LayersModel, reader: CachingReader, source: string, format: WeightsFormat, options: LayersModelJsonOptions): Promise<AssignNamedWeightsResult> {
  try {
    return await assignFrom(model, reader.read, source, format, options);
  } catch (error) {
    if (!(error instanceof WeightsMismatchError)) await reader.discard();
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
export async function loadWeightsFile(model: LayersModel, source: string | UrlLike, options: LayersModelJsonOptions = {}): Promise<AssignNamedWeightsResult> {
  const name = sourceName(source);
  const reader = cachingReader({ cacheKey: weightsUrlCacheKey });
  return assignThrough(model, reader, name, weightsFormatOf(name), options);
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
