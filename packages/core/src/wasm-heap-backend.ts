import { BatchMatMul, type DataType, getKernel, type TensorInfo } from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors.js';

/**
 * The public methods of TensorFlow.js's `BackendWasm` that Dendrite's own wasm kernels use: memory
 * on the WebAssembly heap for outputs, and views of a tensor's bytes there. Core never imports the
 * backend; this is the shape it is used through.
 *
 * @internal
 */
export interface WasmHeapBackend {
  /** Allocates an output tensor on the heap; its memory is not cleared. */
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of a tensor's memory on the heap; any later allocation may invalidate it. */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** Releases a tensor made by a kernel and not handed out. */
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * A float32 view of `info`'s memory on the heap, taken after the allocations it must survive.
 *
 * @internal
 */
export function heapFloats(backend: WasmHeapBackend, info: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) {
    throw new InvalidArgumentError(
      'tensor',
      `is ${info.dtype}, and this gradient kernel computes float32 only`,
      'Cast it to float32 first.',
    );
  }
  return view;
}

/**
 * `a` (transposed when asked) times `b` by the wasm backend's own matrix product, on rank-3
 * tensors of batch 1. The caller owns the result.
 *
 * @internal
 */
export function wasmMatMul(backend: WasmHeapBackend, a: TensorInfo, b: TensorInfo, transposeA: boolean): TensorInfo {
  const kernel = getKernel(BatchMatMul, 'wasm');
  if (kernel === undefined) throw new Error("the 'wasm' backend has no BatchMatMul kernel; load @tensorflow/tfjs-backend-wasm first");
  return kernel.kernelFunc({ inputs: { a, b }, backend, attrs: { transposeA, transposeB: false } }) as TensorInfo;
}
