import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether taking a slice costs a copy of the whole source tensor: tfjs-backend-wasm's slice reads the
 * full input before copying the part asked for, so there a gather by index is far cheaper.
 */
function slicesCopyWholeTensor(): boolean {
  return tf.getBackend() === 'wasm';
}

/** Training data up to this many numbers (16 MB of float32) is batched from a copy in memory. */
const MAX_HOST_ELEMENTS = 1 << 22;

/**
 * Rows `start .. start + count` of `tensor` (along axis 0) as a new tensor, by the cheapest route on
 * the current backend.
 *
 * @internal
 */
export function takeRows(tensor: tf.Tensor, start: number, count: number): tf.Tensor {
  if (start === 0 && count === tensor.shape[0]) return tf.clone(tensor);
  if (slicesCopyWholeTensor()) {
    return tf.tidy(() => tf.gather(tensor, tf.range(start, start + count, 1, 'int32')));
  }
  return tf.slice(tensor, start, count);
}

/**
 * The sizes of the batches of one epoch: full batches, then the remainder.
 *
 * @internal
 */
export function batchSizes(samples: number, batchSize: number): number[] {
  const steps = Math.ceil(samples / batchSize);
  return Array.from({ length: steps }, (_, b) => Math.min(batchSize, samples - b * batchSize));
}

/**
 * `tensor`'s rows in the order `order` (the whole epoch at once).
 *
 * @internal
 */
export function gatherRows(tensor: tf.Tensor, order: Int32Array): tf.Tensor {
  return tf.tidy(() => tf.gather(tensor, tf.tensor1d(order, 'int32')));
}

/**
 * The batches of one epoch.
 *
 * @internal
 */
export interface EpochBatches {
  /** Number of batches in the epoch. */
  readonly count: number;
  /** The size of batch `index`. */
  size(index: number): number;
  /** Batch `index` of every source; the caller disposes them. */
  take(index: number): tf.Tensor[];
  /** Frees what the epoch still holds (when training stops early). */
  dispose(): void;
}

/**
 * Cuts batches from the training tensors, in a new order each epoch, by the cheapest route: small
 * data (the course's 10,000 numbers, or cached image features) is read into memory once and each
 * batch is uploaded as a new tensor, with no kernel launched; larger data is gathered on the device,
 * once per epoch and split into batches in one call, or (on wasm, whose slices copy the whole
 * source) gathered batch by batch.
 *
 * @internal
 */
export class Batcher {
  private readonly host: Array<{ values: tf.TypedArray; rowShape: number[]; rowSize: number; dtype: tf.DataType }> | undefined;

  /**
   * @param sources - tensors with one row per sample, cut into batches alike
   * @param maxHostElements - the most numbers (over all sources) batched from memory
   */
  constructor(
    private readonly sources: readonly tf.Tensor[],
    maxHostElements = MAX_HOST_ELEMENTS,
  ) {
    const elements = sources.reduce((sum, source) => sum + source.size, 0);
    const numeric = sources.every((source) => source.dtype === 'float32' || source.dtype === 'int32' || source.dtype === 'bool');
    if (elements <= maxHostElements && numeric) {
      this.host = sources.map((source) => {
        const rowShape = source.shape.slice(1);
        return { values: source.dataSync() as tf.TypedArray, rowShape, rowSize: tf.util.sizeFromShape(rowShape), dtype: source.dtype };
      });
    }
  }

  /** The batches of an epoch that visits the samples in `order`. */
  epoch(order: Int32Array, batchSize: number): EpochBatches {
    const sizes = batchSizes(order.length, batchSize);
    const size = (index: number): number => sizes[index] ?? 0;
    const host = this.host;
    if (host !== undefined) {
      return {
        count: sizes.length,
        size,
        take: (index) => {
          const rows = order.subarray(index * batchSize, index * batchSize + size(index));
          return host.map(({ values, rowShape, rowSize, dtype }) => {
            const batch = new (values.constructor as new (length: number) => tf.TypedArray)(rows.length * rowSize);
            if (rowSize === 1)
              rows.forEach((row, i) => {
                batch[i] = values[row] as number;
              });
            else
              rows.forEach((row, i) => {
                batch.set(values.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
              });
            return tf.tensor(batch, [rows.length, ...rowShape], dtype);
          });
        },
        dispose: () => {},
      };
    }
    if (slicesCopyWholeTensor()) {
      return {
        count: sizes.length,
        size,
        take: (index) =>
          tf.tidy(() => {
            const indices = tf.tensor1d(order.subarray(index * batchSize, index * batchSize + size(index)), 'int32');
            return this.sources.map((source) => tf.gather(source, indices));
          }),
        dispose: () => {},
      };
    }
    const split = tf.tidy(() => {
      const indices = tf.tensor1d(order, 'int32');
      return this.sources.map((source) => tf.split(tf.gather(source, indices), sizes));
    });
    return {
      count: sizes.length,
      size,
      take: (index) => split.map((parts) => parts[index] as tf.Tensor),
      dispose: () => {
        for (const parts of split) for (const part of parts) if (!part.isDisposed) part.dispose();
      },
    };
  }
}
