import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { createFitReporter, type FitReporterOptions } from './fit-reporter.js';
import { formatMetricValue } from './training-log-format.js';

let x: tf.Tensor2D;
let y: tf.Tensor1D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  // 100 samples, 80 for training in batches of 20 (4 steps per epoch), 20 for validation.
  [x, y] = tf.tidy(() => {
    const inputs = tf.reshape(tf.linspace(0, 1, 100), [100, 1]) as tf.Tensor2D;
    return [inputs, tf.reshape(tf.cast(tf.greaterEqual(inputs, 0.5), 'float32'), [100]) as tf.Tensor1D];
  });
});

afterAll(() => tf.dispose([x, y]));

function courseModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1], kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Runs a real fit with the reporter behind a fake clock: every batch takes `batchMs` and validation at
 * the end of an epoch takes `validationMs`. Also records tfjs's own batch logs.
 */
async function run(
  options: Omit<FitReporterOptions, 'print' | 'write' | 'now' | 'stepsPerEpoch'> & {
    withWrite?: boolean;
    batchMs: number;
    validationMs: number;
  },
) {
  let time = 1_000_000;
  const printed: string[] = [];
  const events: string[] = [];
  const batchLogs: tfl.Logs[] = [];
  const reporter = createFitReporter({
    verbose: options.verbose,
    epochs: options.epochs,
    stepsPerEpoch: 4,
    print: (line) => {
      printed.push(line);
      events.push(`print ${line}`);
    },
    ...(options.withWrite ? { write: (line: string) => events.push(`write ${line}`) } : {}),
    now: () => time,
  });
  const clock: tfl.CustomCallbackArgs = {
    onBatchEnd: (_batch, logs) => {
      time += options.batchMs;
      if (logs) batchLogs.push({ ...logs });
    },
    onEpochEnd: () => {
      time += options.validationMs;
    },
  };
  const model = courseModel();
  // A first fit creates the optimizer's variables, which belong to the model, not to the reporter.
  await model.fit(x, y, { epochs: 1, batchSize: 100, verbose: 0 });
  const before = tf.memory().numTensors;
  await model.fit(x, y, {
    epochs: options.epochs,
    batchSize: 20,
    validationSplit: 0.2,
    shuffle: false,
    verbose: 0,
    callbacks: [clock, reporter],
  });
  const leaked = tf.memory().numTensors - before;
  model.dispose();
  return { printed, events, batchLogs, history: reporter.history, leaked };
}

const signed = (value: number | undefined) => formatMetricValue(value ?? Number.NaN, 'signed');
const magnitude = (value: number | undefined) => formatMetricValue(value ?? Number.NaN);

