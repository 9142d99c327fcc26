import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BatchDataset, isBatchDataset } from './batch-dataset.js';
import { type Callback, CallbackList } from './callbacks.js';
import { InvalidArgumentError, InvalidDataError } from './errors.js';
import { checkTrainingNumbers } from './fit-validation.js';
import { SeededRandom } from './random.js';
import { lazyBatchLogs } from './training-batch-logs.js';
import { Batcher, gatherRows } from './training-batches.js';
import { type CompiledTraining, compiledTraining } from './training-compiled.js';
import { DenseStackStep, denseTargets, planDenseStack } from './training-dense-step.js';
import { FlatAdamStore } from './training-flat-adam.js';
import { type FrozenPrefix, planFrozenPrefix } from './training-frozen-prefix.js';
import { EpochAccumulator, type LossOrMetricFn } from './training-metrics.js';
import { OptimizerStore } from './training-parameters.js';
import { canCachePrefix, runPrefixOnce } from './training-prefix-cache.js';
import type { TrainingStep } from './training-step.js';
import { TapeStep } from './training-tape-step.js';
import { evaluateStreamed, evaluateValidation, type Predict, type PredictRows, splitLast } from './training-validation.js';

/**
 * The loss and metrics of one epoch, as Keras's `History` records them: each is the mean over the
 * epoch's samples of the values computed on each batch during training, and the `val_` entries are
 * computed on the validation data at the end of the epoch.
 *
 * @category Training
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
 * Functions called during training: a {@link Callback}, kept under this name for the loop.
 *
 * @internal
 */
export type TrainingCallbacks = Callback;

