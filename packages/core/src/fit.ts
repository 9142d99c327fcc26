import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, Logs } from '@tensorflow/tfjs-layers';
import { type BatchDataset, isBatchDataset } from './batch-dataset.js';
import type { Callback } from './callbacks.js';
import { defaultPrint } from './default-print.js';
import { InvalidArgumentError } from './errors.js';
import { createFitReporter } from './fit-reporter.js';
import { checkTrainingData, checkTrainingNumbers } from './fit-validation.js';
import type { History } from './history.js';
import { trainModel } from './training-loop.js';

/**
 * Options of {@link fit}, named as Keras's `Model.fit` arguments in camelCase.
 *
 * @category Training
 */
export interface FitOptions {
  /** The epoch to stop at: training runs epochs `initialEpoch` to `epochs - 1`. Default 1, as Keras. */
  readonly epochs?: number;
  /** Samples per gradient step. Default 32, as Keras. */
  readonly batchSize?: number;
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch. Default 1, as Keras. */
  readonly verbose?: 0 | 1 | 2;
  /** Fraction of the samples (tensors only), taken from the end before shuffling, held out for validation. */
  readonly validationSplit?: number;
  /** Validation data: `[x, y]`, or a dataset (such as an `ImageDataset`); takes precedence over `validationSplit`. */
  readonly validationData?: readonly [tf.Tensor, tf.Tensor] | BatchDataset;
  /** Reshuffle the training samples before every epoch. Default true. */
  readonly shuffle?: boolean;
  /** Seed of the shuffling, so that a run can be repeated exactly. */
  readonly seed?: number;
  /** The epoch to start from, to continue a run (a second phase of fine-tuning). Default 0. */
  readonly initialEpoch?: number;
  /** Called during training: {@link EarlyStopping}, {@link ModelCheckpoint}, or objects with `onEpochEnd` and the like. */
  readonly callbacks?: readonly Callback[];
  /**
   * Applied to each batch of images a dataset gives, before training or validating on it (such
   * as MobileNetV2's `preprocessInput`), as Keras's `preprocessing_function`.
   */
  readonly preprocess?: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Where finished lines go. Default: the platform's `print`, else the console. */
  readonly print?: (line: string) => void;
  /** Redraws the live line (Keras's verbose 1 bar on a terminal). */
  readonly write?: (line: string) => void;
}

function checkValidationData(model: LayersModel, validationData: FitOptions['validationData']): void {
  if (validationData === undefined || isBatchDataset(validationData)) return;
  if (!Array.isArray(validationData) || validationData.length !== 2) {
    throw new InvalidArgumentError(
      'validationData',
      'must be a pair [x, y] or a dataset',
      'Pass validationData: [xValidation, yValidation].',
    );
  }
  checkTrainingData(model, validationData[0], validationData[1], 'validationData');
}

/**
 * Trains a compiled tfjs-layers model as Keras's `model.fit` does, on tensors or on a dataset
 * whose batches stream (such as an `ImageDataset` from `@dendrite/data`), and prints Keras's
 * training output: at `verbose: 2`, `Epoch 3/10` then `313/313 - 0s - loss: 0.1234 - accuracy:
 * 0.9876` (with `val_loss` and `val_accuracy` when validating). Inputs are checked first, so a
 * mistake fails with a message saying how to fix it.
 *
 * The model's own optimizer, loss and metrics train only its trainable weights. A frozen part at
 * the start of the model (a base in transfer learning) is in inference mode by definition: it runs
 * outside the gradient tape, through an optimised inference plan when its package registered one
 * (MobileNetV2 does), and frozen BatchNormalization keeps its statistics, as in Keras 2+. A frozen
 * base is run once per sample per fit, not once per epoch, when `x`, `y` and any validation data
 * are tensors, no augmentation layer comes before it and its outputs take at most 512 MB; each
 * epoch then trains the rest of the model on those outputs, in the same batches and with the same
 * results. For the fast way of transfer learning, train the head alone on features from
 * `extractFeatures`.
 *
 * @param model - a compiled tfjs-layers model with one input and one output (updated in place)
 * @param x - the samples, first dimension the sample index; or a dataset of labelled batches
 * @param y - the targets, one per sample (leave out, or pass `undefined`, with a dataset)
 * @param options - epochs, batch size, verbosity, validation, shuffling, callbacks, where output goes
 * @returns the History of per-epoch metrics under Keras's names (`loss`, `accuracy`, `val_loss`, `val_accuracy`)
 * @throws InvalidArgumentError for bad options, InvalidDataError for bad data
 * @category Training
 * @example
 * ```ts
 * const model = tf.sequential({
 *   layers: [tf.layers.dense({ inputShape: [1], units: 8, activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })],
 * });
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * const { x, y } = thresholdDataset({ samples: 10_000, seed: 42 });
 * const stop = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
 * const history = await fit(model, x, y, { epochs: 10, validationSplit: 0.2, verbose: 2, callbacks: [stop] });
 * console.log(history.history.val_accuracy.at(-1)); // close to 1
 * ```
 */
