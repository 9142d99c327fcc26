import { getKernel, type KernelConfig, registerKernel } from '@tensorflow/tfjs-core';
import { conv2dFilterGradientConfig } from './wasm-conv2d-filter-gradient.js';
import { depthwiseFilterGradientConfig, depthwiseInputGradientConfig } from './wasm-depthwise-gradients.js';

/** The gradient kernels of convolutions that TensorFlow.js 4.22's wasm backend lacks, written here. */
const wasmGradientKernels: readonly KernelConfig[] = [
  conv2dFilterGradientConfig,
  depthwiseFilterGradientConfig,
  depthwiseInputGradientConfig,
];

/**
 * Registers Dendrite's gradient kernels for the 'wasm' backend where TensorFlow.js has none, so that
 * convolutions train there (fine-tuning MobileNetV2). A kernel TensorFlow.js already has (a later
 * version) is left as it is; calling this again changes nothing.
 *
 * @returns the names of the kernels registered by this call
 * @internal
 * @example
 * ```ts
 * registerWasmGradientKernels(); // ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', ...]
 * ```
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const config of wasmGradientKernels) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) continue;
    registerKernel(config);
    added.push(config.kernelName);
  }
  return added;
}
