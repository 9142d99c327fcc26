import { InvalidArgumentError, SeededRandom, trainModel, type EpochLogs, type History } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { featureRunner } from './feature-runner.js';
import { splitFrozenBase, type FrozenSplit } from './frozen-base.js';
import { startTrainingRun, type TransferFitOptions } from './training-run.js';

/**
 * Options of {@link fitTransferModel}: Keras's `fit` arguments, and how many images the frozen base
 * runs at once.
 *
 * @category Training
 * @example
 * ```ts
 * const options: FitTransferModelOptions = { epochs: 20, batchSize: 32, verbose: 2, seed: 42, chunkSize: 8 };
 * ```
 */
export interface FitTransferModelOptions extends TransferFitOptions {
  /**
   * Images the frozen base runs at once, whatever the batch size: a batch of 32 runs as 4 chunks
   * of 8, so memory stays that of 8 images. Default 8.
   */
  readonly chunkSize?: number;
  /**
   * Run the frozen base through an inference-optimized copy ({@link optimizeForInference}), about
   * four times faster on MobileNetV2, with the same outputs up to float rounding. Default false:
   * the model's own layers run, as Keras runs them.
   */
  readonly optimize?: boolean;
}

/** @internal */
export function requireFrozenSplit(model: LayersModel, call: string): FrozenSplit {
  const split = splitFrozenBase(model);
  if (split === undefined) {
    throw new InvalidArgumentError(
      'model',
      'has no frozen base feeding a trainable head',
      `Make it with transferModel(base), or freeze the base's layers (layer.trainable = false) before calling ${call}; train other models with fit().`,
    );
  }
  return split;
}

/**
 * Trains a transfer-learning model on images the Keras way: every epoch runs every image through
 * the whole model, batches in a new seeded order each epoch, Keras's training lines printed. What
 * differs from a naive `model.fit` is how the frozen base runs, as Keras 2+ runs it: in inference
 * mode (frozen BatchNormalization uses, and keeps, its moving statistics), and, since no gradient
 * flows into frozen layers, outside the gradient tape and in chunks of `chunkSize` images. So a
 * batch of 32 costs the memory of 8 images rather than keeping all 32 images' activations for a
 * backward pass that never reaches them (which on the wasm backend overflows its memory at batch
 * 16 and above). Only the head's weights and the optimizer's state change.
 *
 * With the same head initialisation, seed and batch size it gives the same weights as
 * {@link fitOnFeatures} on features from {@link extractFeatures}, which runs the base once per
 * image instead of once per image and epoch.
 *
 * @param model - a compiled model with a frozen base and a trainable head, as {@link transferModel} makes
 * @param x - preprocessed images `[n, height, width, 3]` (see {@link preprocessInput})
 * @param y - class indices, one per image
 * @param options - epochs, batch size, verbosity, validation, shuffling, seed, output, `chunkSize`,
 *   `optimize`, `onStep`
 * @returns the History of per-epoch metrics under Keras's names (`loss`, `accuracy`, `val_loss`, `val_accuracy`)
 * @throws InvalidArgumentError for a model without a frozen base, or bad options; InvalidDataError for
 *   images and labels of different lengths
 * @category Training
 * @example
 * ```ts
 * const model = transferModel(await MobileNetV2(), { classNames: ['female', 'male'], seed: 42 });
 * const { xs, ys } = await cats.load({ size: [224, 224], preprocess: preprocessInput });
 * const history = await fitTransferModel(model, xs, ys, { epochs: 20, verbose: 2, seed: 42 });
 * console.log(history.history.accuracy?.at(-1)); // 1
 * ```
 */
export async function fitTransferModel(model: LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitTransferModelOptions = {}): Promise<History> {
  const chunkSize = options.chunkSize ?? 8;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new InvalidArgumentError('chunkSize', `must be a whole number of at least 1, got ${String(chunkSize)}`, 'Leave it out to use 8.');
  }
  const split = requireFrozenSplit(model, 'fitTransferModel');
  let run: ReturnType<typeof startTrainingRun> | undefined;
  // Frozen layers need no gradient: the base runs in inference mode, outside the tape, in chunks.
  const base = featureRunner(model, options.optimize ?? false, chunkSize);
  try {
    run = startTrainingRun(x, y, options);
    const { epochs, batchSize, shuffle, seed, train, validation, reporter } = run;
    const [trainX, trainY] = train;
    const samples = trainX.shape[0] as number;
    const batches = Math.ceil(samples / batchSize);
    // The same order, epoch by epoch, as Dendrite's training loop draws from the same seed, so that
    // this run and one on cached features visit the samples identically.
    const random = new SeededRandom(seed);
    const order = Array.from({ length: samples }, (_, i) => i);
    model.stopTraining = false;
    reporter.onTrainBegin();
    for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
      reporter.onEpochBegin(epoch);
      if (shuffle) random.shuffle(order);
      const parts: tf.Tensor[] = [];
      let epochLogs: EpochLogs;
      try {
        for (let batch = 0; batch < batches; batch++) {
          const rows = tf.tensor1d(order.slice(batch * batchSize, (batch + 1) * batchSize), 'int32');
          const images = tf.gather(trainX, rows) as tf.Tensor4D;
          parts.push(await base.run(images));
          tf.dispose([rows, images]);
          reporter.onBatchEnd?.(batch, { batch, size: Math.min(batchSize, samples - batch * batchSize) });
          options.onStep?.({ epoch, epochs, step: epoch * batches + batch + 1, steps: epochs * batches });
          await tf.nextFrame();
        }
        const features = parts.length === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts);
        if (parts.length > 1) parts.push(features);
        const labels = tf.tidy(() => tf.gather(trainY, tf.tensor1d(order, 'int32')));
        parts.push(labels);
        if (validation !== undefined) parts.push(await base.run(validation[0] as tf.Tensor4D));
        const validationData = validation === undefined ? undefined : ([parts[parts.length - 1] as tf.Tensor, validation[1]] as const);
        const [logs] = await trainModel(split.head, features, labels, {
          epochs: 1,
          batchSize,
          shuffle: false,
          ...(validationData !== undefined ? { validationData } : {}),
        });
        epochLogs = logs as EpochLogs;
      } finally {
        tf.dispose(parts);
      }
      reporter.onEpochEnd(epoch, epochLogs as unknown as Record<string, number>);
    }
    reporter.onTrainEnd();
    return reporter.history;
  } finally {
    if (run !== undefined) tf.dispose([...run.owned]);
    base.dispose();
    split.dispose();
  }
}
