import type { ConvGeometry, Pads } from './conv-padding.js';
import { convolutionPads } from './conv-padding.js';
import type { ChannelAffine } from './fold-batch-norm.js';
import { batchNormAffine } from './fold-batch-norm.js';
import type { ConvStep, DenseStep } from './inference-steps.js';
import {
  booleanSetting,
  choiceSetting,
  imageSize,
  layerWeights,
  numberSetting,
  pairSetting,
  rawSetting,
  requireWeight,
  unsupportedLayer,
} from './layer-config.js';
import type { GraphNode } from './layer-graph.js';

/** The number of output channels of a convolution or Dense step. @internal */
export function outputChannels(step: ConvStep | DenseStep): number {
  if (step.kind === 'dense') return step.kernelShape[1];
  const [, , inChannels, last] = step.kernelShape;
  return step.depthwise ? inChannels * last : last;
}

/** A ZeroPadding2D layer's padding as `[top, bottom, left, right]`. @internal */
export function zeroPadding(node: GraphNode): Pads {
  const padding = rawSetting(node, 'padding');
  const isPair = (value: unknown): value is [number, number] =>
    Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v) && v >= 0);
  if (Array.isArray(padding) && padding.length === 2 && isPair(padding[0]) && isPair(padding[1])) {
    return [padding[0][0], padding[0][1], padding[1][0], padding[1][1]];
  }
  if (isPair(padding)) return [padding[0], padding[0], padding[1], padding[1]];
  if (Number.isInteger(padding) && (padding as number) >= 0) {
    const size = padding as number;
    return [size, size, size, size];
  }
  throw unsupportedLayer(node, `its padding ${JSON.stringify(padding)} is not [[top, bottom], [left, right]]`);
}

/** A Conv2D or DepthwiseConv2D layer as a step, with its own padding and no activation yet. @internal */
export function convolution(node: GraphNode, inputs: number[]): ConvStep {
  const depthwise = node.className === 'DepthwiseConv2D';
  choiceSetting(node, 'dataFormat', ['channelsLast'], 'channelsLast');
  const padding = choiceSetting(node, 'padding', ['same', 'valid']);
  const geometry: ConvGeometry = {
    kernelSize: pairSetting(node, 'kernelSize'),
    strides: pairSetting(node, 'strides'),
    dilations: pairSetting(node, 'dilationRate'),
  };
  const [rows, cols] = imageSize(node, node.inputShapes[0]);
  const weights = layerWeights(node);
  const kernel = requireWeight(node, weights, depthwise ? 'depthwise_kernel' : 'kernel');
  if (kernel.shape.length !== 4) throw unsupportedLayer(node, `its kernel has shape [${kernel.shape.join(', ')}], not rank 4`);
  const useBias = booleanSetting(node, 'useBias', true);
  return {
    kind: 'conv',
    depthwise,
    inputs,
    output: node.output,
    layers: [node.layer.name],
    kernel: kernel.values,
    kernelShape: kernel.shape as [number, number, number, number],
    bias: useBias ? requireWeight(node, weights, 'bias').values : undefined,
    geometry,
    rows,
    cols,
    pads: convolutionPads(rows, cols, geometry, padding),
    activation: 'linear',
  };
}

/** A Dense layer as a step, with no activation yet. @internal */
export function dense(node: GraphNode, inputs: number[]): DenseStep {
  const weights = layerWeights(node);
  const kernel = requireWeight(node, weights, 'kernel');
  if (kernel.shape.length !== 2) throw unsupportedLayer(node, `its kernel has shape [${kernel.shape.join(', ')}], not rank 2`);
  const useBias = booleanSetting(node, 'useBias', true);
  return {
    kind: 'dense',
    inputs,
    output: node.output,
    layers: [node.layer.name],
    kernel: kernel.values,
    kernelShape: kernel.shape as [number, number],
    bias: useBias ? requireWeight(node, weights, 'bias').values : undefined,
    activation: 'linear',
  };
}

/** A BatchNormalization layer's inference map, checked to normalize the channels axis. @internal */
export function batchNorm(node: GraphNode): ChannelAffine {
  const axis = rawSetting(node, 'axis');
  const rank = node.inputShapes[0]?.length ?? 0;
  const lastAxis = (value: unknown): boolean => value === -1 || value === rank - 1;
  if (!(lastAxis(axis) || (Array.isArray(axis) && axis.length === 1 && lastAxis(axis[0])))) {
    throw unsupportedLayer(node, `it normalizes axis ${JSON.stringify(axis)}, not the last (channels) axis`);
  }
  const weights = layerWeights(node);
  const scale = booleanSetting(node, 'scale', true);
  const center = booleanSetting(node, 'center', true);
  return batchNormAffine({
    gamma: scale ? requireWeight(node, weights, 'gamma').values : undefined,
    beta: center ? requireWeight(node, weights, 'beta').values : undefined,
    movingMean: requireWeight(node, weights, 'moving_mean').values,
    movingVariance: requireWeight(node, weights, 'moving_variance').values,
    epsilon: numberSetting(node, 'epsilon') ?? 1e-3,
  });
}
