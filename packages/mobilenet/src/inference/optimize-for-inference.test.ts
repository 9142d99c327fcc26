import '@tensorflow/tfjs-backend-cpu';
import { InvalidArgumentError } from '@dendrite/core';
import { selectNodeBackend } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../architecture/build-mobilenet-v2.js';
import { classify } from '../classify.js';
import type { ImageNetClassIndex } from '../imagenet-class-index.js';
import type { MobileNetV2ArchitectureOptions } from '../mobilenet-v2-options.js';
import { randomizeBatchNorms } from '../testing/randomize-batch-norms.js';
import { planInference } from './inference-plan.js';
import { readLayerGraph } from './layer-graph.js';
import { optimizeForInference } from './optimize-for-inference.js';
import { UnsupportedLayerError } from './unsupported-layer-error.js';

function randomImages(count: number, rows: number, cols: number, seed: number): tf.Tensor4D {
  return tf.randomUniform([count, rows, cols, 3], -1, 1, 'float32', seed);
}

/** The largest absolute difference between the two models' outputs on the same images. */
function maxDifference(model: tfl.LayersModel, images: tf.Tensor4D, options = {}): { difference: number; scale: number; shape: number[] } {
  const fast = optimizeForInference<tf.Tensor>(model, options);
  try {
    return tf.tidy(() => {
      const expected = model.predict(images) as tf.Tensor;
      const actual = fast.predict(images);
      expect(actual.shape).toEqual(expected.shape);
      return {
        difference: tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!,
        scale: tf.max(tf.abs(expected)).dataSync()[0]!,
        shape: actual.shape,
      };
    });
  } finally {
    fast.dispose();
  }
}

