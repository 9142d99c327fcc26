import type { AbortSignalLike, ManifestTrust, ReadBytesOptions, TransferProgress, UrlLike } from '@dendrite/core';
import { getPlatform } from '@dendrite/core';
import { resolveManifestPath } from '@dendrite/core/internal';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { WeightsFileError } from '../errors.js';
import type { AssignNamedWeightsResult } from './named-weights.js';
import { assignNamedWeights } from './named-weights.js';
import { sourceName } from './source-name.js';
import { checkWeightBytes } from './weight-bytes.js';

/**
 * Options for reading a TF.js layers model.json and its weight shards.
 *
 * @category Weights
 */
export interface LayersModelJsonOptions extends ManifestTrust {
  /** Called as each file (model.json, then every shard) is read or downloaded. */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the reads. */
  readonly signal?: AbortSignalLike;
}

/** Reads the bytes of one path or URL. @internal */
export type ByteReader = (source: string, options: ReadBytesOptions) => Promise<Uint8Array>;

type ManifestEntry = tf.io.WeightsManifestEntry;
interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly ManifestEntry[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseManifest(bytes: Uint8Array, source: string): ManifestGroup[] {
  let json: unknown;
  try {
    json = JSON.parse(tf.util.decodeString(bytes, 'utf-8'));
  } catch (cause) {
    throw new WeightsFileError(source, 'it is not valid JSON', { cause });
  }
  if (!isObject(json)) throw new WeightsFileError(source, 'it is not a JSON object');
  if (json['format'] === 'graph-model') {
    throw new WeightsFileError(source, 'it is a TF.js graph model, whose weights are not named after Keras layers', {
      fix: 'Convert the Keras model with `tensorflowjs_converter --output_format tfjs_layers_model` and pass that model.json.',
    });
  }
  const manifest = json['weightsManifest'];
  if (!Array.isArray(manifest)) throw new WeightsFileError(source, 'it has no weightsManifest list');
  return manifest.map((group, index) => {
    if (!isObject(group) || !Array.isArray(group['paths']) || !Array.isArray(group['weights'])) {
      throw new WeightsFileError(source, `weightsManifest[${index}] lacks its paths or weights list`);
    }
    return { paths: group['paths'] as string[], weights: group['weights'] as ManifestEntry[] };
  });
}

function concatenate(parts: readonly Uint8Array[]): ArrayBuffer {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined.buffer;
}

/**
 * Reads a model.json with `read`, then its shards beside it, and decodes every weight. @internal
 *
 * @param read - reads one path or URL
 * @param source - the model.json
 * @param options - progress and cancellation, passed to every read
 * @returns the weights by name; the caller owns the tensors
 */
export async function readLayersModelJsonWith(
  read: ByteReader,
  source: string,
  options: LayersModelJsonOptions = {},
): Promise<NamedTensorMap> {
  const readOptions: ReadBytesOptions = { onProgress: options.onProgress, signal: options.signal };
  const groups = parseManifest(await read(source, readOptions), source);
  // Every shard path is checked before the first is read: a manifest from elsewhere must not decide
  // which local files or other hosts are read.
  const shardPaths = groups.map((group) => group.paths.map((path) => resolveManifestPath(source, path, options)));
  const weights: NamedTensorMap = {};
  try {
    for (const [index, group] of groups.entries()) {
      const shards: Uint8Array[] = [];
      for (const path of shardPaths[index]!) shards.push(await read(path, readOptions));
      const buffer = concatenate(shards);
      checkWeightBytes(source, shardPaths[index]!, group.weights, buffer.byteLength);
      let decoded: NamedTensorMap;
      try {
        decoded = tf.io.decodeWeights(buffer, [...group.weights]);
      } catch (cause) {
        throw new WeightsFileError(source, `its weights could not be decoded (${cause instanceof Error ? cause.message : String(cause)})`, {
          cause,
        });
      }
      Object.assign(weights, decoded);
    }
  } catch (error) {
    tf.dispose(weights);
    throw error;
  }
  return weights;
}

/**
 * Reads the weights of a TF.js layers model (`model.json` and the `.bin` shards it lists, found
 * beside it) through the platform, decoding quantized weights to float32. Paths and http(s) URLs
 * both work.
 *
 * @param source - path or URL of the model.json
 * @param options - progress and cancellation
 * @returns the weights keyed `<layer>/<weight>`; the caller owns the tensors and disposes them
 * @throws {@link WeightsFileError} when the file is not a TF.js layers model or its shards do not
 *   match its manifest; the platform's errors (ResourceNotFoundError, NetworkError, ...) when a read fails
 * @category Weights
 * @example
 * ```ts
 * const weights = await readLayersModelJsonWeights('models/mobilenet_v2/model.json');
 * console.log(Object.keys(weights).length);
 * tf.dispose(weights);
 * ```
 */
export async function readLayersModelJsonWeights(source: string | UrlLike, options: LayersModelJsonOptions = {}): Promise<NamedTensorMap> {
  const platform = getPlatform();
  return readLayersModelJsonWith((path, readOptions) => platform.readBytes(path, readOptions), sourceName(source), options);
}

/**
 * Loads the weights of a TF.js layers model.json into `model` by layer and weight name, then frees
 * the decoded tensors. The file's own topology is not used, so weights saved from Keras's
 * MobileNetV2 (in any Keras version's layout) fit a model built by {@link buildMobileNetV2}.
 *
 * @param model - the model to fill
 * @param source - path or URL of the model.json
 * @param options - progress and cancellation
 * @returns how many weights were set and which entries of the file were not needed
 * @throws {@link WeightsMismatchError} when a weight is missing or has another shape
 * @throws {@link WeightsFileError} when the file cannot be read as a TF.js layers model
 * @category Weights
 * @example
 * ```ts
 * const model = buildMobileNetV2({ includeTop: false });
 * await loadLayersModelJsonWeights(model, 'models/mobilenet_v2_no_top/model.json');
 * ```
 */
export async function loadLayersModelJsonWeights(
  model: LayersModel,
  source: string | UrlLike,
  options: LayersModelJsonOptions = {},
): Promise<AssignNamedWeightsResult> {
  const weights = await readLayersModelJsonWeights(source, options);
  try {
    return assignNamedWeights(model, weights, { source: sourceName(source) });
  } finally {
    tf.dispose(weights);
  }
}
