import '@tensorflow/tfjs-backend-cpu';
import { fit } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BinaryAccuracy, BinaryCrossentropy, RMSprop } from './keras-losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Figures printed by Keras 3.15.1 for these labels and logits (see the report of issue 15).
const labels = [[0], [1], [1], [0]];
const logits = [[-2], [0.5], [-0.1], [3]];

const meanOf = (fn: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, b = logits): number =>
  tf.tidy(() => tf.mean(fn(tf.tensor2d(labels), tf.tensor2d(b))).dataSync()[0] as number);

describe("Keras's losses, metrics and optimizer of the MobileNetV2 tutorial", () => {
  it('BinaryCrossentropy from logits, with label smoothing, and on probabilities gives what Keras gives', () => {
    expect(meanOf(BinaryCrossentropy({ fromLogits: true }))).toBeCloseTo(1.0984972715377808, 6);
    expect(meanOf(BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2 }))).toBeCloseTo(1.0834972858428955, 6);
    const probabilities = logits.map(([x]) => [1 / (1 + Math.exp(-(x as number)))]);
    expect(meanOf(BinaryCrossentropy(), probabilities)).toBeCloseTo(1.0984972715377808, 5);
    // Large logits stay finite.
    expect(meanOf(BinaryCrossentropy({ fromLogits: true }), [[-500], [500], [500], [-500]])).toBeCloseTo(0, 6);
  });

  it('BinaryAccuracy with threshold 0 on logits gives what Keras gives, under the name given', () => {
    const accuracy = BinaryAccuracy({ threshold: 0, name: 'accuracy' });
    expect(accuracy.name).toBe('accuracy');
    expect(meanOf(accuracy)).toBe(0.5);
    expect(BinaryAccuracy().name).toBe('binary_accuracy');
  });

  it("RMSprop with Keras's defaults takes Keras's steps", () => {
    const v = tf.variable(tf.tensor1d([1, -2]));
    const optimizer = RMSprop();
    for (const g of [
      [0.5, -1],
      [0.1, 0.3],
      [-0.2, 0.05],
    ])
      optimizer.applyGradients({ [v.name]: tf.tensor1d(g) });
    const [a, b] = Array.from(v.dataSync());
    expect(a).toBeCloseTo(0.9974465370178223, 6);
    expect(b).toBeCloseTo(-1.9979584217071533, 6);
    optimizer.dispose();
    v.dispose();
  });

  it('fit trains a logit head with them and logs accuracy under the name given', async () => {
    const before = tf.memory().numTensors;
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, inputShape: [2], kernelInitializer: tfl.initializers.zeros() })],
    });
    model.compile({
      optimizer: RMSprop({ learningRate: 0.05 }),
      loss: BinaryCrossentropy({ fromLogits: true }),
      metrics: [BinaryAccuracy({ threshold: 0, name: 'accuracy' })],
    });
    const x = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, -1],
      [2, 0],
      [-2, 0],
    ]);
    const y = tf.tensor1d([1, 0, 1, 0, 1, 0]);
    const history = await fit(model, x, y, { epochs: 40, batchSize: 6, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss']);
    expect(history.history['loss']?.at(-1)).toBeLessThan((history.history['loss']?.[0] as number) / 2);
    expect(history.history['accuracy']?.at(-1)).toBe(1);
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
