// Test support: writes small uncompressed 24-bit BMP files, so that tests can make folders of real
// images for the Node platform to decode without an image library.

/**
 * A `width` x `height` BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes) whose pixels are
 * `[red, green, blue]` from `pixel(x, y)`.
 */
export function encodeBmp24(width: number, height: number, pixel: (x: number, y: number) => readonly [number, number, number]): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const headerBytes = 14 + 40;
  const bytes = new Uint8Array(headerBytes + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, headerBytes, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, rowBytes * height, true);
  for (let y = 0; y < height; y++) {
    const row = headerBytes + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const [red, green, blue] = pixel(x, y);
      bytes.set([blue, green, red], row + x * 3);
    }
  }
  return bytes;
}
