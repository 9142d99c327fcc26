import { InvalidArgumentError } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Options for {@link thresholdDataset}.
 *
 * @category Data
 */
export interface ThresholdDatasetOptions {
  /** How many observations. Default 10,000, as in the course. */
  readonly samples?: number;
  /** Observations at or above this value get label 1, the rest label 0. Default 0.5. */
  readonly threshold?: number;
  /** Seed of the generator; the same seed gives the same data. Default 0. */
  readonly seed?: number;
}

/**
 * The course's first dataset, as plain arrays (no tensors).
 *
 * @category Data
 * @example
 * ```ts
 * const { observations, labels } = thresholdData({ samples: 5, seed: 1 });
 * ```
 */
export interface ThresholdData {
  /** Uniform numbers in [0, 1). */
  readonly observations: Float32Array;
  /** 1 where the observation is at or above the threshold, else 0. */
  readonly labels: Int32Array;
}

function checkOptions(samples: number, threshold: number): void {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new InvalidArgumentError('samples', `must be a positive integer, got ${String(samples)}`, 'Pass a whole number such as 10000.');
  }
  if (!Number.isFinite(threshold)) {
    throw new InvalidArgumentError('threshold', `must be a finite number, got ${String(threshold)}`, 'Pass a value in [0, 1) such as 0.5.');
  }
}

/**
 * Draws the course's synthetic observations and labels as plain arrays: `samples` uniform numbers in
 * [0, 1) and label 1 where a number is at least `threshold`, else 0.
 *
 * @param options - how many samples, the threshold (default 0.5) and the seed
 * @returns the observations and their labels
 * @category Data
 * @example
 * ```ts
 * const { observations, labels } = thresholdData({ samples: 3, seed: 42 });
 * console.log(observations[0], labels[0]);
 * ```
 */
export function thresholdData(options: ThresholdDatasetOptions = {}): ThresholdData {
  const { samples = 10_000, threshold = 0.5, seed = 0 } = options;
  checkOptions(samples, threshold);
  const random = new SeededRandom(seed);
  const observations = new Float32Array(samples);
  const labels = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    // Rounded to float32 first so that the label agrees with the stored value.
    const value = Math.fround(random.next());
    observations[i] = value;
    labels[i] = value >= threshold ? 1 : 0;
  }
  return { observations, labels };
}

/**
 * The course's synthetic dataset as tensors: `x` of shape [samples, 1] with uniform numbers in
 * [0, 1), and `y` of shape [samples] with label 1 where x >= threshold, else 0 (float32, as
 * `sparseCategoricalCrossentropy` expects). Seeded, so the same seed gives the same data.
 *
 * @param options - how many samples (default 10,000), the threshold (default 0.5) and the seed
 * @returns `x` and `y`, owned by the caller (dispose them when done)
 * @category Data
 * @example
 * ```ts
 * const { x, y } = thresholdDataset({ samples: 10_000, threshold: 0.5, seed: 42 });
 * await model.fit(x, y, { epochs: 10 });
 * x.dispose();
 * y.dispose();
 * ```
 */
export function thresholdDataset(options: ThresholdDatasetOptions = {}): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const { observations, labels } = thresholdData(options);
  return {
    x: tf.tensor2d(observations, [observations.length, 1], 'float32'),
    y: tf.tensor1d(Float32Array.from(labels), 'float32'),
  };
}
