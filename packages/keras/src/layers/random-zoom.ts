import type * as tf from '@tensorflow/tfjs-core';
import type { AffineArgs } from './random-image-layer.js';
import { AffineImageLayer, factorRange } from './random-image-layer.js';

/**
 * Options of {@link RandomZoom}.
 *
 * @category Models
 */
export interface RandomZoomArgs extends AffineArgs {
  /** Vertical zoom as a fraction: f draws from [-f, f]; negative zooms in (a larger picture), positive zooms out. Each value in (-1, 1]. */
  heightFactor: number | readonly [number, number];
  /** Horizontal zoom, drawn on its own; absent or null keeps the aspect ratio (the height's draw is used). */
  widthFactor?: number | readonly [number, number] | null;
}

/**
 * Keras's `RandomZoom`: while training, scales each image about its centre by 1 + a factor drawn
 * from `heightFactor` (and `widthFactor`), filling by `fillMode`; otherwise returns its input untouched.
 *
 * @category Models
 * @example
 * ```ts
 * const zoom = new RandomZoom({ heightFactor: [-0.2, 0], seed: 3 }); // zoom in by up to 20%
 * ```
 */
export class RandomZoom extends AffineImageLayer {
  /** Keras's class name, under which the layer saves and loads. */
  static className = 'RandomZoom';
  /** The vertical amount as given: a fraction of the height, or a pair [low, high]. */
  readonly heightFactor: number | readonly [number, number];
  /** The horizontal amount as given: a fraction of the width, or a pair [low, high] (null: the same as the height). */
  readonly widthFactor: number | readonly [number, number] | null;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | undefined;

  /**
   * Builds the layer; throws InvalidArgumentError on options Keras would refuse.
   *
   * @param args The layer's options, in Keras's meaning; see {@link RandomZoomArgs}.
   */
  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor ?? null;
    this.heightRange = factorRange('heightFactor', args.heightFactor, -1, 1, true);
    this.widthRange = this.widthFactor === null ? undefined : factorRange('widthFactor', this.widthFactor, -1, 1, true);
  }

  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const [batch, height, width] = images.shape;
    const zy = this.uniform(batch, 1 + this.heightRange[0], 1 + this.heightRange[1]);
    const zx = this.widthRange === undefined ? zy : this.uniform(batch, 1 + this.widthRange[0], 1 + this.widthRange[1]);
    const rows = zx.map((x, i) => {
      const y = zy[i] as number;
      return [x, 0, ((width - 1) / 2) * (1 - x), 0, y, ((height - 1) / 2) * (1 - y), 0, 0];
    });
    return this.transform(images, rows);
  }

  /**
   * The layer's options as TensorFlow.js serializes them, under which it saves and loads.
   *
   * @returns A config from which the layer's class rebuilds an equal layer.
   */
  override getConfig(): tf.serialization.ConfigDict {
    const copy = (f: number | readonly number[] | null): number | number[] | null =>
      Array.isArray(f) ? [...(f as number[])] : (f as number | null);
    return { ...super.getConfig(), heightFactor: copy(this.heightFactor), widthFactor: copy(this.widthFactor) };
  }
}
