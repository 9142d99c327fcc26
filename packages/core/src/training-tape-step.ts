import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { freezeBatchNormStatistics } from './training-frozen-batch-norm.js';
import type { FrozenPrefix } from './training-frozen-prefix.js';
import type { LossOrMetricFn } from './training-metrics.js';
import type { TrainingStep } from './training-step.js';

/**
 * The generic training step, for any single-input, single-output model: the model is called with
 * `training: true` under the gradient tape, the compiled loss (plus any regularisation penalties)
 * is minimised by the model's own optimizer over `model.trainableWeights`, as `model.fit` does.
 * Frozen BatchNormalization layers run in inference mode, as in Keras 2+. Given the model's frozen
 * prefix, the step computes it first, outside the tape and in chunks, and tapes only the layers
 * after it: same loss and gradients, without keeping the frozen part's activations. Given
 * `fromPrefixOutputs`, its batches already hold the prefix's outputs (computed once per fit) and
 * then the targets, and only the layers after the prefix run.
 *
 * @internal
 */
export class TapeStep implements TrainingStep {
  private readonly restoreBatchNorm: () => void;
  readonly runAsync?: (batch: readonly tf.Tensor[]) => Promise<{ prediction: tf.Tensor; loss: tf.Tensor }>;

  constructor(
    private readonly model: LayersModel,
    private readonly loss: LossOrMetricFn,
    private readonly optimizer: tf.Optimizer,
    private readonly variables: readonly tf.Variable[],
    private readonly prefix?: FrozenPrefix,
    private readonly fromPrefixOutputs = false,
  ) {
    this.restoreBatchNorm = freezeBatchNormStatistics(model);
    const runAsync = prefix?.runAsync;
    if (runAsync !== undefined && !fromPrefixOutputs) {
      this.runAsync = async (batch) => {
        const [x, y] = batch as [tf.Tensor, tf.Tensor];
        return this.step(await runAsync(x, { training: true }), x, y);
      };
    }
  }

  run(batch: readonly tf.Tensor[]): { prediction: tf.Tensor; loss: tf.Tensor } {
    if (this.fromPrefixOutputs) {
      // The caller owns the batch, cached prefix outputs included: copies are what step frees.
      const features = batch.slice(0, -1).map((tensor) => tensor.clone());
      return this.step(features, undefined, batch.at(-1) as tf.Tensor);
    }
    const [x, y] = batch as [tf.Tensor, tf.Tensor];
    // No gradient reaches the frozen prefix, so it runs before, and outside, the tape.
    return this.step(this.prefix?.run(x, { training: true }), x, y);
  }

  /** One optimisation step from the frozen prefix's outputs (owned and freed here), or from `x` without a prefix. */
  private step(features: tf.Tensor[] | undefined, x: tf.Tensor | undefined, y: tf.Tensor): { prediction: tf.Tensor; loss: tf.Tensor } {
    const { prefix } = this;
    let prediction: tf.Tensor | undefined;
    const totalLoss = (): tf.Scalar => {
      const output =
        prefix !== undefined && features !== undefined
          ? prefix.applyTail(features, { training: true })
          : (this.model.apply(x as tf.Tensor, { training: true }) as tf.Tensor);
      prediction = tf.keep(output);
      let loss = tf.mean(this.loss(y, output));
      for (const penalty of this.model.calculateLosses()) loss = tf.add(loss, penalty);
      return loss as tf.Scalar;
    };
    try {
      // With every weight frozen Keras still reports the loss; there is just nothing to update.
      const loss =
        this.variables.length === 0 ? tf.tidy(totalLoss) : (this.optimizer.minimize(totalLoss, true, [...this.variables]) as tf.Scalar);
      return { prediction: prediction as tf.Tensor, loss };
    } finally {
      if (features !== undefined) tf.dispose(features);
    }
  }

  sync(): void {}

  adopt(): void {}

  finish(): void {
    this.prefix?.dispose();
    this.restoreBatchNorm();
  }
}
