import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor3D, Tensor4D } from '@tensorflow/tfjs-core';
import type { ImageSize, ResizeMode, ResizeOptions } from './image-options.js';
import { resizePixels, type ResizePixelsOptions } from './pillow/resize-pixels.js';
import { validateImageSize, validateResize } from './validate-image-options.js';

/**
 * Resizes an image `[height, width, channels]` or a batch `[n, height, width, channels]` to `size`
 * as Pillow resizes for Keras's `load_img`: the interpolation's filter (widened when shrinking, so
 * no detail is skipped), on the whole image or, with `keepAspectRatio`, on the centred box with the
 * target's aspect ratio.
 *
 * An int32 tensor holds 8-bit levels (0..255, as decoders give them) and is resampled with Pillow's
 * 8-bit arithmetic, so the results are the whole levels `load_img` gives. A float32 tensor is
 * resampled in double precision, as Pillow resamples float images. The input is left alone; the
 * result is a new float32 tensor the caller owns. The data is read back to the CPU.
 *
 * @param images - one image (rank 3) or a batch (rank 4)
 * @param size - the target `[height, width]`
 * @param options - `interpolation` (default `'bilinear'`) and `keepAspectRatio` (default `false`);
 *   or, in the older form, a {@link ResizeMode}
 * @returns the resized image or batch, float32
 * @throws {@link @dendrite/core!InvalidArgumentError} when `size` or an option is invalid, or `images` is not rank 3 or 4.
 * @category Images
 * @example
 * ```ts
 * const photo = tf.zeros([480, 640, 3], 'int32') as tf.Tensor3D;
 * const stretched = resizeImage(photo, [224, 224]); // bilinear, the whole photo
 * const square = resizeImage(photo, [224, 224], { interpolation: 'bicubic', keepAspectRatio: true }); // the middle 480 x 480
 * tf.dispose([photo, stretched, square]);
 * ```
 */
export function resizeImage<T extends Tensor3D | Tensor4D>(
  images: T,
  size: ImageSize,
  options?: ResizeOptions | ResizeMode,
): T {
  const target = validateImageSize(size);
  if (target === undefined) {
    throw new InvalidArgumentError('size', 'is missing', 'Pass the target size as [height, width], e.g. [224, 224].');
  }
  const given: ResizeOptions = typeof options === 'string' ? { resizeMode: options } : (options ?? {});
  const resize = validateResize(given, 'bilinear', { name: 'keepAspectRatio', value: given.keepAspectRatio });
  if (images.rank !== 3 && images.rank !== 4) {
    throw new InvalidArgumentError(
      'images',
      `must be one image [height, width, channels] or a batch [n, height, width, channels], but has shape [${images.shape.join(', ')}]`,
      'Pass a rank 3 or rank 4 tensor.',
    );
  }
  const [count, height, width, channels] = (images.rank === 3 ? [1, ...images.shape] : images.shape) as [number, number, number, number];
  const values = images.dataSync();
  const eightBit = images.dtype !== 'float32';
  const perImage = height * width * channels;
  const out = new Float32Array(count * target[0] * target[1] * channels);
  for (let i = 0; i < count; i += 1) {
    const slice = values.subarray(i * perImage, (i + 1) * perImage) as ArrayLike<number>;
    const data = eightBit ? toLevels(slice) : Float32Array.from(slice);
    const resized = resizeOne(data, height, width, channels, target, resize);
    out.set(resized, i * resized.length);
  }
  const shape: [number, number, number] | [number, number, number, number] = images.rank === 3 ? [target[0], target[1], channels] : [count, target[0], target[1], channels];
  return tf.tensor(out, shape, 'float32') as T;
}

function resizeOne(
  data: Uint8Array | Float32Array,
  height: number,
  width: number,
  channels: number,
  size: ImageSize,
  resize: ResizePixelsOptions,
): ArrayLike<number> {
  return resizePixels({ data, height, width, channels }, size, resize).data;
}

/** Whole levels 0..255 (rounded and clipped), as an 8-bit image holds them. */
function toLevels(values: ArrayLike<number>): Uint8Array {
  const levels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i += 1) levels[i] = Math.min(255, Math.max(0, Math.round(values[i] as number)));
  return levels;
}
