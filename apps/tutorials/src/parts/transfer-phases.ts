import { unfreeze } from '@dendrite/core';
import { RandomFlip, RandomRotation, RMSprop } from '@dendrite/keras';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

/** The second phase of the TensorFlow tutorial: unfreeze the top of the base and train on, slowly. */
export interface FineTuneOptions {
  /** The first layer of the model to train (100 in the tutorial). */
  readonly from: number;
  /** Epochs of the second phase (10 in the tutorial). */
  readonly epochs: number;
  /** RMSprop's learning rate (the tutorial: a tenth of the first phase's, 1e-5 here). */
  readonly learningRate: number;
}

/** Every tensor of the graph that ends at `output`, inputs before the tensors computed from them. */
function topologicalOrder(output: SymbolicTensor): SymbolicTensor[] {
  const order: SymbolicTensor[] = [];
  const seen = new Set<number>();
  const visit = (tensor: SymbolicTensor): void => {
    if (seen.has(tensor.id)) return;
    seen.add(tensor.id);
    tensor.inputs.forEach(visit);
    order.push(tensor);
  };
  visit(output);
  return order;
}

/**
 * The tutorial's augmentation in front of `model`: RandomFlip('horizontal') and RandomRotation(0.2)
 * (seeded), then `model`'s own layers applied again on the augmented images, compiled as `model`
 * is. The flip and the rotation change the photos while training only. Applying the layers one by
 * one (rather than `model` as one nested layer) keeps the frozen base a frozen part that `fit`
 * runs outside the gradient tape, in inference mode, after the augmentation.
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
 * Makes `model` ready for the second phase: its layers from `from` on train, every
 * BatchNormalization stays frozen (in inference mode), and it is compiled again with RMSprop at a
 * low learning rate. Returns the trainable parameter count, as Keras's summary shows it.
 */
export function prepareFineTuning(model: LayersModel, options: FineTuneOptions): { trainableParams: number; nonTrainableParams: number } {
  const unfrozen = unfreeze(model, { from: options.from });
  const previous = model.optimizer as tf.Optimizer | undefined;
  model.compile({ optimizer: RMSprop({ learningRate: options.learningRate }), loss: model.loss, metrics: ['accuracy'] });
  previous?.dispose();
  return { trainableParams: unfrozen.trainableParams, nonTrainableParams: unfrozen.nonTrainableParams };
}
