import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EarlyStopping } from './early-stopping.js';
import { setInferencePlanner } from './inference-planner.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import type { BatchLogs } from './training-batch-logs.js';
import { planFrozenPrefix } from './training-frozen-prefix.js';
import { type TrainingLoopOptions, trainModelWith } from './training-loop.js';
import { canCachePrefix, prefixOutputBytes, runPrefixOnce } from './training-prefix-cache.js';

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

const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });

/** Stands in for Keras's RandomFlip (in @dendrite/keras): flips images left to right while training. */
class FlipWhileTraining extends tfl.layers.Layer {
  static readonly className = 'RandomFlip';
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return kwargs.training === true ? tf.reverse(x, 2) : tf.clone(x);
  }
}

/**
 * A frozen conv -> BN -> relu -> pooling base, then a trainable Dense and a softmax head. With
 * `twoBoundaries`, the trainable part also reads the frozen map (flattened) through a second
 * Dense added to the first, so the prefix ends in two tensors, as a cut across a residual
 * connection does.
 */
function transferLike(options: { augment?: boolean; twoBoundaries?: boolean } = {}): LayersModel {
  const input = tfl.input({ shape: [6, 6, 3] });
  let first: SymbolicTensor = input;
  if (options.augment === true) first = new FlipWhileTraining({ name: 'augment' }).apply(input) as SymbolicTensor;
  const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv', kernelInitializer: seeded(1) }).apply(first) as SymbolicTensor;
  const bn = tfl.layers
    .batchNormalization({ name: 'bn', movingMeanInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: 4 }) })
    .apply(conv) as SymbolicTensor;
  const relu = tfl.layers.reLU({ name: 'relu' }).apply(bn) as SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(relu) as SymbolicTensor;
  const a = tfl.layers.dense({ units: 4, activation: 'tanh', name: 'a', kernelInitializer: seeded(2) }).apply(pooled) as SymbolicTensor;
  let joined = a;
  if (options.twoBoundaries === true) {
    const flat = tfl.layers.flatten({ name: 'flat' }).apply(relu) as SymbolicTensor;
    const b = tfl.layers.dense({ units: 4, activation: 'tanh', name: 'b', kernelInitializer: seeded(5) }).apply(flat) as SymbolicTensor;
    joined = tfl.layers.add({ name: 'join' }).apply([a, b]) as SymbolicTensor;
  }
  const head = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'head', kernelInitializer: seeded(3) })
    .apply(joined) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: head });
  for (const name of ['conv', 'bn']) model.getLayer(name).trainable = false;
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function weightValues(model: LayersModel, names: readonly string[]): Float32Array[] {
  return names.flatMap((name) => model.getLayer(name).weights.map((w) => w.read().dataSync().slice() as Float32Array));
}

function trainableValues(model: LayersModel): Float32Array[] {
  return model.trainableWeights.map((w) => w.read().dataSync().slice() as Float32Array);
}

function maxDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) => {
    values.forEach((value, j) => {
      max = Math.max(max, Math.abs(value - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return max;
}

function dispose(model: LayersModel): void {
  model.optimizer.dispose();
  model.dispose();
}

const data = () => ({
  x: tf.randomUniform([27, 6, 6, 3], -1, 1, 'float32', 5),
  y: tf.tensor1d(Array.from({ length: 27 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0))),
});

/** Counts the frozen part's runs, and the samples it saw, through a plan as an engine gives it. */
function countingPlanner(model: LayersModel, asynchronous: boolean): { runs: number; samples: number } {
  const calls = { runs: 0, samples: 0 };
  setInferencePlanner(model, (part, batchSize) => {
    const predict = (batch: tf.Tensor): tf.Tensor[] => {
      calls.runs += 1;
      calls.samples += batch.shape[0] ?? 0;
      return part.predict(batch, { batchSize }) as tf.Tensor[];
    };
    return {
      predict,
      ...(asynchronous ? { run: async (batch: tf.Tensor) => predict(batch) } : {}),
      dispose: () => undefined,
    };
  });
  return calls;
}

/** Trains two copies of the model, per batch (`tape`) and from cached prefix outputs (`auto`), and compares. */
async function compareWithPerBatch(
  options: (record: string[]) => TrainingLoopOptions,
  { asynchronous = false, twoBoundaries = false } = {},
): Promise<{ cached: { runs: number; samples: number }; records: [string[], string[]] }> {
  const { x, y } = data();
  const perBatch = transferLike({ twoBoundaries });
  const cached = transferLike({ twoBoundaries });
  countingPlanner(perBatch, asynchronous);
  const calls = countingPlanner(cached, asynchronous);
  const records: [string[], string[]] = [[], []];
  const perBatchLogs = await trainModelWith(perBatch, x, y, options(records[0]), 'tape');
  const cachedLogs = await trainModelWith(cached, x, y, options(records[1]), 'auto');
  expect(cachedLogs.length).toBe(perBatchLogs.length);
  cachedLogs.forEach((logs, epoch) => {
    for (const [name, value] of Object.entries(perBatchLogs[epoch] ?? {}))
      expect(logs[name], `${name} ${epoch}`).toBeCloseTo(value as number, 6);
  });
  expect(maxDifference(trainableValues(cached), trainableValues(perBatch))).toBeLessThan(1e-6);
  expect(maxDifference(weightValues(cached, ['conv', 'bn']), weightValues(perBatch, ['conv', 'bn']))).toBe(0);
  tf.dispose([x, y]);
  dispose(perBatch);
  dispose(cached);
  return { cached: calls, records };
}

describe('the frozen prefix computed once per fit', () => {
  it('sizes the outputs and keeps them only under the budget and without augmentation', () => {
    const model = transferLike({ twoBoundaries: true });
    const prefix = planFrozenPrefix(model);
    expect(prefix?.boundary.map((t) => t.sourceLayer.name).sort()).toEqual(['flat', 'pool']);
    // Per sample: 4 pooled + 4 × 4 × 4 map = 68 float32 numbers.
    expect(prefixOutputBytes(prefix as NonNullable<typeof prefix>, 10)).toBe(10 * 68 * 4);
    expect(canCachePrefix(prefix as NonNullable<typeof prefix>, 10)).toBe(true);
    expect(canCachePrefix(prefix as NonNullable<typeof prefix>, 10, 10 * 68 * 4 - 1)).toBe(false);
    dispose(model);
    const augmented = transferLike({ augment: true });
    const augmentedPrefix = planFrozenPrefix(augmented);
    expect(augmentedPrefix?.augmentation).toHaveLength(1);
    expect(canCachePrefix(augmentedPrefix as NonNullable<typeof augmentedPrefix>, 10)).toBe(false);
    dispose(augmented);
  });

  it('runs the prefix over every sample in chunks, in order, as the whole part would', async () => {
    const model = transferLike({ twoBoundaries: true });
    const prefix = planFrozenPrefix(model);
    const x = tf.randomUniform([70, 6, 6, 3], -1, 1, 'float32', 9);
    const outputs = await runPrefixOnce(prefix as NonNullable<typeof prefix>, x);
    const whole = prefix?.model.predict(x) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual(whole.map((o) => o.shape));
    const difference = tf.tidy(() =>
      Math.max(...outputs.map((o, i) => tf.max(tf.abs(tf.sub(o, whole[i] as tf.Tensor))).dataSync()[0] ?? 1)),
    );
    expect(difference).toBeLessThan(1e-6);
    tf.dispose([x, ...outputs, ...whole]);
    dispose(model);
  });

  it('trains as the per-batch path does, running the base once per training and validation sample', async () => {
    const validation = tf.tidy(
      () => [tf.randomUniform([9, 6, 6, 3], -1, 1, 'float32', 11), tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1, 0])] as const,
    );
    const { cached } = await compareWithPerBatch(() => ({ epochs: 4, batchSize: 8, seed: 7, validationData: validation }));
    // 27 training and 9 validation samples, each through the base once for the whole run.
    expect(cached.samples).toBe(27 + 9);
    tf.dispose([...validation]);
  });

  it('trains as the per-batch path does when the prefix ends in two tensors, which its layers run', async () => {
    const validation = tf.tidy(
      () => [tf.randomUniform([9, 6, 6, 3], -1, 1, 'float32', 11), tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1, 0])] as const,
    );
    const { cached } = await compareWithPerBatch(() => ({ epochs: 4, batchSize: 8, seed: 7, validationData: validation }), {
      twoBoundaries: true,
    });
    // Inference plans run image models to one output, so the layers ran this part.
    expect(cached.runs).toBe(0);
    tf.dispose([...validation]);
  });

  it('does the same with validationSplit, and awaits an asynchronous engine', async () => {
    const { cached } = await compareWithPerBatch(() => ({ epochs: 3, batchSize: 5, seed: 2, validationSplit: 0.25 }), {
      asynchronous: true,
    });
    expect(cached.samples).toBe(27);
  });

  it('gives batch callbacks the same logs, and stops and restores as EarlyStopping says', async () => {
    const { records } = await compareWithPerBatch((record) => ({
      epochs: 30,
      batchSize: 8,
      seed: 4,
      validationSplit: 0.3,
      callbacks: [
        new EarlyStopping({ monitor: 'val_loss', patience: 1, minDelta: 0.05, restoreBestWeights: true }),
        {
          onBatchEnd: (batch: number, logs?: BatchLogs) => {
            record.push(`${batch} ${logs?.size} ${logs?.loss.toFixed(5)} ${logs?.['accuracy']?.toFixed(5)}`);
          },
          onEpochEnd: (epoch: number) => {
            record.push(`epoch ${epoch}`);
          },
        },
      ],
    }));
    expect(records[1]).toEqual(records[0]);
    // EarlyStopping ended the run before its 30 epochs.
    expect(records[1].filter((line) => line.startsWith('epoch')).length).toBeLessThan(30);
  });

  it('saves the same checkpoints as the per-batch path', async () => {
    const saved: [string[], string[]] = [[], []];
    let run = 0;
    await compareWithPerBatch(() => {
      const into = saved[run++] as string[];
      return {
        epochs: 3,
        batchSize: 8,
        seed: 5,
        validationSplit: 0.2,
        callbacks: [
          new ModelCheckpoint({
            filepath: 'epoch-{epoch}.keras',
            save: async (model, path) => {
              const head = model.getLayer('head').getWeights()[0] as tf.Tensor;
              into.push(`${path} ${Array.from(head.dataSync(), (v) => v.toFixed(5)).join(',')}`);
            },
          }),
        ],
      };
    });
    expect(saved[0]).toHaveLength(3);
    expect(saved[1]).toEqual(saved[0]);
  });

  it('frees the cached outputs when fit ends, and when a callback stops it with an error', async () => {
    const { x, y } = data();
    const start = tf.memory().numTensors;
    const model = transferLike();
    const calls = countingPlanner(model, false);
    await trainModelWith(model, x, y, { epochs: 2, batchSize: 8, seed: 1, validationSplit: 0.2 }, 'auto');
    const failing = trainModelWith(
      model,
      x,
      y,
      {
        epochs: 3,
        batchSize: 8,
        seed: 1,
        callbacks: [
          {
            onEpochEnd: () => {
              throw new Error('stop here');
            },
          },
        ],
      },
      'auto',
    );
    await expect(failing).rejects.toThrow('stop here');
    // Both runs used the cache: 27 samples through the base each, never per batch.
    expect(calls.samples).toBe(2 * 27);
    dispose(model);
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y]);
  });

  it('keeps the per-batch path when augmentation comes first, since its outputs change every epoch', async () => {
    const { x, y } = data();
    const model = transferLike({ augment: true });
    const calls = countingPlanner(model, false);
    await trainModelWith(model, x, y, { epochs: 2, batchSize: 9, seed: 1 }, 'auto');
    // Every epoch's three batches ran through the base.
    expect(calls.runs).toBe(6);
    expect(calls.samples).toBe(2 * 27);
    tf.dispose([x, y]);
    dispose(model);
  });
});
