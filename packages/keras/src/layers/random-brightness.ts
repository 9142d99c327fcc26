import * as tf from '@tensorflow/tfjs-core';
import { intensityOptions } from './intensity-options.js';
import type { RandomLayerArgs } from './random-image-layer.js';
import { RandomImageLayer } from './random-image-layer.js';

/**
 * Options of {@link RandomBrightness}.
 *
 * @category Models
 */
export interface RandomBrightnessArgs extends RandomLayerArgs {
  /** The shift as a fraction of `valueRange`'s width, in [-1, 1]: f draws from [-f, f], a pair [a, b] from [a, b]. */
  factor: number | readonly [number, number];
  /** The range pixels are in, and clipped to: Keras's default [0, 255]. */
  valueRange?: readonly [number, number];
}

/**
 * Keras's `RandomBrightness`: while training, adds to every pixel of each image one amount drawn
 * per image (`factor` × the width of `valueRange`), then clips to `valueRange`; otherwise returns
 * its input untouched.
 *
 * @category Models
 * @example
 * ```ts
 * const brightness = new RandomBrightness({ factor: 0.2, seed: 11 }); // ±51 on 0..255 pixels
 * ```
 */
export class RandomBrightness extends RandomImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomBrightness';
  /** The range the random amount is drawn from, as a pair [low, high]. */
  readonly factor: [number, number];
  /** The range pixels are in, and clipped to. */
  readonly valueRange: [number, number];

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomBrightnessArgs}.
   */
  constructor(args: RandomBrightnessArgs) {
    super(args);
    ({ factor: this.factor, valueRange: this.valueRange } = intensityOptions(args, { factorLow: -1, sortValueRange: true }));
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const batch = images.shape[0];
    const [low, high] = this.valueRange;
    const deltas = this.uniform(batch, this.factor[0], this.factor[1]).map((f) => f * (high - low));
    return tf.clipByValue(tf.add(images, tf.tensor4d(deltas, [batch, 1, 1, 1])), low, high) as tf.Tensor4D;
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
