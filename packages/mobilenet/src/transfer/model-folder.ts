import { getPlatform, InvalidArgumentError, InvalidDataError } from '@dendrite/core';
import { resolveManifestPath } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkWeightBytes } from '../weights/weight-bytes.js';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';
const RESAVE = 'The folder was changed or copied only in part: save the model again with saveModel, or copy the whole folder again.';

function inFolder(folder: string, name: string): string {
  return `${folder.replace(/[\\/]+$/, '')}/${name}`;
}

function checkFolder(folder: unknown): asserts folder is string {
  if (typeof folder !== 'string' || folder === '') {
    throw new InvalidArgumentError('folder', 'must be a non-empty path or URL', "Pass a folder such as 'models/cats'.");
  }
}

async function save(folder: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  const platform = getPlatform();
  if (platform.writeBytes === undefined) {
    throw new InvalidArgumentError(
      'folder',
      `cannot be written: the ${platform.name} platform has no file system`,
      "In a browser, save with TensorFlow.js's own handlers: model.save('indexeddb://cats') or model.save('downloads://cats').",
    );
  }
  if (artifacts.modelTopology instanceof ArrayBuffer || artifacts.modelTopology === undefined) {
    throw new InvalidArgumentError('model', 'is not a layers model with a JSON topology', 'Save a tfjs-layers model (LayersModel).');
  }
  const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
    ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    ...(artifacts.signature !== undefined ? { signature: artifacts.signature } : {}),
  };
  // The weights go first, so that a model.json on disk always has its weights beside it.
  await platform.writeBytes(inFolder(folder, WEIGHTS_FILE), new Uint8Array(weights));
  await platform.writeBytes(inFolder(folder, MODEL_FILE), tf.util.encodeString(JSON.stringify(modelJson), 'utf-8'));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

async function load(folder: string): Promise<tf.io.ModelArtifacts> {
  const platform = getPlatform();
  const source = inFolder(folder, MODEL_FILE);
  const text = tf.util.decodeString(await platform.readBytes(source), 'utf-8');
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(text) as tf.io.ModelJSON;
  } catch (cause) {
    throw new InvalidDataError(
      source,
      `is not JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      'Save the model again with saveModel.',
    );
  }
  if (typeof modelJson !== 'object' || modelJson === null || modelJson.modelTopology === undefined) {
    throw new InvalidDataError(
      source,
      'has no modelTopology, so it is not a TensorFlow.js model.json',
      'Save the model again with saveModel.',
    );
  }
  return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    // Checked before any is read: the model.json must not name files outside its folder or other hosts.
    const paths = manifest.map((group) => group.paths.map((path) => resolveManifestPath(source, path)));
    for (const [index, group] of manifest.entries()) {
      specs.push(...group.weights);
      let groupBytes = 0;
      for (const path of paths[index]!) {
        const bytes = await platform.readBytes(path);
        groupBytes += bytes.byteLength;
        buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      }
      // The same check as classify's reader: a shard cut short or too long is refused by name.
      checkWeightBytes(source, paths[index]!, group.weights, groupBytes, RESAVE);
    }
    return [specs, tf.io.concatenateArrayBuffers(buffers)];
  });
}

/**
 * A TensorFlow.js IOHandler that saves a model as `model.json` and `weights.bin` in a folder, and
 * loads it back, through the platform: in Node each file is written atomically (a reader never sees
 * half a file, and the weights are written before the model.json that names them); loading also
 * reads folders at http(s) URLs. It plays the part of `file://` handlers, which in TensorFlow.js
 * come only with tfjs-node.
 *
 * @param folder - the folder's path (or, for loading, its URL)
 * @returns a handler for `model.save(handler)` and `tf.loadLayersModel(handler)`
 * @throws InvalidArgumentError for an empty folder; when saving, for a platform that cannot write files
 * @category Models
 * @example
 * ```ts
 * await model.save(modelFolder('models/cats'));
 * const again = await tf.loadLayersModel(modelFolder('models/cats'));
 * ```
 */
export function modelFolder(folder: string): tf.io.IOHandler {
  checkFolder(folder);
  return { save: (artifacts) => save(folder, artifacts), load: () => load(folder) };
}

/**
 * Saves a model (its architecture, weights, training configuration and metadata such as the class
 * names {@link transferModel} records) into a folder as `model.json` and `weights.bin`, through the
 * platform. Load it with {@link loadModel}, or with TensorFlow.js's
 * `loadLayersModel` from where the files are served.
 *
 * @param model - the model to save
 * @param folder - the folder; created if missing, files in it replaced
 * @returns what TensorFlow.js reports about the saved files
 * @throws InvalidArgumentError for an empty folder, or a platform that cannot write files
 * @category Models
 * @example
 * ```ts
 * await saveModel(model, 'models/cats');
 * ```
 */
export function saveModel(model: LayersModel, folder: string): Promise<tf.io.SaveResult> {
  return model.save(modelFolder(folder));
}

/**
 * Loads a model saved by {@link saveModel} (or any TensorFlow.js layers model.json with its weights
 * beside it) from a folder's path or URL, through the platform. A transfer model comes back with its
 * class names ({@link transferClassNames}), frozen layers and compile settings.
 *
 * @param folder - the folder holding `model.json`
 * @returns the model; the caller owns it
 * @throws the platform's ResourceNotFoundError when the files are missing; InvalidDataError when
 *   model.json is not a model; WeightsFileError when weights.bin does not hold exactly the bytes
 *   model.json declares (cut short or too long)
 * @category Models
 * @example
 * ```ts
 * const model = await loadModel('models/cats');
 * const classNames = transferClassNames(model);
 * ```
 */
export function loadModel(folder: string): Promise<LayersModel> {
  return tfl.loadLayersModel(modelFolder(folder));
}
