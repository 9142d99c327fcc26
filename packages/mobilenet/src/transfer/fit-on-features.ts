import { trainModel, type BatchLogs, type History } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { requireFrozenSplit } from './fit-transfer-model.js';
import { startTrainingRun, type TransferFitOptions } from './training-run.js';

/**
 * Trains a transfer-learning model the fast way: only its head, on features its frozen base has
 * already produced ({@link extractFeatures}), so the base runs once per image instead of once per
 * image and epoch. Same options, same batch order for the same seed, same Keras training lines and
 * same History as {@link fitTransferModel}, and the same weights up to float rounding (the features
 * may come from an inference-optimized copy of the base). Afterwards the model predicts on images
 * as usual.
 *
 * @param model - a compiled model with a frozen base and a trainable head, as {@link transferModel} makes
 * @param features - the base's output for each training image, `[n, features]`
 * @param labels - class indices, one per image
 * @param options - epochs, batch size, verbosity, validation (on features too), shuffling, seed,
 *   output, `onStep`
 * @returns the History of per-epoch metrics under Keras's names
 * @throws InvalidArgumentError for a model without a frozen base, or bad options; InvalidDataError for
 *   features and labels of different lengths
 * @category Training
 * @example
 * ```ts
 * const model = transferModel(await MobileNetV2(), { classNames: cats.classNames, seed: 42 });
 * const { features, labels } = await extractFeatures(model, cats);
 * const history = await fitOnFeatures(model, features, labels, { epochs: 20, verbose: 2, seed: 42 });
 * tf.dispose([features, labels]);
 * ```
 */
export async function fitOnFeatures(model: LayersModel, features: tf.Tensor, labels: tf.Tensor, options: TransferFitOptions = {}): Promise<History> {
  const split = requireFrozenSplit(model, 'fitOnFeatures');
  let run: ReturnType<typeof startTrainingRun> | undefined;
  try {
    run = startTrainingRun(features, labels, options, 'running-mean');
    const { epochs, batchSize, verbose, shuffle, seed, train, validation, reporter } = run;
    const batches = Math.ceil((train[0].shape[0] as number) / batchSize);
    const onStep = options.onStep;
    let step = 0;
    reporter.onTrainBegin();
    await trainModel(split.head, train[0], train[1], {
      epochs,
      batchSize,
      shuffle,
      seed,
      ...(validation !== undefined ? { validationData: validation } : {}),
      callbacks: {
        onEpochBegin: (epoch) => reporter.onEpochBegin(epoch),
        ...(verbose === 1 || onStep !== undefined
          ? {
              onBatchEnd: (batch: number, logs: BatchLogs) => {
                // The logs compute their running means when read, which the reporter does only to redraw.
                if (verbose === 1) reporter.onBatchEnd?.(batch, logs as unknown as Record<string, number>);
                step += 1;
                onStep?.({ epoch: Math.floor((step - 1) / batches), epochs, step, steps: epochs * batches });
              },
            }
          : {}),
        onEpochEnd: (epoch, logs) => reporter.onEpochEnd(epoch, logs as unknown as Record<string, number>),
      },
    });
    reporter.onTrainEnd();
    return reporter.history;
  } finally {
    if (run !== undefined) tf.dispose([...run.owned]);
    split.dispose();
  }
}
