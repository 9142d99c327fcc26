import type * as tf from '@tensorflow/tfjs-core';

/**
 * What {@link fit} asks a dataset for each epoch: batches of `batchSize` examples, in a shuffled
 * order (seeded) when `shuffle` is set, images resized to the model's input `size`. This is
 * `ImageDataset.batches`'s options, so an `ImageDataset` of `@dendrite/data` is a {@link BatchDataset}.
 *
 * @category Training
 */
export interface BatchRequest {
  /** Examples in each batch; the last batch of an epoch may hold fewer. */
  readonly batchSize: number;
  /** Whether to draw the examples in a new random order each epoch. */
  readonly shuffle: boolean;
  /** Seed of the shuffle, so the same seed gives the same order. */
  readonly seed: number;
  /** `[height, width]` of the model's input images. */
  readonly size: readonly [number, number];
}

/**
 * A dataset {@link fit} can train on as its batches stream, such as `@dendrite/data`'s
 * `ImageDataset`: only one batch is in memory at a time. The batches' `xs` and `ys` are handed
 * over: fit disposes them.
 *
 * @category Training
 */
export interface BatchDataset {
  /** How many examples it has. */
  readonly length: number;
  /**
   * The examples as labelled batches, for one epoch.
   *
   * @param request - batch size, shuffle and seed, and the image size the model takes
   * @returns the batches in order, `xs` `[n, ...]` and `ys` `[n]` (class indices) or `[n, k]`, each owned by the caller
   */
  batches(request: BatchRequest): AsyncIterable<{ readonly xs: tf.Tensor; readonly ys: tf.Tensor }>;
}

/** Whether `value` is a {@link BatchDataset} rather than a tensor or a pair of them. @internal */
export function isBatchDataset(value: unknown): value is BatchDataset {
  return typeof value === 'object' && value !== null && typeof (value as Partial<BatchDataset>).batches === 'function' && typeof (value as Partial<BatchDataset>).length === 'number';
}
