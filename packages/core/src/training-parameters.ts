import type * as tf from '@tensorflow/tfjs-core';

/**
 * Where a training step reads the trainable weights and how it applies their gradients. Both lists
 * follow the order of `model.trainableWeights`, which is also the order in which the model's
 * optimizer keeps its per-weight state, so that state carries over between calls.
 *
 * @internal
 */
export interface ParameterStore {
  /** Current values of the trainable weights; valid until the next {@link ParameterStore.update}. */
  values(): readonly tf.Tensor[];
  /** Applies one gradient per trainable weight, through the model's optimizer. */
  update(gradients: readonly tf.Tensor[]): void;
  /** Makes the model's own variables hold the current values (before callbacks run). */
  sync(): void;
  /**
   * Takes in what callbacks may have changed since {@link ParameterStore.sync}: weights set on the
   * model (`model.setWeights`, say) and the optimizer's hyper-parameters (a learning-rate schedule).
   */
  adopt(): void;
  /** Syncs, hands any optimizer state back to the optimizer and frees what the store holds. */
  finish(): void;
}

/**
 * The plain store: the model's variables are the values and the optimizer's own `applyGradients`
 * updates them, exactly as `model.fit` does. Works with every tfjs optimizer.
 *
 * @internal
 */
export class OptimizerStore implements ParameterStore {
  constructor(
    private readonly optimizer: tf.Optimizer,
    private readonly variables: readonly tf.Variable[],
  ) {}

  values(): readonly tf.Tensor[] {
    return this.variables;
  }

  update(gradients: readonly tf.Tensor[]): void {
    this.optimizer.applyGradients(this.variables.map((variable, i) => ({ name: variable.name, tensor: gradients[i] as tf.Tensor })));
  }

  sync(): void {}

  adopt(): void {}

  finish(): void {}
}
