import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { AUGMENTATION_LAYERS } from './augmentation-layer-names.js';
import { inferencePlannerFor } from './inference-planner.js';

type AnyLayer = LayersModel['layers'][number];

/** Samples the frozen prefix runs at once, whatever the batch size: its memory is that of this many. */
export const FROZEN_PREFIX_CHUNK = 8;

/**
 * Weightless layers that act differently while training. Keras runs them in training mode even
 * inside a frozen part, so a prefix holding one cannot run in inference mode: no split. The one
 * list of them in Dendrite.
 *
 * @internal
 */
export const TRAINING_DEPENDENT: ReadonlySet<string> = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

/**
 * The frozen start of a model, and how to run the rest: `run` computes, outside any gradient tape
 * and in chunks, the tensors where the frozen part ends; `applyTail` runs the layers after them as
 * `model.apply(x, { training: true })` would.
 *
 * @internal
 */
export interface FrozenPrefix {
  /** The tensors the first trainable layers read (none of them the model's input). */
  readonly boundary: readonly SymbolicTensor[];
  /** The frozen part as a model over the model's own layers, from its input to `boundary`. */
  readonly model: LayersModel;
  /** Whether `run` goes through a registered inference plan rather than the layers. */
  readonly planned: boolean;
  /** The augmentation layers at the model's start, which `run` applies in training mode before the frozen part (empty when none). */
  readonly augmentation: readonly AnyLayer[];
  /**
   * The frozen part's outputs for `x`, in inference mode, `chunkSize` samples at a time. With
   * `training`, the leading augmentation layers first change `x` as they do while training. The
   * caller owns the outputs.
   */
  run(x: tf.Tensor, kwargs?: { training: boolean }): tf.Tensor[];
  /** {@link FrozenPrefix.run} on an asynchronous engine, when the inference plan has one. */
  readonly runAsync?: (x: tf.Tensor, kwargs?: { training: boolean }) => Promise<tf.Tensor[]>;
  /** The model's output from the frozen part's outputs, calling each remaining layer with `kwargs`. */
  applyTail(boundaryValues: readonly tf.Tensor[], kwargs: { training: boolean }): tf.Tensor;
  /** Frees the inference plan, if any. */
  dispose(): void;
}

function childLayers(layer: AnyLayer): readonly AnyLayer[] {
  const layers = (layer as Partial<Pick<LayersModel, 'layers'>>).layers;
  return Array.isArray(layers) ? layers : [];
}

