import { ImageDecodeError } from '@dendrite/core';

/**
 * A decoded BMP: `width * height * 3` bytes of RGB, rows from the top down.
 *
 * @category Images
 * @example
 * ```ts
 * const { width, height, data } = decodeBmp(bytes);
 * const [r, g, b] = data.subarray(0, 3); // the top-left pixel
 * ```
 */
export interface DecodedBmp {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** RGB bytes, row after row from the top, three per pixel. */
  readonly data: Uint8Array;
}

/**
 * Options for {@link decodeBmp}.
 *
 * @category Images
 * @example
 * ```ts
 * const options: DecodeBmpOptions = { source: 'photos/cat.bmp', maxPixels: 50_000_000 };
 * ```
 */
export interface DecodeBmpOptions {
  /** A name for the bytes (path or URL) used in error messages. Default `'BMP data'`. */
  readonly source?: string;
  /** Refuse images with more pixels than this, before allocating them. Default 2^27. */
  readonly maxPixels?: number;
}

/**
 * Whether `bytes` start like a Windows BMP file (`'BM'`).
 *
 * @param bytes - the file's bytes
 * @returns true for a BMP signature
 * @category Images
 * @example
 * ```ts
 * if (isBmp(bytes)) console.log(decodeBmp(bytes).width);
 * ```
 */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

/**
 * The width and height in a BMP header, or undefined when the header is too short or not one the
 * decoder knows (decoding then says why).
 *
 * @internal
 */
export function readBmpSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (!isBmp(bytes) || bytes.length < 26) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = view.getUint32(14, true);
  if (!knownHeaderSizes.has(headerSize)) return undefined;
  const core = headerSize === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const height = Math.abs(core ? view.getUint16(20, true) : view.getInt32(22, true));
  return width > 0 && height > 0 ? { width, height } : undefined;
}

const compressionNames: Readonly<Record<number, string>> = {
  0: 'none (BI_RGB)',
  1: 'RLE8',
  2: 'RLE4',
  3: 'BI_BITFIELDS',
  4: 'embedded JPEG',
  5: 'embedded PNG',
  6: 'BI_ALPHABITFIELDS',
};

/** The headers a BMP can have, by size: core (OS/2 1.x), info, V2, V3, V4 and V5. */
const knownHeaderSizes = new Set([12, 40, 52, 56, 108, 124]);

/**
 * Decodes a Windows BMP file to RGB bytes. Supports the core, info, V4 and V5 headers; 1-, 4- and
 * 8-bit palettes (uncompressed, RLE4, RLE8); 16- and 32-bit with or without bit-field masks;
 * 24-bit; bottom-up and top-down rows. Alpha is dropped.
 *
 * @param bytes - the whole file
 * @param options - a name for error messages and a pixel limit
 * @returns the width, height and RGB bytes
 * @throws {@link @dendrite/core!ImageDecodeError} when the file is truncated, malformed or uses an
 * unsupported variant (embedded JPEG or PNG, unusual bit depths or header sizes)
 * @category Images
 * @example
 * ```ts
 * const { width, height, data } = decodeBmp(await readFile('cat.bmp'), { source: 'cat.bmp' });
 * ```
 */
