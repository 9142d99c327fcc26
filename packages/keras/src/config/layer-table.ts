import * as tfl from '@tensorflow/tfjs-layers';

import { augmentationTranslators } from './augmentation-translators.js';
import { KerasReLU } from './keras-relu.js';
import type { KerasLayerConfig } from './layer-config.js';

/**
 * Builds the TensorFlow.js layer for one Keras layer config. Read every option through `config`
 * and call `config.finish()`, so that options the translator does not handle are refused.
 *
 * @category Models
 * @example
 * ```ts
 * const identity: KerasLayerTranslator = (config) => {
 *   config.finish();
 *   return tfl.layers.activation({ name: config.name, activation: 'linear' });
 * };
 * const model = await loadKerasModel('model.keras', { layers: { Identity: identity } });
 * ```
 */
export type KerasLayerTranslator = (config: KerasLayerConfig) => tfl.layers.Layer;

type ActivationIdentifier = NonNullable<Parameters<typeof tfl.layers.activation>[0]>['activation'];

/** Keras activation names and the TensorFlow.js functions that compute the same thing. */
const activations: Readonly<Record<string, ActivationIdentifier>> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  softmax: 'softmax',
  tanh: 'tanh',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
};

function activation(config: KerasLayerConfig, key = 'activation'): ActivationIdentifier {
  const name = config.raw(key) ?? 'linear';
  const found = typeof name === 'string' ? activations[name] : undefined;
  if (found === undefined) {
    throw config.unsupported(`uses activation ${JSON.stringify(name)} (supported: ${Object.keys(activations).join(', ')})`);
  }
  return found;
}

function padding(config: KerasLayerConfig): 'valid' | 'same' {
  return config.string('padding', 'valid', ['valid', 'same']);
}

const noTraining = ['kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint'];

function base(config: KerasLayerConfig): { name: string; trainable: boolean } {
  return { name: config.name, trainable: config.trainable };
}

function dense(config: KerasLayerConfig): tfl.layers.Layer {
  config.none(...noTraining);
  config.expect('lora_rank', null);
  config.expect('lora_alpha', null);
  config.expect('quantization_config', null);
  const layer = tfl.layers.dense({
    ...base(config),
    units: config.number('units'),
    activation: activation(config),
    useBias: config.boolean('use_bias', true),
  });
  config.finish();
  return layer;
}

/** The options Conv2D, DepthwiseConv2D and SeparableConv2D share, read and checked. */
function convolution(config: KerasLayerConfig) {
  config.channelsLast();
  return {
    ...base(config),
    kernelSize: config.integers('kernel_size', 2) as [number, number],
    strides: config.integers('strides', 2, 1) as [number, number],
    padding: padding(config),
    dilationRate: config.integers('dilation_rate', 2, 1) as [number, number],
    activation: activation(config),
    useBias: config.boolean('use_bias', true),
  };
}

function conv2d(config: KerasLayerConfig): tfl.layers.Layer {
  config.none(...noTraining);
  config.expect('groups', 1);
  config.expect('lora_rank', null);
  config.expect('lora_alpha', null);
  const layer = tfl.layers.conv2d({ ...convolution(config), filters: config.number('filters') });
  config.finish();
  return layer;
}

function depthwiseConv2d(config: KerasLayerConfig): tfl.layers.Layer {
  config.none(...noTraining, 'depthwise_regularizer', 'depthwise_constraint');
  config.expect('groups', 1);
  const layer = tfl.layers.depthwiseConv2d({ ...convolution(config), depthMultiplier: config.number('depth_multiplier', 1) });
  config.finish();
  return layer;
}

function separableConv2d(config: KerasLayerConfig): tfl.layers.Layer {
  config.none(...noTraining, 'depthwise_regularizer', 'depthwise_constraint', 'pointwise_regularizer', 'pointwise_constraint');
  const layer = tfl.layers.separableConv2d({
    ...convolution(config),
    filters: config.number('filters'),
    depthMultiplier: config.number('depth_multiplier', 1),
  });
  config.finish();
  return layer;
}

