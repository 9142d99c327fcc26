import { createFitReporter, getPlatform, hasPlatform, InvalidArgumentError, InvalidDataError, type FitOptions, type FitReporter } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Where a training run is, for a progress bar: `step` of `steps` batches over the whole run.
 *
 * @category Training
 * @example
 * ```ts
 * const onStep = ({ step, steps }: TrainingStepProgress) => bar.update(step, `${step}/${steps}`);
 * ```
 */
export interface TrainingStepProgress {
  /** The epoch, counted from 0. */
  readonly epoch: number;
  /** Epochs of the run. */
  readonly epochs: number;
  /** Batches done so far in the whole run. */
  readonly step: number;
  /** Batches of the whole run: epochs times batches per epoch. */
  readonly steps: number;
}

/**
 * Options of {@link fitTransferModel} and {@link fitOnFeatures}: Keras's `fit` arguments, as
 * Dendrite's `fit` takes them, and a progress callback.
 *
 * @category Training
 * @example
 * ```ts
 * const options: TransferFitOptions = { epochs: 20, batchSize: 32, verbose: 2, seed: 42 };
 * ```
 */
export interface TransferFitOptions extends FitOptions {
  /** Called after each batch, with the position in the whole run. */
  readonly onStep?: (progress: TrainingStepProgress) => void;
}

/** The checked settings of a run, and its training and validation data. @internal */
export interface TrainingRun {
  readonly epochs: number;
  readonly batchSize: number;
  readonly verbose: 0 | 1 | 2;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly train: readonly [tf.Tensor, tf.Tensor];
  readonly validation: readonly [tf.Tensor, tf.Tensor] | undefined;
  readonly reporter: FitReporter;
  /** Tensors the run made (a validation split) and frees at the end. */
  readonly owned: readonly tf.Tensor[];
}

function defaultPrint(): (line: string) => void {
  if (hasPlatform()) {
    const platform = getPlatform();
    return (line) => platform.print(line);
  }
  // The global console exists in Node and browsers; reached without DOM types.
  const console = (globalThis as { console?: { log?: (...values: unknown[]) => void } }).console;
  return (line) => console?.log?.(line);
}

function checkLengths(x: tf.Tensor, y: tf.Tensor, what: string): void {
  const samples = x.shape[0] ?? 0;
  if (x.rank === 0 || samples === 0) throw new InvalidDataError(`${what} x`, 'holds no samples', 'Pass at least one sample.');
  if (y.rank === 0 || y.shape[0] !== samples) {
    throw new InvalidDataError(`${what} y`, `has ${y.rank === 0 ? 'no rows' : String(y.shape[0])} labels for ${samples} samples`, 'Give exactly one label per sample, in the same order.');
  }
}

/**
 * Checks Keras's `fit` options, holds out the validation data (the last `validationSplit` of the
 * samples before shuffling, as Keras does, unless `validationData` is given) and makes the reporter
 * that prints Keras's lines.
 *
 * @internal
 */
export function startTrainingRun(x: tf.Tensor, y: tf.Tensor, options: FitOptions, batchLogs: 'per-batch' | 'running-mean' = 'per-batch'): TrainingRun {
  const { epochs = 1, batchSize = 32, verbose = 1, shuffle = true, validationData, validationSplit = 0 } = options;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidArgumentError('epochs', `must be a whole number of at least 1, got ${String(epochs)}`, 'Pass epochs: 20 as the course does.');
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError('batchSize', `must be a whole number of at least 1, got ${String(batchSize)}`, 'Pass batchSize: 32, as Keras defaults to.');
  }
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) {
    throw new InvalidArgumentError('verbose', `must be 0, 1 or 2, got ${String(verbose)}`, 'Pass 0 (silent), 1 (progress bar) or 2 (one line per epoch).');
  }
  if (!(validationSplit >= 0 && validationSplit < 1)) {
    throw new InvalidArgumentError('validationSplit', `must be at least 0 and below 1, got ${String(validationSplit)}`, 'Pass the fraction to hold out, such as 0.25.');
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', `must be a whole number, got ${String(seed)}`, 'Pass a seed such as 42.');
  checkLengths(x, y, 'training');
  const owned: tf.Tensor[] = [];
  let train: readonly [tf.Tensor, tf.Tensor] = [x, y];
  let validation: readonly [tf.Tensor, tf.Tensor] | undefined;
  if (validationData !== undefined) {
    checkLengths(validationData[0], validationData[1], 'validation');
    validation = validationData;
  } else if (validationSplit > 0) {
    const samples = x.shape[0] as number;
    const kept = Math.floor(samples * (1 - validationSplit));
    if (kept === 0 || kept === samples) {
      throw new InvalidDataError('x', `validationSplit ${validationSplit} of ${samples} samples leaves ${kept === 0 ? 'nothing to train on' : 'nothing to validate on'}`, 'Pass more samples or another validationSplit.');
    }
    const parts = [tf.slice(x, 0, kept), tf.slice(y, 0, kept), tf.slice(x, kept), tf.slice(y, kept)] as const;
    owned.push(...parts);
    train = [parts[0], parts[1]];
    validation = [parts[2], parts[3]];
  }
  const reporter = createFitReporter({
    verbose,
    epochs,
    stepsPerEpoch: Math.ceil((train[0].shape[0] as number) / batchSize),
    print: options.print ?? defaultPrint(),
    batchLogs,
    ...(options.write !== undefined ? { write: options.write } : {}),
  });
  return { epochs, batchSize, verbose, shuffle, seed, train, validation, reporter, owned };
}
