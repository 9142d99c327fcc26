import '@tensorflow/tfjs-backend-cpu';
import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WeightsMismatchError } from '../errors.js';
import { assignNamedWeights } from './named-weights.js';

/** input [4, 4, 3] -> Conv1 (2 filters) -> bn_Conv1 -> pooling -> predictions (3 classes). */
function tinyModel(filters = 2): LayersModel {
  const input = tfl.input({ shape: [4, 4, 3], name: 'input_1' });
  let x = tfl.layers.conv2d({ name: 'Conv1', filters, kernelSize: 1, useBias: false }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn_Conv1' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ name: 'predictions', units: 3 }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

function tinyWeights(filters = 2, head = 'predictions'): NamedTensorMap {
  return {
    'Conv1/kernel': tf.fill([1, 1, 3, filters], 0.5),
    'bn_Conv1/gamma': tf.fill([filters], 2),
    'bn_Conv1/beta': tf.fill([filters], 3),
    'bn_Conv1/moving_mean': tf.fill([filters], 4),
    'bn_Conv1/moving_variance': tf.fill([filters], 5),
    [`${head}/kernel`]: tf.fill([filters, 3], 6),
    [`${head}/bias`]: tf.fill([3], 7),
  };
}

/** The first value of each weight, in layer order: kernel, gamma, beta, mean, variance, dense kernel, bias. */
function firstValues(model: LayersModel): number[] {
  return model.layers.flatMap((layer) => layer.getWeights().map((weight) => weight.dataSync()[0] as number));
}

let before = 0;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

describe('assignNamedWeights', () => {
  it('sets every weight by layer and weight name and reports extras', () => {
    const model = tinyModel();
    const weights = { ...tinyWeights(), 'extra_layer/kernel': tf.zeros([2]) };
    const result = assignNamedWeights(model, weights, { source: 'test' });
    expect(result).toEqual({ assigned: 7, unused: ['extra_layer/kernel'] });
    expect(firstValues(model)).toEqual([0.5, 2, 3, 4, 5, 6, 7]);
    // The model holds copies: the caller's tensors can go.
    tf.dispose(weights);
    expect(firstValues(model)).toEqual([0.5, 2, 3, 4, 5, 6, 7]);
    model.dispose();
  });

  it("accepts Keras's ':0' suffix and the historic 'Logits' head name", () => {
    const model = tinyModel();
    const plain = tinyWeights(2, 'Logits');
    const weights: NamedTensorMap = {};
    for (const [name, value] of Object.entries(plain)) weights[`${name}:0`] = value;
    expect(assignNamedWeights(model, weights, { source: 'test' }).unused).toEqual([]);
    expect(firstValues(model)[5]).toBe(6);
    tf.dispose(weights);
    model.dispose();
  });

  it('works on a model built after another of the same layer names', () => {
    const first = tinyModel();
    const second = tinyModel(); // tfjs renames its variables 'Conv1/kernel_1', ...
    const weights = tinyWeights();
    expect(second.weights[0]?.name).not.toBe('Conv1/kernel');
    expect(assignNamedWeights(second, weights, { source: 'test' }).assigned).toBe(7);
    tf.dispose(weights);
    first.dispose();
    second.dispose();
  });

  it('names the first layer with a missing weight and assigns nothing', () => {
    const model = tinyModel();
    const original = firstValues(model);
    const weights = tinyWeights();
    const moving = weights['bn_Conv1/moving_mean'];
    delete weights['bn_Conv1/moving_mean'];
    let error: unknown;
    try {
      assignNamedWeights(model, weights, { source: 'weights.json' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WeightsMismatchError);
    expect(error).toMatchObject({
      source: 'weights.json',
      layer: 'bn_Conv1',
      weight: 'bn_Conv1/moving_mean',
      expectedShape: [2],
      actualShape: 'missing',
    });
    expect((error as Error).message).toMatch(/no weight named 'bn_Conv1\/moving_mean'.*alpha/);
    expect(firstValues(model)).toEqual(original);
    tf.dispose([weights, moving!]);
    model.dispose();
  });

  it('names the first layer whose shape differs, in model order', () => {
    const model = tinyModel(2);
    const weights = tinyWeights(4); // every shape is wrong; Conv1 comes first
    expect(() => assignNamedWeights(model, weights, { source: 'w' })).toThrow(WeightsMismatchError);
    try {
      assignNamedWeights(model, weights, { source: 'w' });
    } catch (error) {
      expect(error).toMatchObject({ layer: 'Conv1', expectedShape: [1, 1, 3, 2], actualShape: [1, 1, 3, 4] });
      expect((error as Error).message).toContain("'Conv1/kernel' has shape [1, 1, 3, 4] but the model needs [1, 1, 3, 2]");
    }
    tf.dispose(weights);
    model.dispose();
  });
});
