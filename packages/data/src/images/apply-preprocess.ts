import type { Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs an optional `preprocess` on a batch inside `tf.tidy`, handing back the result and disposing
 * the input batch when a new tensor came back (and when `preprocess` throws).
 *
 * @internal
 */
export function applyPreprocess(batch: Tensor4D, preprocess: ((batch: Tensor4D) => Tensor4D) | undefined): Tensor4D {
  if (preprocess === undefined) return batch;
  let result: Tensor4D;
  try {
    result = tf.tidy(() => preprocess(batch));
  } catch (error) {
    batch.dispose();
    throw error;
  }
  if (result !== batch) batch.dispose();
  return result;
}
