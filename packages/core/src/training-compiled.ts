import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';
import type { LossOrMetricFn, NamedMetric } from './training-metrics.js';

/**
 * What `model.compile` set up, in the form the training loop uses.
 *
 * @internal
 */
export interface CompiledTraining {
  readonly optimizer: tf.Optimizer;
  /** The compiled loss function. */
  readonly loss: LossOrMetricFn;
  /** The loss's identifier when it was given by name, such as `'sparseCategoricalCrossentropy'`. */
  readonly lossName: string | undefined;
  /** The compiled metrics, named as Keras logs them (`accuracy` stays `accuracy`). */
  readonly metrics: readonly NamedMetric[];
}

type MetricSpec = string | LossOrMetricFn;

function declaredMetrics(model: LayersModel): MetricSpec[] {
  const declared = model.metrics as unknown;
  if (typeof declared === 'string' || typeof declared === 'function') return [declared as MetricSpec];
  if (Array.isArray(declared)) return declared as MetricSpec[];
  if (declared !== null && typeof declared === 'object') {
    return Object.values(declared as Record<string, MetricSpec | MetricSpec[]>).flatMap((m) => (Array.isArray(m) ? m : [m]));
  }
  return [];
}

/**
 * Reads the optimizer, loss and metrics `model.compile` set, and checks the model has one input and
 * one output.
 *
 * @internal
 */
export function compiledTraining(model: LayersModel): CompiledTraining {
  const optimizer = model.optimizer as tf.Optimizer | undefined;
  // A Sequential model keeps its loss functions on the functional model inside it.
  const inner = (model as unknown as { model?: LayersModel }).model;
  const lossFunctions = (model.lossFunctions as LossOrMetricFn[] | undefined) ?? (inner?.lossFunctions as LossOrMetricFn[] | undefined);
  if (optimizer === undefined || optimizer === null || lossFunctions === undefined || lossFunctions.length === 0) {
    throw new InvalidArgumentError(
      'model',
      'it has not been compiled',
      "Call model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }) first.",
    );
  }
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || lossFunctions.length !== 1) {
    throw new InvalidArgumentError(
      'model',
      `it has ${model.inputs.length} input(s) and ${model.outputs.length} output(s), but this training loop trains models with one of each`,
      "Use the model's own fit() for models with several inputs or outputs.",
    );
  }
  const lossSpec = Array.isArray(model.loss) ? model.loss[0] : model.loss;
  const specs = declaredMetrics(model);
  const metrics = (model.metricsTensors ?? []).map(([fn], i): NamedMetric => {
    const spec = specs[i];
    const name =
      typeof spec === 'string' ? spec : spec !== undefined && spec.name !== '' ? spec.name : (model.metricsNames[i + 1] ?? `metric_${i}`);
    return { name, fn: fn as LossOrMetricFn };
  });
  return { optimizer, loss: lossFunctions[0] as LossOrMetricFn, lossName: typeof lossSpec === 'string' ? lossSpec : undefined, metrics };
}
