import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { KerasH5FormatError } from './errors.js';
import { type LayoutLayer, type LayoutWeight, readKerasH5Layout } from './keras-h5-layout.js';

/**
 * Options of {@link readKerasH5Weights}.
 *
 * @category Weights
 */
export interface ReadKerasH5WeightsOptions {
  /** Names the bytes in error messages: the path or URL they came from. */
  readonly source: string;
  /**
   * Read only these top-level layers, by name (see {@link inspectKerasH5}); all of them when
   * omitted. Pick a nested model this way, such as the MobileNetV2 base of a Teachable Machine
   * export without its classifier head.
   */
  readonly layers?: readonly string[];
}

function pickLayers(all: readonly LayoutLayer[], wanted: readonly string[] | undefined): readonly LayoutLayer[] {
  if (wanted === undefined) return all;
  const names = all.map((layer) => layer.name);
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      'layers',
      `the file has no top-level layer named ${unknown.map((name) => `'${name}'`).join(', ')}`,
      `Pick from the file's layers: ${names.join(', ')}.`,
    );
  }
  return all.filter((layer) => wanted.includes(layer.name));
}

function collectWeights(layers: readonly LayoutLayer[], source: string): Map<string, LayoutWeight> {
  const byKey = new Map<string, LayoutWeight>();
  const ownerOf = new Map<string, string>();
  for (const layer of layers) {
    for (const weight of layer.weights) {
      const owner = ownerOf.get(weight.key);
      if (owner !== undefined) {
        throw new KerasH5FormatError(
          source,
          `layers '${owner}' and '${layer.name}' both hold a weight named '${weight.key}'`,
          `Read one of them at a time with the \`layers\` option, e.g. { layers: ['${layer.name}'] }.`,
        );
      }
      ownerOf.set(weight.key, layer.name);
      byKey.set(weight.key, weight);
    }
  }
  return byKey;
}

/**
 * Reads the weights of a Keras HDF5 file into tensors named as TensorFlow.js names them:
 * `<layer name>/<weight name>`, such as `Conv1/kernel` or `bn_Conv1/moving_mean`.
 *
 * It reads the files `model.save_weights("x.h5")` writes and Keras downloads for
 * `weights="imagenet"` (weights at the root), and those `model.save("x.h5")` writes (weights in the
 * `model_weights` group). A model nested inside another keeps its inner layer names: the base of a
 * Teachable Machine export gives `Conv1/kernel`, not `sequential_9/Conv1/kernel`. Values become
 * float32 whatever type they were stored in.
 *
 * @category Weights
 * @param bytes - the whole file, as read by the platform (`getPlatform().readBytes`)
 * @param options - `source` names the file in errors; `layers` picks top-level layers to read
 * @returns one float32 tensor per weight, in the file's order; the caller owns them and disposes
 *   them (`tf.dispose(Object.values(weights))`)
 * @throws KerasH5FormatError when the bytes are not HDF5, are cut short, lack the layout Keras
 *   writes, or two layers hold weights of the same name (pick one with `layers`)
 * @throws InvalidArgumentError when `layers` names a layer the file does not have
 * @example
 * ```ts
 * const bytes = await getPlatform().readBytes('keras_model.h5');
 * const weights = readKerasH5Weights(bytes, { source: 'keras_model.h5', layers: ['sequential_9'] });
 * console.log(weights['Conv1/kernel']?.shape); // [3, 3, 3, 16]
 * tf.dispose(Object.values(weights));
 * ```
 */
export function readKerasH5Weights(bytes: Uint8Array, options: ReadKerasH5WeightsOptions): tf.NamedTensorMap {
  const { source } = options;
  const layout = readKerasH5Layout(bytes, source);
  const weights = collectWeights(pickLayers(layout.layers, options.layers), source);
  // Every value is read before any tensor exists, so a failure part-way leaves nothing to dispose.
  const values = [...weights].map(([key, { dataset }]) => ({ key, shape: dataset.shape, data: dataset.readFloat32() }));
  const result: tf.NamedTensorMap = {};
  for (const { key, shape, data } of values) result[key] = tf.tensor(data, [...shape], 'float32');
  return result;
}
