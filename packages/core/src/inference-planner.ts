import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * A faster way to run a frozen part of a model in inference mode: what a package with an
 * inference engine (mobilenet's `optimizeForInference`) gives core, so that `fit` runs a frozen
 * base through it without core knowing the engine.
 *
 * @internal
 */
export interface InferencePlan {
  /** The frozen part's outputs for `x`, in inference mode; the caller owns them. */
  predict(x: tf.Tensor): tf.Tensor | tf.Tensor[];
  /**
   * The same, on an engine that answers asynchronously (ONNX Runtime): when present, training
   * awaits it for every batch instead of calling `predict`.
   */
  run?(x: tf.Tensor): Promise<tf.Tensor | tf.Tensor[]>;
  /** Frees what the plan holds (never the model's own weights). */
  dispose(): void;
}

/**
 * Makes an {@link InferencePlan} for `part` (a model over some of the registered model's layers,
 * from its input to where its frozen part ends), running `batchSize` samples at a time; returns
 * `undefined` when it cannot (a layer it does not support), and training then runs the layers.
 *
 * @internal
 */
export type InferencePlanner = (part: LayersModel, batchSize: number) => InferencePlan | undefined;

// Keyed by the input layer, which every model built on the same layers shares: a model the user
// builds on a registered base (the course's Keras way, written literally) finds its planner.
const planners = new WeakMap<object, InferencePlanner>();

function inputLayerOf(model: LayersModel): object | undefined {
  return model.inputs.length === 1 ? model.inputs[0]?.sourceLayer : undefined;
}

/**
 * Registers how to run frozen parts of `model`, and of every model built on its input. Calling it
 * at model construction (never at import) keeps importing a package free of side effects.
 *
 * @internal
 */
export function setInferencePlanner(model: LayersModel, planner: InferencePlanner): void {
  const key = inputLayerOf(model);
  if (key !== undefined) planners.set(key, planner);
}

/**
 * The planner registered for `model`'s input, if any.
 *
 * @internal
 */
export function inferencePlannerFor(model: LayersModel): InferencePlanner | undefined {
  const key = inputLayerOf(model);
  return key === undefined ? undefined : planners.get(key);
}
