import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseClassifier } from './dense-classifier.js';
import { InvalidArgumentError } from './errors.js';
import { SeededRandom } from './random.js';
import type { BatchLogs } from './training-batch-logs.js';
import { type EpochLogs, type StepStrategy, trainModel, trainModelWith } from './training-loop.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The course's part-2 data: x uniform in [0, 1), label 1 where x >= 0.5. */
function thresholdData(samples: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const random = new SeededRandom(seed);
  const xs = Float32Array.from({ length: samples }, () => random.next());
  return { x: tf.tensor2d(xs, [samples, 1]), y: tf.tensor1d(xs.map((v) => (v >= 0.5 ? 1 : 0))) };
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function maxDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) => {
    values.forEach((v, j) => {
      max = Math.max(max, Math.abs(v - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return max;
}

function dispose(model: tfl.LayersModel): void {
  (model.optimizer as tf.Optimizer | undefined)?.dispose();
  model.dispose();
}

describe('trainModel on the course network', () => {
  const { x, y } = thresholdData(10_000, 7);

  it('learns the threshold: accuracy >= 0.97 and argmax 0 0 0 0 0 1 1 1 1 1', async () => {
    const model = denseClassifier({ seed: 42 });
    const history = await trainModel(model, x, y, { epochs: 10, batchSize: 32, seed: 1 });
    expect(history).toHaveLength(10);
    const first = history[0] as EpochLogs;
    const last = history[9] as EpochLogs;
    expect(last.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(last.loss).toBeLessThan(first.loss);
    expect(Object.keys(last)).toEqual(['loss', 'accuracy']);
    const probe = tf.tensor2d([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], [10, 1]);
    const classes = tf.tidy(() => Array.from(tf.argMax(model.predict(probe) as tf.Tensor, -1).dataSync()));
    expect(classes).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    probe.dispose();
    dispose(model);
  });

  it('repeats exactly with the same seed and differs with another', async () => {
    const run = async (seed: number): Promise<Float32Array[]> => {
      const model = denseClassifier({ seed: 42 });
      await trainModel(model, x, y, { epochs: 2, seed });
      const weights = weightsOf(model);
      dispose(model);
      return weights;
    };
    const a = await run(5);
    const b = await run(5);
    const c = await run(6);
    expect(maxDifference(a, b)).toBe(0);
    expect(maxDifference(a, c)).toBeGreaterThan(1e-6);
  });

  it('validates on the last tenth with validationSplit 0.1, every epoch', async () => {
    const model = denseClassifier({ seed: 42 });
    let batches = 0;
    const history = await trainModel(model, x, y, {
      epochs: 3,
      seed: 1,
      validationSplit: 0.1,
      callbacks: { onBatchEnd: () => void batches++ },
    });
    expect(batches).toBe(3 * Math.ceil(9000 / 32));
    for (const logs of history) {
      expect(Object.keys(logs)).toEqual(['loss', 'accuracy', 'val_loss', 'val_accuracy']);
      expect(logs.val_loss).toBeGreaterThan(0);
    }
    expect(history.at(-1)?.val_accuracy).toBeGreaterThanOrEqual(0.95);
    // The held-out samples are the last 1,000, as in Keras: the final val_loss is their loss.
    const [xLast, yLast] = [tf.slice(x, 9000, 1000), tf.reshape(tf.slice(y, 9000, 1000), [1000, 1])];
    const scores = model.evaluate(xLast, yLast, { batchSize: 32 }) as tf.Scalar[];
    expect(history.at(-1)?.val_loss).toBeCloseTo(scores[0]?.dataSync()[0] as number, 5);
    tf.dispose([xLast, yLast, ...scores]);
    dispose(model);
  });

  it('validates on validationData, in inference mode, as model.evaluate scores it', async () => {
    const model = denseClassifier({ seed: 42 });
    const validation = thresholdData(500, 99);
    const history = await trainModel(model, x, y, { epochs: 1, seed: 1, validationData: [validation.x, validation.y] });
    const [loss, accuracy] = (model.evaluate(validation.x, tf.reshape(validation.y, [500, 1]), { batchSize: 32 }) as tf.Scalar[]).map(
      (t) => {
        const value = t.dataSync()[0];
        t.dispose();
        return value;
      },
    );
    expect(history[0]?.val_loss).toBeCloseTo(loss as number, 5);
    expect(history[0]?.val_accuracy).toBeCloseTo(accuracy as number, 6);
    tf.dispose([validation.x, validation.y]);
    dispose(model);
  });

  it('leaks no tensors: only the optimizer state created by the first call remains', async () => {
    const model = denseClassifier({ seed: 42 });
    const optimizerState = 2 * model.trainableWeights.length; // Adam's first and second moments
    const before = tf.memory().numTensors;
    await trainModel(model, x, y, { epochs: 1, validationSplit: 0.1 });
    expect(tf.memory().numTensors).toBe(before + optimizerState);
    await trainModel(model, x, y, {
      epochs: 1,
      validationSplit: 0.2,
      callbacks: { onBatchEnd: (batch: number, logs: BatchLogs) => void (batch % 50 === 0 && logs.loss) },
    });
    await trainModelWith(model, x, y, { epochs: 1, validationSplit: 0.1 }, 'tape');
    expect(tf.memory().numTensors).toBe(before + optimizerState);
    dispose(model);
  });
});

describe('trainModel matches model.fit', () => {
  const { x, y } = thresholdData(2000, 3);

  async function compareWithFit(build: () => tfl.LayersModel, xs: tf.Tensor, ys: tf.Tensor, strategy: StepStrategy): Promise<void> {
    const ours = build();
    const theirs = build();
    expect(maxDifference(weightsOf(ours), weightsOf(theirs))).toBe(0);
    const [logs] = await trainModelWith(ours, xs, ys, { epochs: 1, batchSize: 32, shuffle: false }, strategy);
    const fitted = await theirs.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
    expect(maxDifference(weightsOf(ours), weightsOf(theirs))).toBeLessThan(1e-5);
    expect(logs?.loss).toBeCloseTo(fitted.history['loss']?.[0] as number, 5);
    dispose(ours);
    dispose(theirs);
  }

  it.each<StepStrategy>(['auto', 'tape'])(
    'course network, one epoch without shuffling (%s step): weights within 1e-5',
    async (strategy) => {
      await compareWithFit(() => denseClassifier({ seed: 11 }), x, y, strategy);
    },
  );

  it.each<[string, string, string, number]>([
    ['categoricalCrossentropy', 'softmax', 'tanh', 3],
    ['binaryCrossentropy', 'sigmoid', 'sigmoid', 1],
    ['meanSquaredError', 'linear', 'linear', 2],
  ])('%s with a %s output and %s hidden layers, fast step', async (loss, output, hidden, units) => {
    const random = new SeededRandom(21);
    const xs = tf.tensor2d(
      Float32Array.from({ length: 1000 * 3 }, () => random.next() * 2 - 1),
      [1000, 3],
    );
    const targets =
      loss === 'categoricalCrossentropy'
        ? tf.oneHot(
            tf.tensor1d(
              Array.from({ length: 1000 }, () => random.nextInt(3)),
              'int32',
            ),
            3,
          )
        : tf.tensor2d(
            Float32Array.from({ length: 1000 * units }, () => (loss === 'binaryCrossentropy' ? random.nextInt(2) : random.next())),
            [1000, units],
          );
    const build = (): tfl.LayersModel => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({
            units: 6,
            activation: hidden as 'relu',
            inputShape: [3],
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
          }),
          tfl.layers.dense({ units: 5, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
          tfl.layers.dense({ units, activation: output as 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss, metrics: ['accuracy'] });
      return model;
    };
    await compareWithFit(build, xs, targets, 'auto');
    tf.dispose([xs, targets]);
  });

  it('with SGD, which the fast step drives through the optimizer itself', async () => {
    const build = (): tfl.LayersModel => {
      const model = denseClassifier({ seed: 4, compile: false });
      model.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    await compareWithFit(build, x, y, 'auto');
  });

  it('follows callbacks that change the learning rate or set the weights, as model.fit does', async () => {
    const build = (): tfl.LayersModel => {
      const model = denseClassifier({ seed: 12, compile: false });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const interfering = (model: tfl.LayersModel) => {
      const start = model.getWeights().map((w) => tf.clone(w));
      return {
        onEpochBegin: (epoch: number) => {
          (model.optimizer as unknown as { learningRate: number }).learningRate = [0.01, 0.05, 0.001][epoch] ?? 0.001;
        },
        onEpochEnd: (epoch: number) => {
          if (epoch === 1) model.setWeights(start);
        },
        dispose: () => tf.dispose(start),
      };
    };
    const ours = build();
    const theirs = build();
    const oursCallbacks = interfering(ours);
    const theirsCallbacks = interfering(theirs);
    await trainModel(ours, x, y, { epochs: 3, shuffle: false, callbacks: oursCallbacks });
    await theirs.fit(x, y, {
      epochs: 3,
      shuffle: false,
      verbose: 0,
      callbacks: { onEpochBegin: theirsCallbacks.onEpochBegin, onEpochEnd: theirsCallbacks.onEpochEnd },
    });
    expect(maxDifference(weightsOf(ours), weightsOf(theirs))).toBeLessThan(1e-5);
    oursCallbacks.dispose();
    theirsCallbacks.dispose();
    dispose(ours);
    dispose(theirs);
  });

  it("continues the optimizer's state across calls, to and from model.fit", async () => {
    const fitOnce = async (model: tfl.LayersModel, how: 'ours' | 'fit'): Promise<void> => {
      if (how === 'ours') await trainModel(model, x, y, { epochs: 1, shuffle: false });
      else await model.fit(x, y, { epochs: 1, shuffle: false, verbose: 0 });
    };
    const build = (): tfl.LayersModel => {
      const model = denseClassifier({ seed: 8, compile: false });
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    const reference = build();
    await fitOnce(reference, 'fit');
    await fitOnce(reference, 'fit');
    for (const order of [
      ['ours', 'fit'],
      ['fit', 'ours'],
      ['ours', 'ours'],
    ] as const) {
      const model = build();
      await fitOnce(model, order[0]);
      await fitOnce(model, order[1]);
      expect(maxDifference(weightsOf(model), weightsOf(reference))).toBeLessThan(1e-5);
      expect(model.optimizer.iterations).toBe(reference.optimizer.iterations);
      dispose(model);
    }
    dispose(reference);
  });
});

describe('trainModel respects frozen layers', () => {
  const { x, y } = thresholdData(1000, 5);

  it.each<StepStrategy>(['auto', 'tape'])('leaves a frozen Dense layer unchanged (%s step)', async (strategy) => {
    const model = denseClassifier({ seed: 42 });
    model.layers[0]!.trainable = false;
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const layerWeights = (index: number): Float32Array[] => model.layers[index]!.getWeights().map((w) => w.dataSync() as Float32Array);
    const [frozenBefore, trainableBefore] = [layerWeights(0), layerWeights(1)];
    await trainModelWith(model, x, y, { epochs: 1, seed: 1 }, strategy);
    expect(maxDifference(layerWeights(0), frozenBefore)).toBe(0);
    expect(maxDifference(layerWeights(1), trainableBefore)).toBeGreaterThan(1e-4);
    dispose(model);
  });

  it('runs BatchNormalization inside a frozen model in inference mode', async () => {
    const base = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [1] }), tfl.layers.batchNormalization()],
    });
    const model = tfl.sequential({ layers: [base, tfl.layers.dense({ units: 2, activation: 'softmax' })] });
    base.trainable = false;
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const batchNorm = base.layers[1]!;
    const before = batchNorm.getWeights().map((w) => w.dataSync() as Float32Array);
    await trainModel(model, x, y, { epochs: 1, seed: 1 });
    expect(
      maxDifference(
        batchNorm.getWeights().map((w) => w.dataSync() as Float32Array),
        before,
      ),
    ).toBe(0);
    dispose(model);
  });

  it('runs a frozen BatchNormalization layer in inference mode and a trainable one in training mode', async () => {
    const build = (frozen: boolean): tfl.LayersModel => {
      const model = tfl.sequential({
        layers: [
          tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [1] }),
          tfl.layers.batchNormalization({ trainable: !frozen }),
          tfl.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      return model;
    };
    for (const frozen of [true, false]) {
      const model = build(frozen);
      const batchNorm = model.layers[1]!;
      const statistics = (): Float32Array[] =>
        batchNorm
          .getWeights()
          .slice(2)
          .map((w) => w.dataSync() as Float32Array);
      const before = statistics();
      await trainModel(model, x, y, { epochs: 1, seed: 1 });
      const moved = maxDifference(statistics(), before);
      if (frozen) expect(moved).toBe(0);
      else expect(moved).toBeGreaterThan(1e-4);
      expect(Object.hasOwn(batchNorm, 'call')).toBe(false);
      dispose(model);
    }
  });
});

describe('trainModel with other models and callbacks', () => {
  const { x, y } = thresholdData(1000, 9);

  it('trains any compiled model (here Dropout and mean squared error) through the generic step', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1] }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError', metrics: ['mae'] });
    const history = await trainModel(model, x, y, { epochs: 5, seed: 2 });
    expect(Object.keys(history[0] ?? {})).toEqual(['loss', 'mae']);
    expect(history.at(-1)?.loss).toBeLessThan(history[0]?.loss as number);
    dispose(model);
  });

  it('calls the callbacks in order, with running averages that are read lazily', async () => {
    const model = denseClassifier({ seed: 42 });
    const events: string[] = [];
    let unread: BatchLogs | undefined;
    let lastBatchLoss = Number.NaN;
    const history = await trainModel(model, x, y, {
      epochs: 2,
      batchSize: 100,
      seed: 3,
      callbacks: {
        onEpochBegin: (epoch) => void events.push(`begin ${epoch}`),
        onBatchEnd: async (batch, logs) => {
          events.push(`batch ${batch}`);
          await Promise.resolve();
          if (batch === 8) unread = logs;
          if (batch === 9) {
            expect(logs.size).toBe(100);
            lastBatchLoss = logs.loss;
          }
        },
        onEpochEnd: (epoch, logs) => void events.push(`end ${epoch} ${logs.loss.toFixed(6)}`),
      },
    });
    const epoch = (e: number): string[] => [
      `begin ${e}`,
      ...Array.from({ length: 10 }, (_, b) => `batch ${b}`),
      `end ${e} ${history[e]?.loss.toFixed(6)}`,
    ];
    expect(events).toEqual([...epoch(0), ...epoch(1)]);
    // After the last batch the running average is the epoch's loss.
    expect(lastBatchLoss).toBeCloseTo(history[1]?.loss as number, 5);
    expect(unread?.batch).toBe(8);
    expect(() => unread?.loss).toThrow(InvalidArgumentError);
    dispose(model);
  });

  it('stops when a callback sets model.stopTraining, as Keras EarlyStopping does', async () => {
    const model = denseClassifier({ seed: 42 });
    const history = await trainModel(model, x, y, {
      epochs: 10,
      callbacks: {
        onEpochEnd: (epoch) => {
          if (epoch === 2) model.stopTraining = true;
        },
      },
    });
    expect(history).toHaveLength(3);
    dispose(model);
  });

  it('rejects an uncompiled model and mismatched data, saying how to fix them', async () => {
    const uncompiled = denseClassifier({ seed: 1, compile: false });
    await expect(trainModel(uncompiled, x, y)).rejects.toThrow(/compile/);
    uncompiled.dispose();
    const model = denseClassifier({ seed: 1 });
    const short = tf.zeros([10]);
    await expect(trainModel(model, x, short)).rejects.toThrow(/one target per sample/);
    await expect(trainModel(model, x, y, { batchSize: 0 })).rejects.toThrow(InvalidArgumentError);
    short.dispose();
    dispose(model);
  });
});
