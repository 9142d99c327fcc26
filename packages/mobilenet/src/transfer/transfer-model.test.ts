import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, summaryTable } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { transferClassNames } from './class-names.js';
import { transferModel } from './transfer-model.js';

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

const smallBase = (includeTop = true) => buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop, classes: 10 });

describe('transferModel', () => {
  it('puts a Dense softmax head on the pooled features, freezes everything else and compiles as the course', () => {
    const base = smallBase();
    const pooling = base.layers[base.layers.length - 2];
    const model = transferModel(base, { classNames: ['female', 'male'], seed: 1 });
    const head = model.layers[model.layers.length - 1];
    expect(model.inputs[0]).toBe(base.inputs[0]);
    expect(model.layers[model.layers.length - 2]).toBe(pooling);
    expect(head?.getConfig()).toMatchObject({ units: 2, activation: 'softmax' });
    expect(model.layers.filter((layer) => layer.trainable)).toEqual([head]);
    expect(model.layers.map((layer) => layer.name)).not.toContain('predictions');
    const { trainableParams, nonTrainableParams } = summaryTable(model);
    expect(trainableParams).toBe(1280 * 2 + 2);
    expect(nonTrainableParams).toBe(base.countParams() - (1280 * 10 + 10));
    expect(model.loss).toBe('sparseCategoricalCrossentropy');
    expect(model.metrics).toEqual(['accuracy']);
    expect(transferClassNames(model)).toEqual(['female', 'male']);
    model.dispose();
  });

  it('gives the same initial head for the same seed, and replaces the head of a transfer model', () => {
    const first = transferModel(smallBase(), { classes: 3, seed: 7 });
    const kernel = first.layers.at(-1)?.getWeights()[0]?.dataSync().slice();
    const again = transferModel(first, { classes: 3, seed: 7 });
    expect(again.layers).toHaveLength(first.layers.length);
    expect(again.layers.at(-1)).not.toBe(first.layers.at(-1));
    expect(again.layers.at(-1)?.getWeights()[0]?.dataSync()).toEqual(kernel);
    const other = transferModel(again, { classes: 3, seed: 8 });
    expect(other.layers.at(-1)?.getWeights()[0]?.dataSync()).not.toEqual(kernel);
    // The last model owns the base, the ImageNet top and the earlier heads: one dispose frees them all.
    other.dispose();
  });

  it('pools a base without its top, and uses a pooled base as it is', () => {
    const map = transferModel(smallBase(false), { classes: 2 });
    expect(map.layers.at(-2)?.getClassName()).toBe('GlobalAveragePooling2D');
    map.dispose();
    const pooled = transferModel(buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: false, pooling: 'avg' }), {
      classes: 2,
    });
    expect(pooled.layers.filter((layer) => layer.getClassName() === 'GlobalAveragePooling2D')).toHaveLength(1);
    expect(pooled.outputs[0]?.shape).toEqual([null, 2]);
    pooled.dispose();
  });

  it('refuses options that make no classifier', () => {
    const base = smallBase();
    expect(() => transferModel(base)).toThrow(InvalidArgumentError);
    expect(() => transferModel(base, { classes: 1 })).toThrow(/at least 2/);
    expect(() => transferModel(base, { classes: 3, classNames: ['a', 'b'] })).toThrow(/2 names for 3 classes/);
    expect(() => transferModel(base, { classes: 2, learningRate: -1 })).toThrow(/learningRate/);
    base.dispose();
  });
});
