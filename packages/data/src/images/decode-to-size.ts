import { ImageDecodeError } from '@dendrite/core';
import type { Platform } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import type { ImageSize } from './image-options.js';
import { resizePixels, type ResizePixelsOptions } from './pillow/resize-pixels.js';

/**
 * Decodes image bytes with the platform decoder and brings them to `size` (or keeps the decoded
 * size), as float32 `[height, width, 3]`. The resize works on the decoded 8-bit levels, as Pillow
 * does for Keras's `load_img`, so the values stay whole levels. The decoded tensor is disposed.
 *
 * @internal
 */
export async function decodeToSize(
  platform: Platform,
  bytes: Uint8Array,
  source: string,
  size: ImageSize | undefined,
  resize: ResizePixelsOptions,
): Promise<Tensor3D> {
  const decoded = await platform.decodeImage(bytes, { source });
  try {
    if (decoded.rank !== 3 || decoded.shape[2] !== 3) {
      throw new ImageDecodeError(
        source,
        `the platform decoder returned shape [${decoded.shape.join(', ')}] instead of [height, width, 3]`,
      );
    }
    if (size === undefined) return tf.cast(decoded, 'float32');
    const [height, width] = decoded.shape;
    const levels = Uint8Array.from(await decoded.data());
    const resized = resizePixels({ data: levels, height, width, channels: 3 }, size, resize);
    return tf.tensor3d(Float32Array.from(resized.data), [resized.height, resized.width, 3], 'float32');
  } finally {
    decoded.dispose();
  }
}
