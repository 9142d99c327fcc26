import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError, InvalidDataError } from '@dendrite/core';
import { trainModel } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { extractFeatures } from './extract-features.js';
import { fitOnFeatures } from './fit-on-features.js';
import { fitTransferModel } from './fit-transfer-model.js';
import { transferModel } from './transfer-model.js';

let before = 0;
let x: tf.Tensor4D;
let y: tf.Tensor1D;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(() => {
  before = tf.memory().numTensors;
  x = tf.randomUniform([10, 32, 32, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  y = tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1, 1, 0]);
});
afterEach(() => {
  tf.dispose([x, y]);
  expect(tf.memory().numTensors).toBe(before);
});

const smallBase = () => buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], includeTop: true, classes: 10 });
const headWeights = (model: LayersModel): Float32Array[] => (model.layers.at(-1)?.getWeights() ?? []).map((w) => w.dataSync() as Float32Array);
const maxDifference = (a: Float32Array[], b: Float32Array[]): number =>
  Math.max(...a.map((values, i) => Math.max(...values.map((value, j) => Math.abs(value - (b[i]?.[j] ?? Number.NaN))))));

/** Every weight of the base (trainable or not, moving statistics included), copied. */
function baseWeights(model: LayersModel): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  for (const layer of model.layers.slice(0, -1)) for (const weight of layer.weights) weights.set(weight.name, weight.read().dataSync().slice() as Float32Array);
  return weights;
}

/** The course's code, step by step, in plain tfjs-layers. */
function courseModel(base: LayersModel, seed: number): LayersModel {
  const features = base.layers[base.layers.length - 2]?.output as tfl.SymbolicTensor;
  const head = tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) }).apply(features) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: base.inputs, outputs: head });
  for (const layer of model.layers.slice(0, -1)) layer.trainable = false;
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('fitTransferModel (the Keras way)', () => {
  it('runs frozen BatchNormalization in inference mode: moving statistics and every base weight stay as they were', async () => {
    const model = transferModel(smallBase(), { classes: 2, seed: 1 });
    const frozen = baseWeights(model);
    expect([...frozen.keys()].filter((name) => name.includes('moving_mean')).length).toBeGreaterThan(30);
    const headBefore = headWeights(model).map((w) => w.slice());
    await fitTransferModel(model, x, y, { epochs: 1, batchSize: 4, seed: 1, verbose: 0 });
    const after = baseWeights(model);
    for (const [name, values] of frozen) expect(after.get(name), name).toEqual(values);
    expect(maxDifference(headWeights(model), headBefore)).toBeGreaterThan(0);
    model.dispose();
  });

  it('trains on the outputs the model gives in inference mode (the first loss is the loss of predict)', async () => {
    const model = transferModel(smallBase(), { classes: 2, seed: 2 });
    const expected = tf.tidy(() => {
      const probabilities = model.predict(x) as tf.Tensor;
      return tf.neg(tf.mean(tf.log(tf.sum(tf.mul(probabilities, tf.oneHot(tf.cast(y, 'int32'), 2)), 1)))).dataSync()[0] as number;
    });
    // One batch of every sample: the reported loss is computed before the only update.
    const history = await fitTransferModel(model, x, y, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
    expect(history.history.loss?.[0]).toBeCloseTo(expected, 5);
    model.dispose();
  });

  it('gives the same head as the fast way, and as the taped training loop on the course’s plain tfjs-layers model', async () => {
    const options = { epochs: 3, batchSize: 4, seed: 9, verbose: 0 } as const;
    const keras = transferModel(smallBase(), { classes: 2, seed: 5 });
    await fitTransferModel(keras, x, y, { ...options, chunkSize: 3 });
    const kerasHead = headWeights(keras).map((w) => w.slice());

    // A fresh head with the same seed on the same base, trained on features computed once.
    const fast = transferModel(keras, { classes: 2, seed: 5 });
    const features = await extractFeatures(fast, x, { optimize: false });
    await fitOnFeatures(fast, features, y, options);
    expect(maxDifference(headWeights(fast), kerasHead)).toBe(0);
    features.dispose();

    const optimized = transferModel(fast, { classes: 2, seed: 5 });
    const optimizedFeatures = await extractFeatures(optimized, x);
    await fitOnFeatures(optimized, optimizedFeatures, y, options);
    const optimizedHead = headWeights(optimized).map((w) => w.slice());
    expect(maxDifference(optimizedHead, kerasHead)).toBeLessThan(1e-5);
    optimizedFeatures.dispose();

    // The Keras way through the inference-optimized base matches the fast way on the same features.
    const kerasOptimized = transferModel(optimized, { classes: 2, seed: 5 });
    await fitTransferModel(kerasOptimized, x, y, { ...options, optimize: true });
    expect(maxDifference(headWeights(kerasOptimized), optimizedHead)).toBeLessThan(1e-6);

    // The course's own code: the whole model under the gradient tape, frozen BatchNorm in inference mode.
    const plain = courseModel(kerasOptimized, 5);
    await trainModel(plain, x, y, { epochs: 3, batchSize: 4, seed: 9 });
    expect(maxDifference(headWeights(plain), kerasHead)).toBeLessThan(1e-6);
    plain.layers.at(-1)?.dispose();
    plain.optimizer.dispose();
    kerasOptimized.dispose();
  });

  it('trains the course’s plain tfjs-layers model too, not only one made by transferModel', async () => {
    const base = smallBase();
    const model = courseModel(base, 6);
    const before = baseWeights(model);
    const history = await fitTransferModel(model, x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    expect(history.history.accuracy).toHaveLength(1);
    for (const [name, values] of before) expect(baseWeights(model).get(name), name).toEqual(values);
    model.layers.at(-1)?.dispose();
    model.optimizer.dispose();
    base.dispose();
  });

  it('validates on validationData or the last validationSplit of the samples, and prints Keras lines', async () => {
    const model = transferModel(smallBase(), { classes: 2, seed: 3 });
    const lines: string[] = [];
    const split = await fitTransferModel(model, x, y, { epochs: 2, batchSize: 4, seed: 1, verbose: 2, validationSplit: 0.2, print: (line) => lines.push(line) });
    expect(split.history.val_accuracy).toHaveLength(2);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^2\/2 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    const steps: number[] = [];
    const data = await fitTransferModel(model, x, y, { epochs: 1, batchSize: 4, verbose: 0, validationData: [x, y], onStep: ({ step }) => steps.push(step) });
    expect(data.history.val_loss?.[0]).toBeGreaterThan(0);
    expect(steps).toEqual([1, 2, 3]);
    model.dispose();
  });

  it('refuses a model with nothing frozen, labels that do not match, and bad options', async () => {
    const base = smallBase();
    base.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    await expect(fitTransferModel(base, x, y)).rejects.toThrow(InvalidArgumentError);
    base.dispose();
    const model = transferModel(smallBase(), { classes: 2 });
    const short = tf.tensor1d([0, 1]);
    await expect(fitTransferModel(model, x, short, { verbose: 0 })).rejects.toThrow(InvalidDataError);
    await expect(fitTransferModel(model, x, y, { chunkSize: 0 })).rejects.toThrow(/chunkSize/);
    const features = tf.zeros([10, 1280]);
    await expect(fitOnFeatures(model, features, y, { epochs: 0 })).rejects.toThrow(/epochs/);
    tf.dispose([short, features]);
    model.dispose();
  });
});
