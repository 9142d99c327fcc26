import { AUGMENTATION_LAYERS } from '@dendrite/core/internal';
import type { layers } from '@tensorflow/tfjs-layers';
import { KerasSaveUnsupportedError } from './errors.js';
import { type KerasObject, kerasInitializer } from './keras-initializer.js';

type Layer = layers.Layer;
type Config = Record<string, unknown>;

/** A leaf layer in Keras's terms: its class and its config. @internal */
export interface KerasLayerConfig {
  readonly className: string;
  readonly config: Config;
}

/** Keras's dtype policy for float32 layers, as Keras 3 writes it. @internal */
export const FLOAT32_POLICY: KerasObject = {
  module: 'keras',
  class_name: 'DTypePolicy',
  config: { name: 'float32' },
  registered_name: null,
};

const ACTIVATIONS: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  elu: 'elu',
  selu: 'selu',
  sigmoid: 'sigmoid',
  hardSigmoid: 'hard_sigmoid',
  softplus: 'softplus',
  softsign: 'softsign',
  tanh: 'tanh',
  softmax: 'softmax',
  logSoftmax: 'log_softmax',
  gelu: 'gelu',
  mish: 'mish',
  swish: 'swish',
};

const DATA_FORMATS: Record<string, string> = { channelsLast: 'channels_last', channelsFirst: 'channels_first' };

/** The layer classes {@link kerasLayerConfig} writes, for error messages. @internal */
export const SUPPORTED_LAYERS = [
  'InputLayer',
  'Dense',
  'Conv2D',
  'DepthwiseConv2D',
  'BatchNormalization',
  'ReLU',
  'Activation',
  'Softmax',
  'ZeroPadding2D',
  'Add',
  'Multiply',
  'Concatenate',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'Dropout',
  'Flatten',
  'Reshape',
  'Rescaling',
  ...AUGMENTATION_LAYERS,
];

const SUPPORTED_MESSAGE =
  `Keras files can be written for models of ${SUPPORTED_LAYERS.join(', ')} layers, in Sequential and functional ` +
  'models nested in each other; save other models with TensorFlow.js (model.save) instead.';

/**
 * Translates one leaf layer (not a model) to Keras 3's class name and config.
 *
 * @internal
 * @param layer - a built tfjs-layers layer
 * @param trainable - whether the layer trains: false inside a frozen model even where the layer's own flag is true
 * @returns Keras's class name and config for it
 * @throws {@link KerasSaveUnsupportedError} for a class or setting Keras would read differently
 */
export function kerasLayerConfig(layer: Layer, trainable: boolean): KerasLayerConfig {
  const className = layer.getClassName();
  const translate = translators[className];
  if (translate === undefined) throw unsupported(layer, 'Dendrite cannot write this layer class');
  const tfjs = layer.getConfig() as Config;
  return { className, config: { name: layer.name, trainable, dtype: FLOAT32_POLICY, ...translate(tfjs, layer) } };
}

function unsupported(layer: Layer, reason: string): KerasSaveUnsupportedError {
  return new KerasSaveUnsupportedError(layer.name, layer.getClassName(), reason, SUPPORTED_MESSAGE);
}

function activation(value: unknown, layer: Layer): string {
  const name = ACTIVATIONS[String(value ?? 'linear')];
  if (name === undefined) throw unsupported(layer, `activation '${String(value)}' has no Keras equal`);
  return name;
}

function dataFormat(value: unknown): string {
  return DATA_FORMATS[String(value ?? 'channelsLast')] ?? 'channels_last';
}

function pair(value: unknown): [number, number] {
  if (Array.isArray(value)) return [Number(value[0]), Number(value[1] ?? value[0])];
  return [Number(value), Number(value)];
}

/** Refuses regularizers and constraints: dropping them would change how Keras trains the model. */
function noPenalties(config: Config, layer: Layer, keys: readonly string[]): void {
  for (const key of keys) {
    if (config[key] !== null && config[key] !== undefined) {
      throw unsupported(layer, `${key} is set, and Dendrite does not write regularizers or constraints yet`);
    }
  }
}

function initializers(config: Config, pairs: Readonly<Record<string, string>>): Config {
  const out: Config = {};
  for (const [tfjsKey, kerasKey] of Object.entries(pairs)) {
    const initializer = kerasInitializer(config[tfjsKey]);
    if (initializer !== undefined) out[kerasKey] = initializer;
  }
  return out;
}

function conv(config: Config, layer: Layer): Config {
  if (config['padding'] !== 'valid' && config['padding'] !== 'same') {
    throw unsupported(layer, `padding '${String(config['padding'])}' has no Keras equal`);
  }
  return {
    kernel_size: pair(config['kernelSize']),
    strides: pair(config['strides'] ?? 1),
    padding: config['padding'],
    data_format: dataFormat(config['dataFormat']),
    dilation_rate: pair(config['dilationRate'] ?? 1),
    activation: activation(config['activation'], layer),
    use_bias: config['useBias'] ?? true,
  };
}

