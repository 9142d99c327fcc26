import '@tensorflow/tfjs-backend-cpu';
import { planFrozenPrefix } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareFineTuning, withAugmentation } from './fine-tuning.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small stand-in for transferModel(MobileNetV2): conv, BatchNorm, conv, pooling (frozen), a softmax head. */
function transferLike(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv1' }).apply(input) as SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn1' }).apply(x) as SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv2' }).apply(x) as SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn2' }).apply(x) as SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as SymbolicTensor;
  const model = tfl.model({
    inputs: input,
    outputs: tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(x) as SymbolicTensor,
  });
  for (const layer of model.layers) layer.trainable = layer.name === 'head';
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('the augmentation and fine-tuning phases of transfer learning', () => {
  it('puts the flip and rotation in front of the same layers: identical at inference, the base still a frozen part after them', () => {
    const model = transferLike();
    const augmented = withAugmentation(model, 1);
    expect(augmented.layers.slice(1, 3).map((layer) => layer.getClassName())).toEqual(['RandomFlip', 'RandomRotation']);
    expect(augmented.getLayer('head')).toBe(model.getLayer('head'));
    const x = tf.randomUniform([3, 8, 8, 3], -1, 1, 'float32', 2);
    const [a, b] = tf.tidy(() => [(model.predict(x) as tf.Tensor).dataSync(), (augmented.predict(x) as tf.Tensor).dataSync()]);
    expect(b).toEqual(a);
    const prefix = planFrozenPrefix(augmented);
    expect(prefix?.augmentation.map((layer) => layer.name)).toEqual(['random_flip', 'random_rotation']);
    expect(prefix?.boundary.map((tensor) => tensor.sourceLayer.name)).toEqual(['pool']);
    x.dispose();
  });

  it('fine-tuning unfreezes from the layer given, keeps BatchNorm frozen, and recompiles with RMSprop', () => {
    const model = transferLike();
    const counts = prepareFineTuning(model, { from: 3, learningRate: 1e-5 });
    expect(model.layers.filter((layer) => layer.trainable).map((layer) => layer.name)).toEqual(['conv2', 'pool', 'head']);
    // conv2 (3*3*4*4 + 4) and the head (4*2 + 2).
    expect(counts.trainableParams).toBe(148 + 10);
    expect(model.optimizer.getClassName()).toBe('RMSProp');
  });
});

describe('disposing the augmented model', () => {
  it('frees none of the model’s weights, and lets disposing the model free them all', () => {
    const before = tf.memory().numTensors;
    const model = transferLike();
    const created = tf.memory().numTensors - before;
    expect(created).toBeGreaterThan(0);
    withAugmentation(model, 1).dispose();
    withAugmentation(model, 2).dispose();
    const x = tf.zeros([1, 8, 8, 3]);
    const y = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(y).toHaveLength(2);
    x.dispose();
    (model.optimizer as tf.Optimizer).dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
