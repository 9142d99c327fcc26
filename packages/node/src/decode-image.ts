import { type DecodedImagePixels, type DecodeImageOptions, ImageDecodeError } from '@dendrite/core';
import { describeNonImage, type ImageFormat, ImageTooLargeError, imageFormatNames, sniffImageFormat } from '@dendrite/core/internal';
import { type Tensor3D, tensor3d } from '@tensorflow/tfjs-core';
import { decodeBmp, readBmpSize } from './bmp-decoder.js';
import { gifFirstFramePixels } from './gif-frame-pixels.js';
import { badPngHeaderChunk } from './png-header-checksums.js';

/**
 * The most bytes an image's decoded pixels may take: 384 MiB. That is 2^27 pixels (about 134
 * megapixels) as the 8-bit RGB bytes of {@link decodeImagePixels}, or 2^25 pixels (about 33
 * megapixels) as the int32 tensor of {@link decodeImage}. Checked against the image's header before
 * decoding, so that no image accepted costs much more than a gigabyte of memory at its peak.
 *
 * @category Images
 * @example
 * ```ts
 * if (width * height * 3 * 4 > maxDecodedImageBytes) console.log('too large for decodeImage; use loadImage with a size');
 * ```
 */
export const maxDecodedImageBytes = 384 * 2 ** 20;

/**
 * The most pixels {@link decodeImagePixels} accepts: {@link maxDecodedImageBytes} of 8-bit RGB,
 * 2^27 pixels (about 134 megapixels, far above any camera's 24-50).
 *
 * @category Images
 * @example
 * ```ts
 * if (width * height > maxImagePixels) console.log('too large to decode');
 * ```
 */
export const maxImagePixels = maxDecodedImageBytes / 3;

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
 * image loader (Pillow) ignores them, so pixel values match the Python course. Damaged files are
 * read as Pillow reads them: what it decodes decodes to the same pixels, what it refuses is refused.
 * The tensor takes 12 bytes a pixel, so images over 384 MiB that way (about 33 megapixels) are
 * refused; `loadImage` with a `size` reads larger ones.
 *
 * @param bytes - the encoded image
 * @param options - `source`, a path or URL used in error messages
 * @returns a new int32 tensor the caller owns (dispose it)
 * @throws {@link @dendrite/core!ImageDecodeError} for empty, truncated, corrupt or unsupported
 * images, naming `source`; also for images over the limit (then an `ImageTooLargeError` with `width`, `height` and `limitBytes`)
 * @category Images
 * @example
 * ```ts
 * const image = await decodeImage(await readBytes('photos/boef.jpg'), { source: 'photos/boef.jpg' });
 * console.log(image.shape); // [224, 224, 3]
 * image.dispose();
 * ```
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<Tensor3D> {
  const source = sourceName(bytes, options);
  const { width, height, data } = await decodePixels(bytes, source, {
    bytesPerPixel: 3 * Int32Array.BYTES_PER_ELEMENT,
    advice:
      'That is the int32 tensor decodeImage returns; loadImage with a size (as classify uses) keeps 8-bit pixels until the ' +
      'resize and reads images up to four times larger. Or make the image smaller first.',
  });
  const values = new Int32Array(data.length);
  values.set(data);
  return tensor3d(values, [height, width, 3], 'int32');
}

/**
 * Decodes an image as {@link decodeImage} does, to 8-bit RGB bytes instead of a tensor: a quarter of
 * the memory, so images up to 2^27 pixels (about 134 megapixels) decode. Dendrite's image loading uses it to
 * resize large photos to a model's input size.
 *
 * @param bytes - the encoded image
 * @param options - `source`, a path or URL used in error messages
 * @returns the width, height and RGB bytes (three a pixel, rows from the top)
 * @throws {@link @dendrite/core!ImageDecodeError} for empty, truncated, corrupt or unsupported
 * images, naming `source`; also for images over the limit (then an `ImageTooLargeError` with `width`, `height` and `limitBytes`)
 * @category Images
 * @example
 * ```ts
 * const { width, height, data } = await decodeImagePixels(await readBytes('scan.png'), { source: 'scan.png' });
 * console.log(width, height, data.length === width * height * 3); // 11000 11000 true
 * ```
 */
export async function decodeImagePixels(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<DecodedImagePixels> {
  return decodePixels(bytes, sourceName(bytes, options), {
    bytesPerPixel: 3,
    advice: 'Make the image smaller first (fewer than 134 megapixels).',
  });
}

const sourceName = (bytes: Uint8Array, options: DecodeImageOptions): string => options.source ?? `the given ${bytes.length} bytes`;

interface DecodeLimit {
  /** What one pixel of the result takes. */
  readonly bytesPerPixel: number;
  /** What to do instead, for the error. */
  readonly advice: string;
}

async function decodePixels(bytes: Uint8Array, source: string, limit: DecodeLimit): Promise<DecodedImagePixels> {
  if (bytes.length === 0) throw new ImageDecodeError(source, 'the data is empty (0 bytes)');
  const format = sniffFormat(bytes, source);
  const maxPixels = Math.floor(maxDecodedImageBytes / limit.bytesPerPixel);
  const size = format === 'bmp' ? readBmpSize(bytes) : await readSizeWithSharp(bytes);
  if (size !== undefined && size.width * size.height > maxPixels) {
    const decodedBytes = size.width * size.height * limit.bytesPerPixel;
    throw new ImageTooLargeError(source, { ...size, bytes: decodedBytes, limitBytes: maxDecodedImageBytes }, limit.advice);
  }
  return format === 'bmp' ? decodeBmp(bytes, { source, maxPixels }) : decodeWithSharp(bytes, format, source, maxPixels);
}

/** The size in an image's header, or undefined when the header cannot be read (decoding then says why). */
async function readSizeWithSharp(bytes: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  const sharp = await loadSharp();
  try {
    const { width, height } = await sharp(asBuffer(bytes), { limitInputPixels: false }).metadata();
    return width === undefined || height === undefined ? undefined : { width, height };
  } catch {
    return undefined;
  }
}

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function decodeWithSharp(bytes: Uint8Array, format: ImageFormat, source: string, maxPixels: number): Promise<DecodedImagePixels> {
  const badChunk = format === 'png' ? badPngHeaderChunk(bytes) : undefined;
  if (badChunk !== undefined) throw new ImageDecodeError(source, `the PNG data is corrupt: the checksum of its ${badChunk} chunk is wrong`);
  const frame = format === 'gif' ? gifFirstFramePixels(bytes) : undefined;
  if (frame !== undefined && frame.pixels < frame.width * frame.height) {
    throw new ImageDecodeError(
      source,
      `the GIF image data ends early: it sets ${frame.pixels} of the ${frame.width * frame.height} pixels of its first frame`,
    );
  }
  const sharp = await loadSharp();
  try {
    // failOn 'truncated' as Pillow: damaged data that libjpeg or libpng only warns about still decodes.
    const { data, info } = await sharp(asBuffer(bytes), { limitInputPixels: maxPixels, ignoreIcc: true, failOn: 'truncated' })
      .rotate()
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`the decoder gave ${info.channels} channels instead of 3`);
    return { width: info.width, height: info.height, data };
  } catch (error) {
    throw new ImageDecodeError(source, explainSharpFailure(error, format, maxPixels), { cause: error });
  }
}

function explainSharpFailure(error: unknown, format: ImageFormat, maxPixels: number): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').replace(/[\s:]+$/, '');
  const said = `(the decoder said: ${message})`;
  if (/pixel limit/i.test(message)) {
    return `it has more than the ${maxPixels} pixels Dendrite decodes; make the image smaller first ${said}`;
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
