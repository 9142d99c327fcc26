import { ImageDecodeError, type DecodeImageOptions } from '@dendrite/core';
import { describeNonImage, imageFormatNames, sniffImageFormat } from '@dendrite/core/internal';
import { tensor3d, type Tensor3D } from '@tensorflow/tfjs-core';
import { rgbaToRgb } from './rgba-pixels.js';

/**
 * Decodes JPEG, PNG, BMP, GIF (first frame) or WebP bytes with the browser's own decoder to an int32
 * RGB tensor `[height, width, 3]` with values 0..255: EXIF orientation applied, grayscale expanded,
 * alpha dropped. The caller owns the tensor and disposes it.
 *
 * The pixels pass through a 2D canvas, which stores them premultiplied by alpha: in translucent
 * pixels of a PNG or WebP the colour can be off by a few levels, and fully transparent pixels read
 * as black. Opaque images (every JPEG, most photos) come out exact.
 *
 * @param bytes - the encoded image
 * @param options - `source`, a name for the bytes (path or URL) used in error messages
 * @returns the image as `[height, width, 3]` int32
 * @throws {@link @dendrite/core!ImageDecodeError} naming the source, when the bytes are empty, not
 * an image, truncated or corrupt, or when this environment cannot decode images (no
 * `createImageBitmap`, as in Node)
 * @category Images
 * @example
 * ```ts
 * const bytes = await readBytes('photos/boef.jpg');
 * const image = await decodeImage(bytes, { source: 'photos/boef.jpg' });
 * console.log(image.shape); // [height, width, 3]
 * image.dispose();
 * ```
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<Tensor3D> {
  const source = options.source ?? `${bytes.length} bytes of image data`;
  if (bytes.length === 0) throw new ImageDecodeError(source, 'there are no bytes (the file is empty)');
  if (typeof createImageBitmap !== 'function') {
    throw new ImageDecodeError(
      source,
      'this JavaScript environment has no createImageBitmap, so @dendrite/web cannot decode images here ' +
        '(in Node, use @dendrite/node)',
    );
  }
  let bitmap: ImageBitmap;
  try {
    // The copy gives Blob an ArrayBuffer-backed view, whatever buffer `bytes` sits on.
    bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)]), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
    });
  } catch (error) {
    throw new ImageDecodeError(source, describeFailure(bytes, error), { cause: error });
  }
  try {
    const { width, height } = bitmap;
    const rgba = readPixels(bitmap, source);
    return tensor3d(rgbaToRgb(rgba, width, height), [height, width, 3], 'int32');
  } finally {
    bitmap.close();
  }
}

/** The image's RGBA pixels, drawn on an OffscreenCanvas where there is one, else a canvas element. */
function readPixels(bitmap: ImageBitmap, source: string): Uint8ClampedArray {
  const { width, height } = bitmap;
  const canvas: OffscreenCanvas | HTMLCanvasElement =
    typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : makeCanvasElement(width, height);
  // willReadFrequently keeps the canvas in memory rather than on the GPU, which getImageData prefers.
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    | OffscreenCanvasRenderingContext2D
    | CanvasRenderingContext2D
    | null;
  if (context === null) {
    throw new ImageDecodeError(source, `the browser gave no 2D canvas for an image of ${width} x ${height} pixels (too large?)`);
  }
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, width, height).data;
}

function makeCanvasElement(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** Why the browser could not decode `bytes`, in words that point at the likely cause. */
function describeFailure(bytes: Uint8Array, error: unknown): string {
  const detail = error instanceof Error && error.message !== '' ? ` (${error.message})` : '';
  const format = sniffImageFormat(bytes);
  if (format !== undefined) {
    return `it starts like a ${imageFormatNames[format]} file but the browser could not decode it; it may be truncated or corrupt${detail}`;
  }
  return `its format is not supported: ${describeNonImage(bytes)}${detail}`;
}
