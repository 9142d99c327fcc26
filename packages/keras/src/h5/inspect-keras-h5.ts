import { readKerasH5Layout } from './keras-h5-layout.js';

/**
 * One weight in a Keras HDF5 file.
 *
 * @category Weights
 * @example
 * ```ts
 * const { layers } = inspectKerasH5(bytes, { source: 'keras_model.h5' });
 * const first: KerasH5WeightInfo | undefined = layers[0]?.weights[0];
 * console.log(first?.key, first?.shape); // 'Conv1/kernel' [3, 3, 3, 16]
 * ```
 */
export interface KerasH5WeightInfo {
  /** Its key in the map {@link readKerasH5Weights} returns, such as `'Conv1/kernel'`. */
  readonly key: string;
  /** Its name as Keras stored it, such as `'Conv1/kernel:0'`. */
  readonly storedName: string;
  /** Its shape, such as `[3, 3, 3, 16]`. */
  readonly shape: readonly number[];
  /** Its element type as stored, in NumPy's notation: `'<f4'` is little-endian float32. */
  readonly dtype: string;
}

/**
 * One top-level layer of the model a Keras HDF5 file was saved from. A whole model nested inside
 * (the MobileNetV2 base a Teachable Machine export holds) is one such layer, whose weights keep
 * their inner layer names.
 *
 * @category Weights
 * @example
 * ```ts
 * const base = inspectKerasH5(bytes, { source: 'keras_model.h5' }).layers.find((layer) => layer.nested);
 * console.log(base?.name, base?.weights.length); // 'sequential_9' 260
 * ```
 */
export interface KerasH5LayerInfo {
  /** The layer's name, such as `'Conv1'` or `'sequential_9'`. */
  readonly name: string;
  /** Its Keras class (`'Conv2D'`, `'Sequential'`, `'Functional'`), when the file holds the model config. */
  readonly className: string | undefined;
  /** Whether the layer is a whole model nested in the saved one. */
  readonly nested: boolean;
  /** Its weights, in the order Keras stored them; empty for layers without weights. */
  readonly weights: readonly KerasH5WeightInfo[];
}

/**
 * What a Keras HDF5 file holds, without its weight values.
 *
 * @category Weights
 */
export interface KerasH5Contents {
  /**
   * `'weights'` for a file written by `model.save_weights("x.h5")` (and the files Keras downloads
   * for `weights="imagenet"`); `'model'` for one written by `model.save("x.h5")`, which keeps the
   * weights in its `model_weights` group beside the model config.
   */
  readonly kind: 'weights' | 'model';
  /** The saved model's name from its config, when the file holds one. */
  readonly modelName: string | undefined;
  /** The Keras version that wrote the file, such as `'2.4.0'`, when recorded. */
  readonly kerasVersion: string | undefined;
  /** The Keras backend that wrote the file, such as `'tensorflow'`, when recorded. */
  readonly backend: string | undefined;
  /** The model's top-level layers, in its layer order. */
  readonly layers: readonly KerasH5LayerInfo[];
}

/**
 * Options of {@link inspectKerasH5}.
 *
 * @category Weights
 */
export interface InspectKerasH5Options {
  /** Names the bytes in error messages: the path or URL they came from. */
  readonly source: string;
}

/**
 * Lists the layers and weights a Keras HDF5 file holds, without reading the weight values: use it
 * to see what a file is and to pick the layers to read with {@link readKerasH5Weights}.
 *
 * @category Weights
 * @param bytes - the whole file, as read by the platform (`getPlatform().readBytes`)
 * @param options - `source` names the file in error messages
 * @returns the kind of file, the Keras version and backend that wrote it, and its top-level layers
 * @throws KerasH5FormatError when the bytes are not HDF5, are cut short, or lack the layout Keras writes
 * @example
 * ```ts
 * const bytes = await getPlatform().readBytes('keras_model.h5');
 * for (const layer of inspectKerasH5(bytes, { source: 'keras_model.h5' }).layers) {
 *   console.log(layer.name, layer.className, layer.weights.length);
 * }
 * // sequential_9 Sequential 260   <- the MobileNetV2 base, nested
 * // sequential_11 Sequential 3    <- the classifier head
 * ```
 */
export function inspectKerasH5(bytes: Uint8Array, options: InspectKerasH5Options): KerasH5Contents {
  const layout = readKerasH5Layout(bytes, options.source);
  return {
    kind: layout.kind,
    modelName: layout.modelName,
    kerasVersion: layout.kerasVersion,
    backend: layout.backend,
    layers: layout.layers.map((layer) => ({
      name: layer.name,
      className: layer.className,
      nested: layer.nested,
      weights: layer.weights.map(({ key, storedName, dataset }) => ({
        key,
        storedName,
        shape: dataset.shape,
        dtype: dataset.dtype,
      })),
    })),
  };
}
