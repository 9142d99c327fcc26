import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Constructor arguments of {@link KerasReLU}. @internal */
export interface KerasReLUArgs {
  readonly name: string;
  readonly maxValue: number | undefined;
  readonly negativeSlope: number;
  readonly threshold: number;
}

/**
 * Keras's `ReLU` with all three of its options, which TensorFlow.js's ReLU lacks (it has only
 * `maxValue`): `max_value` above it, `x` from `threshold` up, `negative_slope * (x - threshold)`
 * below. Used only when `negative_slope` or `threshold` is set.
 *
 * @internal
 */
export class KerasReLU extends tfl.layers.Layer {
  static readonly className = 'KerasReLU';
  private readonly maxValue: number | undefined;
  private readonly negativeSlope: number;
  private readonly threshold: number;

  constructor(args: KerasReLUArgs) {
    super({ name: args.name });
    this.maxValue = args.maxValue;
    this.negativeSlope = args.negativeSlope;
    this.threshold = args.threshold;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined) throw new Error('KerasReLU needs one input');
      const above = tf.greaterEqual(x, this.threshold);
      const below = tf.mul(tf.sub(x, this.threshold), this.negativeSlope);
      const out = tf.where(above, x, below);
      return this.maxValue === undefined ? out : tf.minimum(out, this.maxValue);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      maxValue: this.maxValue ?? null,
      negativeSlope: this.negativeSlope,
      threshold: this.threshold,
    };
  }
}
