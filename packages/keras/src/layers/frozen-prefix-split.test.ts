import '@tensorflow/tfjs-backend-cpu';
import { planFrozenPrefix, trainModelWith } from '@dendrite/core/internal';
import { disposeWithOptimizer as dispose, maxDifference, transferLikeData, transferLikeModel, weightValues } from '@dendrite/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RandomFlip } from './random-flip.js';
import { RandomRotation } from './random-rotation.js';

// Core's frozen-prefix runner knows the augmentation layers by their class names only; these tests
// check, with the real layers, that it splits a model around them.

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

/** The core's transfer-like test model; with `augment`, as Keras's tutorial writes it: a flip, then a Sequential holding a rotation. */
function transferLike(options: { augment?: boolean } = {}): LayersModel {
  if (options.augment !== true) return transferLikeModel();
  return transferLikeModel({
    inFront: (input) => {
      const flipped = new RandomFlip({ mode: 'horizontal', seed: 11, name: 'flip' }).apply(input) as SymbolicTensor;
      const nested = tfl.sequential({
        name: 'augmentation',
        layers: [new RandomRotation({ factor: 0.2, seed: 12, inputShape: [6, 6, 3] })],
      });
      return nested.apply(flipped) as SymbolicTensor;
    },
  });
}

describe('planFrozenPrefix around the augmentation layers', () => {
  it('starts the frozen part after leading augmentation layers, which run in training mode only', () => {
    const model = transferLike({ augment: true });
    const prefix = planFrozenPrefix(model, 3);
    expect(prefix?.boundary.map((t) => t.sourceLayer.name)).toEqual(['pool']);
    expect(prefix?.augmentation.map((layer) => layer.name)).toEqual(['flip', 'augmentation']);
    const plain = transferLike();
    const x = tf.randomUniform([7, 6, 6, 3], -1, 1, 'float32', 4);
    const [inference, training, reference, untouched] = tf.tidy(() => {
      const expected = (plain.predict(x) as tf.Tensor).dataSync();
      const atInference = prefix?.applyTail(prefix.run(x), { training: false }).dataSync();
      const whileTraining = prefix?.run(x, { training: true })[0]?.dataSync();
      return [atInference, whileTraining, expected, prefix?.run(x)[0]?.dataSync()];
    });
    // At inference the augmentation is the identity: the model without it, exactly.
    expect(inference).toEqual(reference);
    expect(training).toBeDefined();
    expect(Array.from(training ?? []).some((v, i) => Math.abs(v - (untouched?.[i] ?? v)) > 1e-4)).toBe(true);
    x.dispose();
    dispose(model);
    dispose(plain);
  });

  it('treats an augmentation layer after a frozen layer as acting differently while training', () => {
    const input = tfl.input({ shape: [4, 4, 1] });
    const frozen = tfl.layers.conv2d({ filters: 1, kernelSize: 1, trainable: false, name: 'frozen' }).apply(input) as SymbolicTensor;
    const flipped = new RandomFlip({ seed: 1 }).apply(frozen) as SymbolicTensor;
    const flat = tfl.layers.flatten().apply(flipped) as SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 1 }).apply(flat) as SymbolicTensor });
    expect(planFrozenPrefix(model)?.boundary.map((t) => t.sourceLayer.name)).toEqual(['frozen']);
    model.dispose();
  });
});

describe('training with a frozen prefix after augmentation layers', () => {
  const data = transferLikeData;

  it('with leading augmentation, trains as the whole model under the tape does (the same seeded transforms), and differently from no augmentation', async () => {
    const { x, y } = data();
    const options = { epochs: 2, batchSize: 8, seed: 7 };
    const split = transferLike({ augment: true });
    const whole = transferLike({ augment: true });
    const plain = transferLike();
    const frozenBefore = weightValues(split, ['conv', 'bn']);
    const splitLogs = await trainModelWith(split, x, y, options, 'tape');
    const wholeLogs = await trainModelWith(whole, x, y, options, 'whole-tape');
    const plainLogs = await trainModelWith(plain, x, y, options, 'tape');
    splitLogs.forEach((logs, epoch) => {
      expect(logs['loss']).toBeCloseTo(wholeLogs[epoch]?.['loss'] as number, 5);
    });
    expect(maxDifference(weightValues(split, ['hidden', 'head']), weightValues(whole, ['hidden', 'head']))).toBeLessThan(1e-5);
    expect(Math.abs((splitLogs[1]?.['loss'] as number) - (plainLogs[1]?.['loss'] as number))).toBeGreaterThan(1e-4);
    expect(maxDifference(weightValues(split, ['conv', 'bn']), frozenBefore)).toBe(0);
    tf.dispose([x, y]);
    for (const model of [split, whole, plain]) dispose(model);
  });
});
