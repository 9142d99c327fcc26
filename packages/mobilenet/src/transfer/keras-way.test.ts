import '@tensorflow/tfjs-backend-cpu';
import { fit, InvalidArgumentError, InvalidDataError } from '@dendrite/core';
import { planFrozenPrefix } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { extractFeatures } from './extract-features.js';
import { transferHead } from './transfer-head.js';
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
const headWeights = (model: LayersModel): Float32Array[] =>
  (model.layers.at(-1)?.getWeights() ?? []).map((w) => w.dataSync() as Float32Array);
const maxDifference = (a: Float32Array[], b: Float32Array[]): number =>
  Math.max(...a.map((values, i) => Math.max(...values.map((value, j) => Math.abs(value - (b[i]?.[j] ?? Number.NaN))))));

/** Every weight of the base (trainable or not, moving statistics included), copied. */
function baseWeights(model: LayersModel): Map<string, Float32Array> {
  const weights = new Map<string, Float32Array>();
  for (const layer of model.layers.slice(0, -1))
    for (const weight of layer.weights) weights.set(weight.name, weight.read().dataSync().slice() as Float32Array);
  return weights;
}

/** The course's code, step by step, in plain tfjs-layers. */
function courseModel(base: LayersModel, seed: number): LayersModel {
  const features = base.layers[base.layers.length - 2]?.output as tfl.SymbolicTensor;
  const head = tfl.layers
    .dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed }) })
    .apply(features) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: base.inputs, outputs: head });
  for (const layer of model.layers.slice(0, -1)) layer.trainable = false;
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** The head alone on features, as the fast way trains it. */
async function fitHead(model: LayersModel, features: tf.Tensor, labels: tf.Tensor, options: Parameters<typeof fit>[3]): Promise<void> {
  const head = transferHead(model);
  await fit(head, features, labels, options);
  head.dispose();
}

describe('fit on a transfer model (the Keras way)', () => {
  it('runs frozen BatchNormalization in inference mode: moving statistics and every base weight stay as they were', async () => {
    const model = transferModel(smallBase(), { classes: 2, seed: 1 });
    const frozen = baseWeights(model);
    expect([...frozen.keys()].filter((name) => name.includes('moving_mean')).length).toBeGreaterThan(30);
    const headBefore = headWeights(model).map((w) => w.slice());
    await fit(model, x, y, { epochs: 1, batchSize: 4, seed: 1, verbose: 0 });
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
    const history = await fit(model, x, y, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
    expect(history.history.loss?.[0]).toBeCloseTo(expected, 5);
    model.dispose();
  });

  it('matches an independent reference: tfjs-layers’ own fit of the head on tfjs-layers’ own predict of the frozen base', async () => {
    const options = { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 } as const;
    const mobilenet = smallBase();
    const model = courseModel(mobilenet, 5);
    const base = tfl.model({ inputs: model.inputs, outputs: model.layers.at(-2)?.output as tfl.SymbolicTensor });
    // The reference: nothing of Dendrite's, only tfjs-layers' predict (inference mode) and model.fit.
    const reference = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [base.outputs[0]?.shape[1] as number], units: 2, activation: 'softmax' })],
    });
    reference.setWeights(model.layers.at(-1)?.getWeights() ?? []);
    reference.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const features = base.predict(x) as tf.Tensor;
    await reference.fit(features, y, { ...options, epochs: 3 });
    const expected = reference.getWeights().map((w) => w.dataSync() as Float32Array);

    await fit(model, x, y, options);
    expect(maxDifference(headWeights(model), expected)).toBeLessThan(1e-5);
    features.dispose();
    reference.dispose();
    model.layers.at(-1)?.dispose();
    model.optimizer.dispose();
    mobilenet.dispose();
  });

  it('gives the same head as the fast way (extractFeatures, then fit on transferHead)', async () => {
    const options = { epochs: 3, batchSize: 4, seed: 9, verbose: 0 } as const;
    const keras = transferModel(smallBase(), { classes: 2, seed: 5 });
    // The frozen base runs through the inference rewrite MobileNetV2's transfer model registered.
    const prefix = planFrozenPrefix(keras);
    expect(prefix?.planned).toBe(true);
    prefix?.dispose();
    await fit(keras, x, y, options);
    const kerasHead = headWeights(keras).map((w) => w.slice());

    // A fresh head with the same seed on the same base, trained on features computed once through the same inference rewrite.
    const fast = transferModel(keras, { classes: 2, seed: 5 });
    const features = await extractFeatures(fast, x);
    await fitHead(fast, features, y, options);
    expect(maxDifference(headWeights(fast), kerasHead)).toBeLessThan(1e-6);
    features.dispose();

    // Features from the layers themselves (no rewrite) differ only by float rounding.
    const plain = transferModel(fast, { classes: 2, seed: 5 });
    const plainFeatures = await extractFeatures(plain, x, { optimize: false });
    await fitHead(plain, plainFeatures, y, options);
    expect(maxDifference(headWeights(plain), kerasHead)).toBeLessThan(1e-5);
    plainFeatures.dispose();
    plain.dispose();
  });

  it('trains the course’s plain tfjs-layers model too, not only one made by transferModel', async () => {
    const base = smallBase();
    const model = courseModel(base, 6);
    const before = baseWeights(model);
    const history = await fit(model, x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    expect(history.history.accuracy).toHaveLength(1);
    for (const [name, values] of before) expect(baseWeights(model).get(name), name).toEqual(values);
    model.layers.at(-1)?.dispose();
    model.optimizer.dispose();
    base.dispose();
  });

  it('validates on validationData or the last validationSplit of the samples, and prints Keras lines', async () => {
    const model = transferModel(smallBase(), { classes: 2, seed: 3 });
    const lines: string[] = [];
    const split = await fit(model, x, y, {
      epochs: 2,
      batchSize: 4,
      seed: 1,
      verbose: 2,
      validationSplit: 0.2,
      print: (line) => lines.push(line),
    });
    expect(split.history.val_accuracy).toHaveLength(2);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[1]).toMatch(/^2\/2 - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}$/);
    const steps: number[] = [];
    const data = await fit(model, x, y, {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
      validationData: [x, y],
      callbacks: [{ onBatchEnd: (batch) => void steps.push(batch) }],
    });
    expect(data.history.val_loss?.[0]).toBeGreaterThan(0);
    expect(steps).toEqual([0, 1, 2]);
    model.dispose();
  });

  it('refuses a head of a model with nothing frozen, and labels that do not match', async () => {
    const base = smallBase();
    base.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    expect(() => transferHead(base)).toThrow(InvalidArgumentError);
    base.dispose();
    const model = transferModel(smallBase(), { classes: 2 });
    const short = tf.tensor1d([0, 1]);
    await expect(fit(model, x, short, { verbose: 0 })).rejects.toThrow(InvalidDataError);
    tf.dispose([short]);
    model.dispose();
  });
});
