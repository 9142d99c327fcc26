import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { runFrozenPartsOptimized } from '../inference/frozen-part-planner.js';
import { setTransferClassNames } from './class-names.js';

/**
 * Options of {@link transferModel}, named as in Keras.
 *
 * @category Models
 */
export interface TransferModelOptions {
  /** Units of the new Dense softmax head: one per class. Default `classNames.length`. */
  readonly classes?: number;
  /** The class names in label order, recorded in the model (and in the files it is saved to). */
  readonly classNames?: readonly string[];
  /** Seed of the head's initial weights (Keras's glorot uniform kernel, zero bias); random without it. */
  readonly seed?: number;
  /**
   * How the head's kernel starts: `'glorotUniform'` (default, as Keras's Dense, seeded by `seed`) or
   * `'zeros'`, which leaves the head nothing but what training puts in. With only a few training
   * images per class, a random start still weighs on the directions the images do not constrain, and
   * which class an unseen image falls in can depend on the seed; zeros makes it depend on the data
   * alone.
   */
  readonly initializer?: 'glorotUniform' | 'zeros';
  /** Adam's learning rate. Default 0.001, as Keras's `'adam'`. */
  readonly learningRate?: number;
  /** The new head layer's name. Default `'transfer_head'`. */
  readonly headName?: string;
}

type Layer = LayersModel['layers'][number];

/** What a transfer model frees besides its own layers: the base's unused layers and optimizers. */
interface TakenOver {
  readonly layers: readonly Layer[];
  readonly optimizers: readonly tf.Optimizer[];
}
const takenOverBy = new WeakMap<LayersModel, TakenOver>();

/**
 * The tensor the head is put on, as the course does: the input of the base's classifier (the
 * output of its second-to-last layer, the pooled 1280 features of MobileNetV2 with its top).
 * A base without a classifier gives its own output, pooled when it is a feature map.
 */
function featuresOf(base: LayersModel): { features: SymbolicTensor; unused: Layer[] } {
  const last = base.layers[base.layers.length - 1];
  const output = base.outputs[0] as SymbolicTensor;
  if (last !== undefined && last.getClassName() === 'Dense' && base.layers.length >= 2) {
    // The tensor the last layer reads in this model's graph: its layers may also have been applied
    // elsewhere (a model that augments in front of them), where `layer.output` is ambiguous.
    const features = output.inputs[0] ?? ((base.layers[base.layers.length - 2] as Layer).output as SymbolicTensor);
    return { features, unused: [last] };
  }
  if (output.rank === 4) {
    const pooled = tfl.layers.globalAveragePooling2d({ name: 'transfer_pooling' }).apply(output) as SymbolicTensor;
    return { features: pooled, unused: [] };
  }
  if (output.rank === 2) return { features: output, unused: [] };
  throw new InvalidArgumentError(
    'base',
    `ends in a tensor of shape [${output.shape.map((d) => d ?? 'n').join(', ')}], neither a feature vector nor a feature map`,
    "Pass an image model such as MobileNetV2({ includeTop: false, pooling: 'avg' }) or MobileNetV2() with its top.",
  );
}

function checkOptions(options: TransferModelOptions): { classes: number; classNames: readonly string[] | undefined } {
  const classNames = options.classNames;
  if (classNames !== undefined && (!Array.isArray(classNames) || classNames.some((name) => typeof name !== 'string' || name === ''))) {
    throw new InvalidArgumentError('classNames', 'must be a list of non-empty names', "Pass for example ['female', 'male'].");
  }
  const classes = options.classes ?? classNames?.length;
  if (classes === undefined || !Number.isInteger(classes) || classes < 2) {
    throw new InvalidArgumentError(
      'classes',
      `must be a whole number of at least 2, got ${String(classes)}`,
      'Pass classes: 2 (or the class names).',
    );
  }
  if (classNames !== undefined && classNames.length !== classes) {
    throw new InvalidArgumentError(
      'classNames',
      `has ${classNames.length} names for ${classes} classes`,
      'Give one name per class, in label order.',
    );
  }
  const { seed, learningRate, initializer } = options;
  if (initializer !== undefined && initializer !== 'glorotUniform' && initializer !== 'zeros') {
    throw new InvalidArgumentError(
      'initializer',
      `must be 'glorotUniform' or 'zeros', got ${JSON.stringify(initializer)}`,
      "Leave it out for Keras's glorot uniform.",
    );
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError('seed', `must be a whole number, got ${String(seed)}`, 'Pass a seed such as 42.');
  }
  if (learningRate !== undefined && !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new InvalidArgumentError('learningRate', `must be a positive number, got ${String(learningRate)}`, 'Leave it out to use 0.001.');
  }
  return { classes, classNames };
}

