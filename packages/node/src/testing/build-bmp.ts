// Test support for this package's BMP tests: writes BMP files byte by byte, any header, depth or RLE data.

export interface BmpSpec {
  readonly width: number;
  readonly height: number;
  readonly bitsPerPixel: number;
  /** Packed pixel bytes of each row, top row first, without padding. */
  readonly rows?: readonly (readonly number[])[];
  /** Pixel data exactly as stored (for RLE), instead of rows. */
  readonly data?: readonly number[];
  readonly topDown?: boolean;
  readonly headerSize?: 12 | 40 | 108 | 124;
  readonly compression?: number;
  readonly masks?: readonly [number, number, number];
  /** RGB palette entries. */
  readonly palette?: readonly (readonly [number, number, number])[];
}

/** Writes a BMP file byte by byte, following the Windows BMP layout. */
export function buildBmp(spec: BmpSpec): Uint8Array {
  const headerSize = spec.headerSize ?? 40;
  const compression = spec.compression ?? 0;
  const stride = Math.ceil((spec.bitsPerPixel * spec.width) / 32) * 4;
  let pixels: number[];
  if (spec.data !== undefined) {
    pixels = [...spec.data];
  } else {
    const rows = spec.topDown === true ? spec.rows! : [...spec.rows!].reverse();
    pixels = rows.flatMap((row) => [...row, ...new Array<number>(stride - row.length).fill(0)]);
  }
  const extraMasks = headerSize === 40 && compression === 3 ? 12 : 0;
  const entrySize = headerSize === 12 ? 3 : 4;
  const paletteBytes = (spec.palette?.length ?? 0) * entrySize;
  const offset = 14 + headerSize + extraMasks + paletteBytes;
  const file = new Uint8Array(offset + pixels.length);
  const view = new DataView(file.buffer);
  file.set([0x42, 0x4d]);
  view.setUint32(2, file.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, headerSize, true);
  if (headerSize === 12) {
    view.setUint16(18, spec.width, true);
    view.setUint16(20, spec.height, true);
    view.setUint16(22, 1, true);
    view.setUint16(24, spec.bitsPerPixel, true);
  } else {
    view.setInt32(18, spec.width, true);
    view.setInt32(22, spec.topDown === true ? -spec.height : spec.height, true);
    view.setUint16(26, 1, true);
    view.setUint16(28, spec.bitsPerPixel, true);
    view.setUint32(30, compression, true);
    view.setUint32(34, pixels.length, true);
    view.setUint32(46, spec.palette?.length ?? 0, true);
    if (spec.masks !== undefined)
      spec.masks.forEach((mask, i) => {
        view.setUint32(54 + i * 4, mask, true);
      });
  }
  spec.palette?.forEach(([r, g, b], i) => {
    file.set([b, g, r], 14 + headerSize + extraMasks + i * entrySize);
  });
  file.set(pixels, offset);
  return file;
}
