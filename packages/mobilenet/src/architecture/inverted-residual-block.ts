import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { correctPad } from './correct-pad.js';
import { applyLayer, batchNorm, conv2d, depthwiseConv2d, relu6 } from './layers.js';
import { makeDivisible } from './make-divisible.js';

/** One row of MobileNetV2's block table. @internal */
export interface InvertedResidualSpec {
  /** Output channels before scaling by alpha. */
  readonly filters: number;
  /** Stride of the depthwise convolution. */
  readonly stride: 1 | 2;
  /** How much the 1x1 expansion widens the input. */
  readonly expansion: number;
}

function lastDimension(tensor: SymbolicTensor): number {
  const size = tensor.shape[tensor.shape.length - 1];
  if (size == null) throw new Error(`Internal error: ${tensor.name} has no static channel count.`);
  return size;
}

/**
 * MobileNetV2's inverted residual block with Keras's layer names: expand (1x1, skipped in block 0),
 * depthwise 3x3 (zero-padded first when the stride is 2), project (1x1, linear), and an Add
 * shortcut when the shape is unchanged. Block 0's layers are named `expanded_conv_*`, the others
 * `block_<id>_*`.
 *
 * @internal
 * @param inputs - the block's input
 * @param spec - filters, stride and expansion
 * @param alpha - width multiplier
 * @param blockId - 0 to 16
 * @returns the block's output
 */
export function invertedResidualBlock(inputs: SymbolicTensor, spec: InvertedResidualSpec, alpha: number, blockId: number): SymbolicTensor {
  const inChannels = lastDimension(inputs);
  const pointwiseFilters = makeDivisible(Math.trunc(spec.filters * alpha), 8);
  let x = inputs;
  let prefix: string;
  if (blockId === 0) {
    prefix = 'expanded_conv_';
  } else {
    prefix = `block_${blockId}_`;
    x = applyLayer(conv2d(`${prefix}expand`, spec.expansion * inChannels, 1, 1, 'same'), x);
    x = applyLayer(batchNorm(`${prefix}expand_BN`), x);
    x = applyLayer(relu6(`${prefix}expand_relu`), x);
  }
  if (spec.stride === 2) {
    const [, rows, cols] = x.shape;
    if (rows == null || cols == null) throw new Error(`Internal error: ${x.name} has no static size.`);
    x = applyLayer(tfl.layers.zeroPadding2d({ name: `${prefix}pad`, padding: correctPad(rows, cols, 3) }), x);
  }
  x = applyLayer(depthwiseConv2d(`${prefix}depthwise`, spec.stride, spec.stride === 1 ? 'same' : 'valid'), x);
  x = applyLayer(batchNorm(`${prefix}depthwise_BN`), x);
  x = applyLayer(relu6(`${prefix}depthwise_relu`), x);
  x = applyLayer(conv2d(`${prefix}project`, pointwiseFilters, 1, 1, 'same'), x);
  x = applyLayer(batchNorm(`${prefix}project_BN`), x);
  if (inChannels === pointwiseFilters && spec.stride === 1) {
    return applyLayer(tfl.layers.add({ name: `${prefix}add` }), [inputs, x]);
  }
  return x;
}
