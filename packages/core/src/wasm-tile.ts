import type { KernelFunc, TensorInfo, TileAttrs } from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from './wasm-heap-backend.js';

/**
 * Tile for the wasm backend by copying whole rows of the last axis, which TensorFlow.js 4.22's
 * element-by-element kernel is about thirty times slower at (the gradient of a frozen
 * BatchNormalization tiles its scale over the whole activation). Strings go to `original`.
 *
 * @internal
 */
export function rowCopyTile(original: KernelFunc): KernelFunc {
  return (parameters) => {
    const { inputs, backend, attrs } = parameters;
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as TileAttrs;
    if (x.dtype === 'string' || x.shape.length === 0) return original(parameters);
    const heap = backend as WasmHeapBackend;
    const shape = x.shape;
    const rank = shape.length;
    const outShape = shape.map((size, axis) => size * reps[axis]!);
    const output = heap.makeOutput(outShape, x.dtype);
    const source = heap.typedArrayFromHeap(x);
    const target = heap.typedArrayFromHeap(output);
    if (target.length === 0) return output;

    const row = shape[rank - 1]!;
    const copies = reps[rank - 1]!;
    // Where each source row starts, walked as an odometer over the output's leading axes.
    const rowStrides = new Array<number>(rank - 1);
    for (let axis = rank - 2, stride = 1; axis >= 0; axis--) {
      rowStrides[axis] = stride;
      stride *= shape[axis]!;
    }
    const index = new Array<number>(rank - 1).fill(0);
    const rows = target.length / (row * copies);
    let from = 0;
    for (let r = 0, to = 0; r < rows; r++) {
      if (row >= 16) {
        const slice = source.subarray(from * row, from * row + row);
        for (let k = 0; k < copies; k++, to += row) target.set(slice, to);
      } else {
        for (let k = 0; k < copies; k++) for (let c = 0; c < row; c++, to++) target[to] = source[from * row + c]!;
      }
      for (let axis = rank - 2; axis >= 0; axis--) {
        index[axis]!++;
        from += rowStrides[axis]!;
        if (index[axis]! % shape[axis]! === 0) from -= shape[axis]! * rowStrides[axis]!;
        if (index[axis]! < outShape[axis]!) break;
        index[axis] = 0;
      }
    }
    return output;
  };
}
