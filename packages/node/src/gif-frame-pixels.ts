/** The first frame of a GIF: its size, and how many pixels its LZW data gives. */
interface GifFrameCount {
  readonly width: number;
  readonly height: number;
  /** Pixels the frame's LZW codes produce before its end code or the end of its data. */
  readonly pixels: number;
}

/** The data of the sub-blocks starting at `at` (each a length byte, then that many bytes; a 0 length ends them). */
function subBlocks(bytes: Uint8Array, at: number): { data: Uint8Array; end: number } {
  const parts: Uint8Array[] = [];
  let position = at;
  while (position < bytes.length) {
    const size = bytes[position] as number;
    position += 1;
    if (size === 0) break;
    parts.push(bytes.subarray(position, Math.min(position + size, bytes.length)));
    position += size;
  }
  const data = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return { data, end: position };
}

/** Pixels the LZW codes of `data` produce, with `minimumCodeSize` as the GIF gives it; stops at the end code or a code out of range. */
function lzwPixelCount(data: Uint8Array, minimumCodeSize: number): number {
  const clear = 1 << minimumCodeSize;
  const end = clear + 1;
  const lengths = new Uint16Array(4096);
  for (let code = 0; code < clear; code++) lengths[code] = 1;
  let codeSize = minimumCodeSize + 1;
  let next = end + 1;
  let previous = -1;
  let pixels = 0;
  let bits = 0;
  let buffer = 0;
  for (const byte of data) {
    buffer |= byte << bits;
    bits += 8;
    while (bits >= codeSize) {
      const code = buffer & ((1 << codeSize) - 1);
      buffer >>>= codeSize;
      bits -= codeSize;
      if (code === clear) {
        codeSize = minimumCodeSize + 1;
        next = end + 1;
        previous = -1;
        continue;
      }
      if (code === end) return pixels;
      let length: number;
      if (previous < 0) {
        if (code >= clear) return pixels;
        length = 1;
      } else if (code < next) {
        length = lengths[code] as number;
        if (length === 0) return pixels;
      } else if (code === next) {
        length = (lengths[previous] as number) + 1;
      } else {
        return pixels;
      }
      if (previous >= 0 && next < 4096) {
        lengths[next] = (lengths[previous] as number) + 1;
        next += 1;
        if (next === 1 << codeSize && codeSize < 12) codeSize += 1;
      }
      pixels += length;
      previous = code;
    }
  }
  return pixels;
}

/**
 * The first frame of a GIF and the pixels its image data really gives, or undefined when the file
 * is not laid out as a GIF far enough to tell (the decoder then reports it). Pillow, which Keras
 * reads images with, refuses a GIF whose first frame's data ends before every pixel is set; libvips
 * fills the rest and reads on.
 *
 * @internal
 */
export function gifFirstFramePixels(bytes: Uint8Array): GifFrameCount | undefined {
  if (bytes.length < 13) return undefined;
  const word = (at: number): number => (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
  const screenFlags = bytes[10] as number;
  let at = 13 + (screenFlags & 0x80 ? 3 * 2 ** ((screenFlags & 7) + 1) : 0);
  while (at < bytes.length) {
    const introducer = bytes[at];
    if (introducer === 0x21) {
      at = subBlocks(bytes, at + 2).end;
    } else if (introducer === 0x2c) {
      if (at + 11 > bytes.length) return undefined;
      const [width, height, flags] = [word(at + 5), word(at + 7), bytes[at + 9] as number];
      at += 10 + (flags & 0x80 ? 3 * 2 ** ((flags & 7) + 1) : 0);
      const minimumCodeSize = bytes[at];
      if (minimumCodeSize === undefined || minimumCodeSize < 2 || minimumCodeSize > 11) return undefined;
      return { width, height, pixels: lzwPixelCount(subBlocks(bytes, at + 1).data, minimumCodeSize) };
    } else {
      return undefined;
    }
  }
  return undefined;
}
