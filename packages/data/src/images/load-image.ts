import { getPlatform } from '@dendrite/core';
import type { ByteSource } from '@dendrite/core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { decodeToSize } from './decode-to-size.js';
import type { LoadImageOptions } from './image-options.js';
import { describeSource } from './source-name.js';
import { throwIfAborted } from './throw-if-aborted.js';
import { validateImageSize, validateResizeMode } from './validate-image-options.js';

/**
 * Reads and decodes one image (JPEG, PNG, BMP, GIF or WebP) through the platform, optionally resized,
 * as a float32 tensor `[height, width, 3]` with values 0..255. The caller owns the tensor.
 *
 * Read and decode failures are the platform's typed errors and name the source:
 * `ResourceNotFoundError` for a missing file, `NetworkError` for a failed download,
 * `ImageDecodeError` for bytes that are not an image.
 *
 * @param source - a path, file:// or http(s) URL, bytes, or a Blob/File
 * @param options - `size` `[height, width]`, `resizeMode` (`'stretch'` by default, as the course does),
 *   and a `signal` to cancel
 * @returns the image, float32 `[height, width, 3]`, values 0..255
 * @throws {@link @dendrite/core!InvalidArgumentError} when `size` or `resizeMode` is invalid (before anything is read).
 * @category Images
 * @example
 * ```ts
 * await useNodePlatform();
 * const image = await loadImage('photos/boef.jpg', { size: [224, 224] });
 * console.log(image.shape); // [224, 224, 3]
 * image.dispose();
 * ```
 */
export async function loadImage(source: ByteSource, options: LoadImageOptions = {}): Promise<Tensor3D> {
  const size = validateImageSize(options.size);
  const resizeMode = validateResizeMode(options.resizeMode);
  const { signal } = options;
  const platform = getPlatform();
  throwIfAborted(signal);
  const bytes = await platform.readBytes(source, signal === undefined ? {} : { signal });
  throwIfAborted(signal);
  return decodeToSize(platform, bytes, describeSource(source), size, resizeMode);
}
