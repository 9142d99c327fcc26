import { loadKerasModel, readKerasH5Weights } from '@dendrite/keras';
import { assignNamedWeights, MobileNetV2, WeightsFileError } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

const pickFix =
  'Pick the model.json of a TensorFlow.js layers model together with all its .bin files, one Keras .h5 weights file, or a whole Keras .keras model.';

interface ManifestGroup {
  readonly paths: readonly string[];
  readonly weights: tf.io.WeightsManifestEntry[];
}

/** The weight groups a TF.js model.json lists, or a WeightsFileError naming the file. */
function manifestOf(text: string, name: string): ManifestGroup[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WeightsFileError(name, 'it is not JSON', { fix: pickFix });
  }
  const groups = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(groups))
    throw new WeightsFileError(name, 'it has no weightsManifest, so it is not a TensorFlow.js layers model', { fix: pickFix });
  return groups as ManifestGroup[];
}

/** Reads the weights in `files`: a model.json with the .bin shards it lists, or one Keras .h5 file. */
async function readWeights(files: readonly File[]): Promise<{ source: string; weights: tf.NamedTensorMap }> {
  const h5 = files.find((file) => /\.(h5|hdf5)$/i.test(file.name));
  if (h5 !== undefined)
    return { source: h5.name, weights: readKerasH5Weights(new Uint8Array(await h5.arrayBuffer()), { source: h5.name }) };
  const json = files.find((file) => file.name.toLowerCase().endsWith('.json'));
  if (json === undefined) {
    throw new WeightsFileError(files.map((file) => file.name).join(', '), 'none of them is a model.json or a .h5 file', { fix: pickFix });
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  const weights: tf.NamedTensorMap = {};
  try {
    for (const group of manifestOf(await json.text(), json.name)) {
      const parts: Uint8Array[] = [];
      for (const path of group.paths) {
        const name = path.slice(path.lastIndexOf('/') + 1);
        const shard = byName.get(name);
        if (shard === undefined)
          throw new WeightsFileError(json.name, `it lists ${name}, which was not picked`, {
            fix: `Pick ${json.name} and all its .bin files together (hold Ctrl or Shift to pick several).`,
          });
        parts.push(new Uint8Array(await shard.arrayBuffer()));
      }
      const buffer = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        buffer.set(part, offset);
        offset += part.length;
      }
      Object.assign(weights, tf.io.decodeWeights(buffer.buffer, group.weights));
    }
  } catch (error) {
    tf.dispose(weights);
    throw error;
  }
  return { source: json.name, weights };
}

/**
 * MobileNetV2 1.0/224 with its ImageNet top, its weights read from files the user picked: a TF.js
 * `model.json` with its `.bin` shards, or a Keras `.h5`, matched by layer name; or a whole Keras
 * `.keras` model (saved by Keras in Python, for example), used as it is.
 *
 * @param files - the picked files
 * @returns the model; the caller owns it
 * @throws WeightsFileError naming the file that is wrong or missing; WeightsMismatchError when the
 *   weights are for another architecture
 */
export async function modelFromFiles(files: readonly File[]): Promise<LayersModel> {
  // A .keras file is a whole model (architecture and weights, as Keras saved it): it is used as it is.
  const keras = files.find((file) => /\.keras$/i.test(file.name));
  if (keras !== undefined) return loadKerasModel(new Uint8Array(await keras.arrayBuffer()), { name: keras.name });
  const { source, weights } = await readWeights(files);
  const model = await MobileNetV2({ weights: null });
  try {
    assignNamedWeights(model, weights, { source });
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose(weights);
  }
}