export function decodeBmp(bytes: Uint8Array, options: DecodeBmpOptions = {}): DecodedBmp {
  const source = options.source ?? 'BMP data';
  const maxPixels = options.maxPixels ?? 2 ** 27;
  const fail = (reason: string): never => {
    throw new ImageDecodeError(source, reason);
  };
  const need = (end: number, what: string): void => {
    if (bytes.length < end) fail(`the BMP file is truncated: its ${what} needs ${end} bytes but the file has ${bytes.length}`);
  };

  if (!isBmp(bytes)) fail('it is not a BMP file (it does not start with "BM")');
  need(18, 'header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (!knownHeaderSizes.has(headerSize)) fail(`its BMP header of ${headerSize} bytes is not a supported kind`);
  need(14 + headerSize, 'header');

  const core = headerSize === 12;
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const storedHeight = core ? view.getUint16(20, true) : view.getInt32(22, true);
  const bitsPerPixel = core ? view.getUint16(24, true) : view.getUint16(28, true);
  const compression = core ? 0 : view.getUint32(30, true);
  const colorsUsed = core ? 0 : view.getUint32(46, true);
  const topDown = storedHeight < 0;
  const height = Math.abs(storedHeight);

  if (width <= 0 || height === 0) fail(`its size ${width} x ${storedHeight} is not a valid image size`);
  if (width * height > maxPixels) {
    fail(`${width} x ${height} pixels is more than the ${maxPixels} this decoder accepts; make the image smaller first`);
  }
  const supported =
    (compression === 0 && [1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) ||
    ((compression === 3 || compression === 6) && (bitsPerPixel === 16 || bitsPerPixel === 32)) ||
    (compression === 1 && bitsPerPixel === 8) ||
    (compression === 2 && bitsPerPixel === 4);
  if (!supported) {
    const kind = compressionNames[compression] ?? `unknown (${compression})`;
    fail(`BMP with ${bitsPerPixel} bits per pixel and compression ${kind} is not supported`);
  }

  // An info header (40 bytes) is followed by its bit-field masks; later headers hold them inside.
  const masksAfterHeader = headerSize === 40 && (compression === 3 || compression === 6) ? (compression === 3 ? 12 : 16) : 0;
  let masks: readonly [number, number, number] | undefined;
  if (compression === 3 || compression === 6) {
    need(54 + 12, 'bit-field masks');
    masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)];
  } else if (bitsPerPixel === 16) {
    masks = [0x7c00, 0x03e0, 0x001f];
  } else if (bitsPerPixel === 32) {
    masks = [0xff0000, 0x00ff00, 0x0000ff];
  }

  let palette: Uint8Array | undefined;
  const paletteOffset = 14 + headerSize + masksAfterHeader;
  let paletteEnd = paletteOffset;
  if (bitsPerPixel <= 8) {
    const entrySize = core ? 3 : 4;
    // Some writers store fewer entries than the header implies; the pixel offset tells how many.
    const room = pixelOffset > paletteOffset ? Math.floor((pixelOffset - paletteOffset) / entrySize) : 256;
    const count = Math.min(colorsUsed === 0 ? 2 ** bitsPerPixel : colorsUsed, 256, room);
    paletteEnd = paletteOffset + count * entrySize;
    need(paletteEnd, 'colour palette');
    // 256 RGB entries, so that an index beyond the stored palette reads as black.
    palette = new Uint8Array(256 * 3);
    for (let i = 0; i < count; i++) {
      const at = paletteOffset + i * entrySize;
      palette[i * 3] = bytes[at + 2]!;
      palette[i * 3 + 1] = bytes[at + 1]!;
      palette[i * 3 + 2] = bytes[at]!;
    }
  }

  const dataOffset = pixelOffset === 0 ? paletteEnd : pixelOffset;
  const image = { width, height, topDown, dataOffset };
  let data: Uint8Array;
  if (compression === 1 || compression === 2) {
    data = expandPalette(decodeRle(bytes, image, compression === 2 ? 4 : 8, fail), palette!);
  } else if (bitsPerPixel <= 8) {
    data = expandPalette(readIndices(bytes, image, bitsPerPixel, need), palette!);
  } else {
    data = readDirectColour(bytes, view, image, bitsPerPixel, masks, need);
  }
  return { width, height, data };
}

interface Layout {
  readonly width: number;
  readonly height: number;
  readonly topDown: boolean;
  readonly dataOffset: number;
}

/** Where the stored row holding output row `y` (counted from the top) starts. */
function rowStart(image: Layout, stride: number, y: number): number {
  return image.dataOffset + (image.topDown ? y : image.height - 1 - y) * stride;
}

function checkPixelData(image: Layout, bitsPerPixel: number, need: (end: number, what: string) => void): number {
  // Rows are padded to 4 bytes; the last row's padding may be missing in the wild.
  const stride = Math.ceil((bitsPerPixel * image.width) / 32) * 4;
  const rowBytes = Math.ceil((bitsPerPixel * image.width) / 8);
  need(image.dataOffset + stride * (image.height - 1) + rowBytes, 'pixel data');
  return stride;
}

function readIndices(bytes: Uint8Array, image: Layout, bitsPerPixel: number, need: (end: number, what: string) => void): Uint8Array {
  const stride = checkPixelData(image, bitsPerPixel, need);
  const indices = new Uint8Array(image.width * image.height);
  const perByte = 8 / bitsPerPixel;
  const mask = (1 << bitsPerPixel) - 1;
  for (let y = 0; y < image.height; y++) {
    const start = rowStart(image, stride, y);
    for (let x = 0; x < image.width; x++) {
      const byte = bytes[start + Math.floor(x / perByte)]!;
      const shift = 8 - bitsPerPixel * ((x % perByte) + 1);
      indices[y * image.width + x] = (byte >> shift) & mask;
    }
  }
  return indices;
}

function expandPalette(indices: Uint8Array, palette: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    const entry = indices[i]! * 3;
    rgb[i * 3] = palette[entry]!;
    rgb[i * 3 + 1] = palette[entry + 1]!;
    rgb[i * 3 + 2] = palette[entry + 2]!;
  }
  return rgb;
}

/** A channel read from a pixel through its bit mask, scaled to 0..255. */
interface Channel {
  readonly mask: number;
  readonly shift: number;
  readonly scale: number;
}

function channelOf(mask: number): Channel {
  const unsigned = mask >>> 0;
  if (unsigned === 0) return { mask: 0, shift: 0, scale: 0 };
  let shift = 0;
  while (((unsigned >>> shift) & 1) === 0) shift++;
  let bits = 0;
  while (bits + shift < 32 && ((unsigned >>> (shift + bits)) & 1) === 1) bits++;
  return { mask: unsigned, shift, scale: 255 / (2 ** bits - 1) };
}

