import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, Logs } from '@tensorflow/tfjs-layers';
import { defaultPrint } from './default-print.js';
import { InvalidArgumentError } from './errors.js';
import { createFitReporter } from './fit-reporter.js';
import { checkTrainingData, checkTrainingNumbers } from './fit-validation.js';
import type { History } from './history.js';
import { trainModel } from './training-loop.js';

/**
 * Options for {@link fit}, named as Keras's `Model.fit` arguments in camelCase.
 *
 * @category Training
 * @example
 * ```ts
 * const options: FitOptions = { epochs: 10, batchSize: 32, verbose: 2, validationSplit: 0.1, seed: 42 };
 * ```
 */
export interface FitOptions {
  /** Passes over the data. Default 1, as Keras. */
  readonly epochs?: number;
  /** Samples per gradient step. Default 32, as Keras. */
  readonly batchSize?: number;
  /** 0 silent, 1 a progress bar per epoch, 2 one line per epoch. Default 1, as Keras. */
  readonly verbose?: 0 | 1 | 2;
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  readonly validationSplit?: number;
  /** Separate validation data `[x, y]`; takes precedence over `validationSplit`. */
  readonly validationData?: readonly [tf.Tensor, tf.Tensor];
  /** Reshuffle the training samples before every epoch. Default true. */
  readonly shuffle?: boolean;
  /** Seed of the shuffling, so that a run can be repeated exactly. */
  readonly seed?: number;
  /** Where finished lines go. Default: the platform's `print`, else the console. */
  readonly print?: (line: string) => void;
  /** Redraws the live line (Keras's verbose 1 bar on a terminal). */
  readonly write?: (line: string) => void;
}

function checkValidationData(model: LayersModel, validationData: FitOptions['validationData']): void {
  if (validationData === undefined) return;
  if (!Array.isArray(validationData) || validationData.length !== 2) {
    throw new InvalidArgumentError('validationData', 'must be a pair [x, y]', 'Pass validationData: [xValidation, yValidation].');
  }
  checkTrainingData(model, validationData[0], validationData[1], 'validationData');
}

/**
 * Trains a compiled tfjs-layers model as Keras's `model.fit` does, after checking the inputs, and
 * prints Keras's training output: at `verbose: 2`, `Epoch 3/10` then
 * `313/313 - 0s - loss: 0.1234 - accuracy: 0.9876` (with `val_loss` and `val_accuracy` when
 * validating). Inputs are checked first, so a mistake fails with a message saying how to fix it:
 * x and y of different lengths, labels out of range for the output layer, NaN values, epochs or a
 * batch size that is not a positive integer.
 *
 * @param model - a compiled tfjs-layers model (its weights and optimizer state are updated)
 * @param x - the samples, first dimension the sample index
 * @param y - the labels, one per sample
 * @param options - epochs, batch size, verbosity, validation, shuffling and where output goes
 * @returns the History of per-epoch metrics under Keras's names (`loss`, `accuracy`, `val_loss`, `val_accuracy`)
 * @throws InvalidArgumentError for bad options, InvalidDataError for bad data
 * @category Training
 * @example
 * ```ts
 * const model = denseClassifier({ seed: 42 });
 * const { x, y } = thresholdDataset({ samples: 10_000, seed: 42 });
 * const history = await fit(model, x, y, { epochs: 10, verbose: 2 });
 * console.log(history.history.accuracy.at(-1)); // close to 1
 * ```
 */
export async function fit(model: LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions = {}): Promise<History> {
  const { epochs = 1, batchSize = 32, verbose = 1, validationSplit = 0, validationData, shuffle = true } = options;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new InvalidArgumentError('verbose', `must be 0, 1 or 2, got ${String(verbose)}`, 'Pass 0 (silent), 1 (progress bar) or 2 (one line per epoch).');
  }
  checkTrainingNumbers({ epochs, batchSize, validationSplit });
  checkTrainingData(model, x, y);
  checkValidationData(model, validationData);

  const samples = x.shape[0] ?? 0;
  const trainingSamples = validationData === undefined && validationSplit > 0 ? Math.floor(samples * (1 - validationSplit)) : samples;
  const reporter = createFitReporter({
    verbose,
    epochs,
    stepsPerEpoch: Math.ceil(trainingSamples / batchSize),
    print: options.print ?? defaultPrint(),
    batchLogs: 'running-mean',
    ...(options.write ? { write: options.write } : {}),
  });
  const { onBatchEnd } = reporter;
  reporter.onTrainBegin();
  try {
    await trainModel(model, x, y, {
      epochs,
      batchSize,
      shuffle,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(validationData !== undefined ? { validationData } : { validationSplit }),
      callbacks: {
        onEpochBegin: (epoch) => reporter.onEpochBegin(epoch),
        // The batch logs compute their values when read; the reporter reads them only to redraw.
        ...(onBatchEnd ? { onBatchEnd: (batch, logs) => onBatchEnd(batch, logs as unknown as Logs) } : {}),
        onEpochEnd: (epoch, logs) => reporter.onEpochEnd(epoch, { ...logs } as Record<string, number>),
      },
    });
  } finally {
    reporter.onTrainEnd();
  }
  return reporter.history;
}