/**
 * Options of {@link trainModel}, named as in Keras's `fit`.
 *
 * @category Training
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
  readonly validationData?: readonly [tf.Tensor, tf.Tensor] | BatchDataset;
  /** Functions called during training, in order. */
  readonly callbacks?: Callback | readonly Callback[];
  /** The epoch to start counting from, to resume a run (Keras's `initial_epoch`). Default 0. */
  readonly initialEpoch?: number;
  /** Applied to each batch a dataset gives (such as `preprocessInput`) before it trains. */
  readonly preprocess?: (images: tf.Tensor4D) => tf.Tensor4D;
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
 * not split, such as a frozen part holding Dropout). On tensors, when nothing random runs before
 * the frozen part and its outputs for every sample fit in `MAX_PREFIX_CACHE_BYTES`, it runs once per
 * sample before the first epoch (validation samples too) and every epoch trains the rest on those
 * outputs, in the same batches: the same results, without running the frozen part each epoch
 * (`tape` keeps running it per batch, to compare with). Both keep batches cheap (data small enough is batched from memory,
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
export function trainModel(
  model: LayersModel,
  x: tf.Tensor | BatchDataset,
  y: tf.Tensor | undefined,
  options: TrainingLoopOptions = {},
): Promise<EpochLogs[]> {
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
  x: tf.Tensor | BatchDataset,
  y: tf.Tensor | undefined,
  options: TrainingLoopOptions,
  strategy: StepStrategy,
): Promise<EpochLogs[]> {
  const { epochs = 1, batchSize = 32, shuffle = true, seed, validationData, initialEpoch = 0 } = options;
  const validationSplit = validationData === undefined ? (options.validationSplit ?? 0) : 0;
  checkTrainingNumbers({ epochs, batchSize, validationSplit });
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) {
    throw new InvalidArgumentError(
      'initialEpoch',
      `must be a whole number of at least 0, got ${String(initialEpoch)}`,
      'Pass the number of epochs already trained, such as history.epoch.length.',
    );
  }
  const compiled = compiledTraining(model);
  const given = options.callbacks;
  const callbacks = new CallbackList(given === undefined ? [] : Array.isArray(given) ? given : [given as Callback], model);
  const owned: tf.Tensor[] = [];
  const own = (tensor: tf.Tensor): tf.Tensor => {
    owned.push(tensor);
    return tensor;
  };
  let step: TrainingStep | undefined;
  let accumulator: EpochAccumulator | undefined;
  try {
    let source: EpochSource;
    let validation: ValidationSet | undefined;
    if (isBatchDataset(validationData)) validation = validationData;
    else if (validationData !== undefined) {
      const [xValidation, yValidation] = standardize(validationData[0], validationData[1], 'validationData x', 'validationData y', own);
      validation = [[xValidation], yValidation];
    }
    let chosen: ChosenStep;
    if (isBatchDataset(x)) {
      if (validationSplit > 0) {
        throw new InvalidArgumentError(
          'validationSplit',
          'cannot split a dataset, only tensors',
          'Split the dataset (stratifiedSplit) and pass the held-out part as validationData.',
        );
      }
      imageSize(model);
      chosen = await chooseStep(model, compiled, undefined, strategy === 'auto' ? 'tape' : strategy, own);
      source = { kind: 'dataset', dataset: x };
    } else {
      if (y === undefined) throw new InvalidDataError('y', 'is missing', 'Pass the targets, one per sample, after x.');
      let [xTrain, yTrain] = standardize(x, y, 'x', 'y', own);
      if (validation === undefined && validationSplit > 0) {
        const split = splitLast(xTrain, yTrain, validationSplit);
        [xTrain, yTrain] = split.train.map(own) as [tf.Tensor, tf.Tensor];
        const [xValidation, yValidation] = split.validation.map(own) as [tf.Tensor, tf.Tensor];
        validation = [[xValidation], yValidation];
        if ((xTrain.shape[0] ?? 0) === 0) {
          throw new InvalidDataError(
            'x',
            `validationSplit ${validationSplit} leaves no samples to train on`,
            'Pass more samples or a smaller validationSplit.',
          );
        }
      }
      chosen = await chooseStep(model, compiled, { x: xTrain, y: yTrain, validation }, strategy, own);
      if (chosen.validationInputs !== undefined && validation !== undefined && !isBatchDataset(validation))
        validation = [chosen.validationInputs, validation[1]];
      source = { kind: 'tensors', batcher: new Batcher(chosen.sources), targets: yTrain, samples: xTrain.shape[0] ?? 0 };
    }
    step = chosen.step;
    accumulator = new EpochAccumulator(chosen.lossFromPredictions, compiled.metrics);
    const run: EpochRun = {
      model,
      step,
      accumulator,
      batchSize,
      callbacks,
      logNames: ['loss', ...compiled.metrics.map((m) => m.name)],
      lastYield: tf.util.now(),
      preprocess: options.preprocess,
    };
    const random = new SeededRandom(seed ?? Math.floor(Math.random() * 2 ** 31));
    const order = source.kind === 'tensors' ? Array.from({ length: source.samples }, (_, i) => i) : [];
    const { predict, predictRows } = chosen;
    const history: EpochLogs[] = [];
    model.stopTraining = false;
    const anyCallbacks = callbacks.size > 0;
    await callbacks.trainBegin();

    for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
      if (anyCallbacks) {
        await callbacks.epochBegin(epoch);
        step.adopt();
      }
      let logs: Record<string, number>;
      if (source.kind === 'tensors') {
        if (shuffle) random.shuffle(order);
        logs = await trainEpoch(run, source, Int32Array.from(order), shuffle);
      } else {
        // A new seed each epoch, drawn from the run's seed: a fresh order that repeats with the seed.
        logs = await trainStreamedEpoch(run, source.dataset, shuffle, random.nextSeed());
      }
      step.sync();
      if (validation !== undefined) {
        const scores = isBatchDataset(validation)
          ? await evaluateStreamed(model, validation, batchSize, compiled, predict, options.preprocess)
          : await evaluateValidation(model, validation, batchSize, compiled, predictRows);
        logs = { ...logs, ...scores };
      }
      const epochLogs = logs as EpochLogs;
      history.push(epochLogs);
      if (anyCallbacks) {
        await callbacks.epochEnd(epoch, epochLogs);
        step.adopt();
      }
    }
    await callbacks.trainEnd();
    return history;
  } finally {
    accumulator?.dispose();
    step?.finish();
    tf.dispose(owned);
  }
}

/** Validation data: a dataset, or the inputs (the samples, or a frozen prefix's outputs for them) and targets. */
type ValidationSet = readonly [readonly tf.Tensor[], tf.Tensor] | BatchDataset;

/** Where an epoch's batches come from: tensors in memory, or a dataset that streams them. */
type EpochSource =
  | { readonly kind: 'tensors'; readonly batcher: Batcher; readonly targets: tf.Tensor; readonly samples: number }
  | { readonly kind: 'dataset'; readonly dataset: BatchDataset };

/** What one epoch of training works with. */
interface EpochRun {
  readonly model: LayersModel;
  readonly step: TrainingStep;
  readonly accumulator: EpochAccumulator;
  readonly batchSize: number;
  readonly callbacks: CallbackList;
  readonly preprocess: ((images: tf.Tensor4D) => tf.Tensor4D) | undefined;
  readonly logNames: readonly string[];
  /** When the loop last let the event loop run. */
  lastYield: number;
}

