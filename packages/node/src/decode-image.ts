import { type DecodeImageOptions, ImageDecodeError } from '@dendrite/core';
import { describeNonImage, type ImageFormat, imageFormatNames, sniffImageFormat } from '@dendrite/core/internal';
import { type Tensor3D, tensor3d } from '@tensorflow/tfjs-core';
import { decodeBmp } from './bmp-decoder.js';
import { badPngHeaderChunk } from './png-header-checksums.js';

/**
 * The most pixels {@link decodeImage} accepts (2^27, about 134 megapixels, far above any camera's
 * 24-50). The int32 tensor of an image this size takes 1.6 GB; the limit stops a corrupt or
 * hostile header from asking for more.
 *
 * @category Images
 * @example
 * ```ts
 * if (width * height > maxImagePixels) console.log('too large to decode');
 * ```
 */
export const maxImagePixels = 2 ** 27;

type Sharp = typeof import('sharp').default;
let sharpModule: Promise<Sharp> | undefined;

/** Loads sharp (a native library) on first use, so that importing this package stays cheap. */
function loadSharp(): Promise<Sharp> {
  sharpModule ??= import('sharp').then((module) => module.default);
  return sharpModule;
}

/**
 * Decodes JPEG (baseline and progressive), PNG (any colour type, 8 or 16 bits), GIF (first frame),
 * WebP or BMP bytes to an int32 RGB tensor `[height, width, 3]` with values 0..255.
 *
 * EXIF orientation is applied, alpha is dropped (not blended), grayscale is repeated into three
 * channels and 16-bit samples are reduced to 8. Embedded colour profiles are ignored, as Keras's
 * image loader (Pillow) ignores them, so pixel values match the Python course. BMP is decoded by
 * `decodeBmp`, everything else by sharp (libvips).
 *
 * @param bytes - the encoded image
 * @param options - `source`, a path or URL used in error messages
 * @returns a new int32 tensor the caller owns (dispose it)
 * @throws {@link @dendrite/core!ImageDecodeError} for empty, truncated, corrupt, unsupported or
 * oversized images, naming `source`
 * @category Images
 * @example
 * ```ts
 * const image = await decodeImage(await readBytes('photos/boef.jpg'), { source: 'photos/boef.jpg' });
 * console.log(image.shape); // [224, 224, 3]
 * image.dispose();
 * ```
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<Tensor3D> {
  const source = options.source ?? `the given ${bytes.length} bytes`;
  if (bytes.length === 0) throw new ImageDecodeError(source, 'the data is empty (0 bytes)');
  const format = sniffFormat(bytes, source);
  const { width, height, data } =
    format === 'bmp' ? decodeBmp(bytes, { source, maxPixels: maxImagePixels }) : await decodeWithSharp(bytes, format, source);
  const values = new Int32Array(data.length);
  values.set(data);
  return tensor3d(values, [height, width, 3], 'int32');
}

async function decodeWithSharp(
  bytes: Uint8Array,
  format: ImageFormat,
  source: string,
): Promise<{ width: number; height: number; data: Uint8Array }> {
  const badChunk = format === 'png' ? badPngHeaderChunk(bytes) : undefined;
  if (badChunk !== undefined) throw new ImageDecodeError(source, `the PNG data is corrupt: the checksum of its ${badChunk} chunk is wrong`);
  const sharp = await loadSharp();
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxImagePixels, ignoreIcc: true, failOn: 'truncated' })
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`the decoder gave ${info.channels} channels instead of 3`);
    return { width: info.width, height: info.height, data };
  } catch (error) {
    throw new ImageDecodeError(source, explainSharpFailure(error, format), { cause: error });
  }
}

function explainSharpFailure(error: unknown, format: ImageFormat): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').replace(/[\s:]+$/, '');
  const said = `(the decoder said: ${message})`;
  if (/pixel limit/i.test(message)) {
    return `it has more than the ${maxImagePixels} pixels Dendrite decodes; make the image smaller first ${said}`;
  }
  if (/premature end|truncated|unexpected end|end of (file|stream|data)|not enough data/i.test(message)) {
    return `the ${imageFormatNames[format]} data is truncated ${said}`;
  }
  return `the ${imageFormatNames[format]} data is corrupt or incomplete ${said}`;
}

/** The image format from the first bytes (file names lie), or an ImageDecodeError saying what the bytes look like. */
function sniffFormat(bytes: Uint8Array, source: string): ImageFormat {
  const format = sniffImageFormat(bytes);
  if (format === undefined) throw new ImageDecodeError(source, `its format is not supported: ${describeNonImage(bytes)}`);
  return format;
}
