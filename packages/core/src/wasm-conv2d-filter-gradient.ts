import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors.js';
import { heapFloats, type WasmHeapBackend, wasmMatMul } from './wasm-heap-backend.js';

/** Columns built at once (64 MiB of float32); a larger batch is done in parts and summed. */
const COLUMN_FLOATS = 1 << 24;

/**
 * The filter gradient of a 2-D convolution (NHWC) on the wasm backend, as one matrix product:
 * with the input unrolled into one row per output position and one column per filter tap and
 * input channel, dW = columnsᵀ · dy. A 1×1 convolution of stride 1 (most of MobileNetV2) needs no
 * unrolling: its input already is that matrix.
 *
 * @param columnFloats - the most floats of unrolled input held at once
 * @internal
 */
export function conv2dFilterGradient(columnFloats: number = COLUMN_FLOATS): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const heap = backend as WasmHeapBackend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW') {
      throw new InvalidArgumentError(
        'dataFormat',
        "is 'NCHW', and the wasm backend's convolution gradients are channels-last only",
        "Use 'NHWC'.",
      );
    }
    const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
    const positions = outHeight * outWidth;
    const taps = filterHeight * filterWidth * inChannels;

    const pointwise = filterHeight === 1 && filterWidth === 1 && strideHeight === 1 && strideWidth === 1;
    if (pointwise && padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0) {
      const rows = batchSize * positions;
      const product = wasmMatMul(heap, as3d(x, rows, inChannels), as3d(dy, rows, outChannels), true);
      return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
    }

    const imagesPerPart = Math.max(1, Math.floor(columnFloats / (positions * taps)));
    if (imagesPerPart >= batchSize) {
      const columns = heap.makeOutput([1, batchSize * positions, taps], 'float32');
      unroll(heapFloats(heap, x), heapFloats(heap, columns), info, 0, batchSize);
      const product = wasmMatMul(heap, columns, as3d(dy, batchSize * positions, outChannels), true);
      heap.disposeData(columns.dataId);
      return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
    }

    const sum = new Float64Array(taps * outChannels);
    for (let first = 0; first < batchSize; first += imagesPerPart) {
      const count = Math.min(imagesPerPart, batchSize - first);
      const columns = heap.makeOutput([1, count * positions, taps], 'float32');
      const dyPart = heap.makeOutput([1, count * positions, outChannels], 'float32');
      unroll(heapFloats(heap, x), heapFloats(heap, columns), info, first, count);
      const dyRows = positions * outChannels;
      heapFloats(heap, dyPart).set(heapFloats(heap, dy).subarray(first * dyRows, (first + count) * dyRows));
      const product = wasmMatMul(heap, columns, dyPart, true);
      const values = heapFloats(heap, product);
      for (let i = 0; i < sum.length; i++) sum[i]! += values[i]!;
      for (const made of [columns, dyPart, product]) heap.disposeData(made.dataId);
    }
    const output = heap.makeOutput([...filterShape], 'float32');
    heapFloats(heap, output).set(sum);
    return output;
  };
}

type Shape4 = [number, number, number, number];

function as3d(tensor: TensorInfo, rows: number, columns: number): TensorInfo {
  return { dataId: tensor.dataId, shape: [1, rows, columns], dtype: tensor.dtype };
}

/** Writes images `first`..`first + count - 1` of `x` as rows of filter taps (zeros in the padding). */
function unroll(x: Float32Array, columns: Float32Array, info: backend_util.Conv2DInfo, first: number, count: number): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const taps = filterHeight * filterWidth * inChannels;
  let row = 0;
  for (let n = first; n < first + count; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, row++) {
        let at = row * taps;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - padInfo.top + kh;
          for (let kw = 0; kw < filterWidth; kw++, at += inChannels) {
            const iw = ow * strideWidth - padInfo.left + kw;
            if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) {
              columns.fill(0, at, at + inChannels);
              continue;
            }
            const from = ((n * inHeight + ih) * inWidth + iw) * inChannels;
            for (let c = 0; c < inChannels; c++) columns[at + c] = x[from + c]!;
          }
        }
      }
    }
  }
}

/**
 * Conv2DBackpropFilter for the 'wasm' backend, which TensorFlow.js 4.22 lacks.
 *
 * @internal
 */
export const conv2dFilterGradientConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dFilterGradient(),
};
