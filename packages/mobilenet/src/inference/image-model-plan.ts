import { InvalidArgumentError } from '@dendrite/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { planInference } from './inference-plan.js';
import type { InferencePlan, PlanOptions } from './inference-steps.js';
import { readLayerGraph } from './layer-graph.js';

/** A plan of a model that takes images of one fixed size. @internal */
export interface ImageModelPlan {
  readonly plan: InferencePlan;
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
}

/**
 * Reads a single-input image model and rewrites it for inference ({@link planInference}).
 *
 * @internal
 * @param model - the layers model
 * @param options - which rewrites to apply
 * @returns the plan and the fixed input size
 * @throws InvalidArgumentError when the input has no fixed image size
 */
export function planImageModel(model: LayersModel, options: PlanOptions = {}): ImageModelPlan {
  const graph = readLayerGraph(model);
  const [, rows, cols, channels] = graph.inputShape;
  if (graph.inputShape.length !== 4 || typeof rows !== 'number' || typeof cols !== 'number' || typeof channels !== 'number') {
    throw new InvalidArgumentError(
      'model',
      `takes inputs of shape ${describeShape(graph.inputShape)}, not images of a fixed size`,
      'Build the model with a fixed inputShape such as [224, 224, 3].',
    );
  }
  return { plan: planInference(graph, options), rows, cols, channels };
}

/** A shape as `[n, 224, 224, 3]`, with `n` for an unknown size. @internal */
export function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((size) => size ?? 'n').join(', ')}]`;
}