function configOf(layer: AnyLayer): Record<string, unknown> {
  try {
    return layer.getConfig() as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Whether `layer` (or a layer inside it) computes something in training mode that inference mode
 * would not: dropout or noise, a BatchNormalization that is not frozen, or recurrent dropout.
 */
function actsDifferentlyWhileTraining(layer: AnyLayer, insideFrozen: boolean): boolean {
  const frozen = insideFrozen || !layer.trainable;
  const name = layer.getClassName();
  if (TRAINING_DEPENDENT.has(name)) return true;
  // A frozen BatchNormalization runs in inference mode anyway (see freezeBatchNormStatistics).
  if (name === 'BatchNormalization' && !frozen) return true;
  const config = configOf(layer);
  if (Number(config['dropout'] ?? 0) > 0 || Number(config['recurrentDropout'] ?? 0) > 0) return true;
  return childLayers(layer).some((child) => actsDifferentlyWhileTraining(child, frozen));
}

/**
 * Whether `layer` is an augmentation layer, or a model made of nothing else (Keras's tutorials
 * wrap them in a Sequential): weightless, random while training, the identity otherwise.
 */
function isAugmentation(layer: AnyLayer): boolean {
  if (AUGMENTATION_LAYERS.has(layer.getClassName())) return true;
  const children = childLayers(layer).filter((child) => child.getClassName() !== 'InputLayer');
  return children.length > 0 && children.every(isAugmentation);
}

/** Masks would have to cross the cut, which the split does not carry: such models are not split. */
function usesMasks(layer: AnyLayer): boolean {
  if (layer.getClassName() === 'Masking' || configOf(layer)['maskZero'] === true) return true;
  return childLayers(layer).some(usesMasks);
}

/** `x` through the leading augmentation layers, in training mode; the caller owns the result. */
function applyInOrder(tensors: readonly SymbolicTensor[], x: tf.Tensor): tf.Tensor {
  let value = x;
  for (const tensor of tensors) {
    const next = tensor.sourceLayer.apply(value, { training: true }) as tf.Tensor;
    if (value !== x && value !== next) value.dispose();
    value = next;
  }
  return value === x ? x.clone() : value;
}

/**
 * Every tensor of the graph that ends at `output`, inputs before the tensors computed from them.
 *
 * @internal
 */
export function topologicalOrder(output: SymbolicTensor): SymbolicTensor[] {
  const order: SymbolicTensor[] = [];
  const seen = new Set<number>();
  const visit = (tensor: SymbolicTensor): void => {
    if (seen.has(tensor.id)) return;
    seen.add(tensor.id);
    for (const input of tensor.inputs) visit(input);
    order.push(tensor);
  };
  visit(output);
  return order;
}

/**
 * Finds the largest frozen prefix of a single-input, single-output functional or Sequential model:
 * every tensor from the input that no layer with trainable weights has touched yet, up to the
 * tensors the first such layers read. Since no gradient reaches it, training can run it once per
 * batch outside the gradient tape, in chunks, in inference mode (frozen BatchNormalization uses its
 * moving statistics in training too, as in Keras 2+), and keep only the rest of the model on the
 * tape: a transfer-learning model then costs the memory of its small head, not of every
 * activation of its frozen base.
 *
 * Returns `undefined` (train the whole model under the tape) when there is nothing to gain or the
 * split could change the result: nothing trainable, no frozen weight before the trainable layers,
 * a trainable layer reading the model's input directly, a prefix layer that acts differently while
 * training (Dropout and noise layers, which Keras keeps in training mode even when frozen; a
 * BatchNormalization that is not frozen; recurrent dropout), or masking anywhere in the model.
 *
 * @internal
 */
export function planFrozenPrefix(model: LayersModel, chunkSize: number = FROZEN_PREFIX_CHUNK, usePlanner = true): FrozenPrefix | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || model.trainableWeights.length === 0) return undefined;
  const input = model.inputs[0] as SymbolicTensor;
  const output = model.outputs[0] as SymbolicTensor;
  const order = topologicalOrder(output);
  if (order.some((tensor) => usesMasks(tensor.sourceLayer))) return undefined;

  // Augmentation layers reading the input, one after another, run before the frozen part in
  // training mode (they have nothing to learn, so they stay off the tape too); inside the frozen
  // part they are the identity, as in inference.
  const leading = new Set<number>();
  for (const tensor of order) {
    if (
      isAugmentation(tensor.sourceLayer) &&
      tensor.inputs.length === 1 &&
      tensor.inputs.every((read) => read.id === input.id || leading.has(read.id))
    )
      leading.add(tensor.id);
  }
  const augmentationTensors = order.filter((tensor) => leading.has(tensor.id));

  // A tensor is live when a layer with trainable weights (or one that acts differently while
  // training) made it or anything it came from.
  const live = new Set<number>();
  for (const tensor of order) {
    // Dropout and noise layers act differently while training even where nothing trains: they
    // belong to the trainable part, so that a frozen part never holds one.
    // Augmentation layers elsewhere in the model are such layers too.
    const layer = tensor.sourceLayer;
    const trainingDependent = TRAINING_DEPENDENT.has(layer.getClassName()) || (isAugmentation(layer) && !leading.has(tensor.id));
    if (layer.trainableWeights.length > 0 || trainingDependent || tensor.inputs.some((t) => live.has(t.id))) live.add(tensor.id);
  }
  if (!live.has(output.id)) return undefined;
  const boundaryById = new Map<number, SymbolicTensor>();
  for (const tensor of order) {
    if (!live.has(tensor.id)) continue;
    for (const read of tensor.inputs) if (!live.has(read.id)) boundaryById.set(read.id, read);
  }
  const boundary = [...boundaryById.values()];
  if (boundary.length === 0 || boundaryById.has(input.id) || boundary.some((tensor) => leading.has(tensor.id))) return undefined;

  const prefixLayers = new Set<AnyLayer>();
  for (const end of boundary) for (const tensor of topologicalOrder(end)) prefixLayers.add(tensor.sourceLayer);
  const layers = [...prefixLayers];
  if (!layers.some((layer) => layer.weights.length > 0)) return undefined;
  const frozenModel = !model.trainable;
  const augmentation = augmentationTensors.map((tensor) => tensor.sourceLayer);
  if (layers.some((layer) => !augmentation.includes(layer) && actsDifferentlyWhileTraining(layer, frozenModel))) return undefined;

  // A model over the model's own layers: building it adds no node to them and needs no disposal.
  const prefix = tfl.model({ inputs: input, outputs: boundary });
  const tail = order.filter((tensor) => live.has(tensor.id));
  // A frozen part runs in inference mode by definition, so a registered inference plan may run it.
  // Plans run image models to one output: a cut across a residual connection (fine-tuning from
  // inside a MobileNetV2 block) ends in two tensors, and its layers run it.
  const plan = usePlanner && boundary.length === 1 ? inferencePlannerFor(model)?.(prefix, chunkSize) : undefined;
  return {
    boundary,
    model: prefix,
    planned: plan !== undefined,
    augmentation,
    run: (x, kwargs) => {
      const augmented = kwargs?.training === true && augmentation.length > 0 ? applyInOrder(augmentationTensors, x) : x;
      try {
        const result = plan !== undefined ? plan.predict(augmented) : prefix.predict(augmented, { batchSize: chunkSize });
        return Array.isArray(result) ? result : [result];
      } finally {
        if (augmented !== x) augmented.dispose();
      }
    },
    ...(plan?.run !== undefined
      ? {
          runAsync: async (x: tf.Tensor, kwargs?: { training: boolean }) => {
            const augmented = kwargs?.training === true && augmentation.length > 0 ? applyInOrder(augmentationTensors, x) : x;
            try {
              const result = await (plan.run as (x: tf.Tensor) => Promise<tf.Tensor | tf.Tensor[]>)(augmented);
              return Array.isArray(result) ? result : [result];
            } finally {
              if (augmented !== x) augmented.dispose();
            }
          },
        }
      : {}),
    dispose: () => plan?.dispose(),
    applyTail: (boundaryValues, kwargs) => {
      const values = new Map<number, tf.Tensor>(boundary.map((tensor, i) => [tensor.id, boundaryValues[i] as tf.Tensor]));
      for (const tensor of tail) {
        if (values.has(tensor.id)) continue;
        // As tfjs-layers' executor calls a layer: its inputs as a list, the call's keyword arguments.
        const inputs = tensor.inputs.map((read) => values.get(read.id) as tf.Tensor);
        const made = tensor.sourceLayer.apply(inputs, kwargs) as tf.Tensor | tf.Tensor[];
        const outputs = Array.isArray(made) ? made : [made];
        const node = tensor.sourceLayer.inboundNodes[tensor.nodeIndex];
        const symbolic = node?.outputTensors.includes(tensor) ? node.outputTensors : [tensor];
        symbolic.forEach((out, i) => {
          values.set(out.id, outputs[i] as tf.Tensor);
        });
      }
      return values.get(output.id) as tf.Tensor;
    },
  };
}
