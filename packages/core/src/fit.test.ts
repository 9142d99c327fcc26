import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseClassifier } from './dense-classifier.js';
import { InvalidArgumentError, InvalidDataError } from './errors.js';
import { fit } from './fit.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function data(samples: number, seed = 1): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const values = Array.from({ length: samples }, (_, i) => ((i * 7919 + seed * 104729) % 1000) / 1000);
  return { x: tf.tensor2d(values, [samples, 1]), y: tf.tensor1d(values.map((v) => (v >= 0.5 ? 1 : 0))) };
}

describe('fit', () => {
  it('prints Keras verbose 2 lines and returns the History under Keras names', async () => {
    const model = denseClassifier({ seed: 3 });
    const { x, y } = data(200);
    const lines: string[] = [];
    const history = await fit(model, x, y, {
      epochs: 3,
      batchSize: 32,
      verbose: 2,
      validationSplit: 0.2,
      seed: 1,
      print: (l) => lines.push(l),
    });
    expect(lines.filter((line) => line.startsWith('Epoch '))).toEqual(['Epoch 1/3', 'Epoch 2/3', 'Epoch 3/3']);
    // 160 training samples in batches of 32: 5 steps.
    lines
      .filter((line) => !line.startsWith('Epoch '))
      .forEach((line) => {
        expect(line).toMatch(/^5\/5 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
      });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.history.loss).toHaveLength(3);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('repeats a run exactly with the same seeds', async () => {
    const weights = async () => {
      const model = denseClassifier({ seed: 4 });
      const { x, y } = data(128);
      await fit(model, x, y, { epochs: 2, verbose: 0, seed: 9 });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      tf.dispose([x, y]);
      model.dispose();
      return values;
    };
    expect(await weights()).toEqual(await weights());
  });

  it('prints nothing at verbose 0 and fails early on bad input, training nothing', async () => {
    const model = denseClassifier({ seed: 5 });
    const { x, y } = data(64);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const lines: string[] = [];
    await expect(fit(model, x, y, { epochs: 0, print: (l) => lines.push(l) })).rejects.toThrow(InvalidArgumentError);
    await expect(fit(model, x, tf.tensor1d([0, 1]), { print: (l) => lines.push(l) })).rejects.toThrow(InvalidDataError);
    await expect(fit(model, x, y, { verbose: 3 as 2 })).rejects.toThrow(/verbose/);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    await fit(model, x, y, { epochs: 1, verbose: 0, print: (l) => lines.push(l) });
    expect(lines).toEqual([]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('leaks no tensor beyond the optimizer state of the first call', async () => {
    const model = denseClassifier({ seed: 6 });
    const { x, y } = data(96);
    await fit(model, x, y, { epochs: 1, verbose: 0 });
    const before = tf.memory().numTensors;
    await fit(model, x, y, { epochs: 2, verbose: 2, validationSplit: 0.25, print: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
