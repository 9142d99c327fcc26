import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Hdf5Dataset } from '../h5/hdf5-tree.js';
import { KerasWeightsMismatchError } from './errors.js';

/** One layer's weights, read from a file and waiting to be assigned. @internal */
export interface LayerAssignment {
  readonly layer: tfl.layers.Layer;
  readonly datasets: readonly Hdf5Dataset[];
}

/** Names Keras 3 and TensorFlow.js give the same variable differently. */
const aliases: ReadonlyArray<readonly [string, string]> = [['kernel', 'depthwise_kernel']];

function shortName(name: string): string {
  return name
    .slice(name.lastIndexOf('/') + 1)
    .replace(/:\d+$/, '')
    .replace(/_\d+$/, '');
}

/** @internal */
export function sameVariable(stored: string, variable: string): boolean {
  const a = shortName(stored);
  const b = shortName(variable);
  return a === b || aliases.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}

/**
 * Checks every layer's weights (count and shapes) against the model first, then reads and assigns
 * them all, so a file of another architecture leaves the model as it was.
 *
 * @internal
 * @throws KerasWeightsMismatchError naming the first layer that does not fit
 */
export function assignLayerWeights(assignments: readonly LayerAssignment[], source: string): number {
  for (const { layer, datasets } of assignments) {
    const variables = layer.weights;
    if (variables.length !== datasets.length) {
      throw new KerasWeightsMismatchError(source, layer.name, `it has ${variables.length} weights, the file ${datasets.length}`);
    }
    variables.forEach((variable, index) => {
      const shape = datasets[index]?.shape ?? [];
      if (!tf.util.arraysEqual([...shape], variable.shape as number[])) {
        throw new KerasWeightsMismatchError(
          source,
          layer.name,
          `weight ${variable.originalName} has shape [${variable.shape.join(', ')}], the file [${shape.join(', ')}]`,
        );
      }
    });
  }
  const values = assignments.map(({ datasets }) => datasets.map((dataset) => ({ shape: dataset.shape, data: dataset.readFloat32() })));
  let assigned = 0;
  assignments.forEach(({ layer }, index) => {
    const tensors = (values[index] ?? []).map(({ shape, data }) => tf.tensor(data, [...shape], 'float32'));
    try {
      layer.setWeights(tensors);
      assigned += tensors.length;
    } finally {
      tf.dispose(tensors);
    }
  });
  return assigned;
}

/** The layers of `model` that hold weights, nested models opened, in model order. @internal */
export function leafLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.flatMap((layer) => (layer instanceof tfl.LayersModel ? leafLayers(layer) : layer.weights.length > 0 ? [layer] : []));
}
