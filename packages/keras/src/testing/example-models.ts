import { fit } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

/** Numbers in [-1, 1) from a seed. */
export function seededValues(count: number, seed: number): number[] {
  const random = new SeededRandom(seed);
  return Array.from({ length: count }, () => random.next() * 2 - 1);
}

/** Replaces every weight of `model` with seeded values; variances stay positive. */
export function randomizeWeights(model: LayersModel, seed: number): void {
  let offset = 0;
  for (const weight of model.weights) {
    const size = weight.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
    const values = seededValues(size, seed + offset++);
    const positive = weight.originalName.endsWith('moving_variance') || weight.originalName.endsWith('gamma');
    weight.write(tf.tensor(positive ? values.map((v) => 0.5 + Math.abs(v)) : values, weight.shape as number[]));
  }
}

/**
 * The course's basic network, trained in Dendrite: Dense(8, relu) then Dense(2, softmax) on the
 * threshold data (label 1 where x >= 0.5), two epochs with Adam.
 */
export async function trainedBasicNetwork(): Promise<LayersModel> {
  const model = tfl.sequential({
    name: 'basic_network',
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1], name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', name: 'output', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const xs = seededValues(1000, 7).map((v) => (v + 1) / 2);
  const x = tf.tensor2d(xs, [1000, 1]);
  const y = tf.tensor1d(xs.map((v) => (v >= 0.5 ? 1 : 0)), 'float32');
  try {
    await fit(model, x, y, { epochs: 2, batchSize: 32, verbose: 0, seed: 3 });
  } finally {
    tf.dispose([x, y]);
  }
  return model;
}

/**
 * A small functional convolutional model with every layer class the course's models use:
 * Rescaling, ZeroPadding2D, Conv2D, BatchNormalization (non-trivial statistics), ReLU(6),
 * DepthwiseConv2D, Add, Activation, GlobalAveragePooling2D, Flatten, Reshape, Dropout and Dense.
 */
export function convolutionalModel(name = 'conv_base', seed = 11): LayersModel {
  const input = tfl.input({ shape: [8, 8, 3], name: `${name}_image` });
  const layer = <T extends SymbolicTensor | SymbolicTensor[]>(l: tfl.layers.Layer, x: T): SymbolicTensor => l.apply(x) as SymbolicTensor;
  let x = layer(tfl.layers.rescaling({ scale: 1 / 127.5, offset: -1, name: `${name}_rescale` }), input);
  x = layer(tfl.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: `${name}_pad` }), x);
  x = layer(tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: `${name}_conv` }), x);
  x = layer(tfl.layers.batchNormalization({ epsilon: 1e-3, momentum: 0.999, name: `${name}_bn` }), x);
  x = layer(tfl.layers.reLU({ maxValue: 6, name: `${name}_relu` }), x);
  const branch = layer(tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: `${name}_depthwise` }), x);
  x = layer(tfl.layers.add({ name: `${name}_add` }), [x, branch]);
  x = layer(tfl.layers.activation({ activation: 'tanh', name: `${name}_tanh` }), x);
  const pooled = layer(tfl.layers.globalAveragePooling2d({ name: `${name}_pool` }), x);
  const flat = layer(tfl.layers.flatten({ name: `${name}_flatten` }), x);
  const reshaped = layer(tfl.layers.reshape({ targetShape: [4, 4, 4], name: `${name}_reshape` }), flat);
  const summed = layer(tfl.layers.globalAveragePooling2d({ name: `${name}_pool_again` }), reshaped);
  const joined = layer(tfl.layers.add({ name: `${name}_join` }), [pooled, summed]);
  const dropped = layer(tfl.layers.dropout({ rate: 0.2, name: `${name}_dropout` }), joined);
  const output = layer(tfl.layers.dense({ units: 3, activation: 'softmax', name: `${name}_dense` }), dropped);
  const model = tfl.model({ inputs: input, outputs: output, name });
  randomizeWeights(model, seed);
  return model;
}

/**
 * The Keras transfer-learning guide's shape: a frozen base called as a layer, then Dropout and a
 * Dense head; and a Sequential model nested in it too.
 */
export function nestedModel(): LayersModel {
  const inner = convolutionalModel('base', 21);
  const features = tfl.model({ inputs: inner.inputs, outputs: inner.getLayer('base_pool').output as SymbolicTensor, name: 'features' });
  features.trainable = false;
  const input = tfl.input({ shape: [8, 8, 3], name: 'photo' });
  const pooled = features.apply(input) as SymbolicTensor;
  const head = tfl.sequential({
    name: 'head',
    layers: [tfl.layers.dropout({ rate: 0.5, inputShape: [4], name: 'head_dropout' }), tfl.layers.dense({ units: 2, activation: 'softmax', name: 'head_dense' })],
  });
  const output = head.apply(pooled) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: 'nested_transfer' });
  randomizeWeights(head, 31);
  return model;
}

/**
 * A trainable nested model whose base has frozen layers inside it: Keras's legacy `.h5` lists the
 * base's trainable weights before its frozen ones, so this checks that order.
 */
export function partlyFrozenModel(): LayersModel {
  const inner = convolutionalModel('part', 41);
  const features = tfl.model({ inputs: inner.inputs, outputs: inner.getLayer('part_pool').output as SymbolicTensor, name: 'part_features' });
  inner.getLayer('part_conv').trainable = false;
  inner.getLayer('part_bn').trainable = false;
  const input = tfl.input({ shape: [8, 8, 3], name: 'part_photo' });
  const output = tfl.layers.dense({ units: 2, activation: 'softmax', name: 'part_head' }).apply(features.apply(input)) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: 'partly_frozen' });
  randomizeWeights(model, 51);
  return model;
}