function batchNormalization(config: KerasLayerConfig): tfl.layers.Layer {
  config.none('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint');
  config.expect('renorm', false);
  config.expect('fused', null, true, false);
  const rawAxis = config.raw('axis') ?? -1;
  const axis = Array.isArray(rawAxis) && rawAxis.length === 1 ? (rawAxis[0] as unknown) : rawAxis;
  if (typeof axis !== 'number' || !Number.isInteger(axis))
    throw config.unsupported(`normalizes over axis ${JSON.stringify(rawAxis)}; one axis is supported`);
  const layer = tfl.layers.batchNormalization({
    ...base(config),
    axis,
    momentum: config.number('momentum', 0.99),
    epsilon: config.number('epsilon', 0.001),
    center: config.boolean('center', true),
    scale: config.boolean('scale', true),
  });
  // Synchronized statistics across devices and renorm's training-time options do not change inference.
  config.finish(['synchronized', 'renorm_clipping', 'renorm_momentum']);
  return layer;
}

function relu(config: KerasLayerConfig): tfl.layers.Layer {
  const maxValue = config.optionalNumber('max_value');
  const negativeSlope = config.number('negative_slope', 0);
  const threshold = config.number('threshold', 0);
  config.finish();
  if (negativeSlope === 0 && threshold === 0) return tfl.layers.reLU({ ...base(config), ...(maxValue === undefined ? {} : { maxValue }) });
  const layer = new KerasReLU({ name: config.name, maxValue, negativeSlope, threshold });
  layer.trainable = config.trainable;
  return layer;
}

function leakyRelu(config: KerasLayerConfig): tfl.layers.Layer {
  const alpha = config.raw('negative_slope') ?? config.raw('alpha') ?? 0.3;
  if (typeof alpha !== 'number') throw config.unsupported(`has negative_slope ${JSON.stringify(alpha)}`);
  config.finish();
  return tfl.layers.leakyReLU({ ...base(config), alpha });
}

function activationLayer(config: KerasLayerConfig): tfl.layers.Layer {
  const layer = tfl.layers.activation({ ...base(config), activation: activation(config) });
  config.finish();
  return layer;
}

function softmax(config: KerasLayerConfig): tfl.layers.Layer {
  const axis = config.number('axis', -1);
  config.finish();
  return tfl.layers.softmax({ ...base(config), axis });
}

function zeroPadding2d(config: KerasLayerConfig): tfl.layers.Layer {
  config.channelsLast();
  const value = config.raw('padding') ?? 1;
  let pad: [[number, number], [number, number]];
  if (typeof value === 'number')
    pad = [
      [value, value],
      [value, value],
    ];
  else if (Array.isArray(value) && value.every((item) => typeof item === 'number') && value.length === 2) {
    const [rows, cols] = value as [number, number];
    pad = [
      [rows, rows],
      [cols, cols],
    ];
  } else if (Array.isArray(value) && value.length === 2 && value.every((item) => Array.isArray(item) && item.length === 2)) {
    pad = value as [[number, number], [number, number]];
  } else throw config.unsupported(`has padding ${JSON.stringify(value)}`);
  config.finish();
  return tfl.layers.zeroPadding2d({ ...base(config), padding: pad });
}

function merge(build: (args: { name: string; trainable: boolean }) => tfl.layers.Layer) {
  return (config: KerasLayerConfig): tfl.layers.Layer => {
    config.finish();
    return build(base(config));
  };
}

function concatenate(config: KerasLayerConfig): tfl.layers.Layer {
  const axis = config.number('axis', -1);
  config.finish();
  return tfl.layers.concatenate({ ...base(config), axis });
}

