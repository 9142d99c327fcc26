import { ImageDecodeError, type DecodeImageOptions } from '@dendrite/core';
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

const signatures: readonly { readonly format: string; readonly bytes: readonly (number | null)[] }[] = [
  { format: 'JPEG', bytes: [0xff, 0xd8, 0xff] },
  { format: 'PNG', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'GIF', bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'BMP', bytes: [0x42, 0x4d] },
  // RIFF, any length, WEBP
  { format: 'WebP', bytes: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50] },
];

/**
 * The image format the first bytes announce, or undefined.
 *
 * @internal
 * @param bytes - the start of a file
 * @returns `'JPEG'`, `'PNG'`, `'GIF'`, `'BMP'`, `'WebP'` or undefined
 * @category Images
 * @example
 * ```ts
 * sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])); // 'JPEG'
 * ```
 */
export function sniffImageFormat(bytes: Uint8Array): string | undefined {
  const match = signatures.find(
    ({ bytes: signature }) =>
      bytes.length >= signature.length && signature.every((expected, index) => expected === null || bytes[index] === expected),
  );
  return match?.format;
}

/** Why the browser could not decode `bytes`, in words that point at the likely cause. */
function describeFailure(bytes: Uint8Array, error: unknown): string {
  const detail = error instanceof Error && error.message !== '' ? ` (${error.message})` : '';
  const format = sniffImageFormat(bytes);
  if (format !== undefined) return `it starts like a ${format} file but the browser could not decode it; it may be truncated or corrupt${detail}`;
  const head = Array.from(bytes.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 16)).trimStart();
  const looksLikeText = text.startsWith('<') || text.startsWith('{');
  const hint = looksLikeText ? ', it looks like text (an HTML error page or JSON?) rather than an image' : '';
  return `its first bytes (${head}) are not those of a JPEG, PNG, BMP, GIF or WebP file${hint}${detail}`;
}
