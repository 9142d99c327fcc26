import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { datasetBatches, type DatasetContext } from './dataset-batches.js';
import type { ImageDatasetExample, ImageDatasetLoadOptions, LoadedImageDataset } from './image-dataset-types.js';

/**
 * Reads every example, in order, into one pair of tensors. Files are read 32 at a time, so the
 * undecoded files of only one chunk are in memory at once.
 *
 * @internal
 */
export async function loadDataset<Labels extends Tensor1D | Tensor2D>(
  examples: readonly ImageDatasetExample[],
  options: ImageDatasetLoadOptions,
  context: DatasetContext,
): Promise<LoadedImageDataset<Labels>> {
  const settings = options ?? ({} as ImageDatasetLoadOptions);
  const batches = datasetBatches<Labels>(examples, { ...settings, batchSize: 32, shuffle: false }, context);
  const xsParts: Tensor4D[] = [];
  const ysParts: Labels[] = [];
  const sources: string[] = [];
  try {
    for await (const batch of batches) {
      xsParts.push(batch.xs);
      ysParts.push(batch.ys);
      sources.push(...batch.sources);
    }
    if (xsParts.length === 0) {
      const [height, width] = settings.size ?? context.defaults.imageSize ?? [0, 0];
      const mode = context.defaults.labelMode ?? 'int';
      const labelShape: [number] | [number, number] = mode === 'int' ? [0] : [0, mode === 'binary' ? 1 : context.classCount];
      return { xs: tf.zeros([0, height, width, 3], 'float32'), ys: tf.zeros(labelShape, 'float32') as Labels, sources };
    }
    const xs = xsParts.length === 1 ? (xsParts.pop() as Tensor4D) : tf.concat(xsParts, 0);
    try {
      const ys = ysParts.length === 1 ? (ysParts.pop() as Labels) : (tf.concat(ysParts, 0) as Labels);
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
