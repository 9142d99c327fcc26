import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BatchDataset } from './batch-dataset.js';
import { batchSizes, takeRows } from './training-batches.js';
import type { CompiledTraining } from './training-compiled.js';
import { EpochAccumulator } from './training-metrics.js';

/** The model's output in inference mode for a batch. @internal */
export type Predict = (x: tf.Tensor) => tf.Tensor;

/** The model's output in inference mode for a batch of rows of each input tensor. @internal */
export type PredictRows = (rows: readonly tf.Tensor[]) => tf.Tensor;

/** Adds the model's regularisation penalties to the loss and names every value `val_...`, as Keras logs them. */
function validationLogs(model: LayersModel, averages: Record<string, number>): Record<string, number> {
  const penalties = tf.tidy(() => {
    const losses = model.calculateLosses();
    return losses.length === 0 ? 0 : (tf.addN(losses).dataSync()[0] ?? 0);
  });
  averages['loss'] = (averages['loss'] ?? 0) + penalties;
  return Object.fromEntries(Object.entries(averages).map(([name, value]) => [`val_${name}`, value]));
}

/**
 * {@link evaluateValidation} over a dataset's batches as they stream.
 *
 * @internal
 */
export async function evaluateStreamed(
  model: LayersModel,
  dataset: BatchDataset,
  batchSize: number,
  compiled: CompiledTraining,
  predict: Predict,
  preprocess: ((images: tf.Tensor4D) => tf.Tensor4D) | undefined,
): Promise<Record<string, number>> {
  const accumulator = new EpochAccumulator(compiled.loss, compiled.metrics);
  const [, height, width] = model.inputs[0]?.shape ?? [];
  const size = [height ?? 0, width ?? 0] as const;
  try {
    accumulator.start();
    for await (const { xs, ys } of dataset.batches({ batchSize, shuffle: false, seed: 0, size })) {
      try {
        const y = tf.tidy(() => tf.cast(ys.rank === 1 ? tf.reshape(ys, [ys.shape[0] ?? 0, 1]) : ys, 'float32'));
        accumulator.add(
          tf.tidy(() => predict(preprocess !== undefined ? preprocess(xs as tf.Tensor4D) : xs)),
          undefined,
          y,
        );
      } finally {
        tf.dispose([xs, ys]);
      }
    }
    return validationLogs(model, await accumulator.finish());
  } finally {
    accumulator.dispose();
  }
}

/**
 * Splits off the last `fraction` of the samples, before any shuffling, as Keras's
 * `validation_split` does: the first `floor(n · (1 − fraction))` samples train.
 *
 * @internal
 */
export function splitLast(
  x: tf.Tensor,
  y: tf.Tensor,
  fraction: number,
): { train: [tf.Tensor, tf.Tensor]; validation: [tf.Tensor, tf.Tensor] } {
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
 * penalties, as Keras's `val_loss` does. `inputs` are the samples, or what a frozen prefix made of
 * them (one tensor per boundary), with `predict` running the rest of the model on their rows.
 *
 * @internal
 */
export async function evaluateValidation(
  model: LayersModel,
  [inputs, y]: readonly [readonly tf.Tensor[], tf.Tensor],
  batchSize: number,
  compiled: CompiledTraining,
  predict: PredictRows = ([batch]) => model.apply(batch as tf.Tensor, { training: false }) as tf.Tensor,
): Promise<Record<string, number>> {
  const accumulator = new EpochAccumulator(compiled.loss, compiled.metrics);
  try {
    accumulator.start(tf.clone(y));
    let start = 0;
    for (const size of batchSizes(y.shape[0] ?? 0, batchSize)) {
      const rows = start;
      accumulator.add(tf.tidy(() => predict(inputs.map((input) => takeRows(input, rows, size)))));
      start += size;
    }
    return validationLogs(model, await accumulator.finish());
  } finally {
    accumulator.dispose();
  }
}
