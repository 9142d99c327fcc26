import type { DecodedImagePixels, Platform } from '@dendrite/core';
import { ImageDecodeError } from '@dendrite/core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageSize } from './image-options.js';
import { type ResizePixelsOptions, resizePixels } from './pillow/resize-pixels.js';

/**
 * Decodes image bytes with the platform decoder and brings them to `size` (or keeps the decoded
 * size), as float32 `[height, width, 3]`. The resize works on the decoded 8-bit levels, as Pillow
 * does for Keras's `load_img`, so the values stay whole levels. With a size, the pixels stay 8-bit
 * until the resize (the platform's `decodeImagePixels` where it has one), so a large photo costs
 * 3 bytes a pixel, not the 12 of an int32 tensor.
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
  if (size === undefined) {
    const decoded = await decodeTensor(platform, bytes, source);
    try {
      return tf.cast(decoded, 'float32');
    } finally {
      decoded.dispose();
    }
  }
  const { width, height, data } = await decodePixels(platform, bytes, source);
  const resized = resizePixels({ data, height, width, channels: 3 }, size, resize);
  return tf.tensor3d(Float32Array.from(resized.data), [resized.height, resized.width, 3], 'float32');
}

async function decodeTensor(platform: Platform, bytes: Uint8Array, source: string): Promise<Tensor3D> {
  const decoded = await platform.decodeImage(bytes, { source });
  if (decoded.rank !== 3 || decoded.shape[2] !== 3) {
    decoded.dispose();
    throw new ImageDecodeError(source, `the platform decoder returned shape [${decoded.shape.join(', ')}] instead of [height, width, 3]`);
  }
  return decoded;
}

async function decodePixels(platform: Platform, bytes: Uint8Array, source: string): Promise<DecodedImagePixels> {
  if (platform.decodeImagePixels !== undefined) {
    const pixels = await platform.decodeImagePixels(bytes, { source });
    if (pixels.data.length !== pixels.width * pixels.height * 3) {
      throw new ImageDecodeError(
        source,
        `the platform decoder returned ${pixels.data.length} bytes for ${pixels.width} x ${pixels.height} RGB pixels`,
      );
    }
    return pixels;
  }
  const decoded = await decodeTensor(platform, bytes, source);
  try {
    const [height, width] = decoded.shape;
    return { width, height, data: Uint8Array.from(await decoded.data()) };
  } finally {
    decoded.dispose();
  }
}