describe('createFitReporter', () => {
  it('is a tfjs-layers CustomCallbackArgs', () => {
    const args: tfl.CustomCallbackArgs = createFitReporter({ verbose: 0, epochs: 1, stepsPerEpoch: 1, print: () => undefined });
    expect(typeof args.onEpochEnd).toBe('function');
  });

  it('verbose 2 prints a header and one Keras line per epoch, and collects History under Keras names', async () => {
    const { printed, history } = await run({ verbose: 2, epochs: 3, batchMs: 2000, validationMs: 1000 });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(Object.keys(history.history)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(history.params).toEqual({ epochs: 3, steps: 4, verbose: 2 });
    const { loss, accuracy, val_loss: valLoss, val_accuracy: valAccuracy } = history.history;
    expect(printed).toHaveLength(6);
    for (let epoch = 0; epoch < 3; epoch++) {
      expect(printed[2 * epoch]).toBe(`Epoch ${epoch + 1}/3`);
      // 4 batches of 2 s and 1 s of validation: 9 s.
      expect(printed[2 * epoch + 1]).toBe(
        `4/4 - 9s - loss: ${signed(loss?.[epoch])} - accuracy: ${signed(accuracy?.[epoch])}` +
          ` - val_loss: ${signed(valLoss?.[epoch])} - val_accuracy: ${signed(valAccuracy?.[epoch])}`,
      );
      expect(printed[2 * epoch + 1]).toMatch(/^4\/4 - 9s - loss: \d\.\d{4} - accuracy: \S+ - val_loss: \d\.\d{4} - val_accuracy: \S+$/);
    }
  });

  it('verbose 1 redraws the bar through write with running means and ETA, then prints the final line', async () => {
    const { events, batchLogs, history } = await run({ verbose: 1, epochs: 2, batchMs: 2000, validationMs: 1000, withWrite: true });
    expect(events).toHaveLength(2 * 7);
    const epoch0 = events.slice(0, 7);
    expect(epoch0[0]).toBe('print Epoch 1/2');
    const etas = ['6s', '4s', '2s', '0s'];
    const bars = [
      '1/4 [======>.......................]',
      '2/4 [==============>...............]',
      '3/4 [=====================>........]',
      '4/4 [==============================]',
    ];
    let lossSum = 0;
    let accuracySum = 0;
    let seen = 0;
    for (let step = 0; step < 4; step++) {
      const logs = batchLogs[step] ?? {};
      const size = logs.size ?? 0;
      lossSum += (logs.loss ?? 0) * size;
      accuracySum += (logs.acc ?? 0) * size;
      seen += size;
      expect(epoch0[step + 1]).toBe(
        `write ${bars[step]} - ETA: ${etas[step]} - loss: ${magnitude(lossSum / seen)} - accuracy: ${magnitude(accuracySum / seen)}`,
      );
    }
    expect(epoch0[5]).toBe('write ');
    // 9 s in all; the first step is left out of the time per step: (9 - 2) / 3 = 2.33 s.
    const h = history.history;
    expect(epoch0[6]).toBe(
      `print 4/4 [==============================] - 9s 2s/step - loss: ${magnitude(h.loss?.[0])} - accuracy: ${magnitude(h.accuracy?.[0])}` +
        ` - val_loss: ${magnitude(h.val_loss?.[0])} - val_accuracy: ${magnitude(h.val_accuracy?.[0])}`,
    );
    expect(events[7]).toBe('print Epoch 2/2');
  });

  it('verbose 1 redraws at most every 50 ms, and without write prints only the final line', async () => {
    const throttled = await run({ verbose: 1, epochs: 1, batchMs: 10, validationMs: 5, withWrite: true });
    expect(throttled.events.map((event) => event.slice(0, 11))).toEqual(['write 1/4 [', 'write ', 'print 4/4 [']);
    // One epoch: no header, as in Keras. 45 ms in all, (45 - 10) / 3 ms per step.
    expect(throttled.events[2]).toMatch(/^print 4\/4 \[=+\] - 0s 12ms\/step - loss: /);

    const plain = await run({ verbose: 1, epochs: 2, batchMs: 10, validationMs: 5 });
    expect(plain.printed).toHaveLength(4);
    expect(plain.printed[0]).toBe('Epoch 1/2');
    expect(plain.printed[1]).toMatch(/^4\/4 \[={30}\] - 0s 12ms\/step - loss: \S+ - accuracy: \S+ - val_loss: \S+ - val_accuracy: \S+$/);
  });

  it('listens to batches only with verbose 1, sparing tfjs a read-back per batch otherwise', () => {
    const make = (verbose: 0 | 1 | 2) => createFitReporter({ verbose, epochs: 1, stepsPerEpoch: 1, print: () => undefined });
    expect(make(0).onBatchEnd).toBeUndefined();
    expect(make(2).onBatchEnd).toBeUndefined();
    expect(typeof make(1).onBatchEnd).toBe('function');
  });

  it('verbose 0 prints nothing but still collects History', async () => {
    const { events, history } = await run({ verbose: 0, epochs: 2, batchMs: 1, validationMs: 1, withWrite: true });
    expect(events).toEqual([]);
    expect(history.epoch).toEqual([0, 1]);
    expect(history.history.accuracy).toHaveLength(2);
  });

  it('leaks no tensors', async () => {
    for (const verbose of [0, 1, 2] as const) {
      const { leaked } = await run({ verbose, epochs: 2, batchMs: 30, validationMs: 1, withWrite: true });
      expect(leaked, `verbose ${verbose}`).toBe(0);
    }
  });

  it('starts a fresh History when training begins again', async () => {
    const reporter = createFitReporter({ verbose: 0, epochs: 1, stepsPerEpoch: 4, print: () => undefined });
    const model = courseModel();
    await model.fit(x, y, { epochs: 1, batchSize: 20, validationSplit: 0.2, verbose: 0, callbacks: reporter });
    await model.fit(x, y, { epochs: 1, batchSize: 20, validationSplit: 0.2, verbose: 0, callbacks: reporter });
    expect(reporter.history.epoch).toEqual([0]);
    expect(reporter.history.history.loss).toHaveLength(1);
    model.dispose();
  });

  it('rejects a bad verbose, epochs or stepsPerEpoch', () => {
    const base = { verbose: 2 as const, epochs: 1, stepsPerEpoch: 1, print: () => undefined };
    expect(() => createFitReporter({ ...base, verbose: 3 as never })).toThrow(InvalidArgumentError);
    expect(() => createFitReporter({ ...base, epochs: 0 })).toThrow(/epochs: must be a positive integer, got 0/);
    expect(() => createFitReporter({ ...base, stepsPerEpoch: 2.5 })).toThrow(/stepsPerEpoch/);
  });
});
