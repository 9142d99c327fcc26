import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { WeightsMismatchError } from '../errors.js';

/**
 * Options of {@link assignNamedWeights}.
 *
 * @category Weights
 */
export interface AssignNamedWeightsOptions {
  /** Where the weights came from (path, URL or description), for error messages. */
  readonly source: string;
}

/**
 * What {@link assignNamedWeights} did.
 *
 * @category Weights
 * @example
 * ```ts
 * const { assigned, unused } = assignNamedWeights(model, weights, { source: 'model.json' });
 * console.log(`${assigned} weights set; not needed: ${unused.join(', ')}`);
 * ```
 */
export interface AssignNamedWeightsResult {
  /** How many of the model's weights were set (all of them). */
  readonly assigned: number;
  /** Names in the given weights that the model has no use for, such as a classifier the model lacks. */
  readonly unused: readonly string[];
}

// Keras's earliest MobileNetV2 named the classifier 'Logits'; later versions call it 'predictions'.
const ALIASES: ReadonlyArray<readonly [string, string]> = [['predictions/', 'Logits/']];

/** `Conv1/kernel:0` (how Keras names variables) and `Conv1/kernel` are the same weight. */
function normalizeName(name: string): string {
  return name.replace(/:\d+$/, '');
}

function shortWeightName(originalName: string): string {
  return originalName.slice(originalName.lastIndexOf('/') + 1);
}

function findWeight(byName: ReadonlyMap<string, string>, name: string): string | undefined {
  const direct = byName.get(name);
  if (direct !== undefined) return direct;
  // Keras 3 calls a DepthwiseConv2D's kernel `kernel`; Keras 2 and TF.js call it `depthwise_kernel`.
  if (name.endsWith('/depthwise_kernel')) {
    const keras3 = byName.get(`${name.slice(0, -'depthwise_kernel'.length)}kernel`);
    if (keras3 !== undefined) return keras3;
  }
  for (const [current, historic] of ALIASES) {
    if (name.startsWith(current)) {
      const aliased = byName.get(historic + name.slice(current.length));
      if (aliased !== undefined) return aliased;
    }
  }
  return undefined;
}

/**
 * Sets every weight of `model` from a map keyed `<layer name>/<weight name>` (such as `Conv1/kernel`,
 * `bn_Conv1/moving_mean`, `predictions/bias`), the names Keras and TF.js model.json files use. A
 * trailing `:0` is ignored. Extra entries are allowed and listed in the result, so a full model's
 * weights can fill a model without its top. All shapes are checked before anything is written, so
 * on error the model keeps its earlier weights. The tensors in `weights` are copied: the caller
 * still owns and disposes them.
 *
 * @param model - the model to fill, built with the architecture the weights were saved from
 * @param weights - weight values by name
 * @param options - `source`, named in error messages
 * @returns how many weights were set and which names were not needed
 * @throws {@link WeightsMismatchError} naming the first layer (in model order) whose weight is
 *   missing or has another shape
 * @category Weights
 * @example
 * ```ts
 * const model = buildMobileNetV2({ alpha: 0.35, includeTop: false });
 * const { unused } = assignNamedWeights(model, weights, { source: 'weights.h5' });
 * ```
 */
export function assignNamedWeights(
  model: LayersModel,
  weights: NamedTensorMap,
  options: AssignNamedWeightsOptions,
): AssignNamedWeightsResult {
  const byName = new Map<string, string>();
  for (const key of Object.keys(weights)) byName.set(normalizeName(key), key);
  const used = new Set<string>();
  const plan: Array<{ layer: LayersModel['layers'][number]; values: Tensor[] }> = [];

  for (const layer of model.layers) {
    const values: Tensor[] = [];
    for (const variable of layer.weights) {
      const name = `${layer.name}/${shortWeightName(variable.originalName)}`;
      const key = findWeight(byName, name);
      const value = key === undefined ? undefined : weights[key];
      const expectedShape = variable.shape.map((size) => size ?? -1);
      if (key === undefined || value === undefined) {
        throw new WeightsMismatchError({ source: options.source, layer: layer.name, weight: name, expectedShape, actualShape: 'missing' });
      }
      if (!tf.util.arraysEqual(value.shape, expectedShape)) {
        throw new WeightsMismatchError({
          source: options.source,
          layer: layer.name,
          weight: name,
          expectedShape,
          actualShape: value.shape,
        });
      }
      used.add(key);
      values.push(value);
    }
    if (values.length > 0) plan.push({ layer, values });
  }

  let assigned = 0;
  for (const { layer, values } of plan) {
    const dtypes = layer.weights.map((variable) => variable.dtype);
    const cast = values.map((value, index) => (value.dtype === dtypes[index] ? value : tf.cast(value, dtypes[index] ?? 'float32')));
    try {
      layer.setWeights(cast);
    } finally {
      cast.forEach((value, index) => {
        if (value !== values[index]) value.dispose();
      });
    }
    assigned += values.length;
  }
  const unused = Object.keys(weights).filter((key) => !used.has(key));
  return { assigned, unused };
}