function readDirectColour(
  bytes: Uint8Array,
  view: DataView,
  image: Layout,
  bitsPerPixel: number,
  masks: readonly [number, number, number] | undefined,
  need: (end: number, what: string) => void,
): Uint8Array {
  const stride = checkPixelData(image, bitsPerPixel, need);
  const rgb = new Uint8Array(image.width * image.height * 3);
  const { width, height } = image;
  if (bitsPerPixel === 24) {
    for (let y = 0; y < height; y++) {
      const start = rowStart(image, stride, y);
      for (let x = 0, out = y * width * 3; x < width; x++, out += 3) {
        rgb[out] = bytes[start + x * 3 + 2]!;
        rgb[out + 1] = bytes[start + x * 3 + 1]!;
        rgb[out + 2] = bytes[start + x * 3]!;
      }
    }
    return rgb;
  }
  const channels = masks!.map(channelOf);
  const bytesPerPixel = bitsPerPixel / 8;
  for (let y = 0; y < height; y++) {
    const start = rowStart(image, stride, y);
    for (let x = 0, out = y * width * 3; x < width; x++, out += 3) {
      const at = start + x * bytesPerPixel;
      const pixel = bytesPerPixel === 4 ? view.getUint32(at, true) : view.getUint16(at, true);
      for (let c = 0; c < 3; c++) {
        const channel = channels[c]!;
        rgb[out + c] = Math.round((((pixel & channel.mask) >>> 0) >>> channel.shift) * channel.scale);
      }
    }
  }
  return rgb;
}

/**
 * Expands RLE8 or RLE4 data to palette indices as Pillow's BMP reader does, since Keras opens BMPs
 * with it: a first pass follows the codes without writing anything and refuses a stream that sets
 * fewer pixels than the header declares, so a few bytes that declare a huge image are refused
 * before any pixel is allocated; a second pass writes the indices. Pixels the codes skip keep
 * index 0.
 */
function decodeRle(bytes: Uint8Array, image: Layout, bits: 4 | 8, fail: (reason: string) => never): Uint8Array {
  const { width, height } = image;
  const total = width * height;
  const reached = walkRle(bytes, image.dataOffset, width, total, bits);
  if (reached < total) {
    const kind = bits === 8 ? 'RLE8' : 'RLE4';
    fail(`the BMP file is truncated or damaged: its ${kind} pixel data sets ${reached} of the ${total} pixels its header declares`);
  }
  const indices = new Uint8Array(total);
  walkRle(bytes, image.dataOffset, width, total, bits, (position, index) => {
    if (position >= total) return;
    const row = Math.floor(position / width);
    indices[(image.topDown ? row : height - 1 - row) * width + (position % width)] = index;
  });
  return indices;
}

/**
 * Follows RLE codes through the stored rows as one running position, as Pillow does: a run stops
 * at the row's end, an end-of-line code pads to the next row start (nothing at a row start), a
 * delta skips `right + up * width` positions, literal pixels run on unclipped, and the data may end
 * without an end-of-bitmap code once `total` positions are set. Odd-length RLE4 literals are read
 * as the format defines them (Pillow drops their last pixel). Every code reads at least two bytes,
 * so a pass costs time in proportion to the file, not to the declared size.
 *
 * @returns the position reached: fewer than `total` means the data ran out
 */
function walkRle(
  bytes: Uint8Array,
  start: number,
  width: number,
  total: number,
  bits: 4 | 8,
  put?: (position: number, index: number) => void,
): number {
  const nibble = (byte: number, i: number): number => (i % 2 === 0 ? byte >> 4 : byte & 0x0f);
  let at = start;
  let position = 0;
  let x = 0;
  while (position < total && at + 1 < bytes.length) {
    const count = bytes[at]!;
    const value = bytes[at + 1]!;
    at += 2;
    if (count > 0) {
      const run = Math.min(count, Math.max(0, width - x));
      if (put) for (let i = 0; i < run; i++) put(position + i, bits === 8 ? value : nibble(value, i));
      position += run;
      x += run;
    } else if (value === 0) {
      position = Math.ceil(position / width) * width;
      x = 0;
    } else if (value === 1) {
      break;
    } else if (value === 2) {
      if (at + 1 >= bytes.length) break;
      position += bytes[at]! + bytes[at + 1]! * width;
      x = position % width;
      at += 2;
    } else {
      const length = bits === 8 ? value : Math.ceil(value / 2);
      const available = Math.min(length, bytes.length - at);
      const pixels = bits === 8 ? available : Math.min(value, available * 2);
      if (put) for (let i = 0; i < pixels; i++) put(position + i, bits === 8 ? bytes[at + i]! : nibble(bytes[at + (i >> 1)]!, i));
      position += pixels;
      x += value;
      at += available;
      if (available < length) break;
      // Literals end on an even file offset.
      if (at % 2 !== 0) at++;
    }
  }
  return position;
}