/** Runs the batches of one epoch in `order` and returns the epoch's averages. */
async function trainEpoch(
  run: EpochRun,
  source: { readonly batcher: Batcher; readonly targets: tf.Tensor },
  order: Int32Array,
  shuffled: boolean,
): Promise<Record<string, number>> {
  const { step, accumulator } = run;
  const batches = source.batcher.epoch(order, run.batchSize);
  accumulator.start(shuffled ? gatherRows(source.targets, order) : tf.clone(source.targets));
  try {
    for (let b = 0; b < batches.count; b++) {
      if (run.callbacks.wantsBatches) await beforeBatch(run, b);
      const batch = batches.take(b);
      const result = step.runAsync !== undefined ? await step.runAsync(batch) : step.run(batch);
      tf.dispose(batch);
      accumulator.add(result.prediction, result.loss);
      if (await afterBatch(run, b, batches.size(b))) break;
    }
  } finally {
    batches.dispose();
  }
  return accumulator.finish();
}

/** Runs one epoch over a dataset's batches, as they stream, and returns the epoch's averages. */
async function trainStreamedEpoch(run: EpochRun, dataset: BatchDataset, shuffle: boolean, seed: number): Promise<Record<string, number>> {
  const { step, accumulator } = run;
  accumulator.start();
  let b = 0;
  for await (const { xs, ys } of dataset.batches({ batchSize: run.batchSize, shuffle, seed, ...imageSize(run.model) })) {
    let stop = false;
    try {
      if (run.callbacks.wantsBatches) await beforeBatch(run, b);
      const x = run.preprocess !== undefined ? run.preprocess(xs as tf.Tensor4D) : xs;
      const y = tf.tidy(() => tf.cast(ys.rank === 1 ? tf.reshape(ys, [ys.shape[0] ?? 0, 1]) : ys, 'float32'));
      const result = step.runAsync !== undefined ? await step.runAsync([x, y]) : step.run([x, y]);
      if (x !== xs) x.dispose();
      accumulator.add(result.prediction, result.loss, y);
      stop = await afterBatch(run, b, xs.shape[0] ?? 0);
    } finally {
      tf.dispose([xs, ys]);
    }
    b += 1;
    if (stop) break;
  }
  if (b === 0) throw new InvalidDataError('dataset', 'gave no batches', 'Pass a dataset with at least one example.');
  return accumulator.finish();
}

/**
 * The `size` a dataset of images is resized to: the model's input height and width.
 *
 * @throws InvalidArgumentError when the model does not take images of a fixed size
 * @internal
 */
export function imageSize(model: LayersModel): { size: readonly [number, number] } {
  const shape = model.inputs[0]?.shape ?? [];
  const [, height, width] = shape;
  if (shape.length !== 4 || typeof height !== 'number' || typeof width !== 'number') {
    throw new InvalidArgumentError(
      'model',
      `takes inputs of shape [${shape.map(String).join(', ')}], not images of a fixed size, so it cannot train on an image dataset`,
      'Build the model with an inputShape such as [224, 224, 3], or pass tensors.',
    );
  }
  return { size: [height, width] };
}

async function beforeBatch(run: EpochRun, batch: number): Promise<void> {
  run.step.sync();
  await run.callbacks.batchBegin(batch);
  run.step.adopt();
}

/** Calls the batch callbacks and lets the event loop run now and then; true when training should stop. */
async function afterBatch(run: EpochRun, batch: number, size: number): Promise<boolean> {
  const { step, accumulator, callbacks, model } = run;
  if (callbacks.wantsBatches) {
    step.sync();
    const { logs, close } = lazyBatchLogs(batch, size, run.logNames, () => accumulator.averages());
    try {
      await callbacks.batchEnd(batch, logs);
    } finally {
      close();
    }
    step.adopt();
    if (model.stopTraining) return true;
  }
  if (tf.util.now() - run.lastYield >= YIELD_EVERY_MS) {
    await tf.nextFrame();
    run.lastYield = tf.util.now();
  }
  return false;
}

interface ChosenStep {
  readonly step: TrainingStep;
  /** The tensors each batch is cut from, in the order the step takes them. */
  readonly sources: readonly tf.Tensor[];
  /** The loss function to apply to the kept predictions, when the step does not compute the loss. */
  readonly lossFromPredictions: LossOrMetricFn | undefined;
  /** The model's output in inference mode, through the frozen prefix's plan when there is one. */
  readonly predict: Predict;
  /** The model's output in inference mode for rows of the validation inputs. */
  readonly predictRows: PredictRows;
  /** The frozen prefix's outputs for the validation samples, when the step trains on cached outputs. */
  readonly validationInputs?: readonly tf.Tensor[];
}

