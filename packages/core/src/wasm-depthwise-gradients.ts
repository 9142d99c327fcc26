import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { heapFloats, type WasmHeapBackend } from './wasm-heap-backend.js';

// A depthwise convolution multiplies each input channel c by its own filters (c, m) for m below the
// depth multiplier M, writing output channel c·M + m. Both gradients walk every (output position,
// filter tap) pair that lands inside the input once, with the channels innermost so the heap is
// read in order; MobileNetV2's 3×3 ones are small next to its 1×1 convolutions.

type Shape4 = [number, number, number, number];

/** Calls `visit(xAt, dyAt, wAt)` for every output position and filter tap that reads the input. */
function forEachTap(info: backend_util.Conv2DInfo, visit: (xAt: number, dyAt: number, wAt: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth, dilationHeight, dilationWidth, strideHeight, strideWidth, padInfo } = info;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let kh = 0; kh * dilationHeight < effectiveFilterHeight; kh++) {
        const ih = oh * strideHeight - padInfo.top + kh * dilationHeight;
        if (ih < 0 || ih >= inHeight) continue;
        for (let ow = 0; ow < outWidth; ow++) {
          const dyAt = ((n * outHeight + oh) * outWidth + ow) * outChannels;
          for (let kw = 0; kw * dilationWidth < effectiveFilterWidth; kw++) {
            const iw = ow * strideWidth - padInfo.left + kw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            visit(((n * inHeight + ih) * inWidth + iw) * inChannels, dyAt, (kh * filterWidth + kw) * outChannels);
          }
        }
      }
    }
  }
}

/**
 * The filter gradient of a depthwise convolution (NHWC) on the wasm backend:
 * dW[kh, kw, c, m] = Σ x[n, ih, iw, c] · dy[n, oh, ow, c·M + m], summed in double precision.
 *
 * @internal
 */
export const depthwiseFilterGradient: KernelFunc = ({ inputs, backend, attrs }) => {
  const heap = backend as WasmHeapBackend;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, filterShape, strides, dilations, pad, dimRoundingMode, true);
  const channels = info.inChannels;
  const multiplier = info.outChannels / channels;
  const sum = new Float64Array(filterShape[0] * filterShape[1] * info.outChannels);
  const output = heap.makeOutput([...filterShape], 'float32');
  const xs = heapFloats(heap, x);
  const dys = heapFloats(heap, dy);
  if (multiplier === 1) {
    forEachTap(info, (xAt, dyAt, wAt) => {
      for (let c = 0; c < channels; c++) sum[wAt + c]! += xs[xAt + c]! * dys[dyAt + c]!;
    });
  } else {
    forEachTap(info, (xAt, dyAt, wAt) => {
      for (let c = 0, o = 0; c < channels; c++) {
        const value = xs[xAt + c]!;
        for (let m = 0; m < multiplier; m++, o++) sum[wAt + o]! += value * dys[dyAt + o]!;
      }
    });
  }
  heapFloats(heap, output).set(sum);
  return output;
};

/**
 * The input gradient of a depthwise convolution (NHWC) on the wasm backend:
 * dx[n, ih, iw, c] = Σ dy[n, oh, ow, c·M + m] · W[kh, kw, c, m] over the taps that read it.
 *
 * @internal
 */
export const depthwiseInputGradient: KernelFunc = ({ inputs, backend, attrs }) => {
  const heap = backend as WasmHeapBackend;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4, strides, dilations, pad, dimRoundingMode, true);
  const channels = info.inChannels;
  const multiplier = info.outChannels / channels;
  const output = heap.makeOutput([...inputShape], 'float32');
  const dx = heapFloats(heap, output);
  const dys = heapFloats(heap, dy);
  const weights = heapFloats(heap, filter);
  dx.fill(0);
  if (multiplier === 1) {
    forEachTap(info, (xAt, dyAt, wAt) => {
      for (let c = 0; c < channels; c++) dx[xAt + c]! += dys[dyAt + c]! * weights[wAt + c]!;
    });
  } else {
    forEachTap(info, (xAt, dyAt, wAt) => {
      for (let c = 0, o = 0; c < channels; c++) {
        let total = 0;
        for (let m = 0; m < multiplier; m++, o++) total += dys[dyAt + o]! * weights[wAt + o]!;
        dx[xAt + c]! += total;
      }
    });
  }
  return output;
};

/**
 * DepthwiseConv2dNativeBackpropFilter for the 'wasm' backend, which TensorFlow.js 4.22 lacks.
 *
 * @internal
 */
export const depthwiseFilterGradientConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseFilterGradient,
};

/**
 * DepthwiseConv2dNativeBackpropInput for the 'wasm' backend, which TensorFlow.js 4.22 lacks.
 *
 * @internal
 */
export const depthwiseInputGradientConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseInputGradient,
};
