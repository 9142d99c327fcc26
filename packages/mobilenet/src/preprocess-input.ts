import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Scales pixels from 0..255 to -1..1 (`x / 127.5 - 1`), the input MobileNetV2's ImageNet weights
 * were trained on, as Keras's `mobilenet_v2.preprocess_input` does. Works on any shape, typically
 * a batch `[n, 224, 224, 3]`.
 *
 * @param images - pixel values 0..255, any dtype
 * @returns a new float32 tensor of the same shape; the caller owns it (dispose it when done)
 * @category Images
 * @example
 * ```ts
 * const input = preprocessInput(batch); // [n, 224, 224, 3] in -1..1
 * const predictions = model.predict(input) as tf.Tensor2D;
 * input.dispose();
 * ```
 */
export function preprocessInput<T extends Tensor>(images: T): T {
  return tf.tidy(() => tf.sub(tf.div(tf.cast(images, 'float32'), 127.5), 1)) as T;
}
