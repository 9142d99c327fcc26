import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

type Layer = LayersModel['layers'][number];

/** Layers without weights that still act differently while training, so they belong to the head. */
const TRAINING_ONLY_LAYERS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

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

function isLive(layer: Layer): boolean {
  return (layer.trainable && layer.trainableWeights.length > 0) || TRAINING_ONLY_LAYERS.has(layer.getClassName());
}

/**
 * Finds the tensors of `output`'s graph that depend on a live layer (one that training changes or
 * that behaves differently while training), and the frozen tensors those live layers read.
 */
function liveGraph(output: SymbolicTensor): { live: Set<number>; boundary: Map<number, SymbolicTensor> } {
  const liveness = new Map<number, boolean>();
  const visit = (tensor: SymbolicTensor): boolean => {
    const known = liveness.get(tensor.id);
    if (known !== undefined) return known;
    // Visit every input (no short-circuit), so that all of them get a verdict.
    const inputs = tensor.inputs.map(visit);
    const live = isLive(tensor.sourceLayer) || inputs.some(Boolean);
    liveness.set(tensor.id, live);
    return live;
  };
  visit(output);
  const live = new Set([...liveness].filter(([, isLiveTensor]) => isLiveTensor).map(([id]) => id));
  const boundary = new Map<number, SymbolicTensor>();
  const seen = new Set<number>();
  const collect = (tensor: SymbolicTensor): void => {
    if (seen.has(tensor.id)) return;
    seen.add(tensor.id);
    for (const input of tensor.inputs) {
      if (live.has(input.id)) collect(input);
      else boundary.set(input.id, input);
    }
  };
  if (live.has(output.id)) collect(output);
  return { live, boundary };
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

/** Re-applies the live layers between `boundary` and `output` to a new input. */
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
 * Cuts a compiled single-input, single-output model where its frozen base ends, as transfer
 * learning makes it: the base (every layer up to the one tensor the trainable layers read) needs
 * no gradient, so it can run in inference mode (frozen BatchNormalization with its moving
 * statistics, as in Keras 2+), in small chunks, outside the gradient tape. Returns `undefined` when
 * the model has no such cut: nothing trainable, nothing frozen before the trainable layers, or the
 * trainable layers read several frozen tensors.
 *
 * The head is a Sequential model when it is a chain of Dense layers (so Dendrite's training loop
 * takes its fast path), otherwise a functional model.
 *
 * @internal
 */
export function splitFrozenBase(model: LayersModel): FrozenSplit | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const output = model.outputs[0] as SymbolicTensor;
  const modelInput = model.inputs[0] as SymbolicTensor;
  const { live, boundary } = liveGraph(output);
  if (!live.has(output.id) || boundary.size !== 1) return undefined;
  const cut = [...boundary.values()][0] as SymbolicTensor;
  if (cut.id === modelInput.id) return undefined;

  const base = tfl.model({ inputs: modelInput, outputs: cut, name: `${model.name}_frozen_base` });
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
