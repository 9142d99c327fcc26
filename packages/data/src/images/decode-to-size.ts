import { ImageDecodeError } from '@dendrite/core';
import type { Platform } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import type { ImageSize, ResizeMode } from './image-options.js';
import { resizeImage } from './resize-image.js';

/**
 * Decodes image bytes with the platform decoder and brings them to `size` (or keeps the decoded
 * size), as float32 `[height, width, 3]`. The decoded full-size tensor is disposed.
 *
 * @internal
 */
export async function decodeToSize(
  platform: Platform,
  bytes: Uint8Array,
  source: string,
  size: ImageSize | undefined,
  resizeMode: ResizeMode,
): Promise<Tensor3D> {
  const decoded = await platform.decodeImage(bytes, { source });
  try {
    if (decoded.rank !== 3 || decoded.shape[2] !== 3) {
      throw new ImageDecodeError(
        source,
        `the platform decoder returned shape [${decoded.shape.join(', ')}] instead of [height, width, 3]`,
      );
    }
    return size === undefined ? tf.cast(decoded, 'float32') : resizeImage(decoded, size, resizeMode);
  } finally {
    decoded.dispose();
  }
}
