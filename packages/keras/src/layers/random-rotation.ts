import type * as tf from '@tensorflow/tfjs-core';
import type { AffineArgs } from './random-image-layer.js';
import { AffineImageLayer, factorRange } from './random-image-layer.js';

/**
 * Options of {@link RandomRotation}.
 *
 * @category Models
 */
export interface RandomRotationArgs extends AffineArgs {
  /** The rotation as a fraction of a full turn: f draws from [-f, f], a pair [a, b] from [a, b] (counter-clockwise is positive). */
  factor: number | readonly [number, number];
}

/**
 * Keras's `RandomRotation`: while training, rotates each image about its centre by an angle drawn
 * from `factor` × 360°, filling what comes from outside the image by `fillMode`; otherwise returns
 * its input untouched.
 *
 * @category Models
 * @example
 * ```ts
 * // The tutorial's ±20% of a turn, reproducible
 * const rotate = new RandomRotation({ factor: 0.2, seed: 7 });
 * ```
 */
export class RandomRotation extends AffineImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomRotation';
  /** The range of the fraction of a turn, sorted, as Keras keeps it. */
  /** The range the random amount is drawn from, as a pair [low, high]. */
  readonly factor: [number, number];

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomRotationArgs}.
   */
  constructor(args: RandomRotationArgs) {
    super(args);
    this.factor = factorRange('factor', args.factor, -1, 1);
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const [batch, height, width] = images.shape;
    const [lower, upper] = this.factor;
    const degrees = this.uniform(batch, lower * 360, upper * 360);
    const cx = 0.5 * (width - 1);
    const cy = 0.5 * (height - 1);
    const rows = degrees.map((angle) => {
      const radians = (angle * Math.PI) / 180;
      const cos = Math.cos(radians);
      const sin = Math.sin(radians);
      return [cos, -sin, cx - cx * cos + cy * sin, sin, cos, cy - cx * sin - cy * cos, 0, 0];
    });
    return this.transform(images, rows);
  }

  /**
   * The layer's options as TensorFlow.js serializes them, under which it saves and loads.
   *
   * @returns A config from which the layer's class rebuilds an equal layer.
   */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: [...this.factor] };
  }
}
