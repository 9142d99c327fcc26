import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Gives every BatchNormalization statistics far from their initial identity (gamma 1, beta 0, mean
 * 0, variance 1), so that folding them changes the kernels; a seeded generator keeps runs equal.
 */
export function randomizeBatchNorms(model: tfl.LayersModel, seed: number): void {
  let state = seed;
  const uniform = (low: number, high: number): number => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return low + ((high - low) * state) / 4294967296;
  };
  const ranges: Record<string, [number, number]> = {
    gamma: [0.5, 1.5],
    beta: [-0.5, 0.5],
    moving_mean: [-0.5, 0.5],
    moving_variance: [0.5, 2],
  };
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((weight) => {
      const [low, high] = ranges[weight.originalName.slice(weight.originalName.lastIndexOf('/') + 1)] ?? [0, 0];
      return tf.tensor(
        Array.from({ length: weight.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) ?? 0 }, () => uniform(low, high)),
        weight.shape as number[],
      );
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}
