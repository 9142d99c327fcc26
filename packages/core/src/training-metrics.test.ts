import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EpochAccumulator, type LossOrMetricFn } from './training-metrics.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One value per sample, and one value per batch (as tfjs's precision metric gives).
const absoluteError: LossOrMetricFn = (t, p) => tf.mean(tf.abs(tf.sub(t, p)), -1);
const batchMaximum: LossOrMetricFn = (t, p) => tf.max(tf.sub(p, t));

describe('EpochAccumulator', () => {
  const targets = tf.tensor2d([[0], [1], [2], [3], [4]]);
  const batches = () => [tf.tensor2d([[1], [1]]), tf.tensor2d([[2], [5]]), tf.tensor2d([[4]])];

  it('averages over samples, with the loss from predictions or from each batch', async () => {
    const before = tf.memory().numTensors;
    const fromPredictions = new EpochAccumulator(absoluteError, [{ name: 'maximum', fn: batchMaximum }]);
    fromPredictions.start(tf.clone(targets));
    for (const batch of batches()) fromPredictions.add(batch);
    // Errors 1, 0, 0, 2, 0; the largest p - t over all five samples is 2.
    expect(await fromPredictions.finish()).toEqual({ loss: 3 / 5, maximum: 2 });

    const fromBatches = new EpochAccumulator(undefined, [{ name: 'error', fn: absoluteError }]);
    fromBatches.start(tf.clone(targets));
    const losses = [0.5, 1, 3];
    batches().forEach((batch, i) => {
      fromBatches.add(batch, tf.scalar(losses[i] as number));
    });
    const averages = await fromBatches.finish();
    expect(averages['loss']).toBeCloseTo((0.5 * 2 + 1 * 2 + 3 * 1) / 5, 6);
    expect(averages['error']).toBeCloseTo(3 / 5, 6);
    fromPredictions.dispose();
    fromBatches.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives running averages mid-epoch, then the epoch average', async () => {
    const accumulator = new EpochAccumulator(absoluteError, []);
    accumulator.start(tf.clone(targets));
    const [first, second, third] = batches() as [tf.Tensor, tf.Tensor, tf.Tensor];
    accumulator.add(first);
    expect(accumulator.averages()).toEqual({ loss: 0.5 });
    accumulator.add(second);
    accumulator.add(third);
    expect(accumulator.averages()).toEqual({ loss: 3 / 5 });
    expect(await accumulator.finish()).toEqual({ loss: 3 / 5 });
    accumulator.dispose();
  });
});
