import { type JsonObject, asObject } from './layer-config.js';

function product(values: unknown): number {
  return Array.isArray(values) ? values.reduce((all: number, value) => all * (typeof value === 'number' ? value : 1), 1) : typeof values === 'number' ? values * values : 1;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Parameters one layer declares, from its config and the input shape Keras 3 records in `build_config`. */
function layerParameters(spec: JsonObject): number {
  const config = asObject(spec['config']) ?? {};
  const inputShape = asObject(spec['build_config'])?.['input_shape'];
  const channels = Array.isArray(inputShape) ? numberOr(inputShape.at(-1), 0) : 0;
  const kernel = product(config['kernel_size']);
  const multiplier = numberOr(config['depth_multiplier'], 1);
  switch (spec['class_name']) {
    case 'Dense':
      return channels * numberOr(config['units'], 0) + numberOr(config['units'], 0);
    case 'Conv2D':
      return kernel * channels * numberOr(config['filters'], 0) + numberOr(config['filters'], 0);
    case 'DepthwiseConv2D':
      return kernel * channels * multiplier + channels * multiplier;
    case 'SeparableConv2D':
      return kernel * channels * multiplier + channels * multiplier * numberOr(config['filters'], 0) + numberOr(config['filters'], 0);
    case 'BatchNormalization':
      return 4 * channels;
    default:
      return 0;
  }
}

/**
 * How many parameters a Keras 3 model config declares for its largest layer kinds, from each
 * layer's options and recorded input shape, nested models included. Building the model allocates
 * that many floats, so a config that declares far more than its weights file holds is a memory
 * bomb to refuse before building. Layers without a recorded input shape count as none.
 *
 * @internal
 */
export function declaredParameters(spec: JsonObject): number {
  const layers = asObject(spec['config'])?.['layers'];
  if (Array.isArray(layers)) return layers.reduce((sum: number, layer) => sum + declaredParameters(asObject(layer) ?? {}), 0);
  return layerParameters(spec);
}