function mobileNet(options: MobileNetV2ArchitectureOptions, seed: number): tfl.LayersModel {
  const model = buildMobileNetV2(options);
  randomizeBatchNorms(model, seed);
  return model;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('optimizeForInference on MobileNetV2', () => {
  it('gives the probabilities of model.predict for alpha 0.35 at 96x96 with its top', () => {
    const model = mobileNet({ alpha: 0.35, inputShape: [96, 96, 3], classes: 10 }, 1);
    const images = randomImages(2, 96, 96, 1);
    const { difference, shape } = maxDifference(model, images);
    expect(shape).toEqual([2, 10]);
    expect(difference).toBeLessThan(1e-4);
    tf.dispose(images);
    model.dispose();
  });

  it('gives the logits of model.predict, relative to their size', () => {
    const model = mobileNet({ alpha: 0.35, inputShape: [96, 96, 3], classes: 10, classifierActivation: null }, 2);
    const images = randomImages(2, 96, 96, 2);
    const { difference, scale } = maxDifference(model, images);
    expect(scale).toBeGreaterThan(0.1);
    expect(difference).toBeLessThan(1e-4 * Math.max(1, scale));
    tf.dispose(images);
    model.dispose();
  });

  it('gives the pooled features of alpha 0.5 on a non-square input with odd feature-map sizes', () => {
    const model = mobileNet({ alpha: 0.5, inputShape: [72, 88, 3], includeTop: false, pooling: 'avg' }, 3);
    const images = randomImages(2, 72, 88, 3);
    const { difference, scale, shape } = maxDifference(model, images);
    expect(shape).toEqual([2, 1280]);
    expect(difference).toBeLessThan(1e-4 * Math.max(1, scale));
    tf.dispose(images);
    model.dispose();
  });

  it('gives the max-pooled features of alpha 1.3 and the feature map without pooling', () => {
    const wide = mobileNet({ alpha: 1.3, inputShape: [32, 32, 3], includeTop: false, pooling: 'max' }, 4);
    const mapped = mobileNet({ alpha: 0.35, inputShape: [40, 40, 3], includeTop: false }, 5);
    const images = randomImages(2, 32, 32, 4);
    const larger = randomImages(1, 40, 40, 5);
    const pooled = maxDifference(wide, images);
    expect(pooled.shape).toEqual([2, 1664]);
    expect(pooled.difference).toBeLessThan(1e-4 * Math.max(1, pooled.scale));
    const map = maxDifference(mapped, larger);
    expect(map.shape).toEqual([1, 2, 2, 1280]);
    expect(map.difference).toBeLessThan(1e-4 * Math.max(1, map.scale));
    tf.dispose([images, larger]);
    wide.dispose();
    mapped.dispose();
  });

  it('gives the same outputs with every rewrite turned off, and when the batch is split', () => {
    const model = mobileNet({ alpha: 0.35, inputShape: [64, 64, 3], classes: 5 }, 6);
    const images = randomImages(3, 64, 64, 6);
    expect(maxDifference(model, images, { foldBatchNorm: false, fuseActivations: false, foldPadding: false }).difference).toBeLessThan(
      1e-4,
    );
    expect(maxDifference(model, images, { batchSize: 2 }).difference).toBeLessThan(1e-4);
    tf.dispose(images);
    model.dispose();
  });

  it('folds every batch norm, activation and padding of MobileNetV2 into its 52 convolutions', () => {
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [96, 96, 3] });
    const steps = planInference(readLayerGraph(model)).steps;
    const kinds: Record<string, number> = {};
    for (const step of steps) kinds[step.kind] = (kinds[step.kind] ?? 0) + 1;
    expect(kinds).toEqual({ conv: 52, add: 10, pool: 1, dense: 1, activation: 1 });
    const depthwise = steps.filter((step) => step.kind === 'conv' && step.depthwise);
    expect(depthwise).toHaveLength(17);
    expect(steps.find((step) => step.layers.includes('block_1_pad'))?.layers).toEqual([
      'block_1_pad',
      'block_1_depthwise',
      'block_1_depthwise_BN',
      'block_1_depthwise_relu',
    ]);
    model.dispose();
  });

  it('creates no tensor but its output when predicting, and frees its weights on dispose', () => {
    const model = mobileNet({ alpha: 0.35, inputShape: [32, 32, 3], classes: 4 }, 7);
    const images = randomImages(2, 32, 32, 7);
    const withModel = tf.memory().numTensors;
    const fast = optimizeForInference(model, { batchSize: 1 });
    const withBoth = tf.memory().numTensors;
    expect(withBoth).toBeGreaterThan(withModel);
    const scores = fast.predict(images);
    expect(tf.memory().numTensors).toBe(withBoth + 1);
    scores.dispose();
    fast.dispose();
    expect(tf.memory().numTensors).toBe(withModel);
    expect(() => fast.predict(images)).toThrow(InvalidArgumentError);
    tf.dispose(images);
    model.dispose();
  });

  it('describes its input and output shapes as Keras does and rejects images of another size', () => {
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [48, 64, 3], classes: 7 });
    const fast = optimizeForInference(model);
    expect(fast.inputShape).toEqual([null, 48, 64, 3]);
    expect(fast.outputShape).toEqual([null, 7]);
    expect(fast.name).toBe(model.name);
    expect(() => optimizeForInference(model, { batchSize: 0 })).toThrow(/Invalid batchSize: must be a whole number of at least 1, got 0/);
    const wrong = tf.zeros([1, 64, 48, 3]) as tf.Tensor4D;
    expect(() => fast.predict(wrong)).toThrow(/have shape \[1, 64, 48, 3\] but the model takes \[n, 48, 64, 3\]/);
    tf.dispose(wrong);
    fast.dispose();
    model.dispose();
  });

  it('is accepted by classify, with the same classes as the source model', async () => {
    const model = mobileNet({ alpha: 0.35, inputShape: [32, 32, 3], classes: 6 }, 8);
    const fast = optimizeForInference(model);
    const classIndex: ImageNetClassIndex = Array.from({ length: 6 }, (_, i) => ({
      classIndex: i,
      wordnetId: `n${i}`,
      className: `class_${i}`,
    }));
    const pixels = tf.randomUniform([2, 32, 32, 3], 0, 255, 'int32', 8) as tf.Tensor4D;
    const expected = await classify(model, pixels, { top: 3, classIndex });
    const before = tf.memory().numTensors;
    const actual = await classify(fast, pixels, { top: 3, classIndex });
    expect(tf.memory().numTensors).toBe(before);
    expect(actual.map((image) => image.map((p) => p.classIndex))).toEqual(expected.map((image) => image.map((p) => p.classIndex)));
    actual.flat().forEach((prediction, i) => {
      expect(prediction.score).toBeCloseTo(expected.flat()[i]!.score, 4);
    });
    tf.dispose(pixels);
    fast.dispose();
    model.dispose();
  });
});

