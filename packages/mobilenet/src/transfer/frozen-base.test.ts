import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import { RandomFlip } from '@dendrite/keras';
import * as tf from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { splitFrozenBase } from './frozen-base.js';

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

/** input -> conv -> bn -> pool -> [dropout] -> dense(s): a base and head as transfer learning builds them. */
function model(options: { dropout?: boolean; hidden?: boolean; freeze?: boolean; augment?: boolean } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  const images = options.augment === true ? (new RandomFlip({ name: 'flip', seed: 1 }).apply(input) as SymbolicTensor) : input;
  const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv' }).apply(images) as SymbolicTensor;
  const bn = tfl.layers.batchNormalization({ name: 'bn' }).apply(conv) as SymbolicTensor;
  let x = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(bn) as SymbolicTensor;
  if (options.dropout === true) x = tfl.layers.dropout({ rate: 0.5, name: 'drop' }).apply(x) as SymbolicTensor;
  if (options.hidden === true) x = tfl.layers.dense({ units: 3, activation: 'relu', name: 'hidden' }).apply(x) as SymbolicTensor;
  const output = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(x) as SymbolicTensor;
  const built = tfl.model({ inputs: input, outputs: output });
  if (options.freeze !== false) for (const name of ['conv', 'bn']) built.getLayer(name).trainable = false;
  built.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return built;
}

describe('splitFrozenBase', () => {
  it('refuses a model that starts with augmentation, saying the fast way cannot augment', () => {
    const whole = model({ augment: true });
    expect(() => splitFrozenBase(whole)).toThrow(InvalidArgumentError);
    expect(() => splitFrozenBase(whole)).toThrow(/augmentation layers \(flip\).*fast way/);
    whole.dispose();
  });

  it('cuts at the tensor the trainable head reads, sharing the model’s layers', () => {
    const whole = model();
    const split = splitFrozenBase(whole);
    expect(split).toBeDefined();
    if (split === undefined) return;
    expect(split.base.outputs[0]?.shape).toEqual([null, 4]);
    expect(split.base.layers.map((layer) => layer.name)).not.toContain('head');
    expect(split.head.getClassName()).toBe('Sequential');
    expect(split.head.layers.at(-1)).toBe(whole.getLayer('head'));
    expect(split.head.optimizer).toBe(whole.optimizer);
    // The two halves compute what the whole model computes.
    const x = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 1);
    const same = tf.tidy(() => {
      const direct = whole.predict(x) as tf.Tensor;
      const twoSteps = split.head.predict(split.base.predict(x) as tf.Tensor) as tf.Tensor;
      return tf.max(tf.abs(tf.sub(direct, twoSteps))).dataSync()[0];
    });
    expect(same).toBeLessThan(1e-6);
    split.dispose();
    x.dispose();
    whole.dispose();
  });

  it('puts layers that act differently while training (dropout) in the head, as a functional model when not all Dense', () => {
    const whole = model({ dropout: true, hidden: true });
    const split = splitFrozenBase(whole);
    expect(split?.base.outputs[0]?.shape).toEqual([null, 4]);
    expect(split?.head.getClassName()).not.toBe('Sequential');
    expect(split?.head.layers.map((layer) => layer.name)).toEqual(expect.arrayContaining(['drop', 'hidden', 'head']));
    split?.dispose();
    whole.dispose();
  });

  it('finds no cut when nothing is frozen, everything is frozen, or the head reads two frozen tensors', () => {
    const unfrozen = model({ freeze: false });
    expect(splitFrozenBase(unfrozen)).toBeUndefined();
    unfrozen.trainable = false;
    expect(splitFrozenBase(unfrozen)).toBeUndefined();
    unfrozen.dispose();

    const input = tfl.input({ shape: [4] });
    const a = tfl.layers.dense({ units: 2, trainable: false }).apply(input) as SymbolicTensor;
    const b = tfl.layers.dense({ units: 2, trainable: false }).apply(input) as SymbolicTensor;
    const joined = tfl.layers.concatenate().apply([a, b]) as SymbolicTensor;
    const two = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 2 }).apply(joined) as SymbolicTensor });
    // The concatenation has no weights, so it is part of the base: one tensor, a cut.
    const twoSplit = splitFrozenBase(two);
    expect(twoSplit?.base.outputs[0]?.shape).toEqual([null, 4]);
    twoSplit?.dispose();
    two.dispose();

    const left = tfl.input({ shape: [4] });
    const frozen = tfl.layers.dense({ units: 2, trainable: false }).apply(left) as SymbolicTensor;
    const trainable = tfl.layers.dense({ units: 2 });
    const added = tfl.layers.add().apply([trainable.apply(frozen) as SymbolicTensor, frozen]) as SymbolicTensor;
    const residual = tfl.model({ inputs: left, outputs: added });
    // Both branches read the same frozen tensor: still one cut.
    const residualSplit = splitFrozenBase(residual);
    expect(residualSplit?.base.outputs[0]?.shape).toEqual([null, 2]);
    residualSplit?.dispose();
    residual.dispose();
  });
});
