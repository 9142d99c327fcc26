import { getPlatform, InvalidArgumentError } from '@dendrite/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { strToU8, zipSync } from 'fflate';
import { writeHdf5 } from './hdf5-writer.js';
import { kerasModelConfig, legacyModelConfig } from './keras-model-config.js';
import { kerasWeightsLayout } from './keras-weights-layout.js';
import { KERAS_VERSION, legacyH5Layout } from './legacy-h5-layout.js';
import { isModel } from './model-kind.js';

/**
 * Which Keras file to write: `'keras'`, Keras 3's native `.keras` archive (config.json,
 * metadata.json and model.weights.h5 in a zip), or `'h5'`, the legacy full-model HDF5 file that
 * `model.save('x.h5')` writes.
 *
 * @category Models
 * @example
 * ```ts
 * const format: KerasSaveFormat = 'keras';
 * ```
 */
export type KerasSaveFormat = 'keras' | 'h5';

/**
 * Options of {@link encodeKerasModel}.
 *
 * @category Models
 * @example
 * ```ts
 * const bytes = await encodeKerasModel(model, { format: 'h5' });
 * ```
 */
export interface EncodeKerasModelOptions {
  /** The file format. */
  readonly format: KerasSaveFormat;
}

/**
 * Options of {@link saveKerasModel}.
 *
 * @category Models
 * @example
 * ```ts
 * await saveKerasModel(model, 'models/cats.h5', { format: 'h5' });
 * ```
 */
export interface SaveKerasModelOptions {
  /** The file format; by default the path's extension decides (`.keras`, or `.h5` / `.hdf5`). */
  readonly format?: KerasSaveFormat;
}

/**
 * What {@link saveKerasModel} wrote.
 *
 * @category Models
 * @example
 * ```ts
 * const { path, format, bytes } = await saveKerasModel(model, 'cats.keras');
 * console.log(`${path}: ${format}, ${bytes} bytes`);
 * ```
 */
export interface SavedKerasModel {
  /** The file written. */
  readonly path: string;
  /** Its format. */
  readonly format: KerasSaveFormat;
  /** Its size in bytes. */
  readonly bytes: number;
}

/**
 * Encodes a model as the bytes of a Keras file, which Keras 3 loads with
 * `keras.saving.load_model` and predicts with as Dendrite does. Works on every platform: in a
 * browser, offer the bytes as a download; in Node, {@link saveKerasModel} writes them to a file.
 *
 * The architecture goes into Keras 3's config (Sequential and functional models, nested in each
 * other), the weights into HDF5. The optimizer's state is not saved: compile the model again in
 * Keras before training it further.
 *
 * @param model - a Sequential or functional model of the supported layers (Dense, Conv2D,
 *   DepthwiseConv2D, BatchNormalization, ReLU, Activation, ZeroPadding2D, Add, pooling, Dropout,
 *   Flatten, Reshape, Rescaling and a few more; the error names them)
 * @param options - the format
 * @returns the file's bytes
 * @throws {@link KerasSaveUnsupportedError} for a layer or setting Keras would read differently
 * @category Models
 * @example
 * ```ts
 * const bytes = await encodeKerasModel(model, { format: 'keras' });
 * const link = document.createElement('a');
 * link.href = URL.createObjectURL(new Blob([new Uint8Array(bytes)]));
 * link.download = 'cats.keras';
 * link.click();
 * ```
 */
export async function encodeKerasModel(model: LayersModel, options: EncodeKerasModelOptions): Promise<Uint8Array> {
  if (typeof model !== 'object' || model === null || typeof model.getClassName !== 'function' || !isModel(model)) {
    throw new InvalidArgumentError('model', 'is not a tfjs-layers Sequential or functional model', 'Pass a model made with tf.sequential(), tf.model() or Dendrite.');
  }
  const format = options.format;
  if (format !== 'keras' && format !== 'h5') {
    throw new InvalidArgumentError('format', `must be 'keras' or 'h5', got ${JSON.stringify(format)}`, "Pass { format: 'keras' } for Keras 3's .keras archive.");
  }
  // The whole config is built before any weight is read, so an unsupported layer fails fast.
  const config = kerasModelConfig(model);
  if (format === 'h5') return writeHdf5(await legacyH5Layout(model, legacyModelConfig(config)));
  const weights = await writeHdf5(await kerasWeightsLayout(model));
  const metadata = { keras_version: KERAS_VERSION, date_saved: kerasDate(new Date()) };
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(JSON.stringify(config)),
      // Weights barely compress; storing them keeps saving fast.
      'model.weights.h5': [weights, { level: 0 }],
    },
    { level: 6 },
  );
}

/**
 * Saves a model as a Keras file through the platform (Node writes the file atomically; a
 * browser has no file system, so use {@link encodeKerasModel} there). Keras 3 loads it with
 * `keras.saving.load_model(path)` and predicts as Dendrite does.
 *
 * @param model - a Sequential or functional model of the supported layers
 * @param path - where to write; `.keras` for Keras 3's archive, `.h5` or `.hdf5` for the legacy file
 * @param options - the format, when the extension should not decide
 * @returns the path, format and size written
 * @throws {@link KerasSaveUnsupportedError} for a layer Keras would read differently (nothing written)
 * @throws InvalidArgumentError for a path whose extension Keras would not load, or a platform without files
 * @category Models
 * @example
 * ```ts
 * import { useNodePlatform } from '@dendrite/node';
 * await useNodePlatform();
 * await fit(model, x, y, { epochs: 10 });
 * await saveKerasModel(model, 'basics.keras');
 * // Python: keras.saving.load_model('basics.keras').predict(x)
 * ```
 */
export async function saveKerasModel(model: LayersModel, path: string, options: SaveKerasModelOptions = {}): Promise<SavedKerasModel> {
  if (typeof path !== 'string' || path === '') {
    throw new InvalidArgumentError('path', 'must be a non-empty file path', "Pass a path such as 'cats.keras'.");
  }
  const format = options.format ?? formatOf(path);
  if (formatOf(path) !== format) {
    throw new InvalidArgumentError('path', `ends in '${extension(path)}', but the format is '${format}'`, `Keras loads a ${format === 'keras' ? '.keras' : '.h5'} file only under that extension; rename the file.`);
  }
  const platform = getPlatform();
  if (platform.writeBytes === undefined) {
    throw new InvalidArgumentError(
      'path',
      `cannot be written: the ${platform.name} platform has no file system`,
      'In a browser, call encodeKerasModel(model, { format }) and offer the bytes as a download.',
    );
  }
  const bytes = await encodeKerasModel(model, { format });
  await platform.writeBytes(path, bytes);
  return { path, format, bytes: bytes.length };
}

function extension(path: string): string {
  const match = /\.[^./\\]+$/.exec(path);
  return match?.[0].toLowerCase() ?? '';
}

function formatOf(path: string): KerasSaveFormat {
  const ext = extension(path);
  if (ext === '.keras') return 'keras';
  if (ext === '.h5' || ext === '.hdf5') return 'h5';
  throw new InvalidArgumentError('path', `ends in '${ext || 'no extension'}'`, "Name the file '<name>.keras' (Keras 3's format) or '<name>.h5' (the legacy one).");
}

/** Keras's `date_saved`: `2026-12-06@15:14:38`. */
function kerasDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '@');
}
