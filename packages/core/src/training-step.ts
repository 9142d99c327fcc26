import type * as tf from '@tensorflow/tfjs-core';

/**
 * One way of running a training step: the generic taped step, or the hand-written one for Dense
 * stacks.
 *
 * @internal
 */
export interface TrainingStep {
  /**
   * Runs one optimisation step on a batch (the tensors the step asked to be batched, in order) and
   * returns the predictions made before the update, and the batch's mean loss when the step
   * computed it. The caller owns both.
   */
  run(batch: readonly tf.Tensor[]): { prediction: tf.Tensor; loss?: tf.Tensor };
  /**
   * {@link TrainingStep.run} for a step that awaits an engine first (a frozen base on ONNX
   * Runtime); the loop uses it when present.
   */
  readonly runAsync?: (batch: readonly tf.Tensor[]) => Promise<{ prediction: tf.Tensor; loss?: tf.Tensor }>;
  /** Makes the model's own variables hold the current weights (before callbacks and validation). */
  sync(): void;
  /** Takes in weights and optimizer settings that callbacks changed (after callbacks). */
  adopt(): void;
  /** Syncs and releases what the step holds, handing optimizer state back to the optimizer. */
  finish(): void;
}
