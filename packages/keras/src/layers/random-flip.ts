import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { RandomLayerArgs } from './random-image-layer.js';
import { RandomImageLayer, snakeCase } from './random-image-layer.js';

/**
 * Which way {@link RandomFlip} flips.
 *
 * @category Models
 */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

/**
 * Options of {@link RandomFlip}.
 *
 * @category Models
 */
export interface RandomFlipArgs extends RandomLayerArgs {
  /** `'horizontal'` (left-right), `'vertical'` (up-down) or `'horizontal_and_vertical'` (Keras's default: both or neither). */
  mode?: FlipMode;
  /** Only `'channels_last'` (or null) is supported. */
  dataFormat?: 'channels_last' | null;
}

const modes: readonly FlipMode[] = ['horizontal', 'vertical', 'horizontal_and_vertical'];

/**
 * Keras's `RandomFlip`: while training, flips each image with probability one half; otherwise
 * returns its input untouched. In `'horizontal_and_vertical'` mode one draw decides both flips, as
 * in Keras 3.
 *
 * @category Models
 * @example
 * ```ts
 * const model = tfl.sequential({ layers: [new RandomFlip({ mode: 'horizontal', seed: 1, inputShape: [96, 96, 3] })] });
 * const flipped = model.apply(images, { training: true });
 * ```
 */
export class RandomFlip extends RandomImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomFlip';
  /** Which way the layer flips. */
  readonly mode: FlipMode;

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomFlipArgs}.
   */
  constructor(args: RandomFlipArgs = {}) {
    super(args);
    const mode = snakeCase(args.mode ?? 'horizontal_and_vertical') as FlipMode;
    if (!modes.includes(mode))
      throw new InvalidArgumentError('mode', `${JSON.stringify(args.mode)} is not a flip mode`, `Use one of ${modes.join(', ')}.`);
    this.mode = mode;
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const batch = images.shape[0];
    const flips = this.uniform(batch, 0, 1).map((u) => u <= 0.5);
    let flipped = images;
    if (this.mode !== 'vertical') flipped = tf.reverse(flipped, 2);
    if (this.mode !== 'horizontal') flipped = tf.reverse(flipped, 1);
    const mask = tf.tensor4d(flips, [batch, 1, 1, 1], 'bool');
    return tf.where(mask, flipped, images);
  }

  /**
   * The layer's options as TensorFlow.js serializes them, under which it saves and loads.
   *
   * @returns A config from which the layer's class rebuilds an equal layer.
   */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