/** The samples and targets to train on, and the validation data, when they are tensors. */
interface TensorData {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly validation: ValidationSet | undefined;
}

async function chooseStep(
  model: LayersModel,
  compiled: CompiledTraining,
  data: TensorData | undefined,
  strategy: StepStrategy,
  own: (tensor: tf.Tensor) => tf.Tensor,
): Promise<ChosenStep> {
  const inference: Predict = (batch) => model.apply(batch, { training: false }) as tf.Tensor;
  const trainable = model.trainableWeights;
  // LayerVariable.read() is typed as a Tensor but hands out the tf.Variable the optimizer updates.
  const variables = trainable.map((weight) => weight.read() as tf.Variable);
  const plan = strategy === 'auto' ? planDenseStack(model, compiled.lossName, trainable) : undefined;
  const units = model.outputs[0]?.shape.at(-1) ?? 1;
  const targets = plan === undefined || data === undefined ? undefined : denseTargets(plan, data.y, units);
  if (plan !== undefined && targets !== undefined && data !== undefined) {
    own(targets);
    const store = FlatAdamStore.create(compiled.optimizer, variables) ?? new OptimizerStore(compiled.optimizer, variables);
    return {
      step: new DenseStackStep(plan, store),
      sources: [data.x, targets],
      lossFromPredictions: compiled.loss,
      predict: inference,
      predictRows: ([rows]) => inference(rows as tf.Tensor),
    };
  }
  const prefix = strategy === 'whole-tape' ? undefined : planFrozenPrefix(model);
  if (prefix !== undefined && strategy === 'auto' && data !== undefined) {
    const cached = await cachedPrefixStep(model, compiled, variables, prefix, data, own);
    if (cached !== undefined) return cached;
  }
  const predict = prefix === undefined ? inference : throughPrefix(prefix);
  return {
    step: new TapeStep(model, compiled.loss, compiled.optimizer, variables, prefix),
    sources: data !== undefined ? [data.x, data.y] : [],
    lossFromPredictions: undefined,
    predict,
    predictRows: ([rows]) => predict(rows as tf.Tensor),
  };
}

/** The model's output in inference mode, the frozen prefix through its plan. */
function throughPrefix(prefix: FrozenPrefix): Predict {
  return (batch) => {
    const outputs = prefix.run(batch);
    try {
      return prefix.applyTail(outputs, { training: false });
    } finally {
      tf.dispose(outputs);
    }
  };
}

/**
 * The taped step over a frozen prefix's outputs computed once, before the first epoch, for every
 * training and validation sample (when {@link canCachePrefix} allows): each epoch then runs only
 * the layers after the prefix, in the same batches and order as the per-batch path. `undefined`
 * when the outputs cannot be cached.
 */
async function cachedPrefixStep(
  model: LayersModel,
  compiled: CompiledTraining,
  variables: readonly tf.Variable[],
  prefix: FrozenPrefix,
  { x, y, validation }: TensorData,
  own: (tensor: tf.Tensor) => tf.Tensor,
): Promise<ChosenStep | undefined> {
  const validationX = validation !== undefined && !isBatchDataset(validation) ? validation[0][0] : undefined;
  const samples = (x.shape[0] ?? 0) + (validationX?.shape[0] ?? 0);
  if (!canCachePrefix(prefix, samples)) return undefined;
  let features: tf.Tensor[];
  let validationInputs: tf.Tensor[] | undefined;
  try {
    features = (await runPrefixOnce(prefix, x)).map(own);
    validationInputs = validationX === undefined ? undefined : (await runPrefixOnce(prefix, validationX)).map(own);
  } catch (error) {
    prefix.dispose();
    throw error;
  }
  return {
    step: new TapeStep(model, compiled.loss, compiled.optimizer, variables, prefix, true),
    sources: [...features, y],
    lossFromPredictions: undefined,
    predict: throughPrefix(prefix),
    predictRows: (rows) => prefix.applyTail(rows, { training: false }),
    ...(validationInputs !== undefined ? { validationInputs } : {}),
  };
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
  const xs =
    x.rank === 1 || x.dtype !== 'float32' ? own(tf.tidy(() => tf.cast(x.rank === 1 ? tf.reshape(x, [samples, 1]) : x, 'float32'))) : x;
  // Keras casts targets to the output's dtype before the loss; tfjs's losses would reject int32.
  const ys =
    y.rank === 1 || y.dtype !== 'float32' ? own(tf.tidy(() => tf.cast(y.rank === 1 ? tf.reshape(y, [samples, 1]) : y, 'float32'))) : y;
  return [xs, ys];
}