/**
 * Makes the course's transfer-learning model in one call, as Keras code does it step by step: a new
 * `Dense(classes, softmax)` head on the output of the base's second-to-last layer (the pooled 1280
 * features of MobileNetV2), a new model from the base's input to that head, every layer but the head
 * frozen, compiled with adam, sparse categorical crossentropy and accuracy. A base without its
 * classifier (`includeTop: false`) gets the head on its output, pooled if needed. The base may itself
 * be a transfer model: the new head then replaces its head (a fresh start on the same base).
 *
 * The model is built on the base's own layers, so it takes the base over: dispose the model (which
 * frees the base's weights too, including layers it does not use, such as the ImageNet top), not the
 * base. Train it with `fit` on images (the Keras way: the frozen base runs in inference mode, through
 * the inference rewrite), or train {@link transferHead} with `fit` on features from
 * {@link extractFeatures} (the fast way); frozen BatchNormalization layers run in inference mode, as
 * in Keras 2+.
 *
 * @param base - an image model, such as `await MobileNetV2()`
 * @param options - `classes` or `classNames`, `seed`, `initializer`, `learningRate`, `headName`
 * @returns the compiled model: images in, class probabilities out
 * @throws InvalidArgumentError for bad options, or a base whose output is neither features nor a feature map
 * @category Models
 * @example
 * ```ts
 * const base = await MobileNetV2({ weights: 'imagenet' });
 * const model = transferModel(base, { classNames: ['female', 'male'], seed: 42 });
 * summary(model); // Trainable params: 2,562
 * ```
 */
export function transferModel(base: LayersModel, options: TransferModelOptions = {}): LayersModel {
  const { classes, classNames } = checkOptions(options);
  if (base.inputs.length !== 1 || base.outputs.length !== 1) {
    throw new InvalidArgumentError(
      'base',
      `has ${base.inputs.length} inputs and ${base.outputs.length} outputs`,
      'Pass a model with one image input and one output.',
    );
  }
  const { features, unused } = featuresOf(base);
  const kernelInitializer =
    options.initializer === 'zeros'
      ? tfl.initializers.zeros()
      : tfl.initializers.glorotUniform(options.seed === undefined ? {} : { seed: options.seed });
  const head = tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer, name: options.headName ?? 'transfer_head' });
  const output = head.apply(features) as SymbolicTensor;
  const model = tfl.model({ inputs: base.inputs, outputs: output, name: `${base.name}_transfer` });
  for (const layer of model.layers) layer.trainable = layer === head;
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  if (classNames !== undefined) setTransferClassNames(model, classNames);
  runFrozenPartsOptimized(model);

  // Layers of the base the new model leaves out (the ImageNet top, an earlier head and what that
  // model left out) are freed with it.
  const kept = new Set(model.layers);
  const earlier = takenOverBy.get(base);
  const candidates = [...unused, ...base.layers, ...(earlier?.layers ?? [])];
  const leftOut = [...new Set(candidates)].filter((layer) => !kept.has(layer));
  const baseOptimizer = base.optimizer as tf.Optimizer | undefined | null;
  const optimizers = [...(earlier?.optimizers ?? []), ...(baseOptimizer ? [baseOptimizer] : [])];
  takenOverBy.set(model, { layers: leftOut, optimizers });
  const disposeModel = model.dispose.bind(model);
  model.dispose = () => {
    // tfjs-layers frees an optimizer only when compile created it from a name; free the one made here
    // (or given to a later compile) too, with its Adam state.
    const optimizer = model.optimizer as tf.Optimizer | undefined;
    const owned = (model as unknown as { isOptimizerOwned?: boolean }).isOptimizerOwned === true;
    const result = disposeModel();
    if (result.refCountAfterDispose === 0) {
      for (const layer of leftOut) result.numDisposedVariables += disposeLeftOut(layer);
      if (!owned) optimizer?.dispose();
      for (const other of optimizers) if (other !== optimizer) other.dispose();
    }
    return result;
  };
  return model;
}

/** Disposes a layer the model does not use, if the base has not done so already. */
function disposeLeftOut(layer: Layer): number {
  try {
    return layer.dispose().numDisposedVariables;
  } catch {
    // Already disposed (the base was disposed first), or never built: nothing left to free.
    return 0;
  }
}
