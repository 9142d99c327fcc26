import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';

type Layer = LayersModel['layers'][number];

/**
 * Options of {@link unfreeze}.
 *
 * @category Training
 */
export interface UnfreezeOptions {
  /** The first layer to train: its index in `model.layers`, or its name. Layers before it stay frozen. */
  readonly from: number | string;
  /**
   * `'frozen'` (default): every BatchNormalization layer stays frozen, so it runs in inference mode
   * and neither its statistics nor its gamma and beta change, as Keras's guide says to fine-tune.
   * `'trainable'`: those from `from` on train like the other layers.
   */
  readonly batchNormalization?: 'frozen' | 'trainable';
}

/**
 * What {@link unfreeze} left trainable, counted as Keras's `summary` counts it.
 *
 * @category Training
 */
export interface UnfreezeResult {
  /** Layers of the model (at its top level) that now train. */
  readonly trainableLayers: number;
  /** Weights training updates. */
  readonly trainableParams: number;
  /** Weights training leaves alone. */
  readonly nonTrainableParams: number;
}

function childLayers(layer: Layer): readonly Layer[] {
  const layers = (layer as Partial<Pick<LayersModel, 'layers'>>).layers;
  return Array.isArray(layers) ? layers : [];
}

function countParams(weights: LayersModel['weights']): number {
  let total = 0;
  for (const weight of new Set(weights)) total += weight.shape.reduce<number>((product, size) => product * (size ?? 0), 1);
  return total;
}

function firstTrained(model: LayersModel, from: number | string): number {
  if (typeof from === 'string') {
    const index = model.layers.findIndex((layer) => layer.name === from);
    if (index < 0) {
      const near = model.layers
        .slice(-3)
        .map((layer) => layer.name)
        .join(', ');
      throw new InvalidArgumentError(
        'from',
        `names no layer of ${model.name} ('${from}')`,
        `Pass a layer name (the last ones are ${near}) or an index below ${model.layers.length}.`,
      );
    }
    return index;
  }
  if (!Number.isInteger(from) || from < 0 || from >= model.layers.length) {
    throw new InvalidArgumentError(
      'from',
      `must be a layer index from 0 to ${model.layers.length - 1}, got ${String(from)}`,
      'Pass the index of the first layer to train, such as 100 for MobileNetV2 as in the TensorFlow tutorial.',
    );
  }
  return from;
}

/**
 * The second phase of transfer learning, fine-tuning, as Keras's guide and TensorFlow's
 * MobileNetV2 tutorial do it: the layers from `from` on become trainable, those before stay frozen,
 * and every BatchNormalization layer stays frozen, in inference mode (unless told otherwise). Keras
 * 3's `fit` overrides `training=False` on the base and so updates BatchNormalization while
 * fine-tuning (keras-team/keras#20285); here a frozen BatchNormalization stays in inference mode in
 * `fit`. Compile again with a low learning rate, then `fit` with `initialEpoch` to continue the
 * History of the first phase, as in Keras.
 *
 * @param model - the model to fine-tune (changed in place)
 * @param options - `from` (an index or a layer name) and what BatchNormalization does
 * @returns how many layers and weights train now
 * @throws InvalidArgumentError for an index out of range or a name of no layer
 * @category Training
 * @example
 * ```ts
 * // Phase 1: the head alone, 10 epochs.
 * const first = await fit(model, train, { epochs: 10, validationData: validation, preprocess: preprocessInput });
 * // Phase 2: the top of the base too, with a learning rate 100 times lower.
 * unfreeze(model, { from: 100 });
 * model.compile({ optimizer: tf.train.rmsprop(1e-5), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * summary(model, { showTrainable: true });
 * const second = await fit(model, train, { epochs: 20, initialEpoch: first.epoch.length, validationData: validation, preprocess: preprocessInput });
 * ```
 */
export function unfreeze(model: LayersModel, options: UnfreezeOptions): UnfreezeResult {
  const start = firstTrained(model, options?.from);
  const keepBatchNormFrozen = (options.batchNormalization ?? 'frozen') === 'frozen';
  if (options.batchNormalization !== undefined && options.batchNormalization !== 'frozen' && options.batchNormalization !== 'trainable') {
    throw new InvalidArgumentError(
      'batchNormalization',
      `must be 'frozen' or 'trainable', got ${JSON.stringify(options.batchNormalization)}`,
      "Leave it out to keep BatchNormalization frozen, as Keras's guide does.",
    );
  }
  const freezeBatchNorm = (layer: Layer): void => {
    if (layer.getClassName() === 'BatchNormalization') layer.trainable = false;
    childLayers(layer).forEach(freezeBatchNorm);
  };
  model.trainable = true;
  model.layers.forEach((layer, index) => {
    // Setting a nested model's flag sets its layers' flags too, as in Keras.
    layer.trainable = index >= start;
    if (keepBatchNormFrozen) freezeBatchNorm(layer);
  });
  return {
    trainableLayers: model.layers.filter((layer) => layer.trainable).length,
    trainableParams: countParams(model.trainableWeights),
    nonTrainableParams: countParams(model.nonTrainableWeights),
  };
}
