import * as tf from '@tensorflow/tfjs-core';
import { strFromU8 } from 'fflate';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readKerasArchive } from '../archive/read-keras-archive.js';
import { type BuildContext, buildModel } from '../config/build-model.js';
import { declaredParameters } from '../config/declared-parameters.js';
import { KerasConfigError } from '../config/errors.js';
import { type JsonObject, asObject } from '../config/layer-config.js';
import { type KerasLayerTranslator, kerasLayerTable } from '../config/layer-table.js';
import { checkHdf5Header } from '../h5/check-hdf5-header.js';
import { openHdf5 } from '../h5/hdf5-tree.js';
import { readKerasH5Layout } from '../h5/keras-h5-layout.js';
import { assignLayerWeights } from './assign-weights.js';
import { keras3Assignments, isKeras3WeightsLayout } from './keras3-weights.js';
import type { LoadKerasWeightsOptions } from './load-options.js';
import { parseModelJson, readModelJsonWeights } from './model-json.js';
import { namedH5Assignments } from './named-h5-weights.js';
import { type KerasFileSource, describeSource, readSource, sniffFormat } from './read-source.js';


/**
 * Options of {@link loadKerasModel}.
 *
 * @category Models
 * @example
 * ```ts
 * const options: LoadKerasModelOptions = { name: 'cats.keras', layers: { Identity: identityTranslator } };
 * ```
 */
export interface LoadKerasModelOptions extends LoadKerasWeightsOptions {
  /**
   * Translators for Keras layer classes beyond the built-in ones, by Keras class name (or
   * registered name, `'MyProject>Scale'`, for a custom layer you wrote in both languages).
   */
  readonly layers?: Readonly<Record<string, KerasLayerTranslator>>;
}

/** HDF5 headers and rounding: a real model's weights file is never smaller than its parameters by more. */
const slack = 1 << 20;

function parseConfig(text: string, source: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KerasConfigError(source, 'its model config is not valid JSON', { cause });
  }
  const spec = asObject(parsed);
  if (spec === undefined || typeof spec['class_name'] !== 'string') throw new KerasConfigError(source, 'its model config has no class_name');
  return spec;
}

function withModel<T>(model: tfl.LayersModel, fill: () => T): tfl.LayersModel {
  try {
    fill();
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Loads a whole Keras model (architecture and weights) as a TensorFlow.js `LayersModel`, from
 * any of the files Keras and TensorFlow.js write:
 * - a `.keras` archive, from Keras 3's `model.save("x.keras")`;
 * - a full-model `.h5`, from `model.save("x.h5")` in Keras 2 or Keras 3;
 * - a TensorFlow.js layers `model.json` (its weight shards beside it).
 *
 * The architecture comes from the file's config, translated layer by layer; Sequential and
 * functional models may be nested in each other (a base called as a layer). A layer class or
 * option Dendrite cannot build the same way is refused with {@link UnsupportedKerasLayerError}
 * rather than built differently; `Lambda` layers and custom objects are refused with
 * {@link UnsafeKerasObjectError}, since no code from a file ever runs. Archives are checked
 * against `limits` before anything is unpacked.
 *
 * @category Models
 * @param source - a path or URL (read through the platform), or the file's bytes
 * @param options - a name for messages, archive limits, extra layer translators, download progress
 * @returns the model with its weights; the caller owns it (call `dispose()`)
 * @throws UnsupportedKerasLayerError, UnsafeKerasObjectError, KerasConfigError for the config
 * @throws KerasArchiveError, KerasH5FormatError for a damaged, cut-short or forged file
 * @throws KerasWeightsMismatchError when the weights do not fit the config
 * @example
 * ```ts
 * await useNodePlatform();
 * const model = await loadKerasModel('cats.keras'); // saved in Python with model.save('cats.keras')
 * const scores = model.predict(tf.zeros([1, 224, 224, 3])) as tf.Tensor;
 * scores.print();
 * ```
 */
export async function loadKerasModel(source: KerasFileSource, options: LoadKerasModelOptions = {}): Promise<tfl.LayersModel> {
  const name = describeSource(source, options.name);
  const bytes = await readSource(source, { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  const table = new Map(kerasLayerTable);
  for (const [className, translate] of Object.entries(options.layers ?? {})) table.set(className, translate);
  const context: BuildContext = { source: name, table, extra: new Set(Object.keys(options.layers ?? {})) };
  const format = sniffFormat(bytes);
  if (format === 'keras') {
    const archive = readKerasArchive(bytes, name, options.limits);
    const spec = parseConfig(archive.config, name);
    const parameters = declaredParameters(spec);
    if (parameters * 4 > archive.weights.length + slack) {
      throw new KerasConfigError(
        name,
        `its config declares ${parameters} parameters (${parameters * 4} bytes) but its weights file holds ${archive.weights.length} bytes`,
      );
    }
    const model = buildModel(spec, context);
    const weightsName = `${name} (model.weights.h5)`;
    return withModel(model, () => assignLayerWeights(keras3Assignments(model, openHdf5(archive.weights, weightsName), weightsName), weightsName));
  }
  if (format === 'h5') {
    const root = openHdf5(bytes, name);
    const config = root.attributes['model_config'];
    if (typeof config !== 'string') {
      const what = isKeras3WeightsLayout(root) ? 'a Keras 3 weights file (.weights.h5)' : 'a weights-only HDF5 file';
      throw new KerasConfigError(name, `it is ${what}, without the model's config`);
    }
    const model = buildModel(parseConfig(config.replace(/\0+$/, ''), name), context);
    return withModel(model, () => assignLayerWeights(namedH5Assignments(model, readKerasH5Layout(bytes, name), name), name));
  }
  if (format === 'json') {
    const json = parseModelJson(strFromU8(bytes), name);
    const model = buildModel(json.modelConfig, context);
    try {
      const { layout, tensors } = await readModelJsonWeights(json, source, name);
      try {
        assignLayerWeights(namedH5Assignments(model, layout, name), name);
      } finally {
        tf.dispose(tensors);
      }
      return model;
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  checkHdf5Header(bytes, name);
  throw new KerasConfigError(name, 'it is neither a .keras archive, an HDF5 file nor a model.json');
}
