import { InvalidArgumentError } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/**
 * What every augmentation layer takes besides its own options, as in Keras.
 *
 * @category Models
 */
export interface RandomLayerArgs extends LayerArgs {
  /** Seeds the layer's random numbers: a layer built with the same seed draws the same transforms in the same order. Absent or null: a new seed each time. */
  seed?: number | null;
}

const registered = new Set<unknown>();

/**
 * A weightless layer that changes images at random while training and returns its input untouched
 * otherwise, as Keras's image augmentation layers do. Subclasses draw their random numbers from
 * `random` (one per image, in Keras's order) and transform a float32 batch of shape [b, h, w, c].
 *
 * @internal
 */
export abstract class RandomImageLayer extends tfl.layers.Layer {
  /** The seed as given (null when none), kept for the layer's config. */
  readonly seed: number | null;
  private readonly random: SeededRandom;

  constructor(args: RandomLayerArgs) {
    super(args);
    const seed = args.seed ?? null;
    if (seed !== null && !Number.isSafeInteger(seed)) {
      throw new InvalidArgumentError(
        'seed',
        `must be an integer or null, got ${String(seed)}`,
        'Pass a whole number such as 1337, or leave it out.',
      );
    }
    this.seed = seed;
    this.random = new SeededRandom(seed ?? Math.floor(Math.random() * 0x7fffffff));
    this.supportsMasking = false;
    // Registering at construction, never at import: a model holding this layer saves and loads by name.
    const own = new.target as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>;
    if (!registered.has(own)) {
      tf.serialization.registerClass(own);
      registered.add(own);
    }
  }

  /** Uniform numbers in [min, max), one per image: `min + (max - min) * u`, as Keras draws them. */
  protected uniform(count: number, min: number, max: number): number[] {
    return Array.from({ length: count }, () => min + (max - min) * this.random.next());
  }

  /** The augmented batch; `images` is float32 [b, h, w, c]. Runs inside a tidy. */
  protected abstract augment(images: tf.Tensor4D): tf.Tensor4D;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    // Outside training the input goes through untouched, so predictions are bit-identical.
    if (kwargs['training'] !== true) return x;
    if (x.rank !== 3 && x.rank !== 4) {
      throw new InvalidArgumentError(
        `${this.name}'s input`,
        `has shape [${x.shape.join(', ')}]`,
        'Pass images of shape [height, width, channels] or [batch, height, width, channels].',
      );
    }
    return tf.tidy(() => {
      const asFloat = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      const batch = (x.rank === 3 ? tf.expandDims(asFloat, 0) : asFloat) as tf.Tensor4D;
      const out = this.augment(batch);
      return x.rank === 3 ? tf.squeeze(out, [0]) : out;
    });
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed, dataFormat: 'channels_last' };
  }
}

/**
 * Reads a Keras `factor`: one number f gives [max(-f, low), f]; a pair is sorted. Both must lie
 * in [`low`, `high`] as Keras checks them.
 *
 * @internal
 */
export function factorRange(
  name: string,
  factor: number | readonly number[],
  low: number,
  high: number,
  openLow = false,
): [number, number] {
  const inRange = (value: number): boolean => Number.isFinite(value) && (openLow ? value > low : value >= low) && value <= high;
  const bounds = `${openLow ? '(' : '['}${low}, ${high}]`;
  if (typeof factor === 'number') {
    if (!inRange(factor))
      throw new InvalidArgumentError(name, `${factor} is outside ${bounds}`, `Pass a number in ${bounds} or a pair of them.`);
    const f = Math.abs(factor);
    return [Math.max(-f, low), f];
  }
  if (factor.length !== 2 || !factor.every(inRange)) {
    throw new InvalidArgumentError(
      name,
      `${JSON.stringify(factor)} is not two numbers in ${bounds}`,
      `Pass a number in ${bounds} or a pair of them.`,
    );
  }
  const [a, b] = factor as [number, number];
  return a <= b ? [a, b] : [b, a];
}

/** Values TensorFlow.js hands back from a saved config come in camelCase; Keras writes snake_case. */
export function snakeCase(value: string): string {
  return value.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * How an affine-transformed image fills pixels from outside it, and how it samples, as Keras names them.
 *
 * @category Models
 */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';

/**
 * Sampling of a transformed image.
 *
 * @category Models
 */
export type Interpolation = 'nearest' | 'bilinear';

/**
 * Options shared by the layers that move pixels (rotation, zoom, translation).
 *
 * @category Models
 */
export interface AffineArgs extends RandomLayerArgs {
  /** What fills pixels that come from outside the image: Keras's default `'reflect'`. */
  fillMode?: FillMode;
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: Interpolation;
  /** The value of outside pixels when `fillMode` is `'constant'` (default 0). */
  fillValue?: number;
  /** Only `'channels_last'` (or null) is supported. */
  dataFormat?: 'channels_last' | null;
}

/**
 * The base of the layers that move pixels by an affine map per image, with Keras's fill modes.
 *
 * @internal
 */
export abstract class AffineImageLayer extends RandomImageLayer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: AffineArgs) {
    super(args);
    this.fillMode = oneOf('fillMode', args.fillMode ?? 'reflect', ['reflect', 'wrap', 'constant', 'nearest']);
    this.interpolation = oneOf('interpolation', args.interpolation ?? 'bilinear', ['nearest', 'bilinear']);
    this.fillValue = args.fillValue ?? 0;
    const format = args.dataFormat ?? 'channels_last';
    if (snakeCase(format) !== 'channels_last') {
      throw new InvalidArgumentError(
        'dataFormat',
        `${format} is not supported`,
        "Use 'channels_last' images ([batch, height, width, channels]).",
      );
    }
  }

  /**
   * Keras's (and TensorFlow's) projective transform, one row [a0, a1, a2, b0, b1, b2, 0, 0] per
   * image, mapping each output pixel (x, y) to the input point (a0 x + a1 y + a2, b0 x + b1 y + b2).
   */
  protected transform(images: tf.Tensor4D, rows: readonly number[][]): tf.Tensor4D {
    return tf.tidy(() => {
      // One image per call: TensorFlow.js 4.22's cpu kernel of Transform returns after the batch's
      // first image and leaves the others at the fill value (its wasm and WebGL kernels are right).
      const one = (image: tf.Tensor4D, row: readonly number[]): tf.Tensor4D =>
        tf.image.transform(image, tf.tensor2d([...row], [1, 8]), this.interpolation, this.fillMode, this.fillValue);
      if (rows.length === 1) return one(images, rows[0] as number[]);
      const parts = tf.split(images, rows.length, 0);
      return tf.concat(
        parts.map((image, i) => one(image as tf.Tensor4D, rows[i] as number[])),
        0,
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const normal = snakeCase(value);
  if (!allowed.includes(normal as T))
    throw new InvalidArgumentError(name, `${JSON.stringify(value)} is not supported`, `Use one of ${allowed.join(', ')}.`);
  return normal as T;
}
