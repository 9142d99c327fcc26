import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchDataset, BatchRequest } from './batch-dataset.js';
import type { Callback } from './callbacks.js';
import { InvalidArgumentError } from './errors.js';
import { fit } from './fit.js';
import { ModelCheckpoint } from './model-checkpoint.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function network(seed: number): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [1], units: 4, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const data = (samples: number) => {
  const values = Array.from({ length: samples }, (_, i) => ((i * 7919) % 1000) / 1000);
  return { x: tf.tensor2d(values, [samples, 1]), y: tf.tensor1d(values.map((v) => (v >= 0.5 ? 1 : 0))) };
};

describe('fit callbacks', () => {
  it('calls a plain object’s methods in Keras’s order, with the model set first', async () => {
    const model = network(1);
    const { x, y } = data(10);
    const calls: string[] = [];
    const callback: Callback = {
      setModel: (m) => void calls.push(m === model ? 'setModel' : 'setModel(other)'),
      onTrainBegin: () => void calls.push('trainBegin'),
      onEpochBegin: (epoch) => void calls.push(`epochBegin ${epoch}`),
      onBatchBegin: (batch) => void calls.push(`batchBegin ${batch}`),
      onBatchEnd: (batch, logs) => void calls.push(`batchEnd ${batch} size ${logs.size} loss ${logs.loss > 0}`),
      onEpochEnd: async (epoch, logs) => {
        await Promise.resolve();
        calls.push(`epochEnd ${epoch} ${Object.keys(logs).join(',')}`);
      },
      onTrainEnd: () => void calls.push('trainEnd'),
    };
    await fit(model, x, y, {
      epochs: 3,
      initialEpoch: 1,
      batchSize: 6,
      verbose: 0,
      seed: 1,
      validationData: [x, y],
      callbacks: [callback],
    });
    expect(calls).toEqual([
      'setModel',
      'trainBegin',
      'epochBegin 1',
      'batchBegin 0',
      'batchEnd 0 size 6 loss true',
      'batchBegin 1',
      'batchEnd 1 size 4 loss true',
      'epochEnd 1 loss,accuracy,val_loss,val_accuracy',
      'epochBegin 2',
      'batchBegin 0',
      'batchEnd 0 size 6 loss true',
      'batchBegin 1',
      'batchEnd 1 size 4 loss true',
      'epochEnd 2 loss,accuracy,val_loss,val_accuracy',
      'trainEnd',
    ]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('stops after the batch where a callback sets model.stopTraining', async () => {
    const model = network(2);
    const { x, y } = data(40);
    let batches = 0;
    const history = await fit(model, x, y, {
      epochs: 5,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        {
          onBatchEnd: (batch) => {
            batches += 1;
            if (batch === 2) model.stopTraining = true;
          },
        },
      ],
    });
    expect(batches).toBe(3);
    expect(history.epoch).toEqual([0]);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('ModelCheckpoint', () => {
  it('saves every epoch, or only the best, through the writer given, with Keras’s filepath placeholders', async () => {
    const model = network(3);
    const { x, y } = data(64);
    const saved: { path: string; kernel: number[] }[] = [];
    const save = async (m: LayersModel, path: string) => {
      saved.push({ path, kernel: Array.from(m.getWeights()[0]?.dataSync() ?? []) });
    };
    const every = new ModelCheckpoint({ filepath: 'models/run-{epoch}', save, monitor: 'loss' });
    await fit(model, x, y, { epochs: 3, verbose: 0, seed: 1, callbacks: [every] });
    expect(saved.map((s) => s.path)).toEqual(['models/run-1', 'models/run-2', 'models/run-3']);
    expect(saved.at(-1)?.kernel).toEqual(Array.from(model.getWeights()[0]?.dataSync() ?? []));

    saved.length = 0;
    // Validation labels flipped: val_loss gets worse as the model learns, so only the first epoch is the best.
    const flipped = tf.sub(1, y);
    const best = new ModelCheckpoint({ filepath: 'models/best-{epoch}-{val_loss:.3f}', save, saveBestOnly: true });
    const history = await fit(model, x, y, { epochs: 4, verbose: 0, seed: 1, validationData: [x, flipped], callbacks: [best] });
    const valLoss = history.history.val_loss ?? [];
    const improving = valLoss.filter((value, i) => valLoss.slice(0, i).every((earlier) => value < earlier));
    expect(saved).toHaveLength(improving.length);
    expect(saved[0]?.path).toBe(`models/best-1-${valLoss[0]?.toFixed(3)}`);
    expect(best.best).toBe(Math.min(...valLoss));
    tf.dispose([x, y, flipped]);
    model.dispose();
  });

  it('rejects a missing filepath and names an unknown placeholder', async () => {
    expect(() => new ModelCheckpoint({ filepath: '' })).toThrow(InvalidArgumentError);
    const model = network(4);
    const { x, y } = data(8);
    const checkpoint = new ModelCheckpoint({ filepath: 'm-{val_f1}', save: async () => undefined, monitor: 'loss' });
    await expect(fit(model, x, y, { epochs: 1, verbose: 0, callbacks: [checkpoint] })).rejects.toThrow(/\{val_f1\}/);
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('fit on a dataset', () => {
  /** Images of 2 x 2 pixels whose label is whether they are bright; batches as a dataset streams them. */
  function imageSet(count: number): BatchDataset & { requests: BatchRequest[] } {
    const requests: BatchRequest[] = [];
    return {
      length: count,
      requests,
      async *batches(request) {
        requests.push(request);
        const order = Array.from({ length: count }, (_, i) => i);
        if (request.shuffle) order.reverse();
        for (let start = 0; start < count; start += request.batchSize) {
          const rows = order.slice(start, start + request.batchSize);
          yield {
            xs: tf.tidy(() => tf.stack(rows.map((i) => tf.fill([request.size[0], request.size[1], 1], (i % 4) / 4)))),
            ys: tf.tensor1d(rows.map((i) => (i % 4 >= 2 ? 1 : 0))),
          };
        }
      },
    };
  }

  it('streams batches of the model’s input size, as many steps as the dataset holds, and disposes them', async () => {
    const before = tf.memory().numTensors;
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [2, 2, 1] }),
        tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.1), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const train = imageSet(20);
    const validation = imageSet(8);
    const lines: string[] = [];
    const history = await fit(model, train, {
      epochs: 3,
      batchSize: 8,
      seed: 3,
      verbose: 2,
      validationData: validation,
      print: (line) => lines.push(line),
    });
    expect(train.requests).toHaveLength(3);
    expect(train.requests.every((r) => r.batchSize === 8 && r.shuffle && r.size[0] === 2 && r.size[1] === 2)).toBe(true);
    // A fresh seed each epoch, so the order changes from epoch to epoch and repeats with the run's seed.
    expect(new Set(train.requests.map((r) => r.seed)).size).toBe(3);
    expect(validation.requests.every((r) => !r.shuffle)).toBe(true);
    expect(lines[1]).toMatch(/^3\/3 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    expect(history.history.val_accuracy).toHaveLength(3);
    model.optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses validationSplit on a dataset and a model that does not take images', async () => {
    const model = network(6);
    await expect(fit(model, imageSet(4), { verbose: 0 })).rejects.toThrow(/not images of a fixed size/);
    const images = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [2, 2, 1] }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
    });
    images.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(fit(images, imageSet(4), { verbose: 0, validationSplit: 0.5 })).rejects.toThrow(/cannot split a dataset/);
    model.dispose();
    images.dispose();
  });
});
