import { getPlatform } from '@dendrite/core';
import type { ByteSource } from '@dendrite/core';
import type { Tensor3D } from '@tensorflow/tfjs-core';
import { decodeToSize } from './decode-to-size.js';
import type { LoadImageOptions } from './image-options.js';
import { describeSource } from './source-name.js';
import { throwIfAborted } from './throw-if-aborted.js';
import { validateImageSize, validateResize } from './validate-image-options.js';

/**
 * Reads and decodes one image (JPEG, PNG, BMP, GIF or WebP) through the platform, optionally resized,
 * as a float32 tensor `[height, width, 3]` with values 0..255: Keras's
 * `img_to_array(load_img(path, target_size=size, interpolation=..., keep_aspect_ratio=...))`.
 * The caller owns the tensor.
 *
 * The resize is Pillow's, which `load_img` calls, with the same default (`'nearest'`), so the
 * pixels equal the Python course's for the same decoded image. One difference: the platform applies
 * a photo's EXIF orientation, which `load_img` ignores.
 *
 * Read and decode failures are the platform's typed errors and name the source:
 * `ResourceNotFoundError` for a missing file, `NetworkError` for a failed download,
 * `ImageDecodeError` for bytes that are not an image.
 *
 * @param source - a path, file:// or http(s) URL, bytes, or a Blob/File
 * @param options - `size` `[height, width]`, `interpolation` (default `'nearest'`, as `load_img`),
 *   `keepAspectRatio` (default `false`: stretched, as the course does), and a `signal` to cancel
 * @returns the image, float32 `[height, width, 3]`, values 0..255
 * @throws {@link @dendrite/core!InvalidArgumentError} when `size`, `interpolation` or `keepAspectRatio` is invalid (before anything is read).
 * @category Images
 * @example
 * ```ts
 * await useNodePlatform();
 * // The course's keras.utils.load_img('cats/f01.jpg', target_size=(224, 224)): nearest neighbour.
 * const image = await loadImage('cats/f01.jpg', { size: [224, 224] });
 * console.log(image.shape); // [224, 224, 3]
 * // Smoother, as load_img(..., interpolation='bilinear'), keeping proportions:
 * const smooth = await loadImage('cats/f01.jpg', { size: [224, 224], interpolation: 'bilinear', keepAspectRatio: true });
 * tf.dispose([image, smooth]);
 * ```
 */
export async function loadImage(source: ByteSource, options: LoadImageOptions = {}): Promise<Tensor3D> {
  const size = validateImageSize(options.size);
  const resize = validateResize(options, 'nearest', { name: 'keepAspectRatio', value: options.keepAspectRatio });
  const { signal } = options;
  const platform = getPlatform();
  throwIfAborted(signal);
  const bytes = await platform.readBytes(source, signal === undefined ? {} : { signal });
  throwIfAborted(signal);
  return decodeToSize(platform, bytes, describeSource(source), size, resize);
}
