import { strFromU8 } from 'fflate';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readKerasArchive } from '../archive/read-keras-archive.js';
import { KerasConfigError } from '../config/errors.js';
import { checkHdf5Header } from '../h5/check-hdf5-header.js';
import { openHdf5 } from '../h5/hdf5-tree.js';
import { readKerasH5Layout } from '../h5/keras-h5-layout.js';
import { assignLayerWeights } from './assign-weights.js';
import { isKeras3WeightsLayout, keras3Assignments } from './keras3-weights.js';
import type { LoadKerasWeightsOptions } from './load-options.js';
import { parseModelJson, readModelJsonWeights } from './model-json.js';
import { namedH5Assignments } from './named-h5-weights.js';
import { type KerasFileSource, describeSource, readSource, sniffFormat } from './read-source.js';

/**
 * What {@link loadKerasWeights} did.
 *
 * @category Weights
 * @example
 * ```ts
 * const { assigned } = await loadKerasWeights(model, 'cats.weights.h5');
 * console.log(`${assigned} weights set`);
 * ```
 */
export interface LoadKerasWeightsResult {
  /** How many weight tensors were set: all of the model's. */
  readonly assigned: number;
}

/**
 * Loads weights saved by Keras into a model of the same architecture, as Keras's
 * `model.load_weights` does:
 * - Keras 3's `model.save_weights("x.weights.h5")`, stored by layer path and variable order;
 * - a weights-only `.h5` from `model.save_weights("x.h5")` in Keras 2, or Keras 3's legacy
 *   format, stored by name (Keras 3's `kernel` of a DepthwiseConv2D is TensorFlow.js's
 *   `depthwise_kernel`);
 * - the weights inside a `.keras` archive or a full-model `.h5`, or a TF.js model.json's shards.
 *
 * Every layer's weights are checked against the model before any is set, so weights of another
 * architecture leave the model untouched.
 *
 * @category Weights
 * @param model - the model to fill, built like the one that was saved
 * @param source - a path or URL (read through the platform), or the file's bytes
 * @param options - a name for messages, archive limits, download progress
 * @returns how many weights were set
 * @throws KerasWeightsMismatchError when the weights were saved from another architecture
 * @throws KerasArchiveError, KerasH5FormatError for a damaged, cut-short or forged file
 * @example
 * ```ts
 * const model = buildMyModel(); // the same layers as in Python
 * await loadKerasWeights(model, 'cats.weights.h5'); // from model.save_weights('cats.weights.h5')
 * ```
 */
export async function loadKerasWeights(model: tfl.LayersModel, source: KerasFileSource, options: LoadKerasWeightsOptions = {}): Promise<LoadKerasWeightsResult> {
  const name = describeSource(source, options.name);
  const bytes = await readSource(source, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const format = sniffFormat(bytes);
  if (format === 'keras') {
    const weightsName = `${name} (model.weights.h5)`;
    const archive = readKerasArchive(bytes, name, options.limits);
    return { assigned: assignLayerWeights(keras3Assignments(model, openHdf5(archive.weights, weightsName), weightsName), weightsName) };
  }
  if (format === 'h5') {
    const root = openHdf5(bytes, name);
    if (isKeras3WeightsLayout(root)) return { assigned: assignLayerWeights(keras3Assignments(model, root, name), name) };
    return { assigned: assignLayerWeights(namedH5Assignments(model, readKerasH5Layout(bytes, name), name), name) };
  }
  if (format === 'json') {
    const { layout, tensors } = await readModelJsonWeights(parseModelJson(strFromU8(bytes), name), source, name);
    try {
      return { assigned: assignLayerWeights(namedH5Assignments(model, layout, name), name) };
    } finally {
      tf.dispose(tensors);
    }
  }
  checkHdf5Header(bytes, name);
  throw new KerasConfigError(name, 'it is neither a .keras archive, an HDF5 file nor a model.json');
}