function globalPooling(kind: 'average' | 'max') {
  return (config: KerasLayerConfig): tfl.layers.Layer => {
    config.channelsLast();
    config.expect('keepdims', false);
    config.finish();
    return kind === 'average' ? tfl.layers.globalAveragePooling2d(base(config)) : tfl.layers.globalMaxPooling2d(base(config));
  };
}

function pooling(kind: 'average' | 'max') {
  return (config: KerasLayerConfig): tfl.layers.Layer => {
    config.channelsLast();
    const poolSize = config.integers('pool_size', 2, 2);
    const strides = config.raw('strides') === null ? poolSize : config.integers('strides', 2, poolSize);
    const args = {
      ...base(config),
      poolSize: poolSize as [number, number],
      strides: strides as [number, number],
      padding: padding(config),
    };
    config.finish();
    return kind === 'average' ? tfl.layers.averagePooling2d(args) : tfl.layers.maxPooling2d(args);
  };
}

function flatten(config: KerasLayerConfig): tfl.layers.Layer {
  config.channelsLast();
  config.finish();
  return tfl.layers.flatten(base(config));
}

function reshape(config: KerasLayerConfig): tfl.layers.Layer {
  const target = config.raw('target_shape');
  if (!Array.isArray(target) || !target.every((size) => Number.isInteger(size)))
    throw config.unsupported(`has target_shape ${JSON.stringify(target)}`);
  config.finish();
  return tfl.layers.reshape({ ...base(config), targetShape: target as number[] });
}

function dropout(config: KerasLayerConfig): tfl.layers.Layer {
  config.none('noise_shape');
  const rate = config.number('rate');
  const seed = config.optionalNumber('seed');
  config.finish();
  return tfl.layers.dropout({ ...base(config), rate, ...(seed === undefined ? {} : { seed }) });
}

function rescaling(config: KerasLayerConfig): tfl.layers.Layer {
  const scale = config.number('scale');
  const offset = config.number('offset', 0);
  config.finish();
  return tfl.layers.rescaling({ ...base(config), scale, offset });
}

/**
 * The Keras layer classes Dendrite builds, by Keras class name. Models (`Sequential`,
 * `Functional`) and `InputLayer` are handled by the model builder. Add entries here (or pass them
 * per call in `loadKerasModel`'s `layers` option) to support more classes.
 *
 * @internal
 */
export const kerasLayerTable: ReadonlyMap<string, KerasLayerTranslator> = new Map<string, KerasLayerTranslator>([
  ['Dense', dense],
  ['Conv2D', conv2d],
  ['Convolution2D', conv2d],
  ['DepthwiseConv2D', depthwiseConv2d],
  ['SeparableConv2D', separableConv2d],
  ['SeparableConvolution2D', separableConv2d],
  ['BatchNormalization', batchNormalization],
  ['ReLU', relu],
  ['LeakyReLU', leakyRelu],
  ['Activation', activationLayer],
  ['Softmax', softmax],
  ['ZeroPadding2D', zeroPadding2d],
  ['Add', merge((args) => tfl.layers.add(args))],
  ['Multiply', merge((args) => tfl.layers.multiply(args))],
  ['Average', merge((args) => tfl.layers.average(args))],
  ['Maximum', merge((args) => tfl.layers.maximum(args))],
  ['Minimum', merge((args) => tfl.layers.minimum(args))],
  ['Concatenate', concatenate],
  ['GlobalAveragePooling2D', globalPooling('average')],
  ['GlobalAvgPool2D', globalPooling('average')],
  ['GlobalMaxPooling2D', globalPooling('max')],
  ['GlobalMaxPool2D', globalPooling('max')],
  ['MaxPooling2D', pooling('max')],
  ['MaxPool2D', pooling('max')],
  ['AveragePooling2D', pooling('average')],
  ['AvgPool2D', pooling('average')],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ['Dropout', dropout],
  ['Rescaling', rescaling],
  ...augmentationTranslators,
]);
