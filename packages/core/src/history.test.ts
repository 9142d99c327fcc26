import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHistory, historyFromTfjs, kerasLogs, kerasMetricName, recordEpoch } from './history.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('kerasMetricName', () => {
  it("renames tfjs-layers' acc to Keras's accuracy and keeps other names", () => {
    expect(kerasMetricName('acc')).toBe('accuracy');
    expect(kerasMetricName('val_acc')).toBe('val_accuracy');
    expect(kerasMetricName('loss')).toBe('loss');
    expect(kerasMetricName('val_loss')).toBe('val_loss');
    expect(kerasMetricName('accuracy')).toBe('accuracy');
  });
});

describe('kerasLogs', () => {
  it('orders logs as Keras shows them and drops batch bookkeeping', () => {
    const logs = kerasLogs({ val_loss: 0.2, val_acc: 0.9, batch: 3, size: 32, acc: 0.95, loss: 0.1, val_extra: 7 });
    expect(Object.entries(logs)).toEqual([
      ['loss', 0.1],
      ['accuracy', 0.95],
      ['val_loss', 0.2],
      ['val_accuracy', 0.9],
      ['val_extra', 7],
    ]);
  });
});

describe('recordEpoch', () => {
  it('appends values under Keras names and keeps every list as long as epoch', () => {
    const history = createHistory({ epochs: 3, steps: 10, verbose: 2 });
    recordEpoch(history, 0, { loss: 0.7, acc: 0.5 });
    recordEpoch(history, 1, { loss: 0.5, acc: 0.75, val_loss: 0.6 });
    recordEpoch(history, 2, { loss: 0.4, val_loss: 0.5 });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history).toEqual({
      loss: [0.7, 0.5, 0.4],
      accuracy: [0.5, 0.75, Number.NaN],
      val_loss: [Number.NaN, 0.6, 0.5],
    });
    expect(history.params).toEqual({ epochs: 3, steps: 10, verbose: 2 });
  });
});

describe('historyFromTfjs', () => {
  it("converts a real model.fit History to Keras's names and params", async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [1] }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const [x, y] = tf.tidy(() => {
      const inputs = tf.reshape(tf.linspace(0, 1, 100), [100, 1]);
      return [inputs, tf.reshape(tf.cast(tf.greaterEqual(inputs, 0.5), 'float32'), [100])];
    });
    const fitted = await model.fit(x, y, { epochs: 2, batchSize: 32, validationSplit: 0.1, verbose: 0 });
    const history = historyFromTfjs(fitted, 2);
    expect(history.epoch).toEqual([0, 1]);
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(history.history.accuracy).toEqual(fitted.history.acc);
    expect(history.history.val_loss).toEqual(fitted.history.val_loss);
    // 90 training samples in batches of 32 make 3 steps.
    expect(history.params).toEqual({ epochs: 2, steps: 3, verbose: 2 });
    expect(historyFromTfjs(fitted).params.verbose).toBe(0);
    tf.dispose([x, y]);
    model.dispose();
  });
});
