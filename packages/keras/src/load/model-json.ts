import { getPlatform } from '@dendrite/core';
import { isUrlLike } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { KerasConfigError } from '../config/errors.js';
import { asObject, type JsonObject } from '../config/layer-config.js';
import type { Hdf5Dataset } from '../h5/hdf5-tree.js';
import type { KerasH5Layout } from '../h5/keras-h5-layout.js';
import type { KerasFileSource } from './read-source.js';

/** A TF.js model.json: its Keras model config and where its weights are. @internal */
export interface ModelJson {
  readonly modelConfig: JsonObject;
  readonly manifest: ReadonlyArray<{ readonly paths: readonly string[]; readonly weights: tf.io.WeightsManifestEntry[] }>;
}

/** @internal */
export function parseModelJson(text: string, source: string): ModelJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KerasConfigError(source, 'it starts like JSON but is not valid JSON', { cause });
  }
  const topology = asObject(asObject(parsed)?.['modelTopology']);
  const modelConfig = asObject(topology?.['model_config']) ?? topology;
  const manifest = asObject(parsed)?.['weightsManifest'];
  if (modelConfig === undefined || !Array.isArray(manifest)) {
    throw new KerasConfigError(source, 'it is JSON but not a TensorFlow.js layers model.json (no modelTopology and weightsManifest)');
  }
  return { modelConfig, manifest: manifest as ModelJson['manifest'] };
}

/** Shard paths stay beside the model.json: no scheme, no absolute path, no `..`. */
function shardPath(base: string, path: string, source: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('\\') || path.split(/[\\/]/).includes('..')) {
    throw new KerasConfigError(source, `its weights manifest names the shard '${path}', outside the model.json's folder`);
  }
  const withoutQuery = base.replace(/[?#].*$/, '');
  const slash = Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\'));
  return slash < 0 ? path : withoutQuery.slice(0, slash + 1) + path;
}

function tensorDataset(name: string, tensor: tf.Tensor): Hdf5Dataset {
  return {
    kind: 'dataset',
    path: name,
    shape: tensor.shape,
    dtype: '<f4',
    readFloat32: () => Float32Array.from(tensor.dataSync()),
  };
}

/**
 * Reads the weight shards of a model.json (each beside it) and lays them out as an HDF5 file's
 * named weights, so one assignment serves both. The tensors are returned for the caller to dispose.
 *
 * @internal
 */
export async function readModelJsonWeights(
  model: ModelJson,
  source: KerasFileSource,
  name: string,
): Promise<{ layout: KerasH5Layout; tensors: tf.Tensor[] }> {
  if (typeof source !== 'string' && !isUrlLike(source)) {
    throw new KerasConfigError(name, 'a model.json given as bytes has no folder to find its weight shards in; pass its path or URL');
  }
  const base = typeof source === 'string' ? source : source.href;
  const weights: Array<{ key: string; storedName: string; dataset: Hdf5Dataset }> = [];
  const tensors: tf.Tensor[] = [];
  try {
    for (const group of model.manifest) {
      const shards = await Promise.all(group.paths.map((path) => getPlatform().readBytes(shardPath(base, path, name))));
      const total = shards.reduce((sum, shard) => sum + shard.length, 0);
      const joined = new Uint8Array(total);
      let offset = 0;
      for (const shard of shards) {
        joined.set(shard, offset);
        offset += shard.length;
      }
      const decoded = tf.io.decodeWeights(joined.buffer, group.weights);
      for (const [key, tensor] of Object.entries(decoded)) {
        tensors.push(tensor);
        weights.push({ key: key.replace(/:\d+$/, ''), storedName: key, dataset: tensorDataset(key, tensor) });
      }
    }
  } catch (error) {
    tf.dispose(tensors);
    throw error;
  }
  return {
    layout: {
      kind: 'model',
      modelName: undefined,
      kerasVersion: undefined,
      backend: undefined,
      layers: [{ name: '', className: undefined, nested: false, weights }],
    },
    tensors,
  };
}