function pooling(config: Config, layer: Layer): Config {
  if (config['padding'] !== 'valid' && config['padding'] !== 'same') {
    throw unsupported(layer, `padding '${String(config['padding'])}' has no Keras equal`);
  }
  return {
    pool_size: pair(config['poolSize']),
    padding: config['padding'],
    strides: pair(config['strides'] ?? config['poolSize']),
    data_format: dataFormat(config['dataFormat']),
  };
}

const translators: Record<string, (config: Config, layer: Layer) => Config> = {
  Dense: (c, layer) => {
    noPenalties(c, layer, ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint']);
    return {
      units: c['units'],
      activation: activation(c['activation'], layer),
      use_bias: c['useBias'] ?? true,
      ...initializers(c, { kernelInitializer: 'kernel_initializer', biasInitializer: 'bias_initializer' }),
    };
  },
  Conv2D: (c, layer) => {
    noPenalties(c, layer, ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint']);
    return {
      filters: c['filters'],
      groups: 1,
      ...conv(c, layer),
      ...initializers(c, { kernelInitializer: 'kernel_initializer', biasInitializer: 'bias_initializer' }),
    };
  },
  DepthwiseConv2D: (c, layer) => {
    noPenalties(c, layer, ['depthwiseRegularizer', 'biasRegularizer', 'activityRegularizer', 'depthwiseConstraint', 'biasConstraint']);
    return {
      depth_multiplier: c['depthMultiplier'] ?? 1,
      ...conv(c, layer),
      ...initializers(c, { depthwiseInitializer: 'depthwise_initializer', biasInitializer: 'bias_initializer' }),
    };
  },
  BatchNormalization: (c, layer) => {
    noPenalties(c, layer, ['betaRegularizer', 'gammaRegularizer', 'betaConstraint', 'gammaConstraint']);
    return {
      axis: c['axis'] ?? -1,
      momentum: c['momentum'],
      epsilon: c['epsilon'],
      center: c['center'] ?? true,
      scale: c['scale'] ?? true,
      ...initializers(c, {
        betaInitializer: 'beta_initializer',
        gammaInitializer: 'gamma_initializer',
        movingMeanInitializer: 'moving_mean_initializer',
        movingVarianceInitializer: 'moving_variance_initializer',
      }),
    };
  },
  ReLU: (c) => ({ max_value: c['maxValue'] ?? null, negative_slope: 0, threshold: 0 }),
  Activation: (c, layer) => ({ activation: activation(c['activation'], layer) }),
  Softmax: (c) => ({ axis: c['axis'] ?? -1 }),
  ZeroPadding2D: (c) => {
    const padding = c['padding'];
    const rows = Array.isArray(padding) ? pair(padding[0]) : pair(padding);
    const cols = Array.isArray(padding) ? pair(padding[1]) : pair(padding);
    return { padding: [rows, cols], data_format: dataFormat(c['dataFormat']) };
  },
  Add: () => ({}),
  Multiply: () => ({}),
  Concatenate: (c) => ({ axis: c['axis'] ?? -1 }),
  GlobalAveragePooling2D: (c) => ({ data_format: dataFormat(c['dataFormat']), keepdims: c['keepDims'] ?? false }),
  GlobalMaxPooling2D: (c) => ({ data_format: dataFormat(c['dataFormat']), keepdims: c['keepDims'] ?? false }),
  MaxPooling2D: pooling,
  AveragePooling2D: pooling,
  Dropout: (c, layer) => {
    if (c['noiseShape'] !== null && c['noiseShape'] !== undefined) throw unsupported(layer, 'noiseShape is set');
    return { rate: c['rate'], seed: c['seed'] ?? null, noise_shape: null };
  },
  Flatten: (c) => ({ data_format: dataFormat(c['dataFormat']) }),
  Reshape: (c) => ({ target_shape: c['targetShape'] }),
  Rescaling: (c) => ({ scale: c['scale'], offset: c['offset'] ?? 0 }),
  // Dendrite's augmentation layers keep Keras's option values; only the keys are camelCase.
  RandomFlip: (c) => ({ data_format: 'channels_last', seed: c['seed'] ?? null, mode: c['mode'] }),
  RandomRotation: (c) => ({ data_format: 'channels_last', factor: c['factor'], ...affineOptions(c) }),
  RandomZoom: (c) => ({
    data_format: 'channels_last',
    height_factor: c['heightFactor'],
    width_factor: c['widthFactor'] ?? null,
    ...affineOptions(c),
  }),
  RandomTranslation: (c) => ({
    data_format: 'channels_last',
    height_factor: c['heightFactor'],
    width_factor: c['widthFactor'],
    ...affineOptions(c),
  }),
  RandomContrast: (c) => ({ data_format: 'channels_last', factor: c['factor'], value_range: c['valueRange'], seed: c['seed'] ?? null }),
  RandomBrightness: (c) => ({ data_format: 'channels_last', factor: c['factor'], value_range: c['valueRange'], seed: c['seed'] ?? null }),
};

function affineOptions(c: Config): Config {
  return { fill_mode: c['fillMode'], fill_value: c['fillValue'], interpolation: c['interpolation'], seed: c['seed'] ?? null };
}
