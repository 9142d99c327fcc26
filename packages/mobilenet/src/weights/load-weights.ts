import { downloadCached, getPlatform } from '@dendrite/core';
import type { UrlLike } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { WeightsFormat, WeightsSource } from './imagenet-weights.js';
import { readKerasH5Weights } from '../h5/read-keras-h5-weights.js';
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
 * Loads a weights file (TF.js layers model.json or Keras .h5, told apart by the name) into `model`
 * by layer name. @internal
 */
export async function loadWeightsFile(model: LayersModel, source: string | UrlLike, options: LayersModelJsonOptions = {}): Promise<AssignNamedWeightsResult> {
  const platform = getPlatform();
  const name = sourceName(source);
  return assignFrom(model, (path, readOptions) => platform.readBytes(path, readOptions), name, weightsFormatOf(name), options);
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
  const read: ByteReader = (path, readOptions) =>
    downloadCached(path, {
      cacheKey: `${cacheFolder}/${baseName(path)}`,
      sha256: path === published.url ? published.sha256 : undefined,
      onProgress: readOptions.onProgress,
      signal: readOptions.signal,
    });
  return assignFrom(model, read, published.url, published.format, options);
}