export async function fit(model: LayersModel, x: tf.Tensor, y: tf.Tensor, options?: FitOptions): Promise<History>;
/**
 * Trains a compiled tfjs-layers model on a dataset whose batches stream, one batch in memory at a time.
 *
 * @param model - a compiled tfjs-layers model with one input and one output (updated in place)
 * @param dataset - labelled batches, such as an `ImageDataset` from `@dendrite/data`; fit disposes each batch
 * @param options - epochs, batch size, verbosity, validation, shuffling, callbacks, where output goes
 * @returns the History of per-epoch metrics under Keras's names
 */
export async function fit(model: LayersModel, dataset: BatchDataset, options?: FitOptions): Promise<History>;
/**
 * Trains a compiled tfjs-layers model on a dataset, with the targets' place left empty as in Keras's `fit(dataset, None)`.
 *
 * @param model - a compiled tfjs-layers model with one input and one output (updated in place)
 * @param dataset - labelled batches, such as an `ImageDataset` from `@dendrite/data`; fit disposes each batch
 * @param y - `undefined`: the dataset's batches carry the targets
 * @param options - epochs, batch size, verbosity, validation, shuffling, callbacks, where output goes
 * @returns the History of per-epoch metrics under Keras's names
 */
export async function fit(model: LayersModel, dataset: BatchDataset, y: undefined, options?: FitOptions): Promise<History>;
export async function fit(
  model: LayersModel,
  x: tf.Tensor | BatchDataset,
  yOrOptions?: tf.Tensor | FitOptions,
  maybeOptions?: FitOptions,
): Promise<History> {
  const streamed = isBatchDataset(x);
  const y = streamed ? undefined : (yOrOptions as tf.Tensor);
  const options: FitOptions = (streamed && yOrOptions !== undefined ? (yOrOptions as FitOptions) : maybeOptions) ?? {};
  const { epochs = 1, batchSize = 32, verbose = 1, validationSplit = 0, validationData, shuffle = true, initialEpoch = 0 } = options;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new InvalidArgumentError(
      'verbose',
      `must be 0, 1 or 2, got ${String(verbose)}`,
      'Pass 0 (silent), 1 (progress bar) or 2 (one line per epoch).',
    );
  }
  checkTrainingNumbers({ epochs, batchSize, validationSplit });
  if (!streamed) checkTrainingData(model, x, y as tf.Tensor);
  checkValidationData(model, validationData);

  const samples = streamed ? x.length : (x.shape[0] ?? 0);
  const trainingSamples = validationData === undefined && validationSplit > 0 ? Math.floor(samples * (1 - validationSplit)) : samples;
  const reporter = createFitReporter({
    verbose,
    epochs,
    stepsPerEpoch: Math.max(1, Math.ceil(trainingSamples / batchSize)),
    print: options.print ?? defaultPrint(),
    batchLogs: 'running-mean',
    ...(options.write ? { write: options.write } : {}),
  });
  const { onBatchEnd } = reporter;
  const report: Callback = {
    onEpochBegin: (epoch) => reporter.onEpochBegin(epoch),
    // The batch logs compute their values when read; the reporter reads them only to redraw.
    ...(onBatchEnd ? { onBatchEnd: (batch, logs) => onBatchEnd(batch, logs as unknown as Logs) } : {}),
    onEpochEnd: (epoch, logs) => reporter.onEpochEnd(epoch, { ...logs } as Record<string, number>),
  };
  reporter.onTrainBegin();
  try {
    await trainModel(model, x, y, {
      epochs,
      batchSize,
      shuffle,
      initialEpoch,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.preprocess !== undefined ? { preprocess: options.preprocess } : {}),
      ...(validationData !== undefined ? { validationData } : { validationSplit }),
      // The reporter last, as Keras appends its progress bar after the user's callbacks.
      callbacks: [...(options.callbacks ?? []), report],
    });
  } finally {
    reporter.onTrainEnd();
  }
  return reporter.history;
}
