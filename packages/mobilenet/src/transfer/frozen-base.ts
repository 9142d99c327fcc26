import { InvalidArgumentError } from '@dendrite/core';
import { planFrozenPrefix } from '@dendrite/core/internal';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/**
 * A model cut in two where its frozen part ends: `base` runs from the model's input to the one
 * tensor that feeds the trainable part, and `head` is the trainable part on its own input. Both use
 * the model's own layers, so training `head` trains the model.
 *
 * @internal
 */
export interface FrozenSplit {
  /** The frozen part: no trainable weight and no layer that acts differently while training. */
  readonly base: LayersModel;
  /** The trainable part, compiled like the model (same optimizer object, loss and metrics). */
  readonly head: LayersModel;
  /** Frees the head's own bookkeeping; the model's layers and weights stay. */
  dispose(): void;
}

/** The layers from `boundary` to `output` when they form a chain of Dense layers, else undefined. */
function denseChain(output: SymbolicTensor, boundary: SymbolicTensor): Layer[] | undefined {
  const chain: Layer[] = [];
  let tensor = output;
  while (tensor.id !== boundary.id) {
    const [input] = tensor.inputs;
    if (tensor.inputs.length !== 1 || input === undefined || tensor.sourceLayer.getClassName() !== 'Dense') return undefined;
    chain.unshift(tensor.sourceLayer);
    tensor = input;
  }
  return chain;
}

/** Re-applies the layers between `boundary` and `output` to a new input. */
function rebuild(output: SymbolicTensor, boundary: SymbolicTensor, input: SymbolicTensor): SymbolicTensor {
  const made = new Map<number, SymbolicTensor>([[boundary.id, input]]);
  const make = (tensor: SymbolicTensor): SymbolicTensor => {
    const known = made.get(tensor.id);
    if (known !== undefined) return known;
    const inputs = tensor.inputs.map(make);
    const result = tensor.sourceLayer.apply(inputs.length === 1 ? (inputs[0] as SymbolicTensor) : inputs, tensor.callArgs);
    const outputs = Array.isArray(result) ? result : [result];
    const chosen = outputs[tensor.outputTensorIndex ?? 0] as SymbolicTensor;
    made.set(tensor.id, chosen);
    return chosen;
  };
  return make(output);
}

/**
 * Cuts a single-input, single-output model where its frozen base ends, as core's training loop
 * finds it (one detector of the frozen part for all of Dendrite): the base needs no gradient, so
 * its features can be computed once and cached, and the head trains on them. Returns `undefined`
 * when the model has no such cut: nothing trainable, nothing frozen before the trainable layers, or
 * the trainable layers read several frozen tensors.
 *
 * The head is a Sequential model when it is a chain of Dense layers (so Dendrite's training loop
 * takes its fast path), otherwise a functional model.
 *
 * @internal
 */
export function splitFrozenBase(model: LayersModel): FrozenSplit | undefined {
  const prefix = planFrozenPrefix(model, 8, false);
  if (prefix === undefined || prefix.boundary.length !== 1) return undefined;
  if (prefix.augmentation.length > 0) {
    // Features computed once per image would hold the images as they are, never an augmented copy.
    throw new InvalidArgumentError(
      'model',
      `starts with augmentation layers (${prefix.augmentation.map((layer) => layer.name).join(', ')}), which change every image at every epoch, so features computed once (the fast way) cannot hold them`,
      "Train it the Keras way, fit(model, images, labels) (transferLearn's mode: 'keras'), or build the model without augmentation for the fast way.",
    );
  }
  const output = model.outputs[0] as SymbolicTensor;
  const cut = prefix.boundary[0] as SymbolicTensor;
  const base = prefix.model;
  const inputShape = cut.shape.slice(1) as number[];
  const chain = denseChain(output, cut);
  let head: LayersModel;
  if (chain !== undefined) {
    head = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape }), ...chain], name: `${model.name}_head` });
  } else {
    const input = tfl.input({ shape: inputShape });
    head = tfl.model({ inputs: input, outputs: rebuild(output, cut, input), name: `${model.name}_head` });
  }
  if (model.optimizer !== undefined && model.optimizer !== null) {
    head.compile({ optimizer: model.optimizer, loss: model.loss, metrics: model.metrics as string[] });
  }
  return {
    base,
    head,
    dispose: () => {
      // The head model re-applied the model's layers, which raised their reference counts; this
      // lowers them again without freeing any weight the model still uses.
      head.dispose();
    },
  };
}

/** {@link splitFrozenBase}, or an error that says how to get a model it can cut. @internal */
export function requireFrozenSplit(model: LayersModel, call: string): FrozenSplit {
  const split = splitFrozenBase(model);
  if (split === undefined) {
    throw new InvalidArgumentError(
      'model',
      'has no frozen base feeding a trainable head',
      `Make it with transferModel(base), or freeze the base's layers (layer.trainable = false) before calling ${call}; train other models with fit().`,
    );
  }
  return split;
}
