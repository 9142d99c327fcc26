import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidDataError } from './errors.js';
import { checkTrainingNumbers } from './fit-validation.js';
import { SeededRandom } from './random.js';
import { lazyBatchLogs, type BatchLogs } from './training-batch-logs.js';
import { Batcher, gatherRows } from './training-batches.js';
import { compiledTraining, type CompiledTraining } from './training-compiled.js';
import { DenseStackStep, denseTargets, planDenseStack } from './training-dense-step.js';
import { FlatAdamStore } from './training-flat-adam.js';
import { planFrozenPrefix } from './training-frozen-prefix.js';
import { EpochAccumulator, type LossOrMetricFn } from './training-metrics.js';
import { OptimizerStore } from './training-parameters.js';
import type { TrainingStep } from './training-step.js';
import { TapeStep } from './training-tape-step.js';
import { evaluateValidation, splitLast } from './training-validation.js';

/**
 * The loss and metrics of one epoch, as Keras's `History` records them: each is the mean over the
 * epoch's samples of the values computed on each batch during training, and the `val_` entries are
 * computed on the validation data at the end of the epoch.
 *
 * @category Training
 * @example
 * ```ts
 * const logs: EpochLogs = { loss: 0.12, accuracy: 0.98, val_loss: 0.1, val_accuracy: 0.99 };
 * ```
 */
export interface EpochLogs {
  /** Mean training loss over the epoch (including regularisation penalties, as Keras reports it). */
  readonly loss: number;
  /** Mean validation loss, when validating. */
  readonly val_loss?: number;
  /** Each compiled metric under its Keras name (such as `accuracy`), and `val_<name>` when validating. */
  readonly [name: string]: number | undefined;
}

/**
 * Functions called during training, with Keras's names and timing. Each may return a promise,
 * which is awaited. A callback can stop training early by setting `model.stopTraining = true`, as
 * Keras's EarlyStopping does. The model's weights are current whenever a callback runs.
 *
 * @category Training
 * @example
 * ```ts
 * const callbacks: TrainingCallbacks = {
 *   onEpochEnd: (epoch, logs) => console.log(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}`),
 * };
 * ```
 */
export interface TrainingCallbacks {
  /** Called before each epoch, with its index from 0. */
  readonly onEpochBegin?: (epoch: number) => void | Promise<void>;
  /**
   * Called after each batch. Its logs compute their values only when read, since reading waits for
   * the device: read them every batch only if you need them every batch.
   */
  readonly onBatchEnd?: (batch: number, logs: BatchLogs) => void | Promise<void>;
  /** Called after each epoch (and its validation), with the epoch's logs. */
  readonly onEpochEnd?: (epoch: number, logs: EpochLogs) => void | Promise<void>;
}

/**
 * Options of {@link trainModel}, named as in Keras's `fit`.
 *
 * @category Training
 * @example
 * ```ts
 * const options: TrainingLoopOptions = { epochs: 10, batchSize: 32, validationSplit: 0.1, seed: 42 };
 * ```
 */
export interface TrainingLoopOptions {
  /** Passes over the training data. Default 1, as in Keras. */
  readonly epochs?: number;
  /** Samples per gradient step. Default 32, as in Keras. */
  readonly batchSize?: number;
  /** Reshuffle the training samples before every epoch. Default true. */
  readonly shuffle?: boolean;
  /**
   * Seed of the shuffling, so that a run repeats exactly (with seeded initial weights). Without it
   * the order is random, as tfjs-layers' `fit` shuffles with `Math.random`.
   */
  readonly seed?: number;
  /**
   * Fraction of the samples, taken from the end before any shuffling as Keras does, held out to
   * validate on at the end of each epoch. Ignored when `validationData` is given.
   */
  readonly validationSplit?: number;
  /** Samples and targets to validate on at the end of each epoch. */
  readonly validationData?: readonly [tf.Tensor, tf.Tensor];
  /** Functions called during training. */
  readonly callbacks?: TrainingCallbacks;
}

