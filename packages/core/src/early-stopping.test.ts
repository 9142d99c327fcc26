import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';
import { InvalidArgumentError } from './errors.js';
import { fit } from './fit.js';
import type { EpochLogs } from './training-loop.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function courseNetwork(seed: number): tfl.Sequential {
  const init = (offset: number) => tfl.initializers.glorotUniform({ seed: seed + offset });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [1], units: 8, activation: 'relu', kernelInitializer: init(0) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(1) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Runs the callback over scripted epoch values, as Keras's fit would call it, and says what it did. */
function replay(stop: EarlyStopping, monitor: string, values: readonly number[]) {
  const model = courseNetwork(1);
  stop.setModel(model);
  stop.onTrainBegin();
  let epochsRun = 0;
  for (const [epoch, value] of values.entries()) {
    epochsRun = epoch + 1;
    stop.onEpochEnd(epoch, { loss: 0, [monitor]: value } as EpochLogs);
    if (model.stopTraining) break;
  }
  stop.onTrainEnd();
  model.dispose();
  return { epochsRun, stoppedEpoch: stop.stoppedEpoch, bestEpoch: stop.bestEpoch, best: stop.best };
}

describe('EarlyStopping', () => {
  // Expected values printed by real Keras 3.15.1: keras.callbacks.EarlyStopping fed the same
  // values through on_epoch_end (stopping when it set model.stop_training).
  it.each([
    {
      values: [1.0, 0.9, 0.95, 0.91, 0.92, 0.5],
      patience: 2,
      minDelta: 0,
      mode: 'min',
      monitor: 'val_loss',
      keras: { epochsRun: 4, stoppedEpoch: 3, bestEpoch: 1, best: 0.9 },
    },
    {
      values: [1.0, 0.9, 0.89, 0.885, 0.88, 0.87],
      patience: 1,
      minDelta: 0.02,
      mode: 'auto',
      monitor: 'val_loss',
      keras: { epochsRun: 3, stoppedEpoch: 2, bestEpoch: 1, best: 0.9 },
    },
    {
      values: [0.5, 0.6, 0.6, 0.55, 0.7],
      patience: 2,
      minDelta: 0,
      mode: 'max',
      monitor: 'val_accuracy',
      keras: { epochsRun: 4, stoppedEpoch: 3, bestEpoch: 1, best: 0.6 },
    },
    {
      values: [1.0, 1.0, 1.0],
      patience: 0,
      minDelta: 0,
      mode: 'min',
      monitor: 'loss',
      keras: { epochsRun: 2, stoppedEpoch: 1, bestEpoch: 0, best: 1.0 },
    },
  ] as const)(
    'stops where Keras stops ($monitor, patience $patience, minDelta $minDelta)',
    ({ values, patience, minDelta, mode, monitor, keras }) => {
      const stop = new EarlyStopping({ monitor, patience, minDelta, mode, restoreBestWeights: true });
      expect(replay(stop, monitor, values)).toEqual(keras);
    },
  );

  it('ends fit when val_loss stops improving and, with restoreBestWeights, puts back the best epoch’s weights', async () => {
    const before = tf.memory().numTensors;
    const model = courseNetwork(3);
    const values = Array.from({ length: 256 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const x = tf.tensor2d(values, [values.length, 1]);
    const y = tf.tensor1d(values.map((v) => (v >= 0.5 ? 1 : 0)));
    // Validation labels are the opposite of the training labels: the better the model learns, the worse val_loss gets.
    const yFlipped = tf.tensor1d(values.map((v) => (v >= 0.5 ? 0 : 1)));
    const weightsAtEpochEnd: Float32Array[][] = [];
    const record = { onEpochEnd: () => void weightsAtEpochEnd.push(model.getWeights().map((w) => w.dataSync().slice() as Float32Array)) };
    const stop = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await fit(model, x, y, {
      epochs: 50,
      batchSize: 16,
      seed: 1,
      verbose: 0,
      validationData: [x, yFlipped],
      callbacks: [record, stop],
    });

    const valLoss = history.history.val_loss ?? [];
    const best = valLoss.indexOf(Math.min(...valLoss));
    expect(best).toBe(stop.bestEpoch);
    // Stopped `patience` epochs after the best one, far before the 50 asked for.
    expect(history.epoch).toHaveLength(stop.bestEpoch + 3);
    expect(stop.stoppedEpoch).toBe(stop.bestEpoch + 2);
    const finalWeights = model.getWeights().map((w) => w.dataSync());
    const last = weightsAtEpochEnd.at(-1) ?? [];
    expect(finalWeights.map((w) => Array.from(w))).toEqual((weightsAtEpochEnd[stop.bestEpoch] ?? []).map((w) => Array.from(w)));
    expect(finalWeights.some((w, i) => w.some((v, j) => v !== last[i]?.[j]))).toBe(true);
    tf.dispose([x, y, yFlipped]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without restoreBestWeights keeps the last weights', async () => {
    const model = courseNetwork(4);
    const x = tf.tensor2d([0.1, 0.9, 0.2, 0.8], [4, 1]);
    const y = tf.tensor1d([0, 1, 0, 1]);
    let last: number[] = [];
    const record = {
      onEpochEnd: () => {
        last = Array.from(model.getWeights()[0]?.dataSync() ?? []);
      },
    };
    await fit(model, x, y, {
      epochs: 3,
      verbose: 0,
      seed: 1,
      validationData: [x, tf.tensor1d([1, 0, 1, 0])],
      callbacks: [record, new EarlyStopping({ patience: 0 })],
    });
    expect(Array.from(model.getWeights()[0]?.dataSync() ?? [])).toEqual(last);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('rejects options Keras would reject, with a fix', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(InvalidArgumentError);
    expect(() => new EarlyStopping({ monitor: 'val_f1' })).toThrow(/mode: 'max'/);
    expect(() => new EarlyStopping({ mode: 'up' as 'max' })).toThrow(/'auto', 'min' or 'max'/);
  });
});
