import { BatchMatMul, type DataType, getKernel, type TensorInfo, Transpose } from '@tensorflow/tfjs-core';
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

function wasmKernel(name: string) {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`the 'wasm' backend has no ${name} kernel; load @tensorflow/tfjs-backend-wasm first`);
  return kernel.kernelFunc;
}

/**
 * `a` times `b` by the wasm backend's own matrix product, on rank-3 tensors of batch 1. Neither is
 * transposed: TensorFlow.js 4.22's wasm product is about 20 times slower with a transposed operand
 * than a transpose followed by the plain product. The caller owns the result.
 *
 * @internal
 */
export function wasmMatMul(backend: WasmHeapBackend, a: TensorInfo, b: TensorInfo): TensorInfo {
  return wasmKernel(BatchMatMul)({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
}

/**
 * The matrix `rows` × `columns` stored in `tensor`, transposed by the wasm backend, as a rank-3
 * tensor of batch 1. The caller owns the result.
 *
 * @internal
 */
export function wasmTransposed(backend: WasmHeapBackend, tensor: TensorInfo, rows: number, columns: number): TensorInfo {
  return wasmKernel(Transpose)({ inputs: { x: asMatrix(tensor, rows, columns) }, backend, attrs: { perm: [0, 2, 1] } }) as TensorInfo;
}

/**
 * `tensor`'s memory seen as a `rows` × `columns` matrix (a rank-3 tensor of batch 1), without a copy.
 *
 * @internal
 */
export function asMatrix(tensor: TensorInfo, rows: number, columns: number): TensorInfo {
  return { dataId: tensor.dataId, shape: [1, rows, columns], dtype: tensor.dtype };
}