/** How often, at most, the loop lets the event loop run (timers, rendering, progress output). */
const YIELD_EVERY_MS = 100;

/**
 * Which training step to use: the fastest that fits (`auto`), always the taped one (`tape`, which
 * still runs a frozen prefix outside the tape), or the taped one over the whole model
 * (`whole-tape`, to compare with). @internal
 */
export type StepStrategy = 'auto' | 'tape' | 'whole-tape';

/**
 * Trains a compiled single-input, single-output tfjs-layers model on `x` and `y`, the way Keras's
 * `fit` does and faster than `model.fit`: the model's own optimizer, loss and metrics; batches in a
 * fresh random order every epoch; metrics averaged over each epoch's samples; validation at the end
 * of each epoch. The model's variables hold the trained weights afterwards, only trainable weights
 * change, and the optimizer's state carries over to the next call, as in Keras.
 *
 * Two steps do the work. A Sequential stack of Dense layers (relu, linear, sigmoid or tanh hidden
 * layers; a softmax output with sparse or plain categorical crossentropy, a sigmoid output with
 * binary crossentropy, or a linear output with mean squared error; no regularisers or constraints)
 * trains through fused matMul kernels with a hand-written backward pass, and an Adam optimizer
 * updates all its weights as one vector with bit-identical arithmetic: the course's network trains
 * about three times faster than with `model.fit`. Every other model (any layer, loss, optimizer,
 * regulariser) runs the generic step: `model.apply(x, { training: true })` under the gradient tape
 * and the optimizer's `minimize`, as `model.fit` does, with frozen BatchNormalization layers in
 * inference mode as in Keras 2+. When the model starts with a frozen part (every layer up to the
 * first trainable one without trainable weights, as in transfer learning), the generic step runs
 * that part in inference mode, outside the tape and 8 samples at a time, and tapes only the rest:
 * the same results, in the memory of the trainable part (see `planFrozenPrefix` for when it does
 * not split, such as a frozen part holding Dropout). Both keep batches cheap (data small enough is batched from memory,
 * larger data is gathered once per epoch), run the metrics over many batches at once and read the
 * device once per epoch, and await nothing per batch unless a batch callback returns a promise.
 *
 * Where the fast step differs from tfjs-layers: for crossentropy it uses Keras's gradient through
 * the logits, `(p − t) / batch`, where tfjs differentiates through its clipping of `p` to
 * [1e-7, 1 − 1e-7] (a difference only for samples already predicted to within 1e-7). In both
 * steps, metrics that give one value per batch rather than per sample (tfjs's `precision` and
 * `recall`) are computed over many batches at once (the whole epoch for small data, closer to
 * Keras's stateful metrics) rather than averaged batch by batch as tfjs does.
 *
 * @param model - a compiled tfjs-layers model with one input and one output
 * @param x - training samples, `[samples, ...inputShape]`
 * @param y - training targets, one row per sample (class indices for sparse categorical crossentropy)
 * @param options - epochs, batch size, shuffling, validation and callbacks
 * @returns the logs of every epoch run, in order
 * @throws InvalidArgumentError when the model is not compiled or has several inputs or outputs, or
 * an option is out of range
 * @throws InvalidDataError when `x` and `y` (or the validation data) differ in length
 * @category Training
 * @example
 * ```ts
 * const model = denseClassifier({ seed: 42 });
 * const history = await trainModel(model, x, y, { epochs: 10, batchSize: 32, validationSplit: 0.1, seed: 1 });
 * console.log(history.at(-1)?.accuracy);
 * ```
 */
export function trainModel(model: LayersModel, x: tf.Tensor, y: tf.Tensor, options: TrainingLoopOptions = {}): Promise<EpochLogs[]> {
  return trainModelWith(model, x, y, options, 'auto');
}

/**
 * {@link trainModel} with a choice of step, so tests and benchmarks can compare the fast step with
 * the generic one.
 *
 * @internal
 */
