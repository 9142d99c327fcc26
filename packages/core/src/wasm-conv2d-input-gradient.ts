import { backend_util, type Conv2DBackpropInputAttrs, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { isPointwise } from './wasm-conv2d-filter-gradient.js';
import { asMatrix, type WasmHeapBackend, wasmMatMul, wasmTransposed } from './wasm-heap-backend.js';

type Shape4 = [number, number, number, number];

/**
 * Conv2DBackpropInput for the wasm backend that takes the 1×1 convolutions of stride 1 (most of
 * MobileNetV2) as one matrix product, dx = dy · Wᵀ, about ten times faster than TensorFlow.js
 * 4.22's direct loops; every other convolution goes to `original`, the wasm backend's own kernel.
 *
 * @internal
 */
export function pointwiseInputGradient(original: KernelFunc): KernelFunc {
  return (parameters) => {
    const { inputs, backend, attrs } = parameters;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return original(parameters);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as Shape4,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    if (!isPointwise(info)) return original(parameters);
    const heap = backend as WasmHeapBackend;
    const { inChannels, outChannels, batchSize, outHeight, outWidth } = info;
    const filterTransposed = wasmTransposed(heap, filter, inChannels, outChannels);
    const product = wasmMatMul(heap, asMatrix(dy, batchSize * outHeight * outWidth, outChannels), filterTransposed);
    heap.disposeData(filterTransposed.dataId);
    return { dataId: product.dataId, shape: [...inputShape], dtype: 'float32' };
  };
}
