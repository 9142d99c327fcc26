import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A loss or metric function as `model.compile` takes it: per-sample values from labels and
 * predictions, named as Keras logs it.
 *
 * @category Training
 */
export type KerasLossOrMetric = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

function named<T extends KerasLossOrMetric>(fn: T, name: string): T {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

/**
 * Options of {@link BinaryCrossentropy}.
 *
 * @category Training
 */
export interface BinaryCrossentropyOptions {
  /** Whether predictions are logits (any real number, as from `Dense(1)` without activation) rather than probabilities. Default false. */
  fromLogits?: boolean;
  /** Moves labels towards 0.5 by this much, as Keras does: `y * (1 - s) + 0.5 s`. Default 0. */
  labelSmoothing?: number;
}

/**
 * Keras's `BinaryCrossentropy` loss for `model.compile`: the mean over the last axis of the
 * crossentropy of each label with its prediction. With `fromLogits` it works on logits directly
 * (the numerically stable form), as the MobileNetV2 tutorial's head needs.
 *
 * @param options `fromLogits`, `labelSmoothing`; Keras's defaults when left out.
 * @returns A loss function to give `model.compile` as `loss`.
 * @category Training
 * @example
 * ```ts
 * model.compile({ optimizer: RMSprop({ learningRate: 1e-4 }), loss: BinaryCrossentropy({ fromLogits: true }), metrics: [BinaryAccuracy({ threshold: 0, name: 'accuracy' })] });
 * ```
 */
export function BinaryCrossentropy(options: BinaryCrossentropyOptions = {}): KerasLossOrMetric {
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1))
    throw new InvalidArgumentError(
      'labelSmoothing',
      `must be in [0, 1], got ${String(smoothing)}`,
      'Pass a number such as 0.1, or leave it out.',
    );
  const fromLogits = options.fromLogits ?? false;
  return named(
    (yTrue, yPred) =>
      tf.tidy(() => {
        let labels = tf.cast(yTrue, 'float32');
        if (smoothing > 0) labels = tf.add(tf.mul(labels, 1 - smoothing), 0.5 * smoothing);
        labels = tf.reshape(labels, yPred.shape);
        if (fromLogits) {
          // max(x, 0) - x z + log(1 + exp(-|x|)), as TensorFlow's sigmoid_cross_entropy_with_logits.
          const perElement = tf.add(tf.sub(tf.relu(yPred), tf.mul(yPred, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(yPred)))));
          return tf.mean(perElement, -1);
        }
        const epsilon = 1e-7;
        const p = tf.clipByValue(yPred, epsilon, 1 - epsilon);
        const perElement = tf.neg(tf.add(tf.mul(labels, tf.log(p)), tf.mul(tf.sub(1, labels), tf.log(tf.sub(1, p)))));
        return tf.mean(perElement, -1);
      }),
    'binary_crossentropy',
  );
}

/**
 * Options of {@link BinaryAccuracy}.
 *
 * @category Training
 */
export interface BinaryAccuracyOptions {
  /** A prediction above it counts as class 1. Keras's default 0.5 suits probabilities; use 0 for logits, as the tutorial does. */
  threshold?: number;
  /** The name in logs and History; Keras's default is `binary_accuracy`. */
  name?: string;
}

/**
 * Keras's `BinaryAccuracy` metric for `model.compile`: the fraction of predictions on the right
 * side of `threshold`.
 *
 * @param options `threshold` (default 0.5) and the `name` the logs show (default `'binary_accuracy'`).
 * @returns A metric function to give `model.compile` in `metrics`.
 * @category Training
 * @example
 * ```ts
 * const accuracy = BinaryAccuracy({ threshold: 0, name: 'accuracy' }); // on logits
 * ```
 */
export function BinaryAccuracy(options: BinaryAccuracyOptions = {}): KerasLossOrMetric {
  const threshold = options.threshold ?? 0.5;
  return named(
    (yTrue, yPred) =>
      tf.tidy(() => {
        const predicted = tf.cast(tf.greater(yPred, threshold), 'float32');
        const labels = tf.reshape(tf.cast(yTrue, 'float32'), yPred.shape);
        return tf.mean(tf.cast(tf.equal(predicted, labels), 'float32'), -1);
      }),
    options.name ?? 'binary_accuracy',
  );
}

/**
 * Options of {@link RMSprop}, with Keras's defaults.
 *
 * @category Training
 */
export interface RMSpropOptions {
  /** Default 0.001. */
  learningRate?: number;
  /** Discount of the running average of squared gradients. Default 0.9. */
  rho?: number;
  /** Default 0. */
  momentum?: number;
  /** Added to the average before its square root. Default 1e-7 (TensorFlow.js's own default follows the backend's precision). */
  epsilon?: number;
  /** Whether to divide by the gradients' variance rather than their second moment. Default false. */
  centered?: boolean;
}

/**
 * Keras's `RMSprop` optimizer, with Keras's defaults (learning rate 0.001, rho 0.9, momentum 0,
 * epsilon 1e-7, not centered), as a TensorFlow.js optimizer for `model.compile`.
 *
 * @param options Keras's names for the settings; Keras's defaults when left out.
 * @returns A new TensorFlow.js optimizer, owned by the caller: dispose it (`optimizer.dispose()`) when training is done.
 * @category Training
 * @example
 * ```ts
 * model.compile({ optimizer: RMSprop({ learningRate: 0.0001 }), loss: BinaryCrossentropy({ fromLogits: true }) });
 * ```
 */
export function RMSprop(options: RMSpropOptions = {}): tf.Optimizer {
  const { learningRate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = options;
  if (!(learningRate > 0))
    throw new InvalidArgumentError('learningRate', `must be above 0, got ${String(learningRate)}`, 'Pass a number such as 0.001.');
  return tf.train.rmsprop(learningRate, rho, momentum, epsilon, centered);
}