export async function trainModelWith(
  model: LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: TrainingLoopOptions,
  strategy: StepStrategy,
): Promise<EpochLogs[]> {
  const { epochs = 1, batchSize = 32, shuffle = true, seed, validationData, callbacks = {} } = options;
  const validationSplit = validationData === undefined ? (options.validationSplit ?? 0) : 0;
  checkTrainingNumbers({ epochs, batchSize, validationSplit });
  const compiled = compiledTraining(model);
  const owned: tf.Tensor[] = [];
  const own = (tensor: tf.Tensor): tf.Tensor => {
    owned.push(tensor);
    return tensor;
  };
  let step: TrainingStep | undefined;
  let accumulator: EpochAccumulator | undefined;
  try {
    let [xTrain, yTrain] = standardize(x, y, 'x', 'y', own);
    let validation: [tf.Tensor, tf.Tensor] | undefined;
    if (validationData !== undefined) {
      validation = standardize(validationData[0], validationData[1], 'validationData x', 'validationData y', own);
    } else if (validationSplit > 0) {
      const split = splitLast(xTrain, yTrain, validationSplit);
      [xTrain, yTrain] = split.train.map(own) as [tf.Tensor, tf.Tensor];
      validation = split.validation.map(own) as [tf.Tensor, tf.Tensor];
      if ((xTrain.shape[0] ?? 0) === 0) {
        throw new InvalidDataError('x', `validationSplit ${validationSplit} leaves no samples to train on`, 'Pass more samples or a smaller validationSplit.');
      }
    }

    const chosen = chooseStep(model, compiled, xTrain, yTrain, strategy, own);
    step = chosen.step;
    accumulator = new EpochAccumulator(chosen.lossFromPredictions, compiled.metrics);
    const run: EpochRun = {
      model,
      step,
      accumulator,
      batcher: new Batcher(chosen.sources),
      targets: yTrain,
      batchSize,
      callbacks,
      logNames: ['loss', ...compiled.metrics.map((m) => m.name)],
      lastYield: tf.util.now(),
    };
    const order = Array.from({ length: xTrain.shape[0] ?? 0 }, (_, i) => i);
    const random = new SeededRandom(seed ?? Math.floor(Math.random() * 2 ** 31));
    const history: EpochLogs[] = [];
    model.stopTraining = false;

    for (let epoch = 0; epoch < epochs && !model.stopTraining; epoch++) {
      if (callbacks.onEpochBegin !== undefined) {
        await callbacks.onEpochBegin(epoch);
        step.adopt();
      }
      if (shuffle) random.shuffle(order);
      let logs = await trainEpoch(run, Int32Array.from(order), shuffle);
      step.sync();
      if (validation !== undefined) logs = { ...logs, ...(await evaluateValidation(model, validation, batchSize, compiled)) };
      const epochLogs = logs as EpochLogs;
      history.push(epochLogs);
      if (callbacks.onEpochEnd !== undefined) {
        await callbacks.onEpochEnd(epoch, epochLogs);
        step.adopt();
      }
    }
    return history;
  } finally {
    accumulator?.dispose();
    step?.finish();
    tf.dispose(owned);
  }
}

/** What one epoch of training works with. */
interface EpochRun {
  readonly model: LayersModel;
  readonly step: TrainingStep;
  readonly accumulator: EpochAccumulator;
  readonly batcher: Batcher;
  /** The training targets, in sample order, for the metrics. */
  readonly targets: tf.Tensor;
  readonly batchSize: number;
  readonly callbacks: TrainingCallbacks;
  readonly logNames: readonly string[];
  /** When the loop last let the event loop run. */
  lastYield: number;
}

