import {
  Conv2DBackpropInput,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerKernel,
  Tile,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { conv2dFilterGradientConfig } from './wasm-conv2d-filter-gradient.js';
import { pointwiseInputGradient } from './wasm-conv2d-input-gradient.js';
import { depthwiseFilterGradientConfig, depthwiseInputGradientConfig } from './wasm-depthwise-gradients.js';
import { rowCopyTile } from './wasm-tile.js';

/** The gradient kernels of convolutions that TensorFlow.js 4.22's wasm backend lacks, written here. */
const missing: readonly KernelConfig[] = [conv2dFilterGradientConfig, depthwiseFilterGradientConfig, depthwiseInputGradientConfig];

/** Kernels the wasm backend has but that dominate fine-tuning's backward pass: ours take the common case and hand the rest back. */
const faster: ReadonlyArray<{ name: string; wrap: (original: KernelFunc) => KernelFunc }> = [
  { name: Conv2DBackpropInput, wrap: pointwiseInputGradient },
  { name: Tile, wrap: rowCopyTile },
];

const ours = new WeakSet<KernelFunc>();

/**
 * Registers Dendrite's gradient kernels for the 'wasm' backend where TensorFlow.js has none, so that
 * convolutions train there (fine-tuning MobileNetV2), and puts faster paths in front of the wasm
 * backend's Conv2DBackpropInput (1×1 convolutions) and Tile. A missing kernel that TensorFlow.js
 * already has (a later version) is left as it is; calling this again changes nothing.
 *
 * @returns the names of the kernels registered or wrapped by this call
 * @internal
 * @example
 * ```ts
 * registerWasmGradientKernels(); // ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', ...]
 * ```
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const config of missing) {
    if (getKernel(config.kernelName, 'wasm') !== undefined) continue;
    registerKernel(config);
    ours.add(config.kernelFunc);
    added.push(config.kernelName);
  }
  for (const { name, wrap } of faster) {
    const original = getKernel(name, 'wasm');
    if (original === undefined || ours.has(original.kernelFunc)) continue;
    const kernelFunc = wrap(original.kernelFunc);
    ours.add(kernelFunc);
    unregisterKernel(name, 'wasm');
    registerKernel({ ...original, kernelFunc });
    added.push(name);
  }
  return added;
}
