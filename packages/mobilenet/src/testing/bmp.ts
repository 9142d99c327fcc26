// Test support only: decodes the uncompressed 24-bit BMP files of the shared test images, so tests
// can classify photos before an image decoder exists.

export interface DecodedBmp {
  readonly width: number;
  readonly height: number;
  /** RGB pixels, row by row from the top, 3 bytes each. */
  readonly rgb: Uint8Array;
}

export function decodeBmp24(bytes: Uint8Array): DecodedBmp {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== 0x42 || view.getUint8(1) !== 0x4d) throw new Error('not a BMP file (no "BM" signature)');
  const pixelOffset = view.getUint32(10, true);
  const width = view.getInt32(18, true);
  const storedHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (bitsPerPixel !== 24 || compression !== 0)
    throw new Error(`only uncompressed 24-bit BMP is supported, got ${bitsPerPixel} bits, compression ${compression}`);
  const height = Math.abs(storedHeight);
  const bottomUp = storedHeight > 0;
  const stride = Math.ceil((width * 3) / 4) * 4;
  if (pixelOffset + stride * height > bytes.byteLength) throw new Error('BMP pixel data is truncated');
  const rgb = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const source = pixelOffset + (bottomUp ? height - 1 - row : row) * stride;
    for (let column = 0; column < width; column++) {
      const from = source + column * 3;
      const to = (row * width + column) * 3;
      rgb[to] = bytes[from + 2] as number;
      rgb[to + 1] = bytes[from + 1] as number;
      rgb[to + 2] = bytes[from] as number;
    }
  }
  return { width, height, rgb };
}

/** A minimal 24-bit bottom-up BMP of the given RGB pixels (rows from the top), for decoder tests. */
export function encodeBmp24(width: number, height: number, rgb: readonly number[]): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const pixelOffset = 54;
  const bytes = new Uint8Array(pixelOffset + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.byteLength, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let row = 0; row < height; row++) {
    const target = pixelOffset + (height - 1 - row) * stride;
    for (let column = 0; column < width; column++) {
      const from = (row * width + column) * 3;
      bytes[target + column * 3] = rgb[from + 2] ?? 0;
      bytes[target + column * 3 + 1] = rgb[from + 1] ?? 0;
      bytes[target + column * 3 + 2] = rgb[from] ?? 0;
    }
  }
  return bytes;
}