/** Runs the batches of one epoch in `order` and returns the epoch's averages. */
async function trainEpoch(run: EpochRun, order: Int32Array, shuffled: boolean): Promise<Record<string, number>> {
  const { model, step, accumulator, callbacks } = run;
  const batches = run.batcher.epoch(order, run.batchSize);
  accumulator.start(shuffled ? gatherRows(run.targets, order) : tf.clone(run.targets));
  try {
    for (let b = 0; b < batches.count; b++) {
      const batch = batches.take(b);
      const result = step.run(batch);
      tf.dispose(batch);
      accumulator.add(result.prediction, result.loss);
      if (callbacks.onBatchEnd !== undefined) {
        step.sync();
        const { logs, close } = lazyBatchLogs(b, batches.size(b), run.logNames, () => accumulator.averages());
        try {
          // Awaited only when it returns a promise: a plain function costs no trip through the microtask queue.
          const pending = callbacks.onBatchEnd(b, logs);
          if (pending !== undefined) await pending;
        } finally {
          close();
        }
        step.adopt();
        if (model.stopTraining) break;
      }
      if (tf.util.now() - run.lastYield >= YIELD_EVERY_MS) {
        await tf.nextFrame();
        run.lastYield = tf.util.now();
      }
    }
  } finally {
    batches.dispose();
  }
  return accumulator.finish();
}

interface ChosenStep {
  readonly step: TrainingStep;
  /** The tensors each batch is cut from, in the order the step takes them. */
  readonly sources: readonly tf.Tensor[];
  /** The loss function to apply to the kept predictions, when the step does not compute the loss. */
  readonly lossFromPredictions: LossOrMetricFn | undefined;
}

function chooseStep(
  model: LayersModel,
  compiled: CompiledTraining,
  x: tf.Tensor,
  y: tf.Tensor,
  strategy: StepStrategy,
  own: (tensor: tf.Tensor) => tf.Tensor,
): ChosenStep {
  const trainable = model.trainableWeights;
  // LayerVariable.read() is typed as a Tensor but hands out the tf.Variable the optimizer updates.
  const variables = trainable.map((weight) => weight.read() as tf.Variable);
  const plan = strategy === 'auto' ? planDenseStack(model, compiled.lossName, trainable) : undefined;
  const units = model.outputs[0]?.shape.at(-1) ?? 1;
  const targets = plan === undefined ? undefined : denseTargets(plan, y, units);
  if (plan !== undefined && targets !== undefined) {
    own(targets);
    const store = FlatAdamStore.create(compiled.optimizer, variables) ?? new OptimizerStore(compiled.optimizer, variables);
    return { step: new DenseStackStep(plan, store), sources: [x, targets], lossFromPredictions: compiled.loss };
  }
  const prefix = strategy === 'whole-tape' ? undefined : planFrozenPrefix(model);
  return { step: new TapeStep(model, compiled.loss, compiled.optimizer, variables, prefix), sources: [x, y], lossFromPredictions: undefined };
}

/**
 * Checks lengths and brings the data to the form tfjs-layers' `fit` trains on: vectors of samples
 * or labels become one-column matrices, and both become float32.
 */
function standardize(
  x: tf.Tensor,
  y: tf.Tensor,
  xName: string,
  yName: string,
  own: (tensor: tf.Tensor) => tf.Tensor,
): [tf.Tensor, tf.Tensor] {
  const samples = x.shape[0] ?? 0;
  if (x.rank === 0 || samples === 0) {
    throw new InvalidDataError(xName, 'it holds no samples', 'Pass a tensor with one row per sample.');
  }
  if (y.rank === 0 || y.shape[0] !== samples) {
    throw new InvalidDataError(
      yName,
      `it has ${y.rank === 0 ? 'no rows' : `${String(y.shape[0])} rows`} but ${xName} has ${samples} samples`,
      'Give exactly one target per sample, in the same order.',
    );
  }
  const xs = x.rank === 1 || x.dtype !== 'float32' ? own(tf.tidy(() => tf.cast(x.rank === 1 ? tf.reshape(x, [samples, 1]) : x, 'float32'))) : x;
  // Keras casts targets to the output's dtype before the loss; tfjs's losses would reject int32.
  const ys = y.rank === 1 || y.dtype !== 'float32' ? own(tf.tidy(() => tf.cast(y.rank === 1 ? tf.reshape(y, [samples, 1]) : y, 'float32'))) : y;
  return [xs, ys];
}
