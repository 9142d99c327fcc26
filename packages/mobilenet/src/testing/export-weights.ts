// Test support only: writes a model's weights as an in-memory TF.js layers model.json and shard, keyed
// by Keras names, so loading tests need no files on disk.

import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

export function namedWeightsOf(model: LayersModel): NamedTensorMap {
  const weights: NamedTensorMap = {};
  for (const layer of model.layers) {
    for (const variable of layer.weights) {
      weights[`${layer.name}/${variable.originalName.split('/').pop() ?? ''}`] = variable.read();
    }
  }
  return weights;
}

export async function exportLayersModelJson(model: LayersModel, modelJsonPath: string): Promise<Record<string, Uint8Array | string>> {
  const { data, specs } = await tf.io.encodeWeights(namedWeightsOf(model));
  const folder = modelJsonPath.slice(0, modelJsonPath.lastIndexOf('/') + 1);
  const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
  return {
    [modelJsonPath]: JSON.stringify({
      format: 'layers-model',
      modelTopology: {},
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    }),
    [`${folder}weights.bin`]: new Uint8Array(buffer),
  };
}
