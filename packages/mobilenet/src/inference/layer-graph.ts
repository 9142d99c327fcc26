import { InvalidArgumentError } from '@dendrite/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { UnsupportedLayerError } from './unsupported-layer-error.js';

/** A symbolic shape: `null` where the size is not fixed (the batch). @internal */
export type SymbolicShape = readonly (number | null)[];

/** One layer call of a model: which tensors it reads and which one it writes. @internal */
export interface GraphNode {
  readonly layer: tfl.layers.Layer;
  readonly className: string;
  /** Ids of the symbolic tensors it reads, in call order. */
  readonly inputs: readonly number[];
  readonly inputShapes: readonly SymbolicShape[];
  /** Id of the symbolic tensor it writes. */
  readonly output: number;
  readonly outputShape: SymbolicShape;
}

/** A single-input, single-output model as its layer calls in execution order. @internal */
export interface LayerGraph {
  readonly input: number;
  readonly inputShape: SymbolicShape;
  readonly output: number;
  readonly outputShape: SymbolicShape;
  /** Every layer call between the input and the output, each after the calls it reads from. */
  readonly nodes: readonly GraphNode[];
}

/**
 * Lists the layer calls of a tfjs-layers model from its input to its output, following each
 * symbolic tensor back to the call that made it, so that a layer reused by several models (as in
 * transfer learning) contributes only the call this model uses.
 *
 * @internal
 * @param model - a model with one input and one output
 * @returns the calls in an order where each follows its inputs
 * @throws InvalidArgumentError when the model has several inputs or outputs
 * @throws UnsupportedLayerError when a layer has several outputs or the graph reaches another input
 */
export function readLayerGraph(model: LayersModel): LayerGraph {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new InvalidArgumentError(
      'model',
      `has ${model.inputs.length} inputs and ${model.outputs.length} outputs`,
      'Pass a model with one image input and one output, such as a MobileNetV2.',
    );
  }
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const nodes: GraphNode[] = [];
  const visited = new Set<number>([input.id]);

  const visit = (tensor: SymbolicTensor): void => {
    if (visited.has(tensor.id)) return;
    visited.add(tensor.id);
    const layer = tensor.sourceLayer;
    const className = layer.getClassName();
    if (tensor.inputs.length === 0) {
      throw new UnsupportedLayerError(layer.name, className, 'the graph reaches an input other than the model input');
    }
    // tfjs-layers numbers the outputs only of layers that have several.
    if (tensor.outputTensorIndex !== undefined) {
      throw new UnsupportedLayerError(layer.name, className, 'it has several outputs');
    }
    for (const source of tensor.inputs) visit(source);
    nodes.push({
      layer,
      className,
      inputs: tensor.inputs.map((source) => source.id),
      inputShapes: tensor.inputs.map((source) => source.shape),
      output: tensor.id,
      outputShape: tensor.shape,
    });
  };
  visit(output);
  return { input: input.id, inputShape: input.shape, output: output.id, outputShape: output.shape, nodes };
}
