import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';
import { datasetBatches } from './dataset-batches.js';
import type { ImageDatasetExample, ImageDatasetLoadOptions, LoadedImageDataset } from './image-dataset-types.js';

/**
 * Reads every example, in order, into one pair of tensors. Files are read 32 at a time, so the
 * undecoded files of only one chunk are in memory at once.
 *
 * @internal
 */
export async function loadDataset(
  examples: readonly ImageDatasetExample[],
  options: ImageDatasetLoadOptions,
): Promise<LoadedImageDataset> {
  const settings = options ?? ({} as ImageDatasetLoadOptions);
  const batches = datasetBatches(examples, { ...settings, batchSize: 32, shuffle: false });
  const xsParts: Tensor4D[] = [];
  const ysParts: Tensor1D[] = [];
  const sources: string[] = [];
  try {
    for await (const batch of batches) {
      xsParts.push(batch.xs);
      ysParts.push(batch.ys);
      sources.push(...batch.sources);
    }
    if (xsParts.length === 0) {
      const [height, width] = settings.size;
      return { xs: tf.zeros([0, height, width, 3], 'float32'), ys: tf.zeros([0], 'float32'), sources };
    }
    const xs = xsParts.length === 1 ? (xsParts.pop() as Tensor4D) : tf.concat(xsParts, 0);
    try {
      const ys = ysParts.length === 1 ? (ysParts.pop() as Tensor1D) : tf.concat(ysParts, 0);
      return { xs, ys, sources };
    } catch (error) {
      xs.dispose();
      throw error;
    }
  } finally {
    tf.dispose(xsParts);
    tf.dispose(ysParts);
  }
}
