import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors.js';
import { asMatrix, heapFloats, type WasmHeapBackend, wasmMatMul, wasmTransposed } from './wasm-heap-backend.js';

/** Columns built at once (64 MiB of float32); a larger batch is done in parts and summed. */
const COLUMN_FLOATS = 1 << 24;

type Shape4 = [number, number, number, number];

/**
 * The filter gradient of a 2-D convolution (NHWC) on the wasm backend, as one matrix product:
 * with the input unrolled into one column per output position and one row per filter tap and
 * input channel, dW = columns · dy. A 1×1 convolution of stride 1 (most of MobileNetV2) needs no
 * unrolling, only its input transposed.
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
    const { batchSize, inChannels, outChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
    const positions = outHeight * outWidth;
    const taps = filterHeight * filterWidth * inChannels;

    if (isPointwise(info)) {
      const rows = batchSize * positions;
      const transposed = wasmTransposed(heap, x, rows, inChannels);
      const product = wasmMatMul(heap, transposed, asMatrix(dy, rows, outChannels));
      heap.disposeData(transposed.dataId);
      return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
    }

    const imagesPerPart = Math.max(1, Math.floor(columnFloats / (positions * taps)));
    if (imagesPerPart >= batchSize) {
      const columns = heap.makeOutput([1, taps, batchSize * positions], 'float32');
      unroll(heapFloats(heap, x), heapFloats(heap, columns), info, 0, batchSize);
      const product = wasmMatMul(heap, columns, asMatrix(dy, batchSize * positions, outChannels));
      heap.disposeData(columns.dataId);
      return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
    }

    const sum = new Float64Array(taps * outChannels);
    for (let first = 0; first < batchSize; first += imagesPerPart) {
      const count = Math.min(imagesPerPart, batchSize - first);
      const columns = heap.makeOutput([1, taps, count * positions], 'float32');
      const dyPart = heap.makeOutput([1, count * positions, outChannels], 'float32');
      unroll(heapFloats(heap, x), heapFloats(heap, columns), info, first, count);
      const dyRows = positions * outChannels;
      heapFloats(heap, dyPart).set(heapFloats(heap, dy).subarray(first * dyRows, (first + count) * dyRows));
      const product = wasmMatMul(heap, columns, dyPart);
      const values = heapFloats(heap, product);
      for (let i = 0; i < sum.length; i++) sum[i]! += values[i]!;
      for (const made of [columns, dyPart, product]) heap.disposeData(made.dataId);
    }
    const output = heap.makeOutput([...filterShape], 'float32');
    heapFloats(heap, output).set(sum);
    return output;
  };
}

/**
 * Whether a convolution is a 1×1 of stride 1 without padding: each output position reads one input
 * position, so the batch is one matrix of positions × channels.
 *
 * @internal
 */
export function isPointwise(info: backend_util.Conv2DInfo): boolean {
  const { filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = info;
  const unpadded = padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0;
  return (
    filterHeight === 1 &&
    filterWidth === 1 &&
    strideHeight === 1 &&
    strideWidth === 1 &&
    dilationHeight === 1 &&
    dilationWidth === 1 &&
    unpadded
  );
}

/**
 * Writes images `first`..`first + count - 1` of `x` as columns of filter taps, one per output
 * position (zeros in the padding): row (kh, kw, c) of the result is the filter's row order.
 */
function unroll(x: Float32Array, columns: Float32Array, info: backend_util.Conv2DInfo, first: number, count: number): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const width = count * outHeight * outWidth;
  let position = 0;
  for (let n = first; n < first + count; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, position++) {
        let tap = 0;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - padInfo.top + kh;
          for (let kw = 0; kw < filterWidth; kw++, tap += inChannels) {
            const iw = ow * strideWidth - padInfo.left + kw;
            const inside = ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth;
            const from = ((n * inHeight + ih) * inWidth + iw) * inChannels;
            for (let c = 0; c < inChannels; c++) columns[(tap + c) * width + position] = inside ? x[from + c]! : 0;
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