describe('optimizeForInference on other graphs', () => {
  it('folds what it can in any order of layers, and keeps what it cannot as operations of their own', () => {
    const input = tfl.input({ shape: [9, 9, 2] });
    const padded = tfl.layers
      .zeroPadding2d({
        padding: [
          [1, 0],
          [2, 1],
        ],
      })
      .apply(input) as tfl.SymbolicTensor;
    const conv = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' })
      .apply(padded) as tfl.SymbolicTensor;
    const normed = tfl.layers.batchNormalization({ epsilon: 0.01 }).apply(conv) as tfl.SymbolicTensor;
    const shared = tfl.layers.conv2d({ filters: 4, kernelSize: 1 }).apply(normed) as tfl.SymbolicTensor;
    const left = tfl.layers.batchNormalization().apply(shared) as tfl.SymbolicTensor;
    const right = tfl.layers.activation({ activation: 'tanh' }).apply(shared) as tfl.SymbolicTensor;
    const summed = tfl.layers.add().apply([left, right, shared]) as tfl.SymbolicTensor;
    const clipped = tfl.layers.reLU({ maxValue: 2.5 }).apply(summed) as tfl.SymbolicTensor;
    const pooled = tfl.layers.globalMaxPooling2d({}).apply(clipped) as tfl.SymbolicTensor;
    const dropped = tfl.layers.dropout({ rate: 0.5 }).apply(pooled) as tfl.SymbolicTensor;
    const hidden = tfl.layers.dense({ units: 5 }).apply(dropped) as tfl.SymbolicTensor;
    const hiddenNormed = tfl.layers.batchNormalization({ center: false }).apply(hidden) as tfl.SymbolicTensor;
    const activated = tfl.layers.activation({ activation: 'relu' }).apply(hiddenNormed) as tfl.SymbolicTensor;
    const output = tfl.layers.dense({ units: 3, activation: 'sigmoid' }).apply(activated) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    randomizeBatchNorms(model, 9);
    const steps = planInference(readLayerGraph(model)).steps;
    expect(steps.map((step) => step.kind)).toEqual([
      'conv',
      'affine',
      'conv',
      'affine',
      'activation',
      'add',
      'activation',
      'pool',
      'dense',
      'dense',
      'activation',
    ]);
    const images = tf.randomUniform([3, 9, 9, 2], -2, 2, 'float32', 9) as tf.Tensor4D;
    expect(maxDifference(model, images).difference).toBeLessThan(1e-5);
    tf.dispose(images);
    model.dispose();
  });

  it('throws UnsupportedLayerError naming a layer it does not know', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, name: 'features' }),
        tfl.layers.maxPooling2d({ poolSize: 2, name: 'shrink' }),
      ],
    });
    expect(() => optimizeForInference(model)).toThrow(UnsupportedLayerError);
    expect(() => optimizeForInference(model)).toThrow(/Cannot optimize layer 'shrink' \(MaxPooling2D\)/);
    try {
      optimizeForInference(model);
    } catch (error) {
      expect(error).toMatchObject({ layer: 'shrink', className: 'MaxPooling2D', code: 'unsupported-layer' });
    }
    model.dispose();
  });

  it('rejects channels-first convolutions and inputs of no fixed size', () => {
    const channelsFirst = tfl.sequential({
      layers: [tfl.layers.conv2d({ inputShape: [3, 8, 8], filters: 2, kernelSize: 3, dataFormat: 'channelsFirst', name: 'cf' })],
    });
    expect(() => optimizeForInference(channelsFirst)).toThrow(/'cf' \(Conv2D\).*dataFormat/);
    const anySize = tfl.sequential({
      layers: [tfl.layers.conv2d({ inputShape: [null, null, 3] as unknown as number[], filters: 2, kernelSize: 3 })],
    });
    expect(() => optimizeForInference(anySize)).toThrow(InvalidArgumentError);
    channelsFirst.dispose();
    anySize.dispose();
  });
});

// Last, as it leaves the wasm backend active for the rest of this file.
describe('optimizeForInference on the wasm backend', () => {
  beforeAll(async () => {
    await selectNodeBackend({ backend: 'wasm', threads: 1 });
  });

  it('runs fused convolutions there with the outputs of model.predict', () => {
    expect(tf.getBackend()).toBe('wasm');
    const model = mobileNet({ alpha: 0.5, inputShape: [72, 88, 3], classes: 10, classifierActivation: null }, 10);
    const images = randomImages(2, 72, 88, 10);
    const before = tf.memory().numTensors;
    const { difference, scale } = maxDifference(model, images);
    expect(tf.memory().numTensors).toBe(before);
    expect(scale).toBeGreaterThan(0.1);
    expect(difference).toBeLessThan(1e-4 * Math.max(1, scale));
    tf.dispose(images);
    model.dispose();
  });
});
