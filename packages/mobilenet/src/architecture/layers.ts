import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

// Keras's defaults where tfjs-layers differs (glorot uniform, not normal), and MobileNetV2's
// batch-norm settings, so random initialisation and training behave as in Keras.
const KERNEL_INITIALIZER = 'glorotUniform';

/** Applies a layer to one symbolic tensor. @internal */
export function applyLayer(layer: tfl.layers.Layer, input: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return layer.apply(input) as SymbolicTensor;
}

/** A bias-free Conv2D. @internal */
export function conv2d(name: string, filters: number, kernelSize: number, strides: number, padding: 'same' | 'valid'): tfl.layers.Layer {
  return tfl.layers.conv2d({ name, filters, kernelSize, strides, padding, useBias: false, kernelInitializer: KERNEL_INITIALIZER });
}

/** A bias-free 3x3 DepthwiseConv2D. @internal */
export function depthwiseConv2d(name: string, strides: number, padding: 'same' | 'valid'): tfl.layers.Layer {
  return tfl.layers.depthwiseConv2d({ name, kernelSize: 3, strides, padding, useBias: false, depthwiseInitializer: KERNEL_INITIALIZER });
}

/** BatchNormalization with MobileNetV2's epsilon 1e-3 and momentum 0.999. @internal */
export function batchNorm(name: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({ name, axis: -1, epsilon: 1e-3, momentum: 0.999 });
}

/** ReLU capped at 6. @internal */
export function relu6(name: string): tfl.layers.Layer {
  return tfl.layers.reLU({ name, maxValue: 6 });
}

/** A Dense layer with Keras's default initialiser. @internal */
export function dense(name: string, units: number, activation: 'softmax' | 'sigmoid' | 'linear'): tfl.layers.Layer {
  return tfl.layers.dense({ name, units, activation, kernelInitializer: KERNEL_INITIALIZER });
}
