import type * as tf from '@tensorflow/tfjs-core';
import type { AffineArgs } from './random-image-layer.js';
import { AffineImageLayer, factorRange } from './random-image-layer.js';

/**
 * Options of {@link RandomTranslation}.
 *
 * @category Models
 */
export interface RandomTranslationArgs extends AffineArgs {
  /** Vertical shift as a fraction of the height: f draws from [-f, f]; positive moves the picture down. Each value in [-1, 1]. */
  heightFactor: number | readonly [number, number];
  /** Horizontal shift as a fraction of the width: f draws from [-f, f]; positive moves the picture right. */
  widthFactor: number | readonly [number, number];
}

/**
 * Keras's `RandomTranslation`: while training, shifts each image by a fraction of its size drawn
 * from `heightFactor` and `widthFactor`, filling by `fillMode`; otherwise returns its input untouched.
 *
 * @category Models
 * @example
 * ```ts
 * const shift = new RandomTranslation({ heightFactor: 0.1, widthFactor: 0.1, seed: 5 });
 * ```
 */
export class RandomTranslation extends AffineImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomTranslation';
  /** The vertical amount as given: a fraction of the height, or a pair [low, high]. */
  readonly heightFactor: number | readonly [number, number];
  /** The horizontal amount as given: a fraction of the width, or a pair [low, high]. */
  readonly widthFactor: number | readonly [number, number];
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomTranslationArgs}.
   */
  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
    this.heightRange = factorRange('heightFactor', args.heightFactor, -1, 1);
    this.widthRange = factorRange('widthFactor', args.widthFactor, -1, 1);
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const [batch, height, width] = images.shape;
    const dy = this.uniform(batch, this.heightRange[0], this.heightRange[1]).map((f) => f * height);
    const dx = this.uniform(batch, this.widthRange[0], this.widthRange[1]).map((f) => f * width);
    return this.transform(
      images,
      dx.map((x, i) => [1, 0, -x, 0, 1, -(dy[i] as number), 0, 0]),
    );
  }

  /**
   * The layer's options as TensorFlow.js serializes them, under which it saves and loads.
   *
   * @returns A config from which the layer's class rebuilds an equal layer.
   */
  override getConfig(): tf.serialization.ConfigDict {
    const copy = (f: number | readonly number[]): number | number[] => (typeof f === 'number' ? f : [...f]);
    return { ...super.getConfig(), heightFactor: copy(this.heightFactor), widthFactor: copy(this.widthFactor) };
  }
}
