import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { batchSizes, takeRows } from './training-batches.js';
import type { CompiledTraining } from './training-compiled.js';
import { EpochAccumulator } from './training-metrics.js';

/**
 * Splits off the last `fraction` of the samples, before any shuffling, as Keras's
 * `validation_split` does: the first `floor(n · (1 − fraction))` samples train.
 *
 * @internal
 */
export function splitLast(x: tf.Tensor, y: tf.Tensor, fraction: number): { train: [tf.Tensor, tf.Tensor]; validation: [tf.Tensor, tf.Tensor] } {
  const samples = x.shape[0] ?? 0;
  const splitAt = Math.floor(samples * (1 - fraction));
  return {
    train: [takeRows(x, 0, splitAt), takeRows(y, 0, splitAt)],
    validation: [takeRows(x, splitAt, samples - splitAt), takeRows(y, splitAt, samples - splitAt)],
  };
}

/**
 * The loss and metrics of `model` in inference mode on a validation set, under Keras's `val_`
 * names. Evaluated in batches of `batchSize` as Keras does; the loss includes any regularisation
 * penalties, as Keras's `val_loss` does.
 *
 * @internal
 */
export async function evaluateValidation(
  model: LayersModel,
  [x, y]: readonly [tf.Tensor, tf.Tensor],
  batchSize: number,
  compiled: CompiledTraining,
): Promise<Record<string, number>> {
  const accumulator = new EpochAccumulator(compiled.loss, compiled.metrics);
  try {
    accumulator.start(tf.clone(y));
    let start = 0;
    for (const size of batchSizes(x.shape[0] ?? 0, batchSize)) {
      const rows = start;
      accumulator.add(tf.tidy(() => model.apply(takeRows(x, rows, size), { training: false }) as tf.Tensor));
      start += size;
    }
    const averages = await accumulator.finish();
    const penalties = tf.tidy(() => {
      const losses = model.calculateLosses();
      return losses.length === 0 ? 0 : (tf.addN(losses).dataSync()[0] ?? 0);
    });
    averages['loss'] = (averages['loss'] ?? 0) + penalties;
    return Object.fromEntries(Object.entries(averages).map(([name, value]) => [`val_${name}`, value]));
  } finally {
    accumulator.dispose();
  }
}
