import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

let registered = false;

/**
 * Registers {@link KerasReLU} with TensorFlow.js's serialization once, so a model holding one can be
 * saved as a TF.js model.json and loaded back. Called when the first one is built, not on import.
 *
 * @internal
 */
export function registerKerasReLU(): void {
  if (registered) return;
  tf.serialization.registerClass(KerasReLU);
  registered = true;
}

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
    registerKerasReLU();
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

  /** Builds one from {@link KerasReLU.getConfig}'s output, as TensorFlow.js's loader does. */
  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    const maxValue = config['maxValue'];
    return new cls({
      name: config['name'],
      maxValue: typeof maxValue === 'number' ? maxValue : undefined,
      negativeSlope: config['negativeSlope'],
      threshold: config['threshold'],
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
