import { type UnfreezeOptions, unfreeze } from '@dendrite/core';
import { topologicalOrder } from '@dendrite/core/internal';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { RandomFlip } from '../layers/random-flip.js';
import { RandomRotation } from '../layers/random-rotation.js';
import { RMSprop } from '../losses/keras-losses.js';

/**
 * Options of {@link prepareFineTuning}: where the trained part of the base starts, and how slowly it trains.
 *
 * @category Training
 */
export interface FineTuningOptions {
  /** The first layer of the model to train: its index in `model.layers` (100 in TensorFlow's MobileNetV2 tutorial) or its name. */
  readonly from: number | string;
  /** RMSprop's learning rate: a tenth of the first phase's or less (the tutorial: 1e-5). */
  readonly learningRate: number;
  /** Whether BatchNormalization layers stay frozen in inference mode (default, as Keras's guide says) or train. */
  readonly batchNormalization?: UnfreezeOptions['batchNormalization'];
}

/**
 * TensorFlow's MobileNetV2 tutorial's augmentation in front of a transfer-learning model:
 * `RandomFlip('horizontal')` and `RandomRotation(0.2)`, seeded, then the model's own layers
 * applied again on the augmented images, compiled with the model's optimizer and loss. The flip
 * and the rotation change the photos while training only; predictions are those of `model`.
 * Applying the layers one by one (rather than `model` as one nested layer) keeps a frozen base a
 * frozen part that `fit` runs outside the gradient tape, in inference mode, after the augmentation.
 *
 * The returned model shares every layer and weight with `model`: training it trains `model`.
 * Disposing it frees none of `model`'s weights; it only gives back its hold on the shared layers
 * (TensorFlow.js counts each use of a layer), so dispose it when training is done, and `model`
 * later as usual: otherwise disposing `model` frees nothing.
 *
 * @param model - a compiled single-input, single-output model, such as {@link @dendrite/mobilenet!transferModel} makes
 * @param seed - seed of the flip (the rotation uses `seed + 1`), so that a run can be repeated
 * @returns the augmented model, compiled, sharing `model`'s layers
 * @category Training
 * @example
 * ```ts
 * const model = transferModel(await MobileNetV2(), { classNames: ['female', 'male'], seed: 42 });
 * // The Keras way: every photo runs through the model every epoch, flipped and rotated anew each time.
 * const augmented = withAugmentation(model, 42);
 * await fit(augmented, images, labels, { epochs: 20, verbose: 2, seed: 42 });
 * augmented.dispose(); // frees none of model's weights
 * model.predict(newImages); // the trained model, without augmentation
 * ```
 */
export function withAugmentation(model: LayersModel, seed: number): LayersModel {
  const [modelInput, modelOutput] = [model.inputs[0] as SymbolicTensor, model.outputs[0] as SymbolicTensor];
  const input = tfl.input({ shape: modelInput.shape.slice(1) as number[] });
  const flipped = new RandomFlip({ mode: 'horizontal', seed, name: 'random_flip' }).apply(input) as SymbolicTensor;
  const rotated = new RandomRotation({ factor: 0.2, seed: seed + 1, name: 'random_rotation' }).apply(flipped) as SymbolicTensor;
  const mapped = new Map<number, SymbolicTensor>([[modelInput.id, rotated]]);
  for (const tensor of topologicalOrder(modelOutput)) {
    if (mapped.has(tensor.id)) continue;
    const inputs = tensor.inputs.map((read) => mapped.get(read.id) as SymbolicTensor);
    mapped.set(tensor.id, tensor.sourceLayer.apply(inputs.length === 1 ? (inputs[0] as SymbolicTensor) : inputs) as SymbolicTensor);
  }
  const augmented = tfl.model({ inputs: input, outputs: mapped.get(modelOutput.id) as SymbolicTensor, name: `${model.name}_augmented` });
  augmented.compile({ optimizer: model.optimizer, loss: model.loss, metrics: ['accuracy'] });
  return augmented;
}

/**
 * Makes a transfer-learning model ready for its second phase, fine-tuning, as TensorFlow's
 * MobileNetV2 tutorial does it: its layers from `from` on train, every BatchNormalization stays
 * frozen in inference mode (see `unfreeze`), and it is compiled again with RMSprop at a low learning
 * rate (the previous optimizer is disposed). Then `fit` with `initialEpoch` set to the first phase's
 * epochs continues its History.
 *
 * @param model - a compiled model whose base was frozen for the first phase
 * @param options - the first layer to train and the learning rate
 * @returns the trainable and non-trainable parameter counts, as Keras's `summary` shows them
 * @throws InvalidArgumentError when `from` names no layer of the model
 * @category Training
 * @example
 * ```ts
 * // Phase 1: the new head on the frozen base, 10 epochs.
 * await fit(model, images, labels, { epochs: 10, verbose: 2 });
 * // Phase 2: MobileNetV2 from layer 100 on trains too, slowly, for 10 more epochs.
 * const { trainableParams } = prepareFineTuning(model, { from: 100, learningRate: 1e-5 });
 * console.log(`${trainableParams} trainable parameters`);
 * await fit(model, images, labels, { initialEpoch: 10, epochs: 20, verbose: 2 });
 * ```
 */
export function prepareFineTuning(model: LayersModel, options: FineTuningOptions): { trainableParams: number; nonTrainableParams: number } {
  const unfrozen = unfreeze(model, {
    from: options.from,
    ...(options.batchNormalization !== undefined ? { batchNormalization: options.batchNormalization } : {}),
  });
  const previous = model.optimizer as tf.Optimizer | undefined;
  model.compile({ optimizer: RMSprop({ learningRate: options.learningRate }), loss: model.loss, metrics: ['accuracy'] });
  previous?.dispose();
  return { trainableParams: unfrozen.trainableParams, nonTrainableParams: unfrozen.nonTrainableParams };
}
