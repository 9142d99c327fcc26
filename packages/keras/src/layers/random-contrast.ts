import * as tf from '@tensorflow/tfjs-core';
import { intensityOptions } from './intensity-options.js';
import type { RandomLayerArgs } from './random-image-layer.js';
import { RandomImageLayer } from './random-image-layer.js';

/**
 * Options of {@link RandomContrast}.
 *
 * @category Models
 */
export interface RandomContrastArgs extends RandomLayerArgs {
  /** Keras's factor in [0, 1]: a pair [a, b] draws the contrast from [1 - a, 1 + b]; one number f is the pair [0, f], as Keras 3 reads it. */
  factor: number | readonly [number, number];
  /** The range pixels are in, and clipped to: Keras's default [0, 255]. */
  valueRange?: readonly [number, number];
}

/**
 * Keras's `RandomContrast`: while training, moves each image's pixels away from (or towards) the
 * image's mean per channel by a factor drawn per image, then clips to `valueRange`; otherwise
 * returns its input untouched.
 *
 * @category Models
 * @example
 * ```ts
 * const contrast = new RandomContrast({ factor: [0.2, 0.2], seed: 9 }); // contrast in [0.8, 1.2]
 * ```
 */
export class RandomContrast extends RandomImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomContrast';
  /** The range the random amount is drawn from, as a pair [low, high]. */
  readonly factor: [number, number];
  /** The range pixels are in, and clipped to. */
  readonly valueRange: [number, number];

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomContrastArgs}.
   */
  constructor(args: RandomContrastArgs) {
    super(args);
    ({ factor: this.factor, valueRange: this.valueRange } = intensityOptions(args, { factorLow: 0, sortValueRange: false }));
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const batch = images.shape[0];
    const factors = tf.tensor4d(this.uniform(batch, 1 - this.factor[0], 1 + this.factor[1]), [batch, 1, 1, 1]);
    const mean = tf.mean(images, [1, 2], true);
    const adjusted = tf.add(tf.mul(tf.sub(images, mean), factors), mean);
    return tf.clipByValue(adjusted, this.valueRange[0], this.valueRange[1]) as tf.Tensor4D;
  }

  /**
   * The layer's options as TensorFlow.js serializes them, under which it saves and loads.
   *
   * @returns A config from which the layer's class rebuilds an equal layer.
   */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: [...this.factor], valueRange: [...this.valueRange] };
  }
}
